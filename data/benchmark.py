#!/usr/bin/env python3
"""Benchmark of the suite on a union-scale database (SPEC X-5, issue 8).

    python3 data/generate_scale.py --database coop_bench --scale small
    python3 data/benchmark.py --database coop_bench --runs 5

Odoo runs in this process on the database built by ``data/generate_scale.py``. Every
operation is run once with ``tracemalloc`` on (peak Python memory, SQL query count; not
timed) and then ``--runs`` times for the timing (median); each run has its own cursor
and is rolled back, so runs are repeatable and the database is left unchanged.

Each operation is compared with a baseline measured in the same run: for set
computations, the bare SQL aggregate that reads the same rows; for order-time work, the
same sale order confirmed without a card. The table is printed and the figures are
written as JSON (``--output``, ``data/benchmark-results.json`` by default).
"""

# pylint: disable=print-used  # a command-line program: it reports on its output

import argparse
import gc
import importlib.util
import json
import os
import platform
import re
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN = 2  # base.user_admin: every cooperative, record rules apply

# issue 8's targets: seconds (max), ratio to the baseline (max), memory growth in MB
# (max), throughput in lines/s (min)
TARGETS = {
    "customer_stats": {"seconds": 60, "ratio": 3},
    "customer_stats_full": {"seconds": 60, "ratio": 3},
    "ristourne_compute": {"seconds": 30, "ratio": 3},
    "ristourne_settlement": {"lines_per_s": 50},
    "order_confirm_card": {"ratio": 1.25},
    # issue #16: syncing paid orders at the till with a card, against without one
    "pos_sync_card": {"ratio": 1.25},
    "claim_deadlines": {"seconds": 10},
    "claim_overdue_cron": {"seconds": 10},
    "indicator_sale_pivot": {"seconds": 2},
    "indicator_sale_pivot_all": {"seconds": 2},
    "indicator_invoice_pivot": {"seconds": 2},
    # issue #15: the purchase ledger's pivot (coop.purchase) over 1,000,000 lines
    "purchase_ledger_pivot": {"seconds": 2},
    "indicator_dashboard": {"seconds": 2},
    "indicator_customer_dashboard": {"seconds": 2},
    "indicator_compute": {},
    "customer_xlsx_export": {"seconds": 60, "memory_mb": 200},
    "install_demo": {"seconds": 180},
}


def load_runner():
    spec = importlib.util.spec_from_file_location(
        "coop_runner", ROOT / "tests" / "runner.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rss_mb():
    """Current resident memory of this process, in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class Bench:
    """Runs the operations and keeps their figures."""

    def __init__(self, registry, runs, timeout):
        self.registry = registry
        self.runs = runs
        self.timeout = timeout
        self.results = []

    def environment(self, cr):
        from odoo import api  # noqa: PLC0415

        env = api.Environment(cr, ADMIN, {})
        companies = env["res.company"].sudo().search([]).ids
        return env(context={"allowed_company_ids": companies, "tracking_disable": True})

    def _one_run(self, setup, func, traced):
        """Run ``func(env, state)`` in a fresh cursor, rolled back; return its
        figures."""
        cr = self.registry.cursor()
        try:
            # a run longer than the timeout is stopped by PostgreSQL (QueryCanceled)
            cr.execute("SET LOCAL statement_timeout = %s", [int(self.timeout * 1000)])
            env = self.environment(cr)
            state = setup(env) if setup else None
            env.flush_all()
            gc.collect()
            queries = cr.sql_log_count
            rss_before = rss_mb()
            if traced:
                tracemalloc.start()
            start = time.perf_counter()
            info = func(env, state)
            env.flush_all()
            elapsed = time.perf_counter() - start
            peak = None
            if traced:
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
            return {
                "seconds": elapsed,
                "queries": cr.sql_log_count - queries,
                "peak_mb": peak,
                "rss_growth_mb": rss_mb() - rss_before,
                "info": info,
            }
        finally:
            cr.rollback()
            cr.close()

    def measure(self, setup, func, runs=None):
        """One traced run (memory, queries) then ``runs`` timed runs (median).

        When a statement of the traced run exceeds the timeout, the operation is
        reported
        as timed out (median = the timeout) without the timed runs."""
        from psycopg2.errors import QueryCanceled  # noqa: PLC0415

        try:
            traced = self._one_run(setup, func, traced=True)
        except QueryCanceled:
            if tracemalloc.is_tracing():
                tracemalloc.stop()
            return {
                "median_s": float(self.timeout),
                "times_s": [],
                "peak_mb": None,
                "rss_growth_mb": None,
                "queries": 0,
                "info": None,
                "timed_out": True,
            }
        times = [
            self._one_run(setup, func, traced=False)["seconds"]
            for _run in range(runs or self.runs)
        ]
        return {
            "median_s": statistics.median(times),
            "times_s": times,
            "peak_mb": traced["peak_mb"],
            "rss_growth_mb": traced["rss_growth_mb"],
            "queries": traced["queries"],
            "info": traced["info"],
        }

    def add(self, name, label, size, figures, baseline=None, extra=None):
        """Keep an operation's figures, its baseline and the verdict on its target."""
        row = {"operation": name, "label": label, "size": size, **figures}
        if baseline:
            row["baseline"] = {
                k: baseline[k] for k in ("median_s", "queries", "peak_mb")
            }
            row["baseline"]["label"] = baseline.get("label")
            row["ratio"] = (
                figures["median_s"] / baseline["median_s"]
                if baseline["median_s"]
                else None
            )
        row.update(extra or {})
        row["target"] = TARGETS.get(name, {})
        row["meets_target"] = verdict(row)
        row.pop("info", None)
        self.results.append(row)
        print_row(row)
        return row


def verdict(row):
    """True / False against the issue's target, None when there is no target."""
    target = row["target"]
    if not target:
        return None
    if row.get("timed_out"):
        return False
    checks = []
    if "seconds" in target:
        checks.append(row["median_s"] <= target["seconds"])
    if "ratio" in target and row.get("ratio") is not None:
        checks.append(row["ratio"] <= target["ratio"])
    if "memory_mb" in target and row.get("peak_mb") is not None:
        checks.append(
            max(row["peak_mb"], row.get("rss_growth_mb") or 0) <= target["memory_mb"]
        )
    if "lines_per_s" in target and row.get("lines_per_s") is not None:
        checks.append(row["lines_per_s"] >= target["lines_per_s"])
    return all(checks) if checks else None


HEADER = (
    f"{'operation':<44} {'data size':<34} {'median s':>9} {'peak MB':>8} "
    f"{'queries':>8} {'base s':>8} {'ratio':>6}  target"
)


def fmt(value, pattern):
    return pattern % value if value is not None else "-"


def print_row(row):
    target = ", ".join(f"{k} {v}" for k, v in row["target"].items()) or "-"
    mark = {True: "OK", False: "MISSED", None: ""}[row["meets_target"]]
    if row.get("timed_out"):
        mark = f"TIMED OUT (> {row['median_s']:g} s) " + mark
    base = row.get("baseline", {})
    print(
        f"{row['label']:<44} {row['size']:<34} {row['median_s']:>9.3f} "
        f"{fmt(row.get('peak_mb'), '%.1f'):>8} {row['queries']:>8} "
        f"{fmt(base.get('median_s'), '%.3f'):>8} {fmt(row.get('ratio'), '%.2f'):>6}  "
        f"{target} {mark}",
        flush=True,
    )


def markdown(results):
    """The table in Markdown, for the README."""
    lines = [
        "| operation | data size | median s | peak MB | queries | baseline s | ratio "
        "| target | met |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in results:
        base = row.get("baseline", {})
        extra = ""
        if row.get("lines_per_s") is not None:
            extra = f" ({row['lines_per_s']:.1f} lines/s)"
        if row.get("timed_out"):
            extra = " (timed out)"
        target = ", ".join(f"{k} {v}" for k, v in row["target"].items()) or "-"
        met = {True: "yes", False: "**no**", None: "-"}[row["meets_target"]]
        lines.append(
            f"| {row['label']} | {row['size']} | {row['median_s']:.3f}{extra} "
            f"| {fmt(row.get('peak_mb'), '%.1f')} | {row['queries']} "
            f"| {fmt(base.get('median_s'), '%.3f')} | {fmt(row.get('ratio'), '%.2f')} "
            f"| {target} | {met} |"
        )
    return "\n".join(lines)


def json_text(value):
    """``value`` as JSON in the layout prettier gives it (``make lint``; printWidth 88,
    indentation 2): an object a key a line, an array on one line when it fits (not an
    array of arrays or of objects), an array of numbers filling its lines, any other
    array an item a line; numbers as prettier writes them (3e-5, not 3e-05)."""
    value = json.loads(json.dumps(value, default=str))

    def dump(value, indent, before, after):
        # ``before``: columns used on the line before ``value``, ``after``: after it
        if isinstance(value, dict) and value:
            pad = " " * (indent + 2)
            items = [
                f"{pad}{json.dumps(key)}: "
                + dump(item, indent + 2, len(pad) + len(json.dumps(key)) + 2, last)
                for key, item, last in _with_comma(value.items())
            ]
            return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
        if isinstance(value, list) and value:
            pad = " " * (indent + 2)
            items = [
                dump(item, indent + 2, len(pad), last)
                for item, last in _with_comma(enumerate(value), index=True)
            ]
            flat = "[" + ", ".join(items) + "]"
            nested = len(value) > 1 and any(
                all(isinstance(item, kind) and len(item) > 1 for item in value)
                for kind in (list, dict)
            )
            if not nested and "\n" not in flat and before + len(flat) + after <= 88:
                return flat
            if len(value) > 1 and all(
                isinstance(item, int | float) and not isinstance(item, bool)
                for item in value
            ):
                lines, line = [], pad + items[0]
                for item in items[1:]:
                    if len(line) + 1 + len(item) + 1 > 88:
                        lines.append(line + ",")
                        line = pad + item
                    else:
                        line += ", " + item
                lines.append(line)
                body = "\n".join(lines)
            else:
                body = ",\n".join(pad + item for item in items)
            return "[\n" + body + "\n" + " " * indent + "]"
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _prettier_number(json.dumps(value))
        return json.dumps(value)

    return dump(value, 0, 0, 0) + "\n"


def _prettier_number(raw):
    """A JSON number as prettier prints it (its printNumber)."""
    raw = raw.lower()
    raw = re.sub(r"^([+-]?[\d.]+e)(?:\+|(-))?0*(?=\d)", r"\1\2", raw)
    raw = re.sub(r"^([+-]?[\d.]+)e[+-]?0+$", r"\1", raw)
    raw = re.sub(r"^([+-])?\.", r"\g<1>0.", raw)
    raw = re.sub(r"(\.\d+?)0+(?=e|$)", r"\1", raw, count=1)
    return re.sub(r"\.(?=e|$)", "", raw, count=1)


def _with_comma(pairs, index=False):
    """(key, item, columns after the item) for each pair of ``pairs``: a comma but
    after the last."""
    pairs = list(pairs)
    for position, (key, item) in enumerate(pairs):
        after = 0 if position == len(pairs) - 1 else 1
        yield (item, after) if index else (key, item, after)


# --------------------------------------------------------------------------- data set
def dataset(env):
    """The cooperatives of the bench union, the biggest first, and the reference day."""
    coops = env["res.company"].sudo().search([("name", "like", "Cooperative %(bench)")])
    cr = env.cr
    cr.execute(
        """SELECT company_id, COUNT(*) FROM res_partner
                   WHERE company_id = ANY(%s) AND customer_rank > 0
                   GROUP BY company_id ORDER BY 2 DESC, 1""",
        [coops.ids],
    )
    counts = dict(cr.fetchall())
    if not counts:
        sys.exit("No bench data: run data/generate_scale.py first.")
    biggest = env["res.company"].sudo().browse(next(iter(counts)))
    cr.execute(
        "SELECT MAX(date_order)::date, MIN(date_order)::date FROM sale_order "
        "WHERE company_id = ANY(%s)",
        [coops.ids],
    )
    last_day, first_day = cr.fetchone()
    return {
        "coops": coops.ids,
        "biggest": biggest.id,
        "customers": counts,
        "today": last_day,
        "first_day": first_day,
    }


def fetch(env, query, params):
    env.cr.execute(query, params)
    return len(env.cr.fetchall())


# ------------------------------------------------------------------------- operations
def bench_customer_stats(bench, data):
    """The daily recompute (reference day: the day after the last order, so the
    figures computed by the generator age by one day) and a first computation (every
    customer's figures cleared first, so every row is written)."""
    company = data["biggest"]
    next_day = data["today"] + timedelta(days=1)

    def run(env, _state):
        return env["res.partner"]._coop_recompute_customer_stats(
            env["res.company"].browse(company), date_ref=next_day
        )

    def clear(env):
        env.cr.execute(
            """
            UPDATE res_partner
               SET coop_first_purchase_date = NULL, coop_last_purchase_date = NULL,
                   coop_order_count_12m = NULL, coop_amount_12m = NULL,
                   coop_average_basket = NULL, coop_rfm_recency = NULL,
                   coop_rfm_frequency = NULL, coop_rfm_monetary = NULL,
                   coop_rfm_segment = NULL, coop_pareto_class = NULL,
                   coop_lifecycle_stage = NULL
             WHERE company_id = %s""",
            [company],
        )

    def baseline(env, _state):
        # the rows the statement reads: the cooperative's customers (with the figures
        # it compares) and the per-customer aggregate of their confirmed orders
        return fetch(
            env,
            """
            SELECT c.id, c.coop_first_purchase_date, c.coop_last_purchase_date,
                   c.coop_order_count_12m, c.coop_amount_12m, c.coop_average_basket,
                   c.coop_rfm_recency, c.coop_rfm_frequency, c.coop_rfm_monetary,
                   c.coop_rfm_segment, c.coop_pareto_class, c.coop_lifecycle_stage,
                   a.first_day, a.last_day, a.orders, a.amount
              FROM res_partner c
              LEFT JOIN (
                    SELECT cp.commercial_partner_id AS partner_id,
                           MIN(so.date_order::date) AS first_day,
                           MAX(so.date_order::date) AS last_day,
                           COUNT(*) AS orders, SUM(so.amount_untaxed) AS amount
                      FROM sale_order so JOIN res_partner cp ON cp.id = so.partner_id
                     WHERE so.state = 'sale' AND so.company_id = %s
                       AND so.date_order::date <= %s
                     GROUP BY cp.commercial_partner_id) a ON a.partner_id = c.id
             WHERE c.company_id = %s AND c.active AND c.id = c.commercial_partner_id""",
            [company, next_day, company],
        )

    orders = count(
        bench,
        "SELECT COUNT(*) FROM sale_order WHERE state = 'sale' " "AND company_id = %s",
        [company],
    )
    base = {
        **bench.measure(None, baseline),
        "label": "SQL: customers and the per-customer aggregate of their orders",
    }
    size = f"{data['customers'][company]} customers, {orders} orders"
    daily = bench.measure(None, run)
    bench.add(
        "customer_stats",
        "Customer behaviour/RFM/Pareto/lifecycle",
        f"{size}, {daily['info']} rows written",
        daily,
        base,
        {"rows_written": daily["info"]},
    )
    full = bench.measure(clear, run)
    bench.add(
        "customer_stats_full",
        "Customer stats, first computation",
        f"{size}, {full['info']} rows written",
        full,
        base,
        {"rows_written": full["info"]},
    )


def count(bench, query, params):
    cr = bench.registry.cursor()
    try:
        cr.execute(query, params)
        return cr.fetchone()[0]
    finally:
        cr.close()


def _ristourne_runs(env, data, companies):
    """One run per cooperative over the whole history (not computed yet)."""
    policies = (
        env["coop.ristourne.policy"].sudo().search([("company_id", "in", companies)])
    )
    return (
        env["coop.ristourne.run"]
        .sudo()
        .create(
            [
                {
                    "policy_id": policy.id,
                    "company_id": policy.company_id.id,
                    "date_from": data["first_day"],
                    "date_to": data["today"],
                }
                for policy in policies
            ]
        )
    )


def bench_ristourne_compute(bench, data):
    def setup(env):
        return _ristourne_runs(env, data, data["coops"])

    def run(env, runs):
        runs.action_compute()
        return len(runs.line_ids)

    def baseline(env, _state):
        return fetch(
            env,
            """
            SELECT aml.company_id, aml.partner_id, SUM(aml.balance)
              FROM account_move_line aml JOIN account_move m ON m.id = aml.move_id
             WHERE aml.company_id = ANY(%s) AND aml.parent_state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND aml.display_type = 'product' AND aml.date BETWEEN %s AND %s
               AND EXISTS (SELECT 1 FROM coop_membership ms
                            WHERE ms.partner_id = aml.partner_id AND ms.state = 'active'
                              AND ms.company_id = aml.company_id AND ms.active)
             GROUP BY aml.company_id, aml.partner_id""",
            [data["coops"], data["first_day"], data["today"]],
        )

    lines = count(
        bench,
        """SELECT COUNT(*) FROM account_move_line
                             WHERE company_id = ANY(%s) AND parent_state = 'posted'
                               AND display_type = 'product'""",
        [data["coops"]],
    )
    members = count(
        bench,
        "SELECT COUNT(*) FROM coop_membership WHERE state = 'active' "
        "AND company_id = ANY(%s)",
        [data["coops"]],
    )
    base = {
        **bench.measure(None, baseline),
        "label": "SQL: grouped sum of member lines",
    }
    figures = bench.measure(setup, run)
    bench.add(
        "ristourne_compute",
        "Ristourne compute (all cooperatives)",
        f"{lines} posted lines, {members} members",
        figures,
        base,
        {"ristourne_lines": figures["info"]},
    )


def bench_settlement(bench, data, limit):
    """Settlement of a validated run through the scheduled job's batches (one run)."""
    company = data["biggest"]

    def setup(env):
        runs = _ristourne_runs(env, data, [company])
        runs.action_compute()
        runs.action_validate()
        return runs

    def run(env, runs):
        runs.action_settle()
        Run = env["coop.ristourne.run"].sudo()
        batches, settled, start = [], 0, time.perf_counter()
        rss_start = rss_mb()
        while settled < limit:
            batch_start = time.perf_counter()
            done = Run._cron_settle_queued()
            env.flush_all()
            if not done:
                break
            settled += done
            # as a new call of the scheduled job starts with a new cache
            env.invalidate_all()
            batches.append(
                {
                    "lines": done,
                    "seconds": time.perf_counter() - batch_start,
                    "rss_mb": rss_mb(),
                }
            )
        elapsed = time.perf_counter() - start
        return {
            "settled": settled,
            "batches": batches,
            "seconds": elapsed,
            "rss_growth_mb": rss_mb() - rss_start,
            "queued": runs.settle_queued,
        }

    cr = bench.registry.cursor()
    try:
        env = bench.environment(cr)
        runs = setup(env)
        total = len(runs.line_ids)
    finally:
        cr.rollback()
        cr.close()
    figures = bench._one_run(setup, run, traced=False)
    info = figures["info"]
    batches = info["batches"]
    rate = info["settled"] / info["seconds"] if info["seconds"] else None
    # memory flat: resident memory after the second batch and after the last one
    flat = (
        batches[-1]["rss_mb"] - batches[min(1, len(batches) - 1)]["rss_mb"]
        if batches
        else None
    )
    bench.add(
        "ristourne_settlement",
        "Ristourne settlement (cron batches)",
        f"{info['settled']} of {total} lines, {len(batches)} batches",
        {
            "median_s": info["seconds"],
            "times_s": [info["seconds"]],
            "peak_mb": None,
            "rss_growth_mb": info["rss_growth_mb"],
            "queries": figures["queries"],
        },
        extra={
            "lines_per_s": rate,
            "rss_growth_after_batch_2_mb": flat,
            "batch_seconds": [round(b["seconds"], 3) for b in batches],
        },
    )
    print(
        f"   settlement: {rate or 0:.1f} lines/s, resident memory "
        f"{f'+{flat:.1f} MB' if flat is not None else '-'} from batch 2 to the last",
        flush=True,
    )


def bench_order_confirmation(bench, data):
    company = data["biggest"]

    def quotation(env, with_card):
        cr = env.cr
        cr.execute(
            """SELECT p.id FROM res_partner p
                       WHERE p.company_id = %s AND p.customer_rank > 0
                         AND EXISTS (SELECT 1 FROM loyalty_card c WHERE c.partner_id =
                         p.id)
                             = %s
                       ORDER BY p.id LIMIT 1""",
            [company, with_card],
        )
        partner = cr.fetchone()[0]
        products = env["product.product"].search(
            [("name", "like", "(bench)")], limit=5, order="id"
        )
        return (
            env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": partner,
                    "company_id": company,
                    "order_line": [
                        (0, 0, {"product_id": p.id, "product_uom_qty": 2})
                        for p in products
                    ],
                }
            )
        )

    def confirm(env, order):
        order.action_confirm()
        return order.coupon_point_ids.mapped("points")

    base = bench.measure(lambda env: quotation(env, False), confirm)
    base["label"] = "same order confirmed without a card"
    figures = bench.measure(lambda env: quotation(env, True), confirm)
    bench.add(
        "order_confirm_no_card", "Sale order confirmation without card", "5 lines", base
    )
    bench.add(
        "order_confirm_card",
        "Sale order confirmation with card",
        "5 lines",
        figures,
        base,
        {"card_points": figures["info"]},
    )


def bench_pos_sync(bench, data, count, runs):
    """Issue #16: ``count`` paid orders synced from the till of the biggest
    cooperative's shop (``pos.order.sync_from_ui``, one order per call, as a till sends
    them), for customers with a cooperative card (the server counts the points, updates
    the tier) and the same orders for customers without a card, side by side: runs
    alternate between the two, in one process."""
    import uuid  # noqa: PLC0415

    company = data["biggest"]

    def setup(env, with_card):
        config = env["pos.config"].search(
            [("company_id", "=", company), ("coop_sales_channel", "=", "shop")],
            limit=1,
            order="id",
        )
        if not config:
            raise RuntimeError("no shop point of sale: rebuild with generate_scale.py")
        config = config.with_company(company)
        session = config.current_session_id or env["pos.session"].create(
            {"config_id": config.id, "user_id": env.uid}
        )
        method = config.payment_method_ids[:1]
        env.cr.execute(
            """SELECT p.id FROM res_partner p
                WHERE p.company_id = %s AND p.customer_rank > 0
                  AND EXISTS (SELECT 1 FROM loyalty_card c WHERE c.partner_id = p.id)
                      = %s
                ORDER BY p.id LIMIT %s""",
            [company, with_card, count],
        )
        partners = [row[0] for row in env.cr.fetchall()]
        products = env["product.product"].search(
            [("name", "like", "(bench)")], limit=5, order="id"
        )
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        orders = []
        for index in range(count):
            lines = [
                (product, 1 + (index + j) % 3)
                for j, product in enumerate(products[: 1 + index % 3])
            ]
            total = sum(product.list_price * qty for product, qty in lines)
            ref = str(uuid.uuid4())
            orders.append(
                {
                    "uuid": ref,
                    "name": f"Order {ref}",
                    "session_id": session.id,
                    "user_id": env.uid,
                    "partner_id": partners[index % len(partners)],
                    "pricelist_id": config.pricelist_id.id,
                    "fiscal_position_id": False,
                    "sequence_number": index + 1,
                    "date_order": now.strftime("%Y-%m-%d %H:%M:%S"),
                    "amount_paid": total,
                    "amount_total": total,
                    "amount_tax": 0.0,
                    "amount_return": 0.0,
                    "to_invoice": False,
                    "last_order_preparation_change": "{}",
                    "lines": [
                        (
                            0,
                            0,
                            {
                                "uuid": str(uuid.uuid4()),
                                "product_id": product.id,
                                "qty": qty,
                                "price_unit": product.list_price,
                                "price_subtotal": product.list_price * qty,
                                "price_subtotal_incl": product.list_price * qty,
                                "discount": 0.0,
                                "tax_ids": [(6, 0, [])],
                                "pack_lot_ids": [],
                            },
                        )
                        for product, qty in lines
                    ],
                    "payment_ids": [
                        (
                            0,
                            0,
                            {
                                "amount": total,
                                "name": now.strftime("%Y-%m-%d %H:%M:%S"),
                                "payment_method_id": method.id,
                            },
                        )
                    ],
                }
            )
        return orders

    def sync(env, orders):
        Order = env["pos.order"]
        for order in orders:
            Order.sync_from_ui([order])
        synced = Order.search([("uuid", "in", [o["uuid"] for o in orders])])
        return {
            "orders": len(synced),
            "paid": len(synced.filtered(lambda o: o.state == "paid")),
            "counted": len(synced.filtered("coop_card_points_done")),
        }

    figures = {False: [], True: []}
    for _run in range(runs):
        for with_card in (False, True):
            figures[with_card].append(
                bench._one_run(
                    lambda env, with_card=with_card: setup(env, with_card),
                    sync,
                    traced=False,
                )
            )

    def summary(rows):
        times = [row["seconds"] for row in rows]
        return {
            "median_s": statistics.median(times),
            "times_s": times,
            "peak_mb": None,
            "rss_growth_mb": rows[0]["rss_growth_mb"],
            "queries": rows[0]["queries"],
            "info": rows[0]["info"],
        }

    base, card = summary(figures[False]), summary(figures[True])
    base["label"] = "same orders synced for customers without a card"
    size = f"{count} orders, one per call"
    bench.add(
        "pos_sync_no_card",
        "POS orders synced without card",
        size,
        base,
        extra={
            "orders_per_s": count / base["median_s"],
            "synced": base["info"],
        },
    )
    bench.add(
        "pos_sync_card",
        "POS orders synced with card",
        size,
        card,
        base,
        {"orders_per_s": count / card["median_s"], "synced": card["info"]},
    )


def bench_claims(bench, data, limit):
    def setup(env):
        return env["coop.claim"].search([], limit=limit, order="id")

    def deadlines(env, claims):
        env.add_to_compute(claims._fields["date_deadline"], claims)
        claims.flush_recordset(["date_deadline"])
        return len(claims)

    def overdue(env, _claims):
        env["coop.claim"]._cron_flag_overdue()

    def baseline(env, claims):
        return fetch(
            env,
            "SELECT id, company_id, date_received FROM coop_claim "
            "WHERE id = ANY(%s)",
            [claims.ids],
        )

    size = count(bench, "SELECT LEAST(COUNT(*), %s) FROM coop_claim", [limit])
    base = {**bench.measure(setup, baseline), "label": "SQL: read the claims"}
    bench.add(
        "claim_deadlines",
        "Claim deadlines (working days)",
        f"{size} claims",
        bench.measure(setup, deadlines),
        base,
    )
    total = count(bench, "SELECT COUNT(*) FROM coop_claim", [])
    bench.add(
        "claim_overdue_cron",
        "Claim overdue flag + escalation (cron)",
        f"{total} claims",
        bench.measure(None, overdue),
    )


def bench_indicators(bench, data):  # noqa: C901 - its nested queries count as branches
    lines = count(bench, "SELECT COUNT(*) FROM sale_order_line", [])
    amls = count(
        bench,
        "SELECT COUNT(*) FROM account_move_line WHERE display_type = "
        "'product' AND parent_state = 'posted'",
        [],
    )
    indicators = count(bench, "SELECT COUNT(*) FROM coop_indicator", [])
    # coop_pos installed: the paid orders of the points of sale are purchases too
    pos_lines = count(
        bench,
        "SELECT CASE WHEN to_regclass('pos_order_line') IS NULL THEN 0 "
        "ELSE (SELECT COUNT(*) FROM pos_order_line) END",
        [],
    )
    ledger_size = f"{lines} order lines, {amls} invoice lines" + (
        f", {pos_lines} POS lines" if pos_lines else ""
    )

    # Sales > Reporting opens sale.report with the action's default filters: "Sales"
    # (confirmed orders) and "Order Date: Last 365 Days" (sale.action_order_report_all)
    since = datetime.combine(data["today"] - timedelta(days=365), datetime.min.time())
    lines_365 = count(
        bench,
        """SELECT COUNT(*) FROM sale_order_line l
                                  JOIN sale_order so ON so.id = l.order_id
                                 WHERE so.date_order >= %s AND so.state NOT IN
                                       ('draft', 'cancel', 'sent')""",
        [since],
    )

    def sale_pivot(env, _state):
        return len(
            env["sale.report"]._read_group(
                [
                    ("state", "not in", ("draft", "cancel", "sent")),
                    ("date", ">=", since),
                ],
                ["company_id", "date:month"],
                ["price_subtotal:sum", "product_uom_qty:sum", "__count"],
            )
        )

    def sale_sql(env, _state):
        return fetch(
            env,
            """
            SELECT so.company_id, date_trunc('month', so.date_order),
            SUM(l.price_subtotal),
                   SUM(l.product_uom_qty), COUNT(*)
              FROM sale_order_line l JOIN sale_order so ON so.id = l.order_id
             WHERE so.state NOT IN ('draft', 'cancel', 'sent') AND so.date_order >= %s
             GROUP BY 1, 2""",
            [since],
        )

    def sale_pivot_all(env, _state):
        return len(
            env["sale.report"]._read_group(
                [("state", "=", "sale")],
                ["company_id", "date:month"],
                ["price_subtotal:sum", "product_uom_qty:sum", "__count"],
            )
        )

    def sale_all_sql(env, _state):
        return fetch(
            env,
            """
            SELECT so.company_id, date_trunc('month', so.date_order),
            SUM(l.price_subtotal),
                   SUM(l.product_uom_qty), COUNT(*)
              FROM sale_order_line l JOIN sale_order so ON so.id = l.order_id
             WHERE so.state = 'sale' GROUP BY 1, 2""",
            [],
        )

    def invoice_pivot(env, _state):
        return len(
            env["account.invoice.report"]._read_group(
                [("state", "=", "posted")],
                ["company_id", "invoice_date:month"],
                ["price_subtotal:sum", "__count"],
            )
        )

    def invoice_sql(env, _state):
        return fetch(
            env,
            """
            SELECT aml.company_id, date_trunc('month', aml.invoice_date),
            SUM(aml.balance),
                   COUNT(*)
              FROM account_move_line aml JOIN account_move m ON m.id = aml.move_id
             WHERE m.state = 'posted' AND aml.display_type = 'product'
               AND m.move_type IN ('out_invoice', 'out_refund') GROUP BY 1, 2""",
            [],
        )

    def ledger_pivot(env, _state):
        # Cooperative > Reporting > Purchases: every purchase once (orders, invoices
        # without order, credit notes), per cooperative and month
        return len(
            env["coop.purchase"]._read_group(
                [],
                ["company_id", "date:month"],
                ["amount:sum", "quantity:sum", "__count"],
            )
        )

    def ledger_sql(env, _state):
        return (
            fetch(
                env,
                """
            SELECT so.company_id, date_trunc('month', so.date_order),
            SUM(l.price_subtotal),
                   SUM(l.product_uom_qty), COUNT(DISTINCT so.id)
              FROM sale_order_line l JOIN sale_order so ON so.id = l.order_id
             WHERE so.state = 'sale' GROUP BY 1, 2""",
                [],
            )
            + fetch(
                env,
                """
            SELECT m.company_id, date_trunc('month', m.date), SUM(-aml.balance),
                   SUM(aml.quantity), COUNT(DISTINCT m.id)
              FROM account_move_line aml JOIN account_move m ON m.id = aml.move_id
             WHERE m.state = 'posted' AND aml.display_type = 'product'
               AND m.move_type IN ('out_invoice', 'out_refund') GROUP BY 1, 2""",
                [],
            )
            + (
                fetch(
                    env,
                    """
            SELECT po.company_id, date_trunc('month', po.date_order),
                   SUM(l.price_subtotal), SUM(l.qty), COUNT(DISTINCT po.id)
              FROM pos_order_line l JOIN pos_order po ON po.id = l.order_id
             WHERE po.state IN ('paid', 'done', 'invoiced')
               AND po.partner_id IS NOT NULL GROUP BY 1, 2""",
                    [],
                )
                if pos_lines
                else 0
            )
        )

    def dashboard(env, _state):
        return len(
            env["coop.indicator"]._read_group(
                [],
                ["company_id", "period_type", "date_start:month"],
                [
                    "revenue:sum",
                    "active_customers:sum",
                    "retention_rate:avg",
                    "__count",
                ],
            )
        )

    def dashboard_sql(env, _state):
        return fetch(
            env,
            """
            SELECT company_id, period_type, date_trunc('month', date_start),
            SUM(revenue),
                   SUM(active_customers), AVG(retention_rate), COUNT(*)
              FROM coop_indicator GROUP BY 1, 2, 3""",
            [],
        )

    charts = dashboard_charts()

    def customer_dashboard(env, _state):
        # the charts of the customer dashboard (coop_crm_base), as the spreadsheet
        # reads them: one grouped read per chart
        total = 0
        for model, domain, groupby, measure in charts:
            field = env[model]._fields.get(measure)
            aggregate = f"{measure}:{field.aggregator or 'sum'}" if field else "__count"
            total += len(env[model]._read_group(domain, groupby, [aggregate]))
        return total

    def customer_dashboard_sql(env, _state):
        return fetch(
            env,
            """
            SELECT company_id, period_type, date_trunc('quarter', date_start),
                   AVG(retention_rate), SUM(active_customers), SUM(new_customers),
                   AVG(csat)
              FROM coop_indicator WHERE period_type = 'quarter' AND NOT is_consolidated
             GROUP BY 1, 2, 3""",
            [],
        ) + fetch(
            env,
            """
            SELECT coop_rfm_segment, coop_pareto_class, COUNT(*), SUM(coop_amount_12m)
              FROM res_partner WHERE coop_rfm_segment IS NOT NULL
             GROUP BY 1, 2""",
            [],
        )

    def compute(env, _state):
        companies = env["res.company"].browse(data["coops"])
        return len(
            env["coop.indicator"]._coop_compute_indicators(
                companies | companies.parent_id, "year", data["today"]
            )
        )

    def compute_sql(env, _state):
        # the rows the indicators read from the purchase ledger: the confirmed orders'
        # lines and the posted customer invoices' and credit notes' product lines
        return fetch(
            env,
            """
            SELECT so.company_id, COUNT(DISTINCT cp.commercial_partner_id),
                   SUM(l.price_subtotal)
              FROM sale_order_line l JOIN sale_order so ON so.id = l.order_id
              JOIN res_partner cp ON cp.id = so.partner_id
             WHERE so.state = 'sale' AND so.date_order::date <= %s
             GROUP BY 1""",
            [data["today"]],
        ) + fetch(
            env,
            """
            SELECT m.company_id, COUNT(DISTINCT m.commercial_partner_id),
                   SUM(-aml.balance)
              FROM account_move_line aml JOIN account_move m ON m.id = aml.move_id
             WHERE m.state = 'posted' AND aml.display_type = 'product'
               AND m.move_type IN ('out_invoice', 'out_refund') AND m.date <= %s
             GROUP BY 1""",
            [data["today"]],
        )

    for name, label, size, func, sql, sql_label in (
        (
            "indicator_sale_pivot",
            "Sales pivot (sale.report), default filters",
            f"{lines_365} order lines of the last 365 days",
            sale_pivot,
            sale_sql,
            "SQL: grouped sum of order lines",
        ),
        (
            "indicator_sale_pivot_all",
            "Sales pivot (sale.report), all history",
            f"{lines} order lines",
            sale_pivot_all,
            sale_all_sql,
            "SQL: grouped sum of order lines",
        ),
        (
            "indicator_invoice_pivot",
            "Invoice pivot (account.invoice.report)",
            f"{amls} invoice lines",
            invoice_pivot,
            invoice_sql,
            "SQL: grouped sum of invoice lines",
        ),
        (
            "purchase_ledger_pivot",
            "Purchase ledger pivot (coop.purchase)",
            ledger_size,
            ledger_pivot,
            ledger_sql,
            "SQL: grouped sums of order, invoice (and POS) lines",
        ),
        (
            "indicator_dashboard",
            "Indicator pivot (coop.indicator rows)",
            f"{indicators} indicator rows",
            dashboard,
            dashboard_sql,
            "SQL: grouped sums of the rows",
        ),
        (
            "indicator_customer_dashboard",
            "Customer dashboard (its 6 charts)",
            f"{indicators} indicator rows, {sum(data['customers'].values())} customers",
            customer_dashboard,
            customer_dashboard_sql,
            "SQL: grouped sums of rows and customers",
        ),
        (
            "indicator_compute",
            "Indicators of the year, computed (cron)",
            f"{lines} order lines",
            compute,
            compute_sql,
            "SQL: customers and revenue",
        ),
    ):
        base = {**bench.measure(None, sql), "label": sql_label}
        bench.add(name, label, size, bench.measure(None, func), base)


def dashboard_charts():
    """(model, domain, groupby, aggregate) of each chart of the customer dashboard."""
    path = ROOT / "coop_crm_base" / "data" / "files" / "coop_customer_dashboard.json"
    charts = []
    for sheet in json.loads(path.read_text())["sheets"]:
        for figure in sheet.get("figures", []):
            meta = figure["data"].get("metaData")
            if not meta:
                continue
            charts.append(
                (
                    meta["resModel"],
                    figure["data"]["searchParams"]["domain"],
                    meta["groupBy"],
                    meta["measure"],
                )
            )
    return charts


def bench_export(bench, data, limit, runs):
    company = data["biggest"]

    def setup(env):
        return env["res.partner"].search(
            [("company_id", "=", company), ("customer_rank", ">", 0)],
            limit=limit,
            order="id",
        )

    def export(env, partners):
        content, _type = env["ir.actions.report"]._render_xlsx(
            "coop_crm_base.report_coop_customers_xlsx", partners.ids, {}
        )
        return len(content)

    def baseline(env, partners):
        return fetch(
            env,
            """
            SELECT p.name, p.company_id, p.email, p.coop_consent_email,
            p.coop_customer_type,
                   p.coop_first_purchase_date, p.coop_last_purchase_date,
                   p.coop_order_count_12m, p.coop_amount_12m, p.coop_average_basket,
                   p.coop_rfm_recency, p.coop_rfm_frequency, p.coop_rfm_monetary,
                   p.coop_rfm_segment, p.coop_pareto_class, p.coop_lifecycle_stage,
                   co.coop_stats_reference_date
              FROM res_partner p LEFT JOIN res_company co ON co.id = p.company_id
             WHERE p.id = ANY(%s)""",
            [partners.ids],
        )

    size = min(limit, data["customers"][company])
    base = {
        **bench.measure(setup, baseline, runs),
        "label": "SQL: read the exported columns",
    }
    figures = bench.measure(setup, export, runs)
    bench.add(
        "customer_xlsx_export",
        "Customer XLSX export",
        f"{size} customers",
        figures,
        base,
        {"xlsx_bytes": figures["info"]},
    )


# ----------------------------------------------------------------------- cron workers
def bench_install(bench, runner, env_vars, database, runs):
    """Install of the four addons with demo data on a fresh database, as `make demo`
    does
    (Odoo in a child process; the database is dropped afterwards)."""
    db = f"{database}_install"
    times = []
    for _run in range(runs):
        runner.drop_database(env_vars, db)
        conf = runner.odoo_config(env_vars, db)
        start = time.perf_counter()
        rc, _ = runner.run_odoo(
            env_vars,
            [
                "-c",
                str(conf),
                "-i",
                ",".join(runner.ADDONS),
                "--stop-after-init",
                "--log-level=warn",
            ],
        )
        times.append(time.perf_counter() - start)
        runner.drop_database(env_vars, db)
        if rc:
            raise RuntimeError(f"installing the suite on {db} failed (exit {rc})")
    figures = {
        "median_s": statistics.median(times),
        "times_s": times,
        "peak_mb": None,
        "rss_growth_mb": None,
        "queries": "-",
    }
    bench.add(
        "install_demo",
        "install of the suite with demo data",
        "fresh database, Odoo's dependencies too",
        figures,
    )


def workers_demo(runner, env_vars, db, workers, timeout):
    """Settle a queued ristourne run with ``workers`` processes running Odoo's own cron
    loop (``ir.cron._process_jobs``) on a copy of ``db``; print who settled what.

    The copy (``<db>_workers``) is dropped afterwards. Odoo hands a job to one worker at
    a time (its row is locked); a worker runs at most 10 batches of a job in a row, then
    the job is triggered again and the next free worker takes it.
    """
    import subprocess  # noqa: PLC0415

    clone = f"{db}_workers"
    runner.drop_database(env_vars, clone)
    subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import psycopg2, os, sys\n"
                "kw = {k: v for k, v in dict(host=os.environ.get('PGHOST'), "
                "port=os.environ.get('PGPORT'), user=os.environ.get('PGUSER'), "
                "password=os.environ.get('PGPASSWORD')).items() if v}\n"
                "c = psycopg2.connect(dbname='postgres', **kw); c.autocommit = True\n"
                'c.cursor().execute(\'CREATE DATABASE "%s" TEMPLATE "%s"\' % '
                "tuple(sys.argv[1:]))\n"
            ),
            clone,
            db,
        ],
        env=env_vars,
        check=True,
    )
    conf = runner.odoo_config(env_vars, clone)
    import odoo  # noqa: PLC0415
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", str(conf), "--log-level=warn"])
    registry = Registry(clone)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        data = dataset(env)
        runs = _ristourne_runs(env, data, [data["biggest"]])
        runs.action_compute()
        runs.action_validate()
        # only the settlement job runs on the copy: the other jobs are due there too
        settle_cron = env.ref("coop_loyalty.ir_cron_ristourne_settle")
        env["ir.cron"].search([("id", "!=", settle_cron.id)]).active = False
        runs.action_settle()
        total = len(runs.line_ids)
    odoo.sql_db.close_all()
    print(
        f"\nSettlement of {total} lines by {workers} cron workers on {clone}",
        flush=True,
    )
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "_worker",
                str(conf),
                clone,
                str(index),
                str(timeout),
            ],
            env=env_vars,
            stdout=subprocess.PIPE,
            text=True,
        )
        for index in range(workers)
    ]
    shares = [
        json.loads(proc.communicate()[0].strip().splitlines()[-1]) for proc in procs
    ]
    elapsed = time.perf_counter() - start
    settled = sum(share["lines"] for share in shares)
    for share in shares:
        print(
            f"   worker {share['worker']}: {share['lines']} lines in {share['calls']} "
            f"scheduled-job calls",
            flush=True,
        )
    print(
        f"   {settled} of {total} lines settled in {elapsed:.1f} s "
        f"({settled / elapsed:.1f} lines/s)",
        flush=True,
    )
    runner.drop_database(env_vars, clone)
    return {"lines": total, "settled": settled, "seconds": elapsed, "workers": shares}


def worker_main(conf, db, index, timeout):
    """A cron worker: Odoo's cron loop on ``db`` until no settlement is queued."""
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", conf, "--log-level=warn"])
    registry = Registry(db)
    model = registry["coop.ristourne.run"]
    original = model._cron_settle_queued
    share = {"worker": int(index), "lines": 0, "calls": 0}

    def counted(self, *args, **kwargs):
        done = original(self, *args, **kwargs)
        share["lines"] += done
        share["calls"] += 1
        return done

    model._cron_settle_queued = counted
    deadline = time.time() + float(timeout)
    while time.time() < deadline:
        registry["ir.cron"]._process_jobs(db)
        with registry.cursor() as cr:
            cr.execute("SELECT COUNT(*) FROM coop_ristourne_run WHERE settle_queued")
            if not cr.fetchone()[0]:
                break
        time.sleep(0.1 + 0.1 * int(index))
    odoo.sql_db.close_all()
    print(json.dumps(share), flush=True)


# ------------------------------------------------------------------------------- main
OPERATIONS = [
    "customer_stats",
    "ristourne_compute",
    "settlement",
    "order",
    "pos",
    "claims",
    "indicators",
    "export",
    "install",
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="coop_bench")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per operation")
    parser.add_argument(
        "--export-runs",
        type=int,
        help="timed runs of the XLSX export " "(default: --runs)",
    )
    parser.add_argument(
        "--settle-lines",
        type=int,
        default=20000,
        help="stop the settlement after this many lines",
    )
    parser.add_argument(
        "--claims", type=int, default=10000, help="claims whose deadline is recomputed"
    )
    parser.add_argument(
        "--export-limit", type=int, default=200000, help="customers exported to XLSX"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=300,
        help="statement timeout of a run, in seconds",
    )
    parser.add_argument(
        "--workers-demo",
        type=int,
        metavar="N",
        help="only settle a queued run with N cron worker processes, on a "
        "copy of the database",
    )
    parser.add_argument(
        "--install-runs",
        type=int,
        default=1,
        help="timed installs of the suite with demo data on a fresh database",
    )
    parser.add_argument(
        "--pos-orders",
        type=int,
        default=5000,
        help="point of sale orders synced per run, with and without a card",
    )
    parser.add_argument(
        "--pos-runs",
        type=int,
        default=1,
        help="timed runs of the point of sale sync (each: without, then with cards)",
    )
    parser.add_argument(
        "--only", help="comma-separated subset of: " + ",".join(OPERATIONS)
    )
    parser.add_argument(
        "--output", default=str(ROOT / "data" / "benchmark-results.json")
    )
    return parser.parse_args(argv)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_worker"]:
        return worker_main(*argv[1:5])
    ns = parse_args(argv)
    runner = load_runner()
    env_vars = runner.odoo_env()
    runner.check_postgres(env_vars)
    if not runner.database_exists(env_vars, ns.database):
        sys.exit(f"Database {ns.database} not found: run data/generate_scale.py first.")
    if ns.workers_demo:
        workers_demo(runner, env_vars, ns.database, ns.workers_demo, ns.timeout * 10)
        return 0
    conf = runner.odoo_config(env_vars, ns.database)
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", str(conf), "--log-level=warn"])
    registry = Registry(ns.database)
    bench = Bench(registry, ns.runs, ns.timeout)
    cr = registry.cursor()
    try:
        data = dataset(bench.environment(cr))
    finally:
        cr.close()
    only = set(ns.only.split(",")) if ns.only else set(OPERATIONS)
    print(
        f"Benchmark of {ns.database}: {len(data['coops'])} cooperatives, reference day "
        f"{data['today']}, {ns.runs} timed runs (+1 traced run) per operation\n"
    )
    print(HEADER)
    steps = [
        ("customer_stats", lambda: bench_customer_stats(bench, data)),
        ("ristourne_compute", lambda: bench_ristourne_compute(bench, data)),
        ("settlement", lambda: bench_settlement(bench, data, ns.settle_lines)),
        ("order", lambda: bench_order_confirmation(bench, data)),
        ("pos", lambda: bench_pos_sync(bench, data, ns.pos_orders, ns.pos_runs)),
        ("claims", lambda: bench_claims(bench, data, ns.claims)),
        ("indicators", lambda: bench_indicators(bench, data)),
        (
            "export",
            lambda: bench_export(
                bench, data, ns.export_limit, ns.export_runs or ns.runs
            ),
        ),
        (
            "install",
            lambda: bench_install(
                bench, runner, env_vars, ns.database, ns.install_runs
            ),
        ),
    ]
    errors = {}
    for key, func in steps:
        if key not in only:
            continue
        try:
            func()
        except Exception as exc:  # noqa: BLE001 - report the failure, go on with the others
            errors[key] = f"{type(exc).__name__}: {exc}"
            print(f"{key}: FAILED {errors[key]}", flush=True)
    output = {
        "database": ns.database,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
        },
        "runs": ns.runs,
        "dataset": {
            k: (str(v) if k in ("today", "first_day") else v) for k, v in data.items()
        },
        "results": bench.results,
        "errors": errors,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    Path(ns.output).write_text(json_text(output))
    print(f"\nFigures written to {ns.output}\n")
    print(markdown(bench.results))
    odoo.sql_db.close_all()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
