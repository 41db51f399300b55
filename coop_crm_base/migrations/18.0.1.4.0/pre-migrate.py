"""18.0.1.4.0 (issue #15): the purchase ledger and the sales channels.

New stored columns, created here empty so that Odoo does not compute them row by row on
large databases: ``account_move.coop_purchase_excluded`` (no entry was flagged before
this version; the addon that flags entries sets its own) and
``sale_order.coop_sales_channel`` (no sales team had a channel before this version).
"""


def migrate(cr, version):
    cr.execute("""
        ALTER TABLE account_move
            ADD COLUMN IF NOT EXISTS coop_purchase_excluded boolean DEFAULT FALSE
    """)
    cr.execute(
        "ALTER TABLE account_move ALTER COLUMN coop_purchase_excluded DROP DEFAULT"
    )
    cr.execute(
        "ALTER TABLE sale_order ADD COLUMN IF NOT EXISTS coop_sales_channel varchar"
    )
