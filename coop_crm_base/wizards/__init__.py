from . import coop_membership_change
