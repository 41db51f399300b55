"""18.0.1.3.0 (issue #14, X-1): appointments with a customer belong to a cooperative.

``calendar.event.coop_company_id`` is new: the global rule that hides a cooperative's
appointments from the other cooperatives reads it. Give the appointments made before the
upgrade the cooperative of the interaction they logged, else their customer's
cooperative, else their organizer's company, so they are hidden from the others at once.

The record rules of this version are new records (global multi-company rules of
memberships, interactions, indicators, survey answers and their lines, appointments and
their attendees): Odoo creates new records of a ``noupdate`` file on ``-u``, so they
need nothing here; no existing rule record changed.
"""


def migrate(cr, version):
    cr.execute("""
        UPDATE calendar_event e
           SET coop_company_id = i.company_id
          FROM (SELECT DISTINCT ON (calendar_event_id) calendar_event_id, company_id
                  FROM coop_interaction
                 WHERE calendar_event_id IS NOT NULL
                 ORDER BY calendar_event_id, id) i
         WHERE i.calendar_event_id = e.id
           AND e.coop_partner_id IS NOT NULL AND e.coop_company_id IS NULL
    """)
    cr.execute("""
        UPDATE calendar_event e
           SET coop_company_id = COALESCE(p.company_id, u.company_id)
          FROM res_partner p, calendar_event e2
          LEFT JOIN res_users u ON u.id = e2.user_id
         WHERE e2.id = e.id AND p.id = e.coop_partner_id AND e.coop_company_id IS NULL
    """)
