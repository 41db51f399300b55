from datetime import date, datetime, timedelta

from lxml import etree

from odoo.tests import tagged

from .common import ClaimsCase


@tagged("post_install", "-at_install", "is_query_count")
class TestClaimQueryCount(ClaimsCase):
    """X-5: opening a claim costs the same number of queries whatever the number of
    records it shows (improvement actions, compensations, the customer's other claims,
    messages)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spec = cls._form_spec()
        Partner = cls.env["res.partner"]
        cls.small = cls._claim_with(
            Partner.create({"name": "Few claims", "company_id": cls.coop_a.id}), 1
        )
        cls.big = cls._claim_with(
            Partner.create({"name": "Many claims", "company_id": cls.coop_a.id}), 20
        )

    @classmethod
    def _form_spec(cls):
        """The web_read specification the web client sends to open the claim form: the
        form's fields from get_views, the display name of many2one fields, the columns
        of the list of each x2many field."""
        views = cls.Claim.get_views([(False, "form")])
        models = views["models"]

        def spec(node, model):
            fields_spec = {}
            depth = len(node.xpath("ancestor-or-self::field"))
            for field_node in node.xpath(f".//field[count(ancestor::field) = {depth}]"):
                name = field_node.get("name")
                info = models[model]["fields"][name]
                if info["type"] == "many2one":
                    fields_spec[name] = {"fields": {"display_name": {}}}
                elif info["type"] in ("one2many", "many2many"):
                    sub = field_node.find("list")
                    if sub is None:
                        sub_views = cls.env[info["relation"]].get_views(
                            [(False, "list")]
                        )
                        for sub_model, sub_info in sub_views["models"].items():
                            models.setdefault(sub_model, {"fields": {}})[
                                "fields"
                            ].update(sub_info["fields"])
                        sub = etree.fromstring(sub_views["views"]["list"]["arch"])
                        field_node.append(sub)
                    fields_spec[name] = {"fields": spec(sub, info["relation"])}
                else:
                    fields_spec[name] = {}
            return fields_spec

        return spec(etree.fromstring(views["views"]["form"]["arch"]), "coop.claim")

    @classmethod
    def _claim_with(cls, partner, count):
        """A claim of ``partner`` with ``count`` actions, compensations, messages and
        other claims of the same customer."""
        claims = cls.env["coop.claim"]
        for __ in range(count + 1):
            claims |= cls._claim(partner=partner)
        claim = claims[0]
        cls.env["coop.claim.action"].create(
            [
                {
                    "name": f"Action {index}",
                    "company_id": cls.coop_a.id,
                    "user_id": cls.user_a.id,
                    "claim_ids": [(4, claim.id)],
                }
                for index in range(count)
            ]
        )
        cls.env["coop.claim.compensation"].create(
            [
                {
                    "claim_id": claim.id,
                    "name": f"Exchange {index}",
                    "compensation_type": "exchange",
                    "cost": 10.0,
                }
                for index in range(count)
            ]
        )
        for index in range(count):
            claim.message_post(body=f"Call {index}", message_type="comment")
        return claim

    def _read(self, claim):
        self.env.invalidate_all()
        return claim.with_user(self.user_a).web_read(self.spec)[0]

    def test_form_read_query_count(self):
        """X-5, C-1: reading the claim form's fields (spec from get_views) takes the
        same number of queries for a claim with 1 or 20 actions, compensations, messages
        and other claims of its customer."""
        self.assertIn("action_ids", self.spec)
        self.assertIn("compensation_ids", self.spec)
        self.assertIn("partner_claim_ids", self.spec)
        self._read(self.small)  # warm-up: views, access rights, rules in the caches
        with self.assertQueryCount(QUERIES):
            small = self._read(self.small)
        with self.assertQueryCount(QUERIES):
            big = self._read(self.big)
        self.assertEqual(
            (
                len(small["action_ids"]),
                len(small["compensation_ids"]),
                small["partner_claim_count"],
                len(small["partner_claim_ids"]),
            ),
            (1, 1, 1, 1),
        )
        self.assertEqual(
            (
                len(big["action_ids"]),
                len(big["compensation_ids"]),
                big["partner_claim_count"],
                len(big["partner_claim_ids"]),
            ),
            (20, 20, 20, 20),
        )
        self.assertEqual(big["compensation_ids"][0]["cost"], 10.0)
        self.assertEqual(big["partner_id"]["display_name"], "Many claims")
        self.assertGreaterEqual(
            len(self.big.message_ids.filtered(lambda m: m.message_type == "comment")),
            20,
        )


# queries of the claim form's web_read, whatever the number of linked records (issue
# #18: + the messages sent to the customer)
QUERIES = 22


@tagged("post_install", "-at_install", "is_query_count")
class TestClaimDeadlineBatch(ClaimsCase):
    def test_deadlines_in_batch(self):
        """X-5, C-1: the deadlines of claims received on many days, computed together
        from the calendar's work intervals read once, are those planned claim by claim
        with plan_days (weekends, public holidays, the cooperative's delay); 4 or 40
        claims take the same number of queries."""
        received = [
            datetime(2025, 12, 20, 9, 0) + timedelta(days=day, hours=day % 7)
            for day in range(40)
        ]
        claims = self.Claim.browse()
        for when in received:
            claims |= self._claim(date_received=when)
        self.coop_a.coop_claim_answer_days = 3
        self.env.flush_all()

        def recompute(group):
            self.env.invalidate_all()
            self.env.add_to_compute(self.Claim._fields["date_deadline"], group)
            group.flush_recordset(["date_deadline"])

        recompute(claims)  # warm-up: the caches of the calendar, the company, the rules
        recompute(claims[:4])
        for group in (claims[:4], claims):
            with self.assertQueryCount(DEADLINE_QUERIES):
                recompute(group)
        for claim in claims:
            self.assertEqual(
                claim.date_deadline,
                self.Claim._coop_working_deadline(self.coop_a, claim.date_received),
                claim.date_received,
            )
        # received on Wednesday 31 December 2025: 1 January (new year) and the weekend
        # are skipped, then Friday 2, Monday 5, Tuesday 6 January 2026
        self.assertEqual(claims[11].date_received.date(), date(2025, 12, 31))
        self.assertEqual(claims[11].date_deadline, date(2026, 1, 6))


# queries of the deadline computation, whatever the number of claims
DEADLINE_QUERIES = 7
