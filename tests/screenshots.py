#!/usr/bin/env python3
"""Take screenshots of the suite's main screens from a running Odoo (issue 10).

    make demo                     # in another terminal: Odoo on http://localhost:8069
    python3 tests/screenshots.py --login union@coop.example --password union
                                  # writes <addon>/static/description/screenshot_*.png

It drives Debian's headless ``chromium`` through the DevTools protocol
(websocket-client), logs in through Odoo's JSON-RPC and captures each screen
listed in ``SHOTS`` once its view has rendered. ``--lang fr_FR`` or ``ar_001``
takes them in French or Arabic (right to left).
"""

# pylint: disable=print-used  # a command-line program: it reports on its output

import argparse
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import websocket

ROOT = Path(__file__).resolve().parent.parent

# (file, url path, css selector that shows the screen is ready, css selector to click
# before the capture or None). "{xmlid}" in a path is replaced by that record's id.
SHOTS = [
    (
        "coop_crm_base/static/description/screenshot_members.png",
        "/odoo/action-coop_crm_base.action_coop_membership",
        ".o_list_view:not(.o_view_sample_data) .o_data_row",
        None,
    ),
    (
        "coop_crm_base/static/description/screenshot_member_form.png",
        "/odoo/action-coop_crm_base.action_coop_membership/{coop_crm_base.coop_member_argan_02}",
        ".o_form_view .o_field_widget[name='share_count']",
        None,
    ),
    (
        "coop_crm_base/static/description/screenshot_customer_file.png",
        "/odoo/contacts/{coop_crm_base.coop_member_argan_02_partner}",
        ".o_form_view .o_notebook",
        "a[name='coop_customer_file']",
    ),
    (
        "coop_crm_base/static/description/screenshot_cooperative.png",
        "/odoo/action-coop_crm_base.action_coop_company/{coop_crm_base.coop_company_argan}",
        ".o_form_view .o_notebook",
        "a[name='coop_identity']",
    ),
    (
        "coop_crm_base/static/description/screenshot_segmentation.png",
        "/odoo/action-coop_crm_base.action_coop_segmentation",
        ".o_view_controller:not(.o_view_sample_data) .o_data_row, .o_pivot, "
        ".o_graph_renderer",
        None,
    ),
    (
        "coop_crm_base/static/description/screenshot_indicators.png",
        "/odoo/action-coop_crm_base.action_coop_indicator",
        ".o_view_controller:not(.o_view_sample_data) .o_data_row, .o_pivot, "
        ".o_graph_renderer",
        None,
    ),
    (
        "coop_crm_base/static/description/screenshot_dashboard.png",
        "/odoo/action-coop_crm_base.action_coop_dashboard",
        ".o-spreadsheet canvas, .o_spreadsheet_dashboard_action canvas",
        None,
    ),
    (
        "coop_claims/static/description/screenshot_claims.png",
        "/odoo/action-coop_claims.action_coop_claim?view_type=kanban",
        ".o_kanban_view:not(.o_view_sample_data) .o_kanban_record",
        None,
    ),
    (
        "coop_claims/static/description/screenshot_claim_form.png",
        "/odoo/action-coop_claims.action_coop_claim/{coop_claims.demo_claim_closure}",
        ".o_form_view .o_statusbar_status",
        None,
    ),
    (
        "coop_loyalty/static/description/screenshot_cards.png",
        "/odoo/action-coop_loyalty.action_coop_loyalty_card",
        ".o_view_controller:not(.o_view_sample_data) .o_data_row, .o_kanban_record",
        None,
    ),
    (
        "coop_loyalty/static/description/screenshot_ristourne_runs.png",
        "/odoo/action-coop_loyalty.action_coop_ristourne_run",
        ".o_view_controller .o_data_row, .o_view_nocontent",
        None,
    ),
    (
        "coop_loyalty/static/description/screenshot_ristourne_run.png",
        "/odoo/action-coop_loyalty.action_coop_ristourne_run/"
        "{coop_loyalty.ristourne_run_argan_last_year}",
        ".o_form_view .o_statusbar_status",
        None,
    ),
    (
        "coop_training/static/description/screenshot_trainings.png",
        "/odoo/action-coop_training.action_coop_training_session",
        ".o_view_controller:not(.o_view_sample_data) .o_data_row, .o_kanban_record",
        None,
    ),
    (
        "coop_training/static/description/screenshot_training.png",
        "/odoo/action-coop_training.action_coop_training_session/{coop_training.demo_training_past}",
        ".o_form_view .o_notebook",
        None,
    ),
]


# the till (issue #16), taken with --till as a cooperative's staff user (a point of sale
# user in the demo): its souk's session opened, a customer with a card chosen by typing
# their name, two products in the order; (file, point of sale xml id, cooperative)
TILL = (
    "coop_pos/static/description/screenshot_till.png",
    "coop_pos.pos_config_argan_souk",
    "coop_crm_base.coop_company_argan",
)


def rpc(opener, url, model, method, args, kwargs=None):
    payload = json.dumps(
        {
            "jsonrpc": "2.0",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
    ).encode()
    request = urllib.request.Request(
        f"{url}/web/dataset/call_kw", payload, {"Content-Type": "application/json"}
    )
    answer = json.load(opener.open(request))
    if answer.get("error"):
        raise SystemExit(f"{model}.{method}: {answer['error']['data']['message']}")
    return answer["result"]


def resolve_ids(opener, url, path):
    """Replace each {module.name} of ``path`` by the id of that record."""
    while "{" in path:
        xmlid = path[path.index("{") + 1 : path.index("}")]
        module, name = xmlid.split(".", 1)
        found = rpc(
            opener,
            url,
            "ir.model.data",
            "search_read",
            [[("module", "=", module), ("name", "=", name)]],
            {"fields": ["res_id"]},
        )
        if not found:
            raise SystemExit(f"no record {xmlid}")
        path = path.replace("{" + xmlid + "}", str(found[0]["res_id"]))
    return path


def login(url, db, user, password):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    payload = json.dumps(
        {"jsonrpc": "2.0", "params": {"db": db, "login": user, "password": password}}
    ).encode()
    request = urllib.request.Request(
        f"{url}/web/session/authenticate", payload, {"Content-Type": "application/json"}
    )
    answer = json.load(opener.open(request))
    if answer.get("error"):
        raise SystemExit(f"login failed: {answer['error']['data']['message']}")
    companies = answer["result"].get("user_companies", {})
    current = companies.get("current_company")
    # all the user's companies active, the current one first (union and its branches)
    cids = [current] + [
        int(c) for c in companies.get("allowed_companies", {}) if int(c) != current
    ]
    return next(c.value for c in jar if c.name == "session_id"), opener, cids


class Chrome:
    def __init__(self, width, height):
        self.profile = tempfile.mkdtemp(prefix="coop-shots-")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.proc = subprocess.Popen(
            [
                shutil.which("chromium") or "/usr/bin/chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={self.port}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                targets = json.load(
                    urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json")
                )
                page = next(t for t in targets if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.1)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        self.seq = 0

    def call(self, method, **params):
        self.seq += 1
        self.ws.send(json.dumps({"id": self.seq, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.seq:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for(self, selector, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            found = self.call(
                "Runtime.evaluate",
                expression=f"!!document.querySelector({json.dumps(selector)})",
            )
            if found.get("result", {}).get("value"):
                time.sleep(1.0)  # let animations and lazy widgets settle
                return True
            time.sleep(0.3)
        return False

    def click(self, selector, text=None):
        """Click the first element matching ``selector`` (containing ``text``)."""
        self.call(
            "Runtime.evaluate",
            expression=(
                f"[...document.querySelectorAll({json.dumps(selector)})]"
                f".find(el => el.textContent.includes({json.dumps(text or '')}))"
                ".click()"
            ),
        )
        time.sleep(1.0)

    def type(self, selector, text):
        """Type ``text`` into the input ``selector`` as a user does (input events)."""
        self.call(
            "Runtime.evaluate",
            expression=f"document.querySelector({json.dumps(selector)}).focus()",
        )
        self.call("Input.insertText", text=text)
        time.sleep(1.5)

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def till_shot(chrome, opener, admin_opener, url, lang):
    """The till of TILL's point of sale as the logged-in cashier sees it; False when a
    screen did not show."""
    target, config_xmlid, company_xmlid = TILL
    config_id = int(resolve_ids(admin_opener, url, "{" + config_xmlid + "}"))
    company_id = int(resolve_ids(admin_opener, url, "{" + company_xmlid + "}"))
    # a customer of the cooperative whose card is valid, the one with most points
    [card] = rpc(
        admin_opener,
        url,
        "loyalty.card",
        "search_read",
        [
            [
                ("program_id.coop_card", "=", True),
                ("company_id", "=", company_id),
                ("coop_validity_state", "=", "valid"),
                ("partner_id", "!=", False),
            ]
        ],
        {"fields": ["partner_id"], "order": "points desc", "limit": 1},
    )
    name = card["partner_id"][1]
    rpc(opener, url, "pos.config", "open_ui", [[config_id]])
    chrome.call("Page.navigate", url=f"{url}/pos/ui?config_id={config_id}")
    if not chrome.wait_for(".screen-login .open-register-btn", 90):
        return False
    chrome.click(".screen-login .open-register-btn")
    if not chrome.wait_for(".modal-footer .btn-primary, article.product"):
        return False
    chrome.click(".modal-footer .btn-primary")  # open the register (opening cash 0)
    if not chrome.wait_for("article.product"):
        return False
    chrome.click(".product-screen .set-partner")
    if not chrome.wait_for(".modal-dialog .input-group input"):
        return False
    chrome.type(".modal-dialog .input-group input", name)
    if not chrome.wait_for(".modal .partner-list b"):
        return False
    chrome.click(".modal .partner-list b", name)
    # two of the cooperative's products, not the card fee (the customer has a card)
    chrome.call(
        "Runtime.evaluate",
        expression=(
            "[...document.querySelectorAll('article.product')]"
            ".filter(el => !el.querySelector('.product-name')?.textContent"
            ".match(/carte|card|بطاقة/i)).slice(1, 3).forEach(el => el.click())"
        ),
    )
    time.sleep(1.5)
    if not chrome.wait_for(".coop-card-panel"):
        return False
    if lang:
        target = target.replace(".png", f"_{lang.split('_')[0]}.png")
    data = chrome.call("Page.captureScreenshot", format="png")["data"]
    (ROOT / target).write_bytes(base64.b64decode(data))
    print(f"wrote {target}")
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--database", default="coop_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument(
        "--admin-password",
        default="admin",
        help="the administrator's, to find the records the screens show when --login "
        "is a demo user (who cannot read Odoo's external identifiers)",
    )
    parser.add_argument(
        "--lang", help="e.g. fr_FR or ar_001: also suffixes the file names"
    )
    parser.add_argument("--only", help="substring of the file names to take")
    parser.add_argument(
        "--till",
        action="store_true",
        help="only the till (coop_pos), as --login, a point of sale user of the "
        "argan cooperative (argan@coop.example in the demo)",
    )
    ns = parser.parse_args()
    admin_opener = login(ns.url, ns.database, "admin", ns.admin_password)[1]
    uid = rpc(
        admin_opener, ns.url, "res.users", "search", [[("login", "=", ns.login)]]
    )[0]
    user_lang = rpc(admin_opener, ns.url, "res.users", "read", [[uid], ["lang"]])[0][
        "lang"
    ]
    if ns.lang:
        # the back end speaks the user's language: it must be active (`make demo` loads
        # French and Arabic) and is set for the capture, then given back; set before
        # the user logs in, as the session keeps the language of its login (the page's
        # direction and right-to-left styles follow it)
        active = rpc(
            admin_opener,
            ns.url,
            "res.lang",
            "search_count",
            [[("code", "=", ns.lang), ("active", "=", True)]],
        )
        if not active:
            raise SystemExit(
                f"{ns.lang} is not active in {ns.database}: load it first "
                "(Settings > Languages, or `make demo`, which loads fr_FR and ar_001)"
            )
        rpc(admin_opener, ns.url, "res.users", "write", [[uid], {"lang": ns.lang}])
    session, opener, cids = login(ns.url, ns.database, ns.login, ns.password)
    chrome = Chrome(1400, 860)
    failures = 0
    try:
        host = ns.url.split("//", 1)[1].split(":")[0]
        chrome.call("Network.enable")
        chrome.call(
            "Network.setCookie", name="session_id", value=session, domain=host, path="/"
        )
        chrome.call(
            "Network.setCookie",
            name="cids",
            value="-".join(map(str, cids)),
            domain=host,
            path="/",
        )
        if ns.lang:
            chrome.call(
                "Network.setCookie",
                name="frontend_lang",
                value=ns.lang,
                domain=host,
                path="/",
            )
        if ns.till and not till_shot(chrome, opener, admin_opener, ns.url, ns.lang):
            print("NOT READY: the till")
            failures += 1
        for target, path, selector, click in SHOTS:
            if ns.till or ns.only and ns.only not in target:
                continue
            path = resolve_ids(admin_opener, ns.url, path)
            if ns.lang:
                target = target.replace(".png", f"_{ns.lang.split('_')[0]}.png")
            chrome.call("Page.navigate", url=ns.url + path)
            if not chrome.wait_for(selector):
                print(f"NOT READY: {path} ({selector})")
                failures += 1
                continue
            if click:
                chrome.call(
                    "Runtime.evaluate",
                    expression=(
                        "(el => "
                        f"{{ el.click(); el.scrollIntoView({{block: 'start'}}); }})"
                        f"(document.querySelector({json.dumps(click)}))"
                    ),
                )
                time.sleep(1.0)
            data = chrome.call("Page.captureScreenshot", format="png")["data"]
            (ROOT / target).write_bytes(base64.b64decode(data))
            print(f"wrote {target}")
    finally:
        chrome.close()
        if ns.lang:
            rpc(
                admin_opener,
                ns.url,
                "res.users",
                "write",
                [[uid], {"lang": user_lang}],
            )
    raise SystemExit(1 if failures else 0)


if __name__ == "__main__":
    main()
