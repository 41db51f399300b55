"""18.0.1.2.0 (issue #15): the credit notes that paid a ristourne are not purchases.

``account_move.coop_purchase_excluded`` (coop_crm_base's purchase ledger) is created
empty by coop_crm_base's migration; this addon sets it, as the field's compute now does
at each settlement, on the credit notes that settled a ristourne line before the upgrade
and on their reversals (and the reversals of these), so that neither the purchase ledger
nor a later ristourne counts them. No other stored value changes: the ristourne lines
keep the basis, rate and amount they were computed and paid with.
"""


def migrate(cr, version):
    cr.execute("""
        WITH RECURSIVE excluded(id) AS (
            SELECT move_id FROM coop_ristourne_line WHERE move_id IS NOT NULL
             UNION
            SELECT move.id FROM account_move move
              JOIN excluded ON move.reversed_entry_id = excluded.id
        )
        UPDATE account_move
           SET coop_purchase_excluded = TRUE
         WHERE id IN (SELECT id FROM excluded)
           AND coop_purchase_excluded IS NOT TRUE
    """)
