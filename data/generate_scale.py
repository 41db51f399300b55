#!/usr/bin/env python3
"""Build a union-scale database for the performance benchmark (SPEC X-5, issue 8).

    python3 data/generate_scale.py --database coop_bench --scale small
    python3 data/generate_scale.py --database coop_bench --coops 20 --customers 200000
    \\
        --members 20000 --order-lines 1000000 --cards 50000 --claims 20000

Steps (each one timed):

1. install the suite's addons (coop_pos included, with Odoo's point of sale and
   stock) WITHOUT demo data on a fresh database, through ``tests/runner.py`` (the
   installed, still empty database is kept as a PostgreSQL template, ``<template>``,
   so the next run copies it in seconds; ``--reinstall`` rebuilds it,
   ``--keep-template`` copies it even if the code changed);
2. with the ORM: a union (MAD) and its cooperatives (branches), the generic chart of
   accounts, a sales journal and a history journal per cooperative, products
   (services), a cooperative card program and a ristourne policy per cooperative; a
   warehouse, a shop and a souk point of sale (sales channels ``shop`` and ``souk``)
   with a bank payment method and a session per cooperative;
3. with bulk SQL (``INSERT ... SELECT generate_series``, deterministic pseudo-random
   values from a multiplicative hash, no Python loop per row): customers, memberships,
   confirmed sale orders (with a sales channel) and their lines, the posted invoices
   (and some credit notes) of those orders with balanced journal items, paid point of
   sale orders (80% with a customer) with their lines and payments, their sessions
   closed, cooperative loyalty cards, claims;
4. sequences reset, ``VACUUM ANALYZE``;
5. with the ORM, what must be computed: claim deadlines (working days), customer
   behaviour / RFM / Pareto / lifecycle, indicator rows.

The first cooperative is the biggest one (``--biggest-share`` of the customers, orders,
members, cards and claims); the others share the rest evenly. The data are the same
on every run for the same sizes and reference day (``--today``).
"""

# pylint: disable=print-used  # a command-line program: it reports on its output

import argparse
import hashlib
import importlib.util
import math
import os
import shutil
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# coop_pos too (with Odoo's point of sale and stock): its paid orders are purchases
ADDONS = ["coop_crm_base", "coop_loyalty", "coop_claims", "coop_training", "coop_pos"]
HISTORY_DAYS = 730  # orders are spread over the two years before the reference day
SCALES = {
    # coops, customers, members, order lines, cards, claims, paid point of sale orders
    "small": dict(
        coops=2,
        customers=5000,
        members=500,
        order_lines=50000,
        cards=1000,
        claims=1000,
        pos_orders=2000,
    ),
    "medium": dict(
        coops=5,
        customers=50000,
        members=5000,
        order_lines=250000,
        cards=10000,
        claims=10000,
        pos_orders=10000,
    ),
    "full": dict(
        coops=20,
        customers=200000,
        members=20000,
        order_lines=1000000,
        cards=50000,
        claims=20000,
        pos_orders=50000,
    ),
}
CHANNELS = ["post", "phone", "email", "web", "in_person"]
# sales channels of the sale orders (coop_sales_channel), drawn with these weights: the
# point of sale's orders are the shop's and the souk's
ORDER_CHANNELS = (
    ["shop"] * 4 + ["phone"] * 2 + ["wholesale", "retailer", "online", "door_to_door"]
)
PHASES = [
    "reception",
    "registration",
    "resolution",
    "closure",
    "follow_up",
    "exploitation",
]


def load_runner():
    """tests/runner.py as a module (its helpers find Odoo and PostgreSQL)."""
    spec = importlib.util.spec_from_file_location(
        "coop_runner", ROOT / "tests" / "runner.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TIMINGS = []


@contextmanager
def step(label):
    """Print the duration of a step and keep it for the summary."""
    print(f"-- {label} ...", flush=True)
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    TIMINGS.append((label, elapsed))
    print(f"   {label}: {elapsed:.1f} s", flush=True)


def pg_connect(dbname="postgres"):
    import psycopg2  # noqa: PLC0415

    kw = {
        k: v
        for k, v in dict(
            host=os.environ.get("PGHOST"),
            port=os.environ.get("PGPORT"),
            user=os.environ.get("PGUSER"),
            password=os.environ.get("PGPASSWORD"),
        ).items()
        if v
    }
    cnx = psycopg2.connect(dbname=dbname, **kw)
    cnx.autocommit = True
    return cnx


# ------------------------------------------------------------------------- 1. install
def addons_signature():
    """Hash of the addons' files: the template is rebuilt when the code changes."""
    digest = hashlib.sha256()
    for addon in ADDONS:
        for path in sorted((ROOT / addon).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def install_template(runner, env, template, reinstall, keep=False):
    """Install the suite's addons without demo data on ``template``, unless it exists
    and was installed from the same addons' code (or ``keep``)."""
    signature = addons_signature()
    stamp = runner.VAR / f"{template}.signature"
    if runner.database_exists(env, template) and keep and not reinstall:
        print(f"   template {template} kept as it is (--keep-template)")
        return
    if (
        runner.database_exists(env, template)
        and not reinstall
        and stamp.exists()
        and stamp.read_text() == signature
    ):
        print(f"   template {template} is up to date (--reinstall rebuilds it)")
        return
    stamp.unlink(missing_ok=True)
    runner.drop_database(env, template)
    conf = runner.odoo_config(env, template)
    rc, _data = runner.run_odoo(
        env,
        [
            "-c",
            str(conf),
            "-i",
            ",".join(ADDONS),
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
    )
    if rc:
        runner.fail(f"installing the suite on {template} failed (exit {rc}).", rc)
    stamp.write_text(signature)


def copy_template(runner, env, template, db):
    """Create ``db`` as a copy of ``template`` (database and filestore)."""
    runner.drop_database(env, db)
    cnx = pg_connect()
    with cnx.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s",
            (template,),
        )
        cur.execute(f'CREATE DATABASE "{db}" TEMPLATE "{template}"')
    cnx.close()
    filestore = runner.VAR / "filestore" / "filestore"
    if (filestore / template).exists():
        shutil.copytree(filestore / template, filestore / db)


# ------------------------------------------------------------------------------- Odoo
def odoo_registry(runner, env, db):
    """Load Odoo in this process on ``db`` and return its registry."""
    os.environ.update(
        {k: v for k, v in env.items() if k in ("PYTHONPATH", "COOP_ODOO_ADDONS")}
    )
    conf = runner.odoo_config(env, db)
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", str(conf), "--log-level=warn"])
    return Registry(db)


# ---------------------------------------------------------------------- 2. ORM set-up
def setup_companies(env, sizes):
    """Union, cooperatives (branches), chart of accounts, journals, products,
    programs."""
    mad = env.ref("base.MAD")
    mad.active = True
    Company = env["res.company"]
    # no country on the companies: a country would install its localisation module
    union = Company.create(
        {"name": "Union of Cooperatives (bench)", "currency_id": mad.id}
    )
    env["account.chart.template"].try_loading("generic_coa", union, install_demo=False)
    union.currency_id = mad  # the generic chart sets its own currency (USD)
    coops = Company.create(
        [
            {
                "name": f"Cooperative {i + 1:02d} (bench)",
                "parent_id": union.id,
                "currency_id": mad.id,
            }
            for i in range(sizes["coops"])
        ]
    )
    for coop in coops:
        if not coop.chart_template:
            env["account.chart.template"].try_loading(
                "generic_coa", coop, install_demo=False
            )
    admin = env.ref("base.user_admin")
    admin.write({"company_ids": [(4, c.id) for c in union | coops]})

    Account = env["account.account"].with_company(union)
    accounts = {
        kind: Account.search(
            [("account_type", "=", kind), ("company_ids", "in", union.ids)],
            limit=1,
            order="code",
        )
        for kind in ("income", "asset_receivable", "expense")
    }
    journals = {}
    for index, coop in enumerate(coops, start=1):
        journals[coop.id] = env["account.journal"].create(
            [
                {
                    "name": f"{label} {index:02d}",
                    "code": f"{prefix}{index:02d}",
                    "type": "sale",
                    "company_id": coop.id,
                    "default_account_id": accounts["income"].id,
                }
                for label, prefix in (("History sales", "H"), ("Sales", "V"))
            ]
        )

    categories = env["product.category"].create(
        [
            {"name": name}
            for name in (
                "Food (bench)",
                "Crafts (bench)",
                "Cosmetics (bench)",
                "Services (bench)",
            )
        ]
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Product {i + 1:02d} (bench)",
                # services: with coop_pos installed (stock), goods would add stock
                # moves to every order confirmed or synced by the benchmark, the same
                # with or without a card (as the query count tests, X-5)
                "type": "service",
                "list_price": 5 + (i * 37) % 300,
                "categ_id": categories[i % len(categories)].id,
                "taxes_id": [(5, 0, 0)],
                "sale_ok": True,
            }
            for i in range(40)
        ]
    )

    programs = env["loyalty.program"]
    policies = env["coop.ristourne.policy"]
    for index, coop in enumerate(coops, start=1):
        programs |= env["loyalty.program"].create(
            {
                "name": f"Cooperative card {index:02d}",
                "program_type": "loyalty",
                "company_id": coop.id,
                "currency_id": mad.id,
                "coop_card": True,
                "trigger": "auto",
                "applies_on": "both",
                "rule_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_point_mode": "money",
                            "reward_point_amount": 1,
                            "minimum_amount": 0,
                        },
                    )
                ],
                "reward_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_type": "discount",
                            "discount": 5,
                            "discount_mode": "percent",
                            "required_points": 5000,
                            "discount_applicability": "order",
                        },
                    )
                ],
            }
        )
        policies |= env["coop.ristourne.policy"].create(
            {
                "name": f"Ristourne {index:02d}",
                "company_id": coop.id,
                "mode": "ristourne",
                "eligibility": "members",
                "period_type": "year",
                "settlement": "credit_note",
                "account_id": accounts["expense"].id,
                "journal_id": journals[coop.id][1].id,
                "tier_ids": [
                    (0, 0, {"threshold": t, "rate": r})
                    for t, r in ((0, 1.0), (500, 2.0), (2000, 3.0))
                ],
            }
        )
    env.flush_all()
    return {
        "union": union,
        "coops": coops,
        "accounts": accounts,
        "journals": journals,
        "products": products,
        "programs": programs,
        "policies": policies,
        "currency": mad,
        "country": env.ref("base.ma"),
    }


def setup_points_of_sale(env, ctx):
    """A shop and a souk point of sale per cooperative (coop_pos' sales channels), a
    bank payment method each, and a session each holding the history of paid orders
    (closed by SQL once the orders are written)."""
    points = []
    for index, coop in enumerate(ctx["coops"], start=1):
        cenv = env(context=dict(env.context, allowed_company_ids=[coop.id]))
        # Odoo gives a new company its warehouse in tests only; a point of sale
        # needs one (and the sale orders of the history name it)
        if not cenv["stock.warehouse"].search([("company_id", "=", coop.id)]):
            cenv["stock.warehouse"].create(
                {
                    "name": f"Warehouse {index:02d} (bench)",
                    "code": f"W{index:02d}",
                    "company_id": coop.id,
                }
            )
        bank = cenv["account.journal"].search(
            [("company_id", "=", coop.id), ("type", "=", "bank")], limit=1, order="id"
        )
        method = cenv["pos.payment.method"].create(
            {
                "name": f"Bank {index:02d} (bench)",
                "journal_id": bank.id,
                "company_id": coop.id,
            }
        )
        for channel, label in (("shop", "Shop"), ("souk", "Souk")):
            config = cenv["pos.config"].create(
                {
                    "name": f"{label} {index:02d} (bench)",
                    "company_id": coop.id,
                    "payment_method_ids": [(6, 0, method.ids)],
                    "coop_sales_channel": channel,
                }
            )
            session = cenv["pos.session"].create(
                {"config_id": config.id, "user_id": env.uid}
            )
            points.append(
                {
                    "coop": coop,
                    "config": config,
                    "session": session,
                    "method": method,
                    "channel": channel,
                }
            )
    env.flush_all()
    return points


# ----------------------------------------------------------------------------- 3. SQL
def split_counts(total, coops, biggest_share):
    """How many of ``total`` rows each cooperative gets (the first is the biggest)."""
    if coops == 1:
        return [total]
    big = int(round(total * biggest_share))
    rest = total - big
    return [big] + [
        rest // (coops - 1) + (1 if i < rest % (coops - 1) else 0)
        for i in range(coops - 1)
    ]


def hash_sql(expr, salt):
    """Deterministic pseudo-random float in [0, 1) from an integer SQL expression."""
    return (
        f"((({expr})::bigint * 2654435761 + {salt * 40503 + 12345}) % 4294967296)"
        f"::float8 / 4294967296.0"
    )


def create_temp_tables(cr, ctx, sizes):
    """gen_coop: one row per cooperative (index, sizes, journal, program...)."""
    coops = ctx["coops"]
    counts = {
        key: split_counts(sizes[key], len(coops), sizes["biggest_share"])
        for key in ("customers", "members", "cards", "claims")
    }
    orders = math.ceil(sizes["order_lines"] / sizes["lines_per_order"])
    counts["orders"] = split_counts(orders, len(coops), sizes["biggest_share"])
    cr.execute("DROP TABLE IF EXISTS gen_coop")
    run(
        cr,
        """CREATE TABLE gen_coop (idx int, company_id int, customers int,
                  customer_start int, members int, cards int, claims int, claim_start
                  int,
                  orders int, order_start int, journal_id int, program_id int)""",
    )
    starts = {
        key: [sum(counts[key][:i]) for i in range(len(coops))]
        for key in ("customers", "claims", "orders")
    }
    for i, coop in enumerate(coops):
        cr.execute(
            "INSERT INTO gen_coop VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
            "%s)",
            (
                i,
                coop.id,
                counts["customers"][i],
                starts["customers"][i],
                counts["members"][i],
                counts["cards"][i],
                counts["claims"][i],
                starts["claims"][i],
                counts["orders"][i],
                starts["orders"][i],
                ctx["journals"][coop.id][0].id,
                ctx["programs"][i].id,
            ),
        )
    return orders


def run(cr, query, **values):
    """Execute ``query`` with ``%(name)s`` replaced by SQL literals of ``values``.

    The statements are run without parameters so that ``%`` stays SQL's modulo.
    """
    from psycopg2.extensions import adapt  # noqa: PLC0415

    for name, value in values.items():
        query = query.replace(f"%({name})s", adapt(value).getquoted().decode())
    cr.execute(query)
    return cr.rowcount


def next_id(cr, table):
    # pylint: disable-next=sql-injection  # table: one of the script's fixed names
    cr.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
    return cr.fetchone()[0]


def insert_partners(cr, ctx, sizes, today):
    """Customers: individuals of their cooperative, E.164 phones, consents, referral
    codes."""
    base = next_id(cr, "res_partner")
    morocco = ctx["country"].id
    run(
        cr,
        f"""
        INSERT INTO res_partner (id, name, complete_name, type, active, is_company,
            partner_share, customer_rank, supplier_rank, company_id,
            commercial_partner_id,
            lang, email, email_normalized, phone, phone_sanitized, country_id, city,
            coop_customer_type, coop_consent_email, coop_consent_email_date,
            coop_consent_sms,
            coop_referral_code, autopost_bills, color, create_uid, write_uid,
            create_date,
            write_date)
        SELECT {base} + g.n, 'Customer ' || g.n, 'Customer ' || g.n, 'contact', TRUE,
        FALSE,
               TRUE, 1, 0, c.company_id, {base} + g.n, 'en_US',
               'customer' || g.n || '@bench.example', 'customer' || g.n ||
               '@bench.example',
               '+2126' || lpad((10000000 + g.n)::text, 8, '0'),
               '+2126' || lpad((10000000 + g.n)::text, 8, '0'), {morocco},
               (ARRAY['Rabat', 'Casablanca', 'Agadir', 'Fes', 'Essaouira'])[1 + g.n %
               5],
               'individual', g.n % 3 <> 0, %(today)s::date - (g.n % 700), g.n % 4 = 0,
               'B' || lpad(g.n::text, 9, '0'), 'ask', 0, 1, 1, now(), now()
          FROM gen_coop c
          JOIN LATERAL generate_series(c.customer_start, c.customer_start + c.customers
          - 1)
               AS g(n) ON TRUE
    """,
        today=today,
    )
    run(
        cr,
        """CREATE TABLE gen_customer AS
                  SELECT c.idx, p.id - %(base)s - c.customer_start AS k, p.id AS
                  partner_id
                    FROM res_partner p JOIN gen_coop c ON c.company_id = p.company_id
                   WHERE p.id >= %(base)s""",
        base=base,
    )
    cr.execute("CREATE UNIQUE INDEX ON gen_customer (idx, k)")
    return cr.rowcount


def insert_memberships(cr, sizes, today):
    """The first customers of each cooperative are members (mostly active)."""
    run(
        cr,
        """
        INSERT INTO coop_membership (partner_id, company_id, number, name, state,
        active,
            date_application, date_admission, date_exit, share_count, share_paid_count,
            share_unit_value, share_amount, share_paid_amount, share_due_amount,
            create_uid, write_uid, create_date, write_date)
        SELECT gc.partner_id, c.company_id, 'BM' || lpad((gc.k + 1)::text, 7, '0'),
               'BM' || lpad((gc.k + 1)::text, 7, '0') || ' - Customer ' ||
               (c.customer_start + gc.k),
               CASE WHEN gc.k % 20 = 7 THEN 'candidate' WHEN gc.k % 20 = 13 THEN
               'resigned'
                    ELSE 'active' END,
               TRUE, %(today)s::date - 800 + (gc.k % 60),
               CASE WHEN gc.k % 20 = 7 THEN NULL ELSE %(today)s::date - 740 + (gc.k %
               60) END,
               CASE WHEN gc.k % 20 = 13 THEN %(today)s::date - (gc.k % 100) END,
               1 + gc.k % 5, 1 + gc.k % 5, 100, 100 * (1 + gc.k % 5), 100 * (1 + gc.k %
               5), 0,
               1, 1, now(), now()
          FROM gen_coop c JOIN gen_customer gc ON gc.idx = c.idx AND gc.k < c.members
    """,
        today=today,
    )
    return cr.rowcount


def insert_orders(cr, ctx, sizes, today, orders):
    """Confirmed sale orders (``lines_per_order`` lines each) of skewed customers."""
    so_base, sol_base = next_id(cr, "sale_order"), next_id(cr, "sale_order_line")
    products = ctx["products"]
    nlines, nproducts = sizes["lines_per_order"], len(products)
    mad = ctx["currency"].id
    run(
        cr,
        "CREATE TABLE gen_product (pi int PRIMARY KEY, product_id int, price numeric, "
        "name varchar)",
    )
    for index, product in enumerate(products):
        cr.execute(
            "INSERT INTO gen_product VALUES (%s, %s, %s, %s)",
            (index, product.id, product.list_price, product.name),
        )
    run(
        cr,
        f"""
        CREATE TABLE gen_order AS
        SELECT {so_base} + o.n AS id, o.n, c.idx, c.company_id, c.journal_id,
               gc.partner_id,
               (%(today)s::date - floor({hash_sql('o.n', 2)} * {HISTORY_DAYS})::int)
                   + make_interval(secs => 28800 + (o.n * 37) % 36000) AS date_order
          FROM gen_coop c
          JOIN LATERAL generate_series(c.order_start, c.order_start + c.orders - 1) AS
          o(n)
               ON TRUE
          JOIN gen_customer gc ON gc.idx = c.idx
               AND gc.k = floor(c.customers * power({hash_sql('o.n', 1)}, 2))::int
    """,
        today=today,
    )
    cr.execute("ALTER TABLE gen_order ADD PRIMARY KEY (id)")
    run(
        cr,
        f"""
        CREATE TABLE gen_line AS
        SELECT x.id, x.order_id, x.n, x.j, p.product_id, p.price AS price_unit, p.name,
        x.qty
          FROM (SELECT {sol_base} + o.n * {nlines} + j AS id, o.id AS order_id, o.n, j,
                       floor({hash_sql(f'o.n * {nlines} + j', 3)} * {nproducts})::int AS
                       pi,
                       1 + floor({hash_sql(f'o.n * {nlines} + j', 4)} * 5)::int AS qty
                  FROM gen_order o CROSS JOIN generate_series(0, {nlines - 1}) AS j) x
          JOIN gen_product p ON p.pi = x.pi
    """,
    )
    run(
        cr,
        f"""
        INSERT INTO sale_order (id, name, state, company_id, partner_id,
        partner_invoice_id,
            partner_shipping_id, currency_id, currency_rate, date_order, user_id,
            invoice_status, amount_untaxed, amount_tax, amount_total, locked,
            require_signature, require_payment, prepayment_percent, coop_sales_channel,
            warehouse_id, picking_policy, create_uid, write_uid, create_date,
            write_date)
        SELECT o.id, 'BS' || lpad(o.n::text, 8, '0'), 'sale', o.company_id,
        o.partner_id,
               o.partner_id, o.partner_id, %(mad)s, 1.0, o.date_order, 1, 'invoiced',
               t.total, 0, t.total, FALSE, FALSE, FALSE, 1.0,
               (%(channels)s)[1 + floor({hash_sql('o.n', 8)} * %(nchannels)s)::int],
               (SELECT w.id FROM stock_warehouse w WHERE w.company_id = o.company_id
                ORDER BY w.id LIMIT 1),
               'direct', 1, 1, o.date_order, o.date_order
          FROM gen_order o
          JOIN (SELECT order_id, SUM(qty * price_unit) AS total FROM gen_line GROUP BY
          order_id)
               t ON t.order_id = o.id
    """,
        mad=mad,
        channels=ORDER_CHANNELS,
        nchannels=len(ORDER_CHANNELS),
    )
    run(
        cr,
        """
        INSERT INTO sale_order_line (id, order_id, sequence, company_id, currency_id,
            order_partner_id, salesman_id, product_id, product_uom, state, name,
            product_uom_qty, price_unit, technical_price_unit, discount, price_subtotal,
            price_tax, price_total, price_reduce_taxexcl, price_reduce_taxinc,
            qty_delivered,
            qty_delivered_method, qty_invoiced, qty_to_invoice, untaxed_amount_invoiced,
            untaxed_amount_to_invoice, invoice_status, customer_lead, is_downpayment,
            is_expense, create_uid, write_uid, create_date, write_date)
        SELECT l.id, l.order_id, 10 + l.j, o.company_id, %(mad)s, o.partner_id, 1,
               l.product_id, 1, 'sale', l.name, l.qty, l.price_unit, l.price_unit, 0,
               l.qty * l.price_unit, 0, l.qty * l.price_unit, l.price_unit,
               l.price_unit,
               l.qty, 'manual', l.qty, 0, l.qty * l.price_unit, 0, 'invoiced', 0, FALSE,
               FALSE, 1, 1, o.date_order, o.date_order
          FROM gen_line l JOIN gen_order o ON o.id = l.order_id
    """,
        mad=mad,
    )
    return cr.rowcount


def insert_invoices(cr, ctx, sizes, orders):
    """A posted invoice per order (one product line per order line, one receivable line)
    and a credit note for every ``refund_every``-th order (its first line, quantity
    1)."""
    move_base, aml_base = next_id(cr, "account_move"), next_id(cr, "account_move_line")
    mad = ctx["currency"].id
    income, receivable = (
        ctx["accounts"]["income"].id,
        ctx["accounts"]["asset_receivable"].id,
    )
    nlines, every = sizes["lines_per_order"], sizes["refund_every"]
    run(
        cr,
        f"""
        CREATE TABLE gen_move AS
        SELECT {move_base} + o.n AS id, o.id AS order_id, 'out_invoice' AS move_type,
               o.date_order::date AS date, o.company_id, o.journal_id, o.partner_id,
               o.n,
               'BH' || lpad(o.idx::text, 2, '0') || '/' AS prefix, o.n AS seq,
               SUM(l.qty * l.price_unit) AS total
          FROM gen_order o JOIN gen_line l ON l.order_id = o.id
         GROUP BY o.id, o.n, o.idx, o.date_order, o.company_id, o.journal_id,
         o.partner_id
        UNION ALL
        SELECT {move_base} + {orders} + o.n / {every}, o.id, 'out_refund',
               LEAST(o.date_order::date + 7, %(today)s::date), o.company_id,
               o.journal_id,
               o.partner_id, o.n, 'RBH' || lpad(o.idx::text, 2, '0') || '/', o.n /
               {every},
               l.price_unit
          FROM gen_order o JOIN gen_line l ON l.order_id = o.id AND l.j = 0
         WHERE o.n % {every} = 0
    """,
        today=sizes["today"],
    )
    run(
        cr,
        """
        INSERT INTO account_move (id, name, sequence_prefix, sequence_number, date,
            invoice_date, invoice_date_due, state, move_type, auto_post, journal_id,
            company_id, currency_id, partner_id, commercial_partner_id,
            invoice_partner_display_name, invoice_origin, invoice_user_id,
            payment_state,
            amount_untaxed, amount_tax, amount_total, amount_residual,
            amount_untaxed_signed,
            amount_untaxed_in_currency_signed, amount_tax_signed, amount_total_signed,
            amount_total_in_currency_signed, amount_residual_signed,
            invoice_currency_rate,
            quick_edit_total_amount, is_storno, always_tax_exigible, checked,
            posted_before,
            made_sequence_gap, is_manually_modified, is_move_sent, create_uid,
            write_uid,
            create_date, write_date)
        SELECT m.id, m.prefix || lpad(m.seq::text, 8, '0'), m.prefix, m.seq, m.date,
        m.date,
               m.date + 30, 'posted', m.move_type, 'no', m.journal_id, m.company_id,
               %(mad)s, m.partner_id, m.partner_id, 'Customer ' || m.partner_id,
               'BS' || lpad(m.n::text, 8, '0'), 1, 'not_paid', m.total, 0, m.total,
               m.total,
               s.sign * m.total, s.sign * m.total, 0, s.sign * m.total, s.sign *
               m.total,
               s.sign * m.total, 1.0, 0, FALSE, FALSE, TRUE, TRUE, FALSE, FALSE, FALSE,
               1, 1,
               m.date, m.date
          FROM gen_move m
          CROSS JOIN LATERAL (SELECT CASE WHEN m.move_type = 'out_invoice' THEN 1 ELSE
          -1 END
                              AS sign) s
    """,
        mad=mad,
    )
    moves = cr.rowcount
    common = """move_id, journal_id, company_id, company_currency_id, currency_id,
        partner_id, account_id, display_type, parent_state, move_name, date,
        invoice_date,
        sequence, name, product_id, product_uom_id, quantity, price_unit, discount,
        price_subtotal, price_total, balance, debit, credit, amount_currency,
        tax_base_amount,
        amount_residual, amount_residual_currency, date_maturity, reconciled,
        discount_amount_currency, discount_balance, is_imported, tax_tag_invert,
        is_downpayment, create_uid, write_uid, create_date, write_date"""
    # product lines of the invoices: one per order line, credited on the income account
    run(
        cr,
        f"""
        INSERT INTO account_move_line (id, {common})
        SELECT {aml_base} + l.n * {nlines + 1} + l.j, m.id, m.journal_id, m.company_id,
               %(mad)s, %(mad)s, m.partner_id, %(income)s, 'product', 'posted',
               m.prefix || lpad(m.seq::text, 8, '0'), m.date, m.date, 10 + l.j, l.name,
               l.product_id, 1, l.qty, l.price_unit, 0, l.qty * l.price_unit,
               l.qty * l.price_unit, -l.qty * l.price_unit, 0, l.qty * l.price_unit,
               -l.qty * l.price_unit, 0, 0, 0, NULL, FALSE, 0, 0, FALSE, TRUE, FALSE, 1,
               1,
               m.date, m.date
          FROM gen_move m JOIN gen_line l ON l.order_id = m.order_id
         WHERE m.move_type = 'out_invoice'
    """,
        mad=mad,
        income=income,
    )
    product_lines = cr.rowcount
    run(
        cr,
        """
        INSERT INTO sale_order_line_invoice_rel (order_line_id, invoice_line_id)
        SELECT l.id, %(base)s + l.n * %(step)s + l.j FROM gen_line l
    """,
        base=aml_base,
        step=nlines + 1,
    )
    # product lines of the credit notes (debited), then one receivable line per move
    refund_base = aml_base + orders * (nlines + 1)
    run(
        cr,
        f"""
        INSERT INTO account_move_line (id, {common})
        SELECT {refund_base} + 2 * m.seq, m.id, m.journal_id, m.company_id, %(mad)s,
               %(mad)s, m.partner_id, %(income)s, 'product', 'posted',
               m.prefix || lpad(m.seq::text, 8, '0'), m.date, m.date, 10, l.name,
               l.product_id, 1, 1, l.price_unit, 0, l.price_unit, l.price_unit,
               l.price_unit,
               l.price_unit, 0, l.price_unit, 0, 0, 0, NULL, FALSE, 0, 0, FALSE, FALSE,
               FALSE,
               1, 1, m.date, m.date
          FROM gen_move m JOIN gen_line l ON l.order_id = m.order_id AND l.j = 0
         WHERE m.move_type = 'out_refund'
    """,
        mad=mad,
        income=income,
    )
    product_lines += cr.rowcount
    run(
        cr,
        f"""
        INSERT INTO account_move_line (id, {common})
        SELECT CASE WHEN m.move_type = 'out_invoice' THEN {aml_base} + m.n * {nlines +
        1}
                    + {nlines} ELSE {refund_base} + 2 * m.seq + 1 END,
               m.id, m.journal_id, m.company_id, %(mad)s, %(mad)s, m.partner_id,
               %(receivable)s, 'payment_term', 'posted', m.prefix || lpad(m.seq::text,
               8, '0'),
               m.date, m.date, 100, '', NULL, NULL, 0, 0, 0, 0, 0, s.sign * m.total,
               GREATEST(s.sign * m.total, 0), GREATEST(-s.sign * m.total, 0),
               s.sign * m.total, 0, s.sign * m.total, s.sign * m.total, m.date + 30,
               FALSE, 0,
               0, FALSE, FALSE, FALSE, 1, 1, m.date, m.date
          FROM gen_move m
          CROSS JOIN LATERAL (SELECT CASE WHEN m.move_type = 'out_invoice' THEN 1 ELSE
          -1 END
                              AS sign) s
    """,
        mad=mad,
        receivable=receivable,
    )
    return moves, product_lines


def insert_pos_orders(cr, ctx, sizes, today):
    """Paid orders of the cooperatives' shops and souks (``pos_lines_per_order`` lines,
    one bank payment each), 80% for a (skewed) customer, the others anonymous, spread
    over the two years; then their sessions are closed."""
    points = ctx["points"]
    per_coop = split_counts(
        sizes["pos_orders"], len(ctx["coops"]), sizes["biggest_share"]
    )
    nlines, nproducts = sizes["pos_lines_per_order"], len(ctx["products"])
    po_base, pol_base = next_id(cr, "pos_order"), next_id(cr, "pos_order_line")
    run(
        cr,
        """CREATE TABLE gen_pos_point (idx int, slot int, config_id int, session_id int,
                  method_id int, company_id int, channel varchar)""",
    )
    coop_index = {coop.id: i for i, coop in enumerate(ctx["coops"])}
    for point in points:
        cr.execute(
            "INSERT INTO gen_pos_point VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (
                coop_index[point["coop"].id],
                0 if point["channel"] == "shop" else 1,
                point["config"].id,
                point["session"].id,
                point["method"].id,
                point["coop"].id,
                point["channel"],
            ),
        )
    run(cr, "CREATE TABLE gen_pos_count (idx int, orders int, start int)")
    for i, count in enumerate(per_coop):
        cr.execute(
            "INSERT INTO gen_pos_count VALUES (%s, %s, %s)",
            (i, count, sum(per_coop[:i])),
        )
    run(
        cr,
        f"""
        CREATE TABLE gen_pos AS
        SELECT {po_base} + o.n AS id, o.n, pt.company_id, pt.config_id, pt.session_id,
               pt.method_id, pt.channel,
               CASE WHEN {hash_sql('o.n', 11)} < 0.8 THEN gc.partner_id END
                   AS partner_id,
               (%(today)s::date - floor({hash_sql('o.n', 12)} * {HISTORY_DAYS})::int)
                   + make_interval(secs => 32400 + (o.n * 41) % 32400) AS date_order
          FROM gen_pos_count k
          JOIN gen_coop c ON c.idx = k.idx
          JOIN LATERAL generate_series(k.start, k.start + k.orders - 1) AS o(n) ON TRUE
          JOIN gen_pos_point pt ON pt.idx = k.idx
               AND pt.slot = (CASE WHEN {hash_sql('o.n', 13)} < 0.6 THEN 0 ELSE 1 END)
          JOIN gen_customer gc ON gc.idx = k.idx
               AND gc.k = floor(c.customers * power({hash_sql('o.n', 14)}, 2))::int
    """,
        today=today,
    )
    run(
        cr,
        f"""
        CREATE TABLE gen_pos_line AS
        SELECT {pol_base} + o.n * {nlines} + j AS id, o.id AS order_id, o.n, j,
               p.product_id, p.price AS price_unit, p.name,
               1 + floor({hash_sql(f'o.n * {nlines} + j', 16)} * 3)::int AS qty
          FROM gen_pos o CROSS JOIN generate_series(0, {nlines - 1}) AS j
          JOIN gen_product p
            ON p.pi = floor({hash_sql(f'o.n * {nlines} + j', 15)} * {nproducts})::int
    """,
    )
    run(
        cr,
        """
        INSERT INTO pos_order (id, name, pos_reference, uuid, session_id, config_id,
            company_id, partner_id, user_id, date_order, state, amount_tax,
            amount_total, amount_paid, amount_return, currency_rate, sequence_number,
            coop_sales_channel, coop_card_points_done, sale_journal, create_uid,
            write_uid, create_date, write_date)
        SELECT o.id, 'BPOS/' || lpad(o.n::text, 8, '0'),
               'Order ' || lpad(o.n::text, 12, '0'), 'bench-pos-' || o.n,
               o.session_id, o.config_id, o.company_id, o.partner_id, 1, o.date_order,
               'done', 0, t.total, t.total, 0, 1.0, o.n, o.channel, TRUE,
               (SELECT cf.journal_id FROM pos_config cf WHERE cf.id = o.config_id),
               1, 1, o.date_order, o.date_order
          FROM gen_pos o
          JOIN (SELECT order_id, SUM(qty * price_unit) AS total FROM gen_pos_line
                 GROUP BY order_id) t ON t.order_id = o.id
    """,
    )
    orders = cr.rowcount
    run(
        cr,
        """
        INSERT INTO pos_order_line (id, order_id, company_id, name, full_product_name,
            product_id, price_unit, qty, discount, price_subtotal, price_subtotal_incl,
            uuid, create_uid, write_uid, create_date, write_date)
        SELECT l.id, l.order_id, o.company_id, 'BPOS/' || l.n || '/' || l.j, l.name,
               l.product_id, l.price_unit, l.qty, 0, l.qty * l.price_unit,
               l.qty * l.price_unit, 'bench-pol-' || l.id, 1, 1, o.date_order,
               o.date_order
          FROM gen_pos_line l JOIN gen_pos o ON o.id = l.order_id
    """,
    )
    lines = cr.rowcount
    run(
        cr,
        """
        INSERT INTO pos_payment (pos_order_id, session_id, company_id,
            payment_method_id, amount, is_change, payment_date, create_uid, write_uid,
            create_date, write_date)
        SELECT o.id, o.session_id, o.company_id, o.method_id, p.amount_total, FALSE,
               o.date_order, 1, 1, o.date_order, o.date_order
          FROM gen_pos o JOIN pos_order p ON p.id = o.id
    """,
    )
    run(
        cr,
        """
        UPDATE pos_session s
           SET state = 'closed', start_at = d.first, stop_at = d.last
          FROM (SELECT session_id, MIN(date_order) AS first, MAX(date_order) AS last
                  FROM gen_pos GROUP BY session_id) d
         WHERE s.id = d.session_id
    """,
    )
    for table in ("gen_pos_line", "gen_pos", "gen_pos_count", "gen_pos_point"):
        # pylint: disable-next=sql-injection  # table: the fixed names above
        cr.execute(f"DROP TABLE {table}")
    return orders, lines


def insert_cards(cr, sizes, today):
    """Cooperative cards of the first customers of each cooperative (members first)."""
    card_base = next_id(cr, "loyalty_card")
    digits = f"'212' || lpad(({card_base} + gc.k + c.customer_start)::text, 9, '0')"
    check = (
        f"(10 - (SELECT SUM(substr({digits}, i, 1)::int * CASE WHEN i % 2 = 0 THEN 3 "
        f"ELSE 1 END) FROM generate_series(1, 12) AS i) % 10) % 10"
    )
    run(
        cr,
        f"""
        INSERT INTO loyalty_card (id, program_id, company_id, partner_id, code, active,
        points,
            coop_number, coop_barcode, coop_tier, coop_date_issue, coop_date_expiry,
            expiration_date, coop_spend_12m, create_uid, write_uid, create_date,
            write_date)
        SELECT {card_base} + gc.k + c.customer_start, c.program_id, c.company_id,
               gc.partner_id, 'bench-' || ({card_base} + gc.k + c.customer_start),
               TRUE, floor({hash_sql('gc.partner_id', 5)} * 4000),
               'BC' || lpad(({card_base} + gc.k + c.customer_start)::text, 9, '0'),
               {digits} || {check},
               (ARRAY['bronze', 'bronze', 'silver', 'gold'])[1 + gc.k % 4],
               %(today)s::date - (gc.k % 300), %(today)s::date - (gc.k % 300) + 365,
               %(today)s::date - (gc.k % 300) + 395, 0, 1, 1, now(), now()
          FROM gen_coop c JOIN gen_customer gc ON gc.idx = c.idx AND gc.k < c.cards
    """,
        today=today,
    )
    return cr.rowcount


def insert_claims(cr, sizes, today):
    """Claims of skewed customers over the last year; 40% still open."""
    phases = "(ARRAY[{}])".format(",".join(f"'{p}'" for p in PHASES))
    channels = "(ARRAY[{}])".format(",".join(f"'{c}'" for c in CHANNELS))
    run(
        cr,
        f"""
        INSERT INTO coop_claim (name, subject, company_id, partner_id,
        commercial_partner_id,
            user_id, channel, phase, severity, date_received, date_closed, is_overdue,
            total_cost, create_uid, write_uid, create_date, write_date)
        SELECT 'BCLM/' || lpad(q.n::text, 7, '0'), 'Claim ' || q.n, c.company_id,
               gc.partner_id, gc.partner_id, 2, {channels}[1 + q.n % {len(CHANNELS)}],
               CASE WHEN q.n % 5 < 2 THEN {phases}[1 + q.n % 3] ELSE {phases}[4 + q.n %
               3] END,
               (ARRAY['low', 'medium', 'high', 'critical'])[1 + q.n % 4],
               (%(today)s::date - floor({hash_sql('q.n', 6)} * 365)::int)
                   + make_interval(secs => 30000 + (q.n * 53) % 30000),
               CASE WHEN q.n % 5 >= 2 THEN (%(today)s::date
                   - floor({hash_sql('q.n', 6)} * 365)::int + 3 + q.n % 6)::timestamp
                   END,
               FALSE, 0, 1, 1, now(), now()
          FROM gen_coop c
          JOIN LATERAL generate_series(c.claim_start, c.claim_start + c.claims - 1) AS
          q(n)
               ON TRUE
          JOIN gen_customer gc ON gc.idx = c.idx
               AND gc.k = floor(c.customers * {hash_sql('q.n', 7)})::int
    """,
        today=today,
    )
    return cr.rowcount


# -------------------------------------------------------------------------- 4. finish
TABLES = [
    "res_partner",
    "coop_membership",
    "sale_order",
    "sale_order_line",
    "account_move",
    "account_move_line",
    "loyalty_card",
    "coop_claim",
    "pos_order",
    "pos_order_line",
    "pos_payment",
]


def reset_sequences(cr):
    """Sequences after the explicit ids; drop the work tables; ANALYZE."""
    for table in TABLES:
        cr.execute(  # pylint: disable=sql-injection  # table: from the fixed TABLES
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT MAX(id) FROM {table}))"
        )
    for table in (
        "gen_product",
        "gen_line",
        "gen_move",
        "gen_order",
        "gen_customer",
        "gen_coop",
    ):
        # pylint: disable-next=sql-injection  # table: the fixed names above
        cr.execute(f"DROP TABLE IF EXISTS {table}")


def analyze(dbname):
    cnx = pg_connect(dbname)
    with cnx.cursor() as cur:
        # VACUUM too, as autovacuum does on a live database: the visibility map lets
        # index-only scans skip the heap (e.g. the ledger's anti-join on the
        # order lines of invoice lines)
        cur.execute("VACUUM ANALYZE")
    cnx.close()


# -------------------------------------------------------------------- 5. ORM computes
def compute_claim_deadlines(env, batch=2000):
    """Claim deadlines (working days of each cooperative's calendar), by batches."""
    Claim = env["coop.claim"].with_context(tracking_disable=True, mail_notrack=True)
    ids = Claim.search([("date_deadline", "=", False)], order="id").ids
    field = Claim._fields["date_deadline"]
    for start in range(0, len(ids), batch):
        claims = Claim.browse(ids[start : start + batch])
        env.add_to_compute(field, claims)
        claims.flush_recordset(["date_deadline"])
        env.cr.commit()
        env.invalidate_all()
    return len(ids)


def compute_customer_stats(env, ctx, today):
    env["res.partner"]._coop_recompute_customer_stats(ctx["coops"], date_ref=today)


def compute_indicators(env, ctx, today, periods):
    """Indicator rows of the last ``periods`` ({type: count}; None: the addon's
    default)."""
    env["coop.indicator"]._coop_refresh_indicators(
        ctx["coops"], day=today, periods=periods
    )


def parse_periods(text):
    """'year:1,month:2' -> {'year': 1, 'month': 2}; 'default' -> None; 'none' -> {}."""
    if text == "default":
        return None
    if text == "none":
        return {}
    return {
        kind: int(number)
        for kind, number in (item.split(":") for item in text.split(","))
    }


# ------------------------------------------------------------------------------- main
def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="coop_bench")
    parser.add_argument(
        "--template",
        default="coop_bench_template",
        help="database holding the installed suite without data",
    )
    parser.add_argument("--reinstall", action="store_true", help="rebuild the template")
    parser.add_argument(
        "--keep-template",
        action="store_true",
        help="copy the existing template even if the addons' code changed since "
        "(update the copy with -u afterwards)",
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    for key in (
        "coops",
        "customers",
        "members",
        "order_lines",
        "cards",
        "claims",
        "pos_orders",
    ):
        parser.add_argument(
            "--" + key.replace("_", "-"),
            type=int,
            help=f"default: from --scale ({key})",
        )
    parser.add_argument("--lines-per-order", type=int, default=5)
    parser.add_argument("--pos-lines-per-order", type=int, default=3)
    parser.add_argument(
        "--refund-every", type=int, default=20, help="one order in N gets a credit note"
    )
    parser.add_argument(
        "--biggest-share",
        type=float,
        default=0.5,
        help="share of the first (biggest) cooperative in every size",
    )
    parser.add_argument(
        "--today", default="2026-11-01", help="reference day (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--indicator-periods",
        default="default",
        help="indicator rows to compute: 'default' (the addon's 13 months, "
        "8 quarters, 3 years), 'none', or e.g. 'year:1,month:2'",
    )
    ns = parser.parse_args(argv)
    sizes = dict(SCALES[ns.scale])
    for key in sizes:
        if getattr(ns, key) is not None:
            sizes[key] = getattr(ns, key)
    sizes["indicator_periods"] = parse_periods(ns.indicator_periods)
    sizes.update(
        lines_per_order=ns.lines_per_order,
        pos_lines_per_order=ns.pos_lines_per_order,
        refund_every=ns.refund_every,
        biggest_share=ns.biggest_share if sizes["coops"] > 1 else 1.0,
        today=date.fromisoformat(ns.today),
    )
    if sizes["members"] > sizes["customers"] or sizes["cards"] > sizes["customers"]:
        parser.error("members and cards cannot outnumber the customers")
    return ns, sizes


def main(argv=None):
    ns, sizes = parse_args(argv)
    runner = load_runner()
    env_vars = runner.odoo_env()
    runner.check_postgres(env_vars)
    print(f"Building {ns.database}: {sizes}", flush=True)
    total_start = time.perf_counter()
    with step("install the suite's addons without demo (template)"):
        install_template(runner, env_vars, ns.template, ns.reinstall, ns.keep_template)
    with step(f"copy {ns.template} to {ns.database}"):
        copy_template(runner, env_vars, ns.template, ns.database)

    registry = odoo_registry(runner, env_vars, ns.database)
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    today = sizes["today"]
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        with step("ORM: union, cooperatives, charts, journals, products, programs"):
            ctx = setup_companies(env, sizes)
            cr.commit()  # pylint: disable=invalid-commit  # a step done
        with step("ORM: a shop and a souk point of sale per cooperative"):
            ctx["points"] = setup_points_of_sale(env, ctx)
            cr.commit()  # pylint: disable=invalid-commit  # a step done
        with step("SQL: work tables"):
            orders = create_temp_tables(cr, ctx, sizes)
        with step(f"SQL: {sizes['customers']} customers"):
            insert_partners(cr, ctx, sizes, today)
        with step(f"SQL: {sizes['members']} memberships"):
            insert_memberships(cr, sizes, today)
        with step(f"SQL: {orders} sale orders, {sizes['order_lines']} order lines"):
            lines = insert_orders(cr, ctx, sizes, today, orders)
        with step("SQL: posted invoices, credit notes and their journal items"):
            moves, product_lines = insert_invoices(cr, ctx, sizes, orders)
        with step(f"SQL: {sizes['pos_orders']} paid point of sale orders"):
            pos_orders, pos_lines = insert_pos_orders(cr, ctx, sizes, today)
        with step(f"SQL: {sizes['cards']} loyalty cards"):
            cards = insert_cards(cr, sizes, today)
        with step(f"SQL: {sizes['claims']} claims"):
            claims = insert_claims(cr, sizes, today)
        with step("SQL: reset sequences, drop work tables"):
            reset_sequences(cr)
            cr.commit()  # pylint: disable=invalid-commit  # a step done
        env.invalidate_all()
    with step("VACUUM ANALYZE"):
        analyze(ns.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        ctx["coops"] = ctx["coops"].with_env(env)
        with step("ORM: claim deadlines (working days)"):
            compute_claim_deadlines(env)
        with step("ORM: customer behaviour, RFM, Pareto, lifecycle"):
            compute_customer_stats(env, ctx, today)
            cr.commit()  # pylint: disable=invalid-commit  # a step done
        if sizes["indicator_periods"] != {}:
            with step("ORM: indicator rows (months, quarters, years)"):
                compute_indicators(env, ctx, today, sizes["indicator_periods"])
                cr.commit()  # pylint: disable=invalid-commit  # a step done
    total = time.perf_counter() - total_start
    print(
        f"\nDone in {total:.0f} s: {sizes['customers']} customers, {sizes['members']} "
        "members,"
        f" {orders} orders / {lines} lines, {moves} invoices and credit notes "
        f"({product_lines} product lines), {pos_orders} point of sale orders / "
        f"{pos_lines} lines, {cards} cards, {claims} claims.",
        flush=True,
    )
    print("\nStep timings:")
    for label, elapsed in TIMINGS:
        print(f"  {elapsed:8.1f} s  {label}")
    import odoo  # noqa: PLC0415

    odoo.sql_db.close_all()


if __name__ == "__main__":
    sys.exit(main())
