"""Day one at a cooperative: the two blockers of issue #21 (X-9)."""

import re

from odoo.tests import HttpCase, new_test_user, tagged

from .common import CoopCase, day_one_clerk


class TestNoSenderAddress(CoopCase):
    """X-9: no business action fails because a notification cannot be addressed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the clerk and the cooperative have no e-mail address, as on day one
        cls.clerk = day_one_clerk(
            cls.env,
            "coop_clerk_no_mail",
            "coop_crm_base.group_coop_manager",
            cls.coop_a,
        )

    def _notifications(self, partner):
        self.env.cr.precommit.run()  # the bus writes its notifications at commit
        return (
            self.env["bus.bus"]
            .sudo()
            .search(
                [
                    ("channel", "like", f'"res.partner",{partner.id}]'),
                    ("message", "like", "simple_notification"),
                ]
            )
        )

    def test_admission_by_clerk_without_address(self):
        """X-9, issue #21: a manager without an e-mail admits a candidate of a
        cooperative without one; the message goes out from a no-reply address and the
        clerk is told once where to set theirs."""
        membership = self._membership(self.partner_a, self.coop_a)
        self.assertFalse(self.coop_a.email_formatted)
        membership.with_user(self.clerk).action_admit()
        self.assertEqual(membership.state, "active")
        message = membership.message_ids.filtered(
            lambda m: "Admitted" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.clerk.partner_id)
        self.assertRegex(message.email_from, r"noreply@[\w.-]+")
        self.assertTrue(self.clerk.sudo().coop_email_hint_date)
        self.assertEqual(len(self._notifications(self.clerk.partner_id)), 1)
        # told once: a second action posts without telling again
        membership.with_user(self.clerk).message_post(body="Second note")
        self.assertEqual(len(self._notifications(self.clerk.partner_id)), 1)

    def test_cooperative_address_used_when_set(self):
        """X-9, issue #21: with the cooperative's address set, a clerk without one
        writes from the cooperative's address."""
        self.coop_a.email = "contact@coop-a.example"
        membership = self._membership(self.partner_a, self.coop_a)
        message = membership.with_user(self.clerk).message_post(body="Hello")
        self.assertIn("contact@coop-a.example", message.email_from)

    def test_user_with_address_unchanged(self):
        """X-9: a user with their own address still writes from it (Odoo's
        behaviour)."""
        self.clerk.partner_id.email = "clerk@coop-a.example"
        membership = self._membership(self.partner_a, self.coop_a)
        message = membership.with_user(self.clerk).message_post(body="Hello")
        self.assertIn("clerk@coop-a.example", message.email_from)
        self.assertFalse(self.clerk.sudo().coop_email_hint_date)


@tagged("post_install", "-at_install")
class TestUnionAtLogin(HttpCase):
    """X-9, issue #21: a union manager sees their union's branches at login."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        mad = cls.env.ref("base.MAD")
        cls.union = Company.create({"name": "Union Login", "currency_id": mad.id})
        cls.coop_a = Company.create(
            {"name": "Login A", "parent_id": cls.union.id, "currency_id": mad.id}
        )
        cls.coop_b = Company.create(
            {"name": "Login B", "parent_id": cls.union.id, "currency_id": mad.id}
        )
        cls.other = Company.create({"name": "Login other", "currency_id": mad.id})
        cls.union_manager = new_test_user(
            cls.env,
            "login_union",
            password="login_union_pw",
            groups="coop_crm_base.group_union_manager",
            company_id=cls.union.id,
            company_ids=[(6, 0, (cls.union | cls.coop_a | cls.coop_b | cls.other).ids)],
        )
        cls.clerk = new_test_user(
            cls.env,
            "login_clerk",
            password="login_clerk_pw",
            groups="coop_crm_base.group_coop_user",
            company_id=cls.coop_a.id,
            company_ids=[(6, 0, cls.coop_a.ids)],
        )

    def _login(self, login, password):
        page = self.url_open("/web/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/web/login",
            data={
                "login": login,
                "password": password,
                "csrf_token": csrf,
            },
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        return response.cookies.get("cids")

    def test_union_manager_starts_with_branches(self):
        """X-9, issue #21: at login the union and its branches are active, not the
        unrelated company the manager may also work in."""
        cids = self._login("login_union", "login_union_pw")
        self.assertEqual(
            [int(c) for c in cids.split("-")],
            [self.union.id, *sorted((self.coop_a | self.coop_b).ids)],
        )

    def test_clerk_starts_with_own_cooperative(self):
        """X-9: a cooperative's user starts in their cooperative alone."""
        self.assertEqual(
            self._login("login_clerk", "login_clerk_pw"), str(self.coop_a.id)
        )

    def test_wrong_password_sets_nothing(self):
        """X-9: a failed login selects no company."""
        page = self.url_open("/web/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/web/login",
            data={
                "login": "login_union",
                "password": "wrong",
                "csrf_token": csrf,
            },
            allow_redirects=False,
        )
        self.assertIsNone(response.cookies.get("cids"))


class TestUnionAdmits(CoopCase):
    """X-9, issue #21: admitting a branch's candidate works from the union."""

    def test_union_manager_admits_branch_candidate(self):
        """X-9, issue #21: a union manager working on the union and its branches, as at
        login, admits a candidate of a branch; the number is the branch's."""
        manager = new_test_user(
            self.env,
            "union_admits",
            groups="coop_crm_base.group_union_manager",
            company_id=self.union.id,
            company_ids=[(6, 0, (self.union | self.coop_a | self.coop_b).ids)],
        )
        manager.partner_id.email = False
        membership = self._membership(self.partner_a, self.coop_a)
        companies = manager._coop_login_company_ids()
        self.assertEqual(
            companies, [self.union.id, *sorted((self.coop_a | self.coop_b).ids)]
        )
        as_manager = membership.with_user(manager).with_context(
            allowed_company_ids=companies
        )
        self.assertIn(membership, as_manager.search([("state", "=", "candidate")]))
        as_manager.action_admit()
        self.assertEqual(membership.state, "active")
        self.assertTrue(membership.number)


class TestNumberNotBurnt(CoopCase):
    """X-9, issue #21: a failed action does not consume a membership number."""

    def test_failed_admission_gives_its_number_back(self):
        """X-9, issue #21: an admission rolled back after its number was taken leaves
        that number to the next admission, also for a sequence of an earlier release."""
        first = self._membership(self.partner_a, self.coop_a)
        second = self._membership(
            self.env["res.partner"].create(
                {"name": "Second", "company_id": self.coop_a.id}
            ),
            self.coop_a,
        )
        sequence = first._get_number_sequence(self.coop_a)
        sequence.implementation = "standard"  # as the previous release made them
        issued = [sequence.next_by_id() for _i in range(3)]  # numbers already given
        with self.assertRaises(ZeroDivisionError), self.env.cr.savepoint():
            first.with_user(self.manager_a).action_admit()
            taken = first.number
            # anything failing after the number was taken: the save is rolled back
            raise ZeroDivisionError
        first.invalidate_recordset()
        self.assertFalse(first.number)
        second.with_user(self.manager_a).action_admit()
        self.assertEqual(second.number, taken)
        self.assertNotIn(taken, issued)  # the switch carries the counter over
        self.assertEqual(sequence.implementation, "no_gap")
