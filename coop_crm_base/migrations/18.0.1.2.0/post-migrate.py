"""18.0.1.2.0: the customers' statistics date and days since the last purchase are no
longer stored per customer (issue 8); they are computed from the reference day of the
cooperative's last recompute (``res.company.coop_stats_reference_date``). Give each
cooperative the reference day its customers were last computed on, so both read as
before the upgrade until the next recompute. The old columns are left in place, as Odoo
leaves the columns of fields it no longer stores.

Each cooperative's own partner is no longer private to the company of whoever created
the cooperative (it made the chatter of the cooperative's e-mails unreadable to its
users)."""


def migrate(cr, version):
    cr.execute("""
        UPDATE res_partner p
           SET company_id = NULL
          FROM res_company c
         WHERE c.partner_id = p.id AND p.company_id IS NOT NULL AND p.company_id <> c.id
    """)
    cr.execute("""
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'res_partner' AND column_name = 'coop_stats_date'
    """)
    if not cr.fetchone():
        return
    cr.execute("""
        UPDATE res_company co
           SET coop_stats_reference_date = s.day
          FROM (SELECT company_id, MAX(coop_stats_date) AS day
                  FROM res_partner
                 WHERE coop_stats_date IS NOT NULL AND company_id IS NOT NULL
                 GROUP BY company_id) s
         WHERE co.id = s.company_id AND co.coop_stats_reference_date IS NULL
    """)
