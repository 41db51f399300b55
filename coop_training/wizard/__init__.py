from . import coop_training_register_wizard
