from datetime import date, datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimIntegrity(ClaimsCase):
    """X-6, X-1, C-1 to C-5 (issue #14): the claim's rules are held by the model,
    whoever writes (a cooperative user over JSON-RPC, a kanban drag, an import, a portal
    user)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claims_manager_a = new_test_user(
            cls.env,
            "claims_manager_a",
            groups="coop_claims.group_claims_manager",
            company_id=cls.coop_a.id,
            company_ids=[(6, 0, cls.coop_a.ids)],
        )
        # a union manager working in the union and its branches, as at login
        cls.union_manager_all = new_test_user(
            cls.env,
            "claims_union_manager",
            groups="coop_crm_base.group_union_manager",
            company_id=cls.union.id,
            company_ids=[(6, 0, (cls.union | cls.coop_a | cls.coop_b).ids)],
        )
        cls.all_companies = {
            "allowed_company_ids": (cls.union | cls.coop_a | cls.coop_b).ids
        }

    def _as_user(self, claim, user=None):
        return claim.with_user(user or self.user_a).with_company(claim.company_id)

    def _closed_claim(self):
        claim = self._claim(claim_type="good_faith", category_id=self.category.id)
        claim.action_register()
        claim.action_resolve()
        claim.write({"closing_condition": "satisfied", "answer": "<p>Replaced.</p>"})
        claim.action_close()
        return claim

    # ------------------------------------------------------------------ phases
    def test_phase_cannot_be_skipped(self):
        """X-6, SPEC 3 (issue #14): a cooperative user cannot skip a phase by writing
        ``phase`` (JSON-RPC, import, kanban drag): reception -> closure has no edge."""
        claim = self._claim(claim_type="good_faith", category_id=self.category.id)
        for target in ("resolution", "closure", "follow_up", "exploitation"):
            with self.assertRaisesRegex(UserError, "cannot go from Reception"):
                self._as_user(claim).write({"phase": target})
            self.assertEqual(claim.phase, "reception")
        self.assertFalse(claim.date_closed)

    def test_drag_runs_the_action_and_its_checks(self):
        """X-6 (issue #14): a kanban drag to the next phase runs the phase's action with
        its checks: no registration without type and category, no closure without a
        closing condition and an answer; with them, the customer is informed as by the
        button."""
        claim = self._claim()
        with self.assertRaisesRegex(UserError, "missing: Type, Category"):
            self._as_user(claim).write({"phase": "registration"})
        self.assertEqual(claim.phase, "reception")
        claim.write({"claim_type": "good_faith", "category_id": self.category.id})
        self._as_user(claim).write({"phase": "registration"})
        self.assertEqual(claim.phase, "registration")
        self.assertEqual(len(self._messages(claim, "progresses")), 1)
        self._as_user(claim).write({"phase": "resolution"})
        with self.assertRaisesRegex(UserError, "missing: Closing condition, Answer"):
            self._as_user(claim).write({"phase": "closure"})
        self.assertEqual(claim.phase, "resolution")
        self.assertFalse(claim.date_closed)
        # the drag with the values of the closure in the same write: still action_close
        self._as_user(claim).write(
            {
                "phase": "closure",
                "closing_condition": "satisfied",
                "answer": "<p>Done</p>",
            }
        )
        self.assertEqual(claim.phase, "closure")
        self.assertTrue(claim.date_closed)
        self.assertEqual(len(self._messages(claim, "is closed")), 1)

    def test_created_in_reception_only(self):
        """X-6 (issue #14): a user cannot create a claim already closed, nor with its
        closing date, overdue flag or survey link."""
        Claim = self.Claim.with_user(self.user_a).with_company(self.coop_a)
        base = {
            "subject": "Skip",
            "partner_id": self.partner_a.id,
            "company_id": self.coop_a.id,
        }
        before = self.Claim.search_count([])
        for extra in (
            {"phase": "closure"},
            {"phase": "exploitation"},
            {"date_closed": datetime(2026, 1, 2)},
            {"is_overdue": True},
            {"survey_url": "https://evil.example/"},
        ):
            with self.assertRaises(UserError):
                Claim.create(dict(base, **extra))
        self.assertEqual(self.Claim.search_count([]), before)

    def test_protected_fields_not_writable(self):
        """C-1, C-4, X-6 (issue #14): the closing date, overdue flag, deadline, answered
        in time, resolution time, total cost and survey of a claim are written by its
        actions only, never by hand."""
        claim = self._closed_claim()
        before = claim.read(
            [
                "date_closed",
                "is_overdue",
                "date_deadline",
                "answered_in_time",
                "resolution_days",
                "survey_url",
                "total_cost",
            ]
        )[0]
        for vals in (
            {"date_closed": datetime(2026, 1, 10)},
            {"date_closed": False},
            {"is_overdue": True},
            {"date_deadline": date(2030, 1, 1)},
            {"answered_in_time": True},
            {"resolution_days": 0.5},
            {"survey_url": "https://evil.example/"},
            {"total_cost": 0.0},
            {"survey_answer_id": False},
        ):
            with self.assertRaisesRegex(UserError, "set by its actions only"):
                self._as_user(claim).write(vals)
        claim.invalidate_recordset()
        self.assertEqual(claim.read(list(before))[0], before)

    def test_no_context_key_relaxes_a_check(self):
        """X-6 (issue #14): the former context keys ``coop_claim_reopen`` and
        ``coop_claim_mail_disable`` sent by a client change nothing: no going back, and
        the customer is informed."""
        claim = self._claim(claim_type="good_faith", category_id=self.category.id)
        claim.action_register()
        claim.action_resolve()
        sneaky = self._as_user(claim).with_context(
            coop_claim_reopen=True, coop_claim_mail_disable=True
        )
        with self.assertRaisesRegex(
            UserError, "cannot go from Resolution to Reception"
        ):
            sneaky.write({"phase": "reception"})
        self.assertEqual(claim.phase, "resolution")
        created = (
            self.Claim.with_user(self.user_a)
            .with_company(self.coop_a)
            .with_context(coop_claim_mail_disable=True)
            .create(
                {
                    "subject": "Muted?",
                    "partner_id": self.partner_a.id,
                    "company_id": self.coop_a.id,
                }
            )
        )
        self.assertEqual(len(self._messages(created, "we have received your claim")), 1)

    def test_reopen_is_the_managers(self):
        """X-6, SPEC 3 (issue #14): a closed claim goes back to resolution by Reopen
        only, decided by a claims manager; a plain claims user is refused, by the button
        or by a drag."""
        claim = self._closed_claim()
        with self.assertRaises(AccessError):
            self._as_user(claim).action_reopen()
        with self.assertRaises(AccessError):
            self._as_user(claim).write({"phase": "resolution"})
        self.assertEqual(claim.phase, "closure")
        self.assertTrue(claim.date_closed)
        self._as_user(claim, self.claims_manager_a).write({"phase": "resolution"})
        self.assertEqual(claim.phase, "resolution")
        self.assertFalse(claim.date_closed)
        self.assertFalse(claim.closing_condition)

    def test_overdue_cron_writes_through_the_token(self):
        """C-1 (issue #14): the scheduled action still flags overdue claims, though
        ``is_overdue`` is protected."""
        claim = self._claim(date_received=datetime(2026, 1, 9, 10, 0))
        self.Claim._cron_flag_overdue()
        self.assertTrue(claim.is_overdue)

    # ------------------------------------------------------------------ compensations
    def test_compensation_state_and_cost_by_actions_only(self):
        """SPEC 3 resolution, X-6 (issue #14): a compensation is created in draft; its
        credit note and coupon are set by the grant only; once granted its cost and type
        are frozen and it cannot be deleted."""
        claim = self._claim(claim_type="good_faith", category_id=self.category.id)
        claim.action_register()
        claim.action_resolve()
        Compensation = (
            self.env["coop.claim.compensation"]
            .with_user(self.user_a)
            .with_company(self.coop_a)
        )
        with self.assertRaises(UserError):
            Compensation.create(
                {
                    "claim_id": claim.id,
                    "compensation_type": "exchange",
                    "name": "Granted at birth",
                    "cost": 10.0,
                    "state": "done",
                }
            )
        line = Compensation.create(
            {
                "claim_id": claim.id,
                "compensation_type": "exchange",
                "name": "New jar",
                "cost": 80.0,
            }
        )
        with self.assertRaisesRegex(UserError, "set by its actions only"):
            line.write({"move_id": False, "loyalty_card_id": False})
        line.write({"cost": 85.0})  # a draft is still being written
        line.write({"state": "done"})  # routed to action_grant
        self.assertEqual(line.state, "done")
        self.assertIn("Compensation granted", claim.message_ids[0].body)
        for vals in ({"cost": 1.0}, {"compensation_type": "refund"}, {"name": "Other"}):
            with self.assertRaisesRegex(UserError, "can no longer be changed"):
                line.write(vals)
        with self.assertRaisesRegex(UserError, "only draft compensations"):
            line.unlink()
        with self.assertRaisesRegex(UserError, "cannot go from Granted to Draft"):
            line.write({"state": "draft"})
        line.invalidate_recordset()
        self.assertEqual(
            (line.state, line.cost, line.name, line.compensation_type),
            ("done", 85.0, "New jar", "exchange"),
        )
        self.assertEqual(claim.total_cost, 85.0)
        line.action_cancel()
        self.assertEqual(line.state, "cancel")
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            line.write({"cost": 0.0})

    def test_relational_fields_check_company(self):
        """X-1 (issue #14): every link of a claim or compensation to partners, moves,
        orders, coupons is check_company."""
        for model, fnames in (
            (
                "coop.claim",
                (
                    "partner_id",
                    "sale_order_id",
                    "product_id",
                    "user_id",
                    "team_id",
                    "category_id",
                    "action_ids",
                ),
            ),
            (
                "coop.claim.compensation",
                ("claim_id", "move_id", "loyalty_program_id", "loyalty_card_id"),
            ),
        ):
            for fname in fnames:
                self.assertTrue(
                    self.env[model]._fields[fname].check_company,
                    f"{model}.{fname} is not check_company",
                )

    def test_sale_order_of_another_customer_refused(self):
        """X-1, C-1 (issue #16): a claim names a sale order of its own customer (or of a
        contact of theirs) only: another customer's order of the same cooperative,
        written through ``write`` as a JSON-RPC client would, is refused."""
        Partner = self.env["res.partner"]
        other = Partner.create({"name": "Other customer", "company_id": self.coop_a.id})
        contact = Partner.create(
            {
                "name": "Fatima's son",
                "parent_id": self.partner_a.id,
                "company_id": self.coop_a.id,
            }
        )
        product = self.env["product.product"].create(
            {"name": "Argan oil", "list_price": 100.0}
        )
        Order = self.env["sale.order"].with_company(self.coop_a)
        foreign, own = Order.create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.coop_a.id,
                    "order_line": [(0, 0, {"product_id": product.id})],
                }
                for partner in (other, contact)
            ]
        )
        claim = self._claim()
        # assertRaises (not assertRaisesRegex) rolls the refused write back
        with self.assertRaises(ValidationError) as refused:
            self._as_user(claim).write({"sale_order_id": foreign.id})
        self.assertIn("is not one of", str(refused.exception))
        self.assertFalse(claim.sale_order_id)
        self._as_user(claim).write({"sale_order_id": own.id})
        self.assertEqual(claim.sale_order_id, own)
        # nor can the customer change under the order
        with self.assertRaisesRegex(ValidationError, "is not one of"):
            self._as_user(claim).write({"partner_id": other.id})

    # ------------------------------------------------------------------ customers
    def test_union_manager_customer_of_another_cooperative(self):
        """X-1, X-6 (issue #14): a union manager, who sees every customer, cannot make a
        claim of coop A for a customer of coop B: the message names the customer's
        cooperative and what to do."""
        Claim = self.Claim.with_user(self.union_manager_all).with_context(
            **self.all_companies
        )
        self.assertTrue(self.partner_b.with_env(Claim.env).has_access("read"))
        before = self.Claim.search_count([])
        with self.assertRaisesRegex(
            UserError, "customer of Coop B, not of Coop A"
        ) as caught:
            Claim.create(
                {
                    "subject": "Wrong coop",
                    "partner_id": self.partner_b.id,
                    "company_id": self.coop_a.id,
                }
            )
        self.assertIn("union level", str(caught.exception))
        self.assertEqual(self.Claim.search_count([]), before)
        claim = self._claim()
        with self.assertRaisesRegex(UserError, "customer of Coop B"):
            claim.with_user(self.union_manager_all).with_context(
                **self.all_companies
            ).write({"partner_id": self.partner_b.id})
        self.assertEqual(claim.partner_id, self.partner_a)

    def test_user_of_another_cooperative_learns_nothing(self):
        """X-1 (issue #14): a user of coop B who passes the id of coop A's customer gets
        an access error that names neither the customer nor their cooperative."""
        Claim = self.Claim.with_user(self.user_b).with_company(self.coop_b)
        before = self.Claim.search_count([])
        with self.assertRaises(AccessError) as caught:
            Claim.create(
                {
                    "subject": "Guess",
                    "partner_id": self.partner_a.id,
                    "company_id": self.coop_b.id,
                }
            )
        message = str(caught.exception)
        self.assertNotIn("Coop A", message)
        self.assertNotIn("Fatima", message)
        self.assertEqual(self.Claim.search_count([]), before)
        claim_b = self._claim(partner=self.partner_b, company=self.coop_b)
        with self.assertRaises(AccessError) as caught:
            claim_b.with_user(self.user_b).write({"partner_id": self.partner_a.id})
        self.assertNotIn("Fatima", str(caught.exception))
        self.assertEqual(claim_b.partner_id, self.partner_b)

    # ------------------------------------------------------------------ indicators
    def test_indicators_of_another_cooperative_refused(self):
        """C-4, X-1 (issue #14): the indicators read orders with sudo(); a user of coop
        A who passes coop B's id gets no figure of coop B."""
        Screen = self.env["coop.claim.indicators"].with_user(self.user_a)
        with self.assertRaises(AccessError):
            _rate = Screen.create(
                {
                    "company_id": self.coop_b.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 1, 31),
                }
            ).claim_rate
        Claim = self.Claim.with_user(self.user_a)
        for method in ("_coop_claim_rate", "_coop_loss_rate", "_coop_indicators"):
            with self.assertRaises(AccessError):
                getattr(Claim, method)(self.coop_b, date(2026, 1, 1), date(2026, 1, 31))
        # their own cooperative, and the union's branches for its manager
        self.assertIs(
            Claim._coop_claim_rate(self.coop_a, date(2026, 1, 1), date(2026, 1, 31)),
            False,
        )
        self.assertIs(
            self.Claim.with_user(self.union_manager)._coop_claim_rate(
                self.coop_b, date(2026, 1, 1), date(2026, 1, 31)
            ),
            False,
        )

    # ------------------------------------------------------------------ portal
    def test_portal_user_reads_no_internal_field(self):
        """C-2, X-1 (issue #14): a portal customer reads their claim's subject, phase
        and deadline, not its type (bad faith), severity, root cause, flag, cost,
        compensations, closing condition nor the draft answer."""
        claim = self._claim(
            partner=self.portal_partner,
            claim_type="bad_faith",
            category_id=self.category.id,
            severity="critical",
            root_cause="Customer lies",
        )
        claim.action_register()
        claim.action_resolve()
        claim.answer = "<p>Draft: refuse, bad faith</p>"
        as_portal = claim.with_user(self.portal_user)
        values = as_portal.read(["subject", "phase", "date_deadline", "name"])[0]
        self.assertEqual(values["phase"], "resolution")
        for fname in (
            "claim_type",
            "severity",
            "root_cause",
            "partner_claim_flag",
            "partner_claim_flag_reason",
            "total_cost",
            "compensation_ids",
            "answer",
            "closing_condition",
            "action_ids",
        ):
            with self.assertRaises(AccessError, msg=fname):
                as_portal.read([fname])
        self.assertNotIn("claim_type", as_portal.fields_get())

    def test_letters_print_from_their_phase(self):
        """C-5 (issue #14): the progress letter prints from registration on, the closing
        letter from closure on, whoever asks (back office or portal)."""
        claim = self._claim(claim_type="good_faith", category_id=self.category.id)
        Report = self.env["ir.actions.report"]
        Report._render_qweb_html("coop_claims.report_claim_acknowledgement", claim.ids)
        with self.assertRaisesRegex(UserError, "from the phase Registration on"):
            Report._render_qweb_html("coop_claims.report_claim_progress", claim.ids)
        claim.action_register()
        claim.action_resolve()
        claim.answer = "<p>Draft answer</p>"
        Report._render_qweb_html("coop_claims.report_claim_progress", claim.ids)
        with self.assertRaisesRegex(UserError, "from the phase Closure on"):
            Report.with_user(self.user_a)._render_qweb_pdf(
                "coop_claims.report_claim_closing", claim.ids
            )
        claim.closing_condition = "satisfied"
        claim.action_close()
        html = Report._render_qweb_html("coop_claims.report_claim_closing", claim.ids)[
            0
        ]
        self.assertIn("Draft answer", html.decode())
