from datetime import date
from unittest.mock import patch

from lxml import etree

from odoo import Command
from odoo.sql_db import Cursor
from odoo.tests import tagged

from .common import CoopCase

# Queries of one call, as measured with coop_crm_base alone and with the four addons of
# the suite (the same). assertQueryCount fails above them; a new field on these views
# may add a query: then check that the count still does not depend on the number of
# records (each test asserts that the small and the big case make as many queries) and
# update the figure.
PARTNER_LIST_QUERIES = 10
PARTNER_FORM_QUERIES = (
    # issue #21: + the region and the search for a likely duplicate; issue #18: + the
    # messages sent to the person
    33
)
MEMBERSHIP_LIST_QUERIES = 5


def view_spec(env, model, arch):
    """The ``specification`` the web client sends to ``web_read`` / ``web_search_read``
    for a view: every field of the view, many2one with their display name, x2many with
    the fields of their inline list (or kanban) view."""
    Model = env[model]

    def collect(node, spec):
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag != "field":
                collect(child, spec)
                continue
            field = Model._fields[child.get("name")]
            if field.type in ("one2many", "many2many"):
                sub = child.find("list")
                if sub is None:
                    sub = child.find("kanban")
                sub_spec = (
                    view_spec(env, field.comodel_name, sub) if sub is not None else {}
                )
                spec[field.name] = {
                    "fields": sub_spec or {"display_name": {}},
                    "limit": 40,
                }
            elif field.type == "many2one":
                spec[field.name] = {"fields": {"display_name": {}}}
            else:
                spec[field.name] = {}
        return spec

    return collect(arch, {})


@tagged("post_install", "-at_install", "is_query_count")
class TestQueryCounts(CoopCase):
    """X-5: the partner list and form and the membership list read their records in a
    number of queries that does not grow with the records shown or linked (issue 8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.partners = Partner.create(
            [
                {
                    "name": f"Query count customer {i:02d}",
                    "company_id": cls.coop_a.id,
                    "email": f"qc{i}@example.com",
                    "phone": "+212612345678",
                    "category_id": [Command.create({"name": f"QC tag {i}"})],
                }
                for i in range(50)
            ]
        )
        cls.env["coop.membership"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": cls.coop_a.id,
                    "date_application": date(2026, 1, 5),
                    "share_count": 1 + i % 3,
                }
                for i, partner in enumerate(cls.partners)
            ]
        )
        cls.env["coop.interaction"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": cls.coop_a.id,
                    "subject": "Call",
                }
                for partner in cls.partners
            ]
        )
        # one customer with a single linked record of each kind, one with twenty
        cls.small, cls.big = cls.partners[0], cls.partners[1]
        cls.big.write(
            {
                "child_ids": [
                    Command.create(
                        {"name": f"Contact {k}", "company_id": cls.coop_a.id}
                    )
                    for k in range(20)
                ]
            }
        )
        cls.small.write(
            {
                "child_ids": [
                    Command.create(
                        {"name": "Only contact", "company_id": cls.coop_a.id}
                    )
                ]
            }
        )
        # past memberships of the big customer (one open membership per cooperative)
        cls.env["coop.membership"].create(
            [
                {
                    "partner_id": cls.big.id,
                    "company_id": cls.coop_a.id,
                    "state": "resigned",
                    "date_application": date(2020, 1, 1),
                    "date_admission": date(2020, 2, 1),
                    "date_exit": date(2021, 1, k + 1),
                }
                for k in range(19)
            ]
        )
        cls.env["coop.interaction"].create(
            [
                {
                    "partner_id": cls.big.id,
                    "company_id": cls.coop_a.id,
                    "subject": f"Visit {k}",
                }
                for k in range(19)
            ]
        )
        cls.env["res.partner"]._coop_recompute_customer_stats(
            cls.coop_a, date(2026, 6, 30)
        )

    def _env(self):
        return self.env(
            user=self.user_a,
            context={"allowed_company_ids": self.coop_a.ids, "lang": "en_US"},
        )

    def _spec(self, model, view_type, view_ref=None):
        env = self._env()
        views = env[model].get_views(
            [(env.ref(view_ref).id if view_ref else False, view_type)]
        )
        arch = etree.fromstring(views["views"][view_type]["arch"])
        return view_spec(env, model, arch)

    def _count(self, func):
        """Queries of ``func()`` with empty caches (as a new request): their texts."""
        env = self._env()
        func(env)  # warm the ormcaches (views, rules, access rights)
        env.flush_all()
        env.cr.flush()  # pending precommit work (tracking) would fill the cache
        env.invalidate_all()
        queries = []
        execute = Cursor.execute

        def logged(cr, query, params=None, log_exceptions=True):
            queries.append(str(getattr(query, "code", query))[:300].replace("\n", " "))
            return execute(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", logged):
            func(env)
        return queries

    def assertSameQueries(self, few, many, message):
        """Both cases made the same number of queries; else show the extra ones."""
        if len(few) != len(many):
            extra = list(many)
            for query in few:
                if query in extra:
                    extra.remove(query)
            self.fail(
                f"{message}: {len(few)} != {len(many)} queries; the big case's "
                "extra ones:\n" + "\n".join(extra)
            )

    def test_partner_list(self):
        """X-5: the customer list (its view's fields) of 5 or 50 customers with
        memberships, interactions and tags: same number of queries, within the bound."""
        spec = self._spec("res.partner", "list")
        self.assertIn("coop_lifecycle_stage", spec)
        domain = [("id", "in", self.partners.ids)]

        def read(limit):
            def func(env):
                result = env["res.partner"].web_search_read(domain, spec, limit=limit)
                self.assertEqual(len(result["records"]), limit)

            return func

        few, many = self._count(read(5)), self._count(read(50))
        self.assertSameQueries(few, many, "the list's queries grow with the rows shown")
        self.assertLessEqual(len(many), PARTNER_LIST_QUERIES)
        env = self._env()
        env.invalidate_all()
        with self.assertQueryCount(PARTNER_LIST_QUERIES):
            env["res.partner"].web_search_read(domain, spec, limit=50)

    def test_partner_form(self):
        """X-5: the customer form (its view's fields, memberships and contacts inline)
        of a customer with 1 or 20 linked records of each kind: same number of
        queries."""
        spec = self._spec("res.partner", "form")
        for fname in (
            "coop_membership_ids",
            "child_ids",
            "coop_interaction_count",
            "coop_membership_count",
            "coop_rfm_score",
            "coop_stats_date",
        ):
            self.assertIn(fname, spec)

        def read(partner):
            def func(env):
                [values] = env["res.partner"].browse(partner.id).web_read(spec)
                self.assertEqual(values["id"], partner.id)

            return func

        few, many = self._count(read(self.small)), self._count(read(self.big))
        self.assertSameQueries(
            few, many, "the form's queries grow with the linked records"
        )
        self.assertLessEqual(len(many), PARTNER_FORM_QUERIES)
        env = self._env()
        [values] = env["res.partner"].browse(self.big.id).web_read(spec)
        self.assertEqual(len(values["coop_membership_ids"]), 20)
        self.assertEqual(len(values["child_ids"]), 20)
        self.assertEqual(values["coop_interaction_count"], 20)
        env.invalidate_all()
        with self.assertQueryCount(PARTNER_FORM_QUERIES):
            env["res.partner"].browse(self.big.id).web_read(spec)

    def test_membership_list(self):
        """X-5: the membership list (its view's fields) of 5 or 50 memberships: same
        number of queries, within the bound."""
        spec = self._spec(
            "coop.membership", "list", "coop_crm_base.coop_membership_view_list"
        )
        domain = [("partner_id", "in", self.partners.ids), ("state", "=", "candidate")]

        def read(limit):
            def func(env):
                result = env["coop.membership"].web_search_read(
                    domain, spec, limit=limit
                )
                self.assertEqual(len(result["records"]), limit)

            return func

        few, many = self._count(read(5)), self._count(read(50))
        self.assertSameQueries(
            few, many, "the membership list's queries grow with the rows shown"
        )
        self.assertLessEqual(len(many), MEMBERSHIP_LIST_QUERIES)
        env = self._env()
        env.invalidate_all()
        with self.assertQueryCount(MEMBERSHIP_LIST_QUERIES):
            env["coop.membership"].web_search_read(domain, spec, limit=50)
