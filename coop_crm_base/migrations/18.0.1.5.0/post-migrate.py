"""18.0.1.5.0 (issues #15 and #21, M-8): rates of the customer indicators.

A rate without denominator was stored as 0 and is now blank (NULL): retention and
attrition without customers in the previous period, the class A shares without revenue
or active customers, CSAT and NPS without answers. The rates' numerators are now stored
too (``csat_satisfied``, ``nps_promoters``, ``nps_detractors``), so that the totals of a
pivot are recomputed from them: they are counted again from the survey answers for the
periods of the rows kept, with the figures read from the purchase ledger, at the end of
the upgrade (end-migrate.py).
"""


def migrate(cr, version):
    cr.execute("""
        UPDATE coop_indicator
           SET retention_rate = CASE WHEN customers_previous > 0
                                     THEN retention_rate END,
               attrition_rate = CASE WHEN customers_previous > 0
                                     THEN attrition_rate END,
               class_a_share = CASE WHEN revenue <> 0 THEN class_a_share END,
               class_a_customer_share = CASE WHEN active_customers > 0
                                             THEN class_a_customer_share END,
               csat = CASE WHEN csat_answers > 0 THEN csat END,
               nps = CASE WHEN nps_answers > 0 THEN nps END,
               csat_satisfied = COALESCE(csat_satisfied, 0),
               nps_promoters = COALESCE(nps_promoters, 0),
               nps_detractors = COALESCE(nps_detractors, 0)
    """)
