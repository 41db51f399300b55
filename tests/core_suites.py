"""Odoo's own test suites of the modules the Coop CRM suite extends, with and without
it.

Issue #14: the tests of Odoo's ``loyalty``, ``sale_loyalty``, ``event``, ``survey`` and
``calendar``, and (issue #17, coop_campaign) of ``mass_mailing``, ``mass_mailing_sms``,
``mass_mailing_sale`` (none in Odoo 18.0 Community) and ``utm`` (at_install and
post_install, HttpCase included) must pass on a registry that holds the whole suite
wherever they pass on the same Odoo without the suite, except the tests listed in
``odoo_suites_departures.ini`` (an expectation of Odoo's test that contradicts a rule of
the suite, each with that rule). ``--odoo-tags`` of the test runner's ``odoo-suites``
runs the tests of the modules its tags name only (``tag_modules``).

How they run (``run_child``, inside an Odoo process started by tests/runner.py): Odoo's
own
server command with ``--test-enable --test-tags /loyalty,... --stop-after-init`` on an
installed database, no ``-i``/``-u``, with Odoo's ``preload_registries`` replaced so
that
the registry is first loaded completely (no test during loading: Odoo runs at_install
tests
while loading, when the modules loaded after that one, such as the suite, are not in the
registry yet), then the at_install and then the post_install tests of the modules
run
on it with Odoo's loader, while Odoo's HTTP server serves the HttpCase tests. The same
command runs on the suite's database and on a plain database holding only the Odoo
modules
the suite's addons depend on (``plain_modules``), and ``compare`` tells the differences
apart.

Not collected by pytest (``python_files = test_*.py``).
"""

import argparse
import ast
import configparser
import json
import re
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ODOO_MODULES = [
    "loyalty",
    "sale_loyalty",
    "event",
    "survey",
    "calendar",
    "mass_mailing",
    "mass_mailing_sms",
    "mass_mailing_sale",
    "utm",
]
PHASES = ("at_install", "post_install")
DEPARTURES = HERE / "odoo_suites_departures.ini"


def default_tags(modules=None):
    modules = ODOO_MODULES if modules is None else modules
    return ",".join(f"/{m}" for m in modules)


def tag_modules(tags):
    """The modules that Odoo test tags (``/module``, ``/module:Class.method``, comma
    separated, with or without ``+``/``-``) select tests of, in their order; None when
    a tag names no module (Odoo's tags then select in every module)."""
    modules = []
    for tag in (tags or "").split(","):
        tag = tag.strip()
        if not tag or tag.startswith("-"):
            continue
        match = re.match(r"^\+?(?:[\w.]*)/(\w+)", tag)
        if not match:
            return None
        if match.group(1) not in modules:
            modules.append(match.group(1))
    return modules or None


def whole_modules(tags):
    """The modules of which the tags select every test (a bare ``/module`` tag)."""
    found = set()
    for tag in (tags or "").split(","):
        match = re.match(r"^\+?/(\w+)$", tag.strip())
        if match:
            found.add(match.group(1))
    return found


def plain_modules(addons, odoo_addons_dirs):
    """The Odoo modules the suite's addons depend on directly (from their manifests),
    plus
    the ones whose tests are compared; third-party addons (report_xlsx) and the suite's
    own
    are left out: the plain database is Odoo and nothing else."""
    found = set(ODOO_MODULES)
    for addon in addons:
        manifest = ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())
        found.update(manifest.get("depends", []))
    return sorted(
        m
        for m in found
        if any((Path(d) / m / "__manifest__.py").exists() for d in odoo_addons_dirs)
    )


# ---------------------------------------------------------------------- child process
def _test_id(test):
    """``/module:Class.method``, Odoo's own tag syntax, for a test or a class-level
    error."""
    from unittest import case  # noqa: PLC0415

    from odoo.tests import case as odoo_case  # noqa: PLC0415

    while isinstance(test, case._SubTest | odoo_case._SubTest):
        test = test.test_case
    if isinstance(test, case.TestCase):
        return f"/{test.test_module}:{type(test).__name__}.{test._testMethodName}"
    return str(test)


def _recorder_class():
    from odoo.tests.result import OdooTestResult  # noqa: PLC0415

    rank = {"pass": 0, "skip": 1, "fail": 2, "error": 3}

    class Recorder(OdooTestResult):
        """Odoo's result, which also keeps the outcome of each test (Odoo keeps
        counts)."""

        def __init__(self, phase, records, **kw):
            super().__init__(**kw)
            self.phase = phase
            self.records = records

        def _record(self, test, status, message=""):
            key = _test_id(test)
            old = self.records.get(key)
            if old and rank[old["status"]] >= rank[status]:
                return
            self.records[key] = {
                "phase": self.phase,
                "status": status,
                "message": message[-4000:],
            }

        def addError(self, test, err):
            self._record(test, "error", self._exc_info_to_string(err, test))
            return super().addError(test, err)

        def addFailure(self, test, err):
            self._record(test, "fail", self._exc_info_to_string(err, test))
            return super().addFailure(test, err)

        def addSkip(self, test, reason):
            self._record(test, "skip", str(reason))
            return super().addSkip(test, reason)

        def addSuccess(self, test):
            self._record(test, "pass")
            return super().addSuccess(test)

    return Recorder


def _run_phase(registry, modules, phase, records):
    """What ``odoo.tests.loader.run_suite`` does, with a result that records each
    test."""
    import odoo  # noqa: PLC0415
    from odoo.modules import module as odoo_module  # noqa: PLC0415
    from odoo.tests import loader  # noqa: PLC0415

    suite = loader.make_suite(modules, phase)
    tests = [_test_id(t) for t in suite]
    # "odoo.addons.x.tests.y.Class" -> its tests, as setUpClass errors name it
    by_class = {}
    for test in suite:
        by_class.setdefault(
            f"{type(test).__module__}.{type(test).__qualname__}", []
        ).append(_test_id(test))
    if suite.has_http_case():
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["ir.qweb"]._pregenerate_assets_bundles()
    odoo_module.current_test = True
    threading.current_thread().testing = True
    phase_records = {}
    result = _recorder_class()(
        phase, phase_records, global_report=registry._assertion_report
    )
    try:
        suite(result)
    finally:
        threading.current_thread().testing = False
        odoo_module.current_test = False
    registry._assertion_report.update(result)
    # a class whose setUpClass failed (or skipped) runs none of its tests: each of them
    # has that outcome
    for key, rec in list(phase_records.items()):
        if key.startswith("setUpClass (") and key.endswith(")"):
            for test_id in by_class.get(key[len("setUpClass (") : -1], []):
                phase_records.setdefault(
                    test_id, dict(rec, message=f"{key}: {rec['message']}")
                )
            del phase_records[key]
    for test_id in tests:
        phase_records.setdefault(
            test_id,
            {
                "phase": phase,
                "status": "error",
                "message": "not run (the run stopped before it)",
            },
        )
    records.update(phase_records)


def run_child(argv):
    """Inside the Odoo child: Odoo's server command with the tests run as said above."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", required=True)
    parser.add_argument("--modules", help="default: the modules the test tags name")
    parser.add_argument("odoo_args", nargs=argparse.REMAINDER)
    ns = parser.parse_args(argv)
    args = [a for a in ns.odoo_args if a != "--"]
    tags = next(
        (a.split("=", 1)[1] for a in args if a.startswith("--test-tags=")), None
    )
    modules = ns.modules.split(",") if ns.modules else tag_modules(tags) or ODOO_MODULES

    import odoo  # noqa: PLC0415
    from odoo.cli import server  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.service import server as service  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    report = {
        "modules": modules,
        "tests": {},
        "durations": {},
        "tags": tags,
    }

    def preload_registries(dbnames):
        rc = 0
        for dbname in dbnames:
            report["database"] = dbname
            threading.current_thread().dbname = dbname
            t0 = time.time()
            config["test_enable"] = False  # no at_install test while the registry loads
            try:
                registry = Registry.new(dbname)
            except Exception as exc:  # noqa: BLE001
                service._logger.critical(
                    "Failed to load database %s", dbname, exc_info=True
                )
                report["error"] = f"loading {dbname} failed: {exc}"
                return -1
            finally:
                config["test_enable"] = True
            report["durations"]["load"] = round(time.time() - t0, 1)
            if (
                registry._assertion_report is None
            ):  # made only when loaded with test_enable
                from odoo.tests.result import OdooTestResult  # noqa: PLC0415

                registry._assertion_report = OdooTestResult()
            missing = [m for m in modules if m not in registry._init_modules]
            if missing:
                report["error"] = (
                    f"modules not installed on {dbname}: {', '.join(missing)}"
                )
                service._logger.critical(report["error"])
                return -1
            for phase in PHASES:
                t0 = time.time()
                try:
                    _run_phase(registry, modules, phase, report["tests"])
                except Exception as exc:  # noqa: BLE001
                    service._logger.critical("%s tests stopped", phase, exc_info=True)
                    report["error"] = f"the {phase} tests stopped: {exc!r}"
                    return -1
                report["durations"][phase] = round(time.time() - t0, 1)
            if not registry._assertion_report.wasSuccessful():
                rc += 1
        return rc

    service.preload_registries = preload_registries
    rc = 0
    try:
        server.main([*args, "--test-enable", "--stop-after-init"])
    except SystemExit as stop:
        rc = stop.code or 0
    report["rc"] = rc
    Path(ns.report).write_text(json.dumps(report, indent=1, sort_keys=True))
    odoo.sql_db.close_all()
    sys.exit(rc)


# ------------------------------------------------------------------------- comparison
def load_departures(path=DEPARTURES):
    """``{test id: {"rule", "why", "expect", "section"}}`` from the departures file: a
    section
    names a test (``/module:Class.method``) or a class with its ``tests`` (method names,
    one a
    line); ``expect`` is a text the failure must show (the departure, not another
    error)."""
    parser = configparser.ConfigParser(interpolation=None)
    if not parser.read(path, encoding="utf-8"):
        raise FileNotFoundError(path)
    departures = {}
    for section_name in parser.sections():
        section = parser[section_name]
        missing = [
            k for k in ("rule", "why", "expect") if not section.get(k, "").strip()
        ]
        if missing:
            raise ValueError(f"{path}: [{section_name}] needs {', '.join(missing)}")
        entry = {k: " ".join(section[k].split()) for k in ("rule", "why", "expect")}
        entry["section"] = section_name
        methods = section.get("tests", "").split()
        ids = [f"{section_name}.{m}" for m in methods] if methods else [section_name]
        for test_id in ids:
            if test_id.count(":") != 1 or "." not in test_id.split(":")[1]:
                raise ValueError(
                    f"{path}: [{section_name}] names no test method ({test_id})"
                )
            departures[test_id] = entry
    return departures


def _last_line(message, width=300):
    """The exception a traceback ends with, on one line."""
    lines = [
        line.strip() for line in (message or "").strip().splitlines() if line.strip()
    ]
    heads = [
        i
        for i, line in enumerate(lines)
        if re.match(r"^[\w.]+(Error|Exception|Failure|Warning)\b:?", line)
    ]
    text = " ".join(lines[heads[-1] :]) if heads else (lines[-1] if lines else "")
    for noise in (
        "Uh-oh! Looks like you have stumbled upon some top-secret records. ",
        " If you really, really need access, perhaps you can win over your friendly "
        "administrator with a batch of freshly baked cookies.",
    ):
        text = text.replace(noise, "")
    return text if len(text) <= width else text[: width - 3] + "..."


def compare(with_suite, plain, departures):
    """Classify each test of the run with the suite against the plain run."""
    out = {
        "passed": [],
        "regressions": [],
        "departures": [],
        "both_fail": [],
        "skipped": [],
        "stale_departures": [],
        "plain_only_fail": [],
    }
    suite_tests = with_suite["tests"]
    plain_tests = plain["tests"]
    if with_suite.get("tags") != plain.get(
        "tags"
    ):  # a development run on some tests only
        plain_tests = {k: v for k, v in plain_tests.items() if k in suite_tests}
    for test_id in sorted(set(suite_tests) | set(plain_tests)):
        mine = suite_tests.get(test_id)
        base = plain_tests.get(test_id)
        departure = departures.get(test_id)
        if mine is None:
            out["regressions"].append((test_id, "did not run with the suite"))
            continue
        status = mine["status"]
        if status == "pass":
            out["passed"].append(test_id)
            if base and base["status"] != "pass":
                out["plain_only_fail"].append((test_id, _last_line(base["message"])))
            if departure:
                out["stale_departures"].append((test_id, "passes with the suite"))
            continue
        if status == "skip":
            out["skipped"].append((test_id, mine["message"]))
            continue
        reason = _last_line(mine["message"])
        if departure and departure["expect"] in mine["message"]:
            out["departures"].append((test_id, departure, reason))
        elif base is not None and base["status"] in ("fail", "error"):
            out["both_fail"].append((test_id, reason, _last_line(base["message"])))
        elif departure:
            out["regressions"].append(
                (
                    test_id,
                    f"{reason} (listed as a departure, but its failure does not show "
                    f"{departure['expect']!r})",
                )
            )
        else:
            out["regressions"].append((test_id, reason))
    if with_suite.get("tags") == plain.get("tags"):
        # every entry of a module whose tests all ran must be met
        ran = whole_modules(with_suite.get("tags")) & set(with_suite.get("modules", []))
        for test_id in departures:
            if test_id.split(":")[0][1:] in ran and test_id not in suite_tests:
                out["stale_departures"].append((test_id, "no such test"))
    return out


def print_comparison(result, files):
    p = print
    p("\n--- Odoo's own tests with the suite, compared with the same Odoo without it")
    p(f"    per-test results: {files[0]} (with the suite), {files[1]} (without)")
    p(f"{len(result['passed'])} pass with the suite")
    if result["departures"]:
        p(
            f"{len(result['departures'])} fail as documented in "
            f"tests/{DEPARTURES.name} "
            "(not counted):"
        )
        for test_id, departure, reason in result["departures"]:
            p(
                f"  DEPARTURE {test_id}\n      rule: {departure['rule']}\n      got: "
                f"{reason}"
            )
    if result["both_fail"]:
        p(
            f"{len(result['both_fail'])} fail without the suite too (Odoo's, not "
            "counted):"
        )
        for test_id, reason, base in result["both_fail"]:
            p(
                f"  BOTH {test_id}\n      with the suite: {reason}\n      without: "
                f"{base}"
            )
    if result["plain_only_fail"]:
        p(
            f"{len(result['plain_only_fail'])} fail only without the suite (counted as "
            "passed):"
        )
        for test_id, base in result["plain_only_fail"]:
            p(f"  PLAIN-ONLY {test_id}: {base}")
    if result["skipped"]:
        p(f"{len(result['skipped'])} skipped with the suite (counted as skipped):")
        for test_id, reason in result["skipped"]:
            p(f"  SKIPPED {test_id}: {reason}")
    if result["stale_departures"]:
        p(
            f"{len(result['stale_departures'])} entries of tests/{DEPARTURES.name} no "
            "longer "
            "met (remove them):"
        )
        for test_id, why in result["stale_departures"]:
            p(f"  STALE {test_id}: {why}")
    if result["regressions"]:
        p(f"{len(result['regressions'])} FAIL with the suite and pass without it:")
        for test_id, reason in result["regressions"]:
            p(f"  FAILED {test_id}: {reason}")
    else:
        p("No test of Odoo's that passes without the suite fails with it.")


def main(argv=None):
    """``python3 tests/core_suites.py compare WITH.json WITHOUT.json``: print a
    comparison."""
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("command", choices=["compare"])
    parser.add_argument("with_suite")
    parser.add_argument("plain")
    ns = parser.parse_args(argv)
    departures = load_departures()
    result = compare(
        json.loads(Path(ns.with_suite).read_text()),
        json.loads(Path(ns.plain).read_text()),
        departures,
    )
    print_comparison(result, (ns.with_suite, ns.plain))
    return (
        1
        if result["regressions"] or result["skipped"] or result["stale_departures"]
        else 0
    )


if __name__ == "__main__":
    sys.exit(main())
