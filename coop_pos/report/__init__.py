from . import coop_pos_day_report
