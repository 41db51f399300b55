from . import training_certificate
