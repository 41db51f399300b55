#!/usr/bin/env python3
"""Command runner of the Coop CRM suite: demo server, test suite, checks.

Used through the Makefile (``make demo``, ``make test``); it can be called
directly too: ``python3 tests/runner.py --help``.

Odoo 18.0 is found as an importable ``odoo`` package, or in the source tree
named by ``ODOO_PATH``, or else in the environment that ``setup`` creates under
``var/`` (tests/bootstrap.py: Odoo's source fetched from ``ODOO_REPO`` at
``ODOO_REF``). PostgreSQL is reached through the usual ``PG*`` variables
(``PGHOST``, ``PGPORT``, ``PGUSER``, ``PGPASSWORD``) or the local socket.
"""

# pylint: disable=print-used  # a command-line program: it reports on its output

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bootstrap  # noqa: E402  (tests/bootstrap.py: Odoo under var/ when none is installed)
import core_suites  # noqa: E402  (tests/core_suites.py: Odoo's own tests with and without the suite)
from suite_addons import (  # noqa: E402  (tests/suite_addons.py: the one list)
    ADDONS,
    DEMO_MODULES,
)

ROOT = Path(__file__).resolve().parent.parent
VAR = bootstrap.var_dir()
ODOO_DOCS = (
    "https://www.odoo.com/documentation/18.0/administration/on_premise/source.html"
)


def fail(message, code=2):
    print(f"\nERROR: {message}\n", file=sys.stderr, flush=True)
    sys.exit(code)


# --------------------------------------------------------------------------- discovery
def odoo_env():
    """Environment in which ``import odoo`` gives Odoo 18.0, or exit with advice."""
    env = dict(os.environ)
    odoo_path = env.get("ODOO_PATH")
    if odoo_path:
        odoo_path = str(Path(odoo_path).expanduser().resolve())
        if not (Path(odoo_path) / "odoo" / "__init__.py").exists():
            fail(
                f"ODOO_PATH={odoo_path} does not hold an Odoo source tree (no "
                "odoo/__init__.py)."
            )
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [odoo_path, env.get("PYTHONPATH")])
        )
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, odoo.release as r; print(r.version_info[0], "
            "os.path.dirname(os.path.dirname(r.__file__)))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0 and "unknown location" in probe.stderr:
        fail(
            "`import odoo` finds only a namespace package (site-packages/odoo, left "
            "there by\n"
            "  an Odoo addon installed from PyPI, such as report_xlsx) and not Odoo "
            "itself:\n"
            "  Odoo was installed in pip's default editable mode. Reinstall it with\n"
            "    pip install -e <odoo source tree> --config-settings "
            "editable_mode=compat\n"
            "  or point ODOO_PATH at the source tree."
        )
    if probe.returncode != 0:
        stderr = probe.stderr.strip()
        said = stderr.splitlines()[-1] if stderr else "nothing"
        fail(
            "Odoo 18.0 Community is not importable by "
            f"{sys.executable}.\n"
            "  `make setup` sets it up under var/ (a shallow clone of ODOO_REPO at "
            "ODOO_REF and a\n"
            "  virtual environment); or install Odoo 18.0 from its sources as its "
            "documentation\n"
            f"  says ({ODOO_DOCS}),\n"
            "  then either `pip install -e <odoo source tree> --config-settings "
            "editable_mode=compat`\n"
            "  (after its requirements.txt) or point ODOO_PATH at that source tree.\n"
            f"  (python said: {said})"
        )
    major, source = probe.stdout.split(maxsplit=1)
    if major != "18":
        fail(f"Odoo {major} found; this suite needs Odoo 18.0. See {ODOO_DOCS}")
    env["COOP_ODOO_ADDONS"] = os.pathsep.join(
        str(p)
        for p in (
            Path(source.strip()) / "addons",
            Path(source.strip()) / "odoo" / "addons",
        )
        if p.is_dir()
    )
    return env


def pg_params():
    params = {
        "db_host": os.environ.get("PGHOST", ""),
        "db_port": os.environ.get("PGPORT", ""),
        "db_user": os.environ.get("PGUSER", ""),
        "db_password": os.environ.get("PGPASSWORD", ""),
    }
    return params


def check_postgres(env):
    code = (
        "import psycopg2, os\n"
        "kw = {k: v for k, v in dict(host=os.environ.get('PGHOST'), "
        "port=os.environ.get('PGPORT'), user=os.environ.get('PGUSER'), "
        "password=os.environ.get('PGPASSWORD')).items() if v}\n"
        "c = psycopg2.connect(dbname='postgres', **kw)\n"
        "cur = c.cursor(); cur.execute('select current_user, rolcreatedb from pg_roles "
        "where rolname = current_user')\n"
        "print(*cur.fetchone())\n"
    )
    probe = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        fail(
            "PostgreSQL is not reachable:\n  "
            + " ".join(line.strip() for line in probe.stderr.strip().splitlines()[-2:])
            + "\n"
            "  Install and start PostgreSQL (Debian: `apt-get install postgresql`), "
            "then create a\n"
            "  role for your user that may create databases:\n"
            "    sudo -u postgres createuser --createdb $USER\n"
            "  Odoo refuses to run as the `postgres` role. Point "
            "PGHOST/PGPORT/PGUSER/PGPASSWORD\n"
            "  at another server if needed."
        )
    user, createdb = probe.stdout.split()
    if user == "postgres":
        fail(
            "Odoo refuses to connect as the `postgres` role: set PGUSER to another "
            "role "
            "(`sudo -u postgres createuser --createdb $USER`)."
        )
    return user


def odoo_config(env, db, extra=None):
    """Write an Odoo configuration file for ``db`` and return its path."""
    VAR.mkdir(exist_ok=True)
    conf = VAR / f"odoo-{db}.conf"
    addons_path = ",".join([str(ROOT), *env["COOP_ODOO_ADDONS"].split(os.pathsep)])
    lines = [
        "[options]",
        f"addons_path = {addons_path}",
        f"db_name = {db}",
        f"db_filter = ^{db}$",
        f"data_dir = {VAR / 'filestore'}",
        "list_db = False",
    ]
    lines += [f"{k} = {v}" for k, v in pg_params().items() if v]
    lines += [f"{k} = {v}" for k, v in (extra or {}).items()]
    conf.write_text("\n".join(lines) + "\n")
    return conf


def demo_modules(env):
    """The Odoo modules of ``DEMO_MODULES`` found in Odoo's addons path: installed with
    the suite by the demo command (and the test command with --demo-modules), for its
    demo data (its books)."""
    dirs = env["COOP_ODOO_ADDONS"].split(os.pathsep)
    return [
        module
        for module in DEMO_MODULES
        if any((Path(d) / module / "__manifest__.py").exists() for d in dirs)
    ]


def run_odoo(env, args, report=None):
    """Run Odoo in a child process (see ``odoo_child``); return its exit code and
    report."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "_odoo"]
    if report:
        cmd += ["--report", str(report)]
    cmd += ["--", *args]
    rc = subprocess.call(cmd, env=env, cwd=ROOT)
    data = (
        json.loads(Path(report).read_text())
        if report and Path(report).exists()
        else None
    )
    return rc, data


def odoo_child(argv):
    """Child process: run Odoo's own server command, then dump its test report as
    JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--report")
    parser.add_argument("odoo_args", nargs=argparse.REMAINDER)
    ns = parser.parse_args(argv)
    args = [a for a in ns.odoo_args if a != "--"]
    import odoo  # noqa: PLC0415
    from odoo.cli import server  # noqa: PLC0415

    rc = 0
    try:
        server.main(args)
    except SystemExit as stop:
        rc = stop.code or 0
    if ns.report:
        from odoo.modules.registry import Registry  # noqa: PLC0415

        data = {"rc": rc, "tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for registry in Registry.registries.d.values():
            report = registry._assertion_report
            data["tests"] += report.testsRun
            data["failures"] += report.failures_count
            data["errors"] += report.errors_count
            data["skipped"] += report.skipped
        Path(ns.report).write_text(json.dumps(data))
    odoo.sql_db.close_all()
    sys.exit(rc)


def drop_database(env, db):
    code = (
        "import psycopg2, os, sys\n"
        "kw = {k: v for k, v in dict(host=os.environ.get('PGHOST'), "
        "port=os.environ.get('PGPORT'), user=os.environ.get('PGUSER'), "
        "password=os.environ.get('PGPASSWORD')).items() if v}\n"
        "c = psycopg2.connect(dbname='postgres', **kw); c.autocommit = True\n"
        "cur = c.cursor()\n"
        "cur.execute('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
        "datname = %s', (sys.argv[1],))\n"
        "cur.execute('DROP DATABASE IF EXISTS \"%s\"' % sys.argv[1])\n"
    )
    subprocess.run([sys.executable, "-c", code, db], env=env, check=True)
    filestore = VAR / "filestore" / "filestore" / db
    if filestore.exists():
        subprocess.run(["rm", "-rf", str(filestore)], check=True)


def database_exists(env, db):
    code = (
        "import psycopg2, os, sys\n"
        "kw = {k: v for k, v in dict(host=os.environ.get('PGHOST'), "
        "port=os.environ.get('PGPORT'), user=os.environ.get('PGUSER'), "
        "password=os.environ.get('PGPASSWORD')).items() if v}\n"
        "c = psycopg2.connect(dbname='postgres', **kw)\n"
        "cur = c.cursor(); cur.execute('select 1 from pg_database where datname = %s', "
        "(sys.argv[1],))\n"
        "print('yes' if cur.fetchone() else 'no')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, db],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip() == "yes"


# --------------------------------------------------------------------------- browser
def check_browser(env):
    """Odoo skips browser tests without Chromium and websocket-client: refuse to
    start."""
    missing = []
    if not any(
        Path(p).exists()
        for p in (
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome",
        )
    ):
        missing.append("Debian's `chromium` package (apt-get install chromium)")
    probe = subprocess.run(
        [sys.executable, "-c", "import websocket"],
        env=env,
        capture_output=True,
        check=False,
    )
    if probe.returncode:
        missing.append(
            "the `websocket-client` Python package (pip install -r requirements.txt)"
        )
    if not shutil.which("rtlcss"):
        missing.append(
            "`rtlcss` (npm install -g rtlcss), which Odoo needs for right-to-left "
            "(Arabic) screens"
        )
    if missing:
        fail(
            "browser tests need "
            + " and ".join(missing)
            + "; without them Odoo skips them "
            "or shows Arabic left to right."
        )


# --------------------------------------------------------------------------- commands
LOG_HANDLERS = [
    ":WARNING",
    "odoo.service.server:INFO",
    "odoo.tests:INFO",
    "odoo.tests.stats:WARNING",
]


def cmd_demo(ns):
    env = odoo_env()
    check_postgres(env)
    db = ns.database
    conf = odoo_config(env, db, {"http_port": ns.port})
    if ns.reset and database_exists(env, db):
        drop_database(env, db)
    if not database_exists(env, db):
        print(
            f"Creating database {db} with the suite and its demo data ...", flush=True
        )
        # French and Arabic loaded, so that each user can switch the interface
        rc, _ = run_odoo(
            env,
            [
                "-c",
                str(conf),
                "-i",
                ",".join([*ADDONS, *demo_modules(env)]),
                "--stop-after-init",
                "--load-language=fr_FR,ar_001",
                "--log-level=warn",
                "--log-handler=odoo.modules.loading:INFO",
            ],
        )
        if rc:
            fail(f"installing the suite on {db} failed (exit {rc}).", rc)
    print(
        f"\nOdoo with the Coop CRM suite: http://localhost:{ns.port}  (database {db})\n"
        "Log in as admin / admin (all cooperatives), union@coop.example / union (union "
        "manager),\n"
        "argan@coop.example / argan (a cooperative's user). Stop with Ctrl+C.\n",
        flush=True,
    )
    os.execve(
        sys.executable,
        [sys.executable, str(Path(__file__).resolve()), "_odoo", "--", "-c", str(conf)],
        env,
    )


def run_pytest(env, db, conf, junit):
    args = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        str(ROOT / "setup.cfg"),
        str(ROOT / "tests"),
        f"--odoo-config={conf}",
        f"--odoo-database={db}",
        "--odoo-http",
        f"--junitxml={junit}",
    ]
    rc = subprocess.call(args, env=env, cwd=ROOT)
    # count test functions (testcase elements): the suite's "tests" attribute also
    # counts each subTest, which would inflate the figures
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if Path(junit).exists():
        for case in ET.parse(junit).getroot().iter("testcase"):
            counts["tests"] += 1
            if case.find("error") is not None:
                counts["errors"] += 1
            elif case.find("failure") is not None:
                counts["failures"] += 1
            elif case.find("skipped") is not None:
                counts["skipped"] += 1
    return rc, counts


def run_sql(env, db, query, params=None):
    """Run one statement on ``db``; return its rows (if it returns any)."""
    code = (
        "import json, psycopg2, os, sys\n"
        "kw = {k: v for k, v in dict(host=os.environ.get('PGHOST'), "
        "port=os.environ.get('PGPORT'), user=os.environ.get('PGUSER'), "
        "password=os.environ.get('PGPASSWORD')).items() if v}\n"
        "c = psycopg2.connect(dbname=sys.argv[1], **kw); c.autocommit = True\n"
        "cur = c.cursor(); cur.execute(sys.argv[2], json.loads(sys.argv[3]))\n"
        "print(json.dumps(cur.fetchall() if cur.description else []))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, db, query, json.dumps(params or [])],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def copy_database(env, source, target):
    """``target`` as a copy of ``source`` (PostgreSQL template), with its filestore."""
    drop_database(env, target)
    code = (
        "import psycopg2, os, sys\n"
        "kw = {k: v for k, v in dict(host=os.environ.get('PGHOST'), "
        "port=os.environ.get('PGPORT'), user=os.environ.get('PGUSER'), "
        "password=os.environ.get('PGPASSWORD')).items() if v}\n"
        "c = psycopg2.connect(dbname='postgres', **kw); c.autocommit = True\n"
        "cur = c.cursor()\n"
        "cur.execute('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
        "datname = %s', (sys.argv[1],))\n"
        'cur.execute(\'CREATE DATABASE "%s" TEMPLATE "%s"\' % (sys.argv[2], '
        "sys.argv[1]))\n"
    )
    subprocess.run([sys.executable, "-c", code, source, target], env=env, check=True)
    filestore = VAR / "filestore" / "filestore"
    if (filestore / source).exists():
        shutil.copytree(filestore / source, filestore / target)


def run_odoo_suites(env, ns, db, plain_db, keep, plain_report_kept=False):
    """Odoo's own tests of loyalty, sale_loyalty, event, survey and calendar on a
    database
    with the suite and on ``plain_db`` (the same Odoo modules without the suite, created
    here unless kept from an earlier run), compared (tests/core_suites.py). Returns the
    counts that go into the totals and the problems found.

    The database with the suite, ``<db>_odoo_suite``, is a copy of ``plain_db`` on which
    the four addons are installed without their demo data: both databases hold the same
    Odoo modules and the same Odoo demo data, the only difference is the suite's code
    and
    rules. (The suite's demo moves the administrator to the union, which Odoo's own
    tests,
    written for one company, do not expect.)"""
    tags = ns.odoo_tags or core_suites.default_tags()
    problems = []
    reports = {}
    suite_db = f"{db}_odoo_suite"
    plain_conf = odoo_config(env, plain_db)
    if not (keep and database_exists(env, plain_db)):
        modules = core_suites.plain_modules(
            ADDONS, env["COOP_ODOO_ADDONS"].split(os.pathsep)
        )
        drop_database(env, plain_db)
        print(
            f"\n=== install the Odoo modules the suite depends on, without the suite, "
            f"with demo data, on {plain_db}: {', '.join(modules)}",
            flush=True,
        )
        t0 = time.time()
        rc, _ = run_odoo(
            env,
            [
                "-c",
                str(plain_conf),
                "-i",
                ",".join(modules),
                "--stop-after-init",
                "--log-level=warn",
            ],
        )
        print(f"(installed in {time.time() - t0:.0f} s)", flush=True)
        if rc:
            problems.append(
                f"installing Odoo's modules on {plain_db} failed (exit {rc})"
            )
            return {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}, problems
    print(
        f"\n=== {suite_db}: a copy of {plain_db} with the four addons installed, "
        "without "
        "their demo data",
        flush=True,
    )
    t0 = time.time()
    copy_database(env, plain_db, suite_db)
    suite_conf = odoo_config(env, suite_db)
    # Odoo gives a new module demo data when its dependencies have some, whatever
    # --without-demo says once the database exists: the modules' flags are lowered for
    # the install of the suite, then put back
    had_demo = run_sql(
        env,
        suite_db,
        "UPDATE ir_module_module SET demo = false " "WHERE demo RETURNING name",
    )
    rc, _ = run_odoo(
        env,
        [
            "-c",
            str(suite_conf),
            "-i",
            ",".join(ADDONS),
            "--stop-after-init",
            "--log-level=warn",
        ],
    )
    run_sql(
        env,
        suite_db,
        "UPDATE ir_module_module SET demo = true WHERE name = ANY(%s)",
        [[name for (name,) in had_demo]],
    )
    print(f"(installed in {time.time() - t0:.0f} s)", flush=True)
    if rc:
        problems.append(f"installing the suite on {suite_db} failed (exit {rc})")
        return {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}, problems
    for label, target, conf in (
        ("with the suite", suite_db, suite_conf),
        ("without the suite", plain_db, plain_conf),
    ):
        report = VAR / f"odoo-suites-{target}.json"
        if target == plain_db and plain_report_kept and report.exists():
            print(f"\n=== results without the suite kept from an earlier run: {report}")
            reports[target] = json.loads(report.read_text())
            break
        report.unlink(missing_ok=True)
        print(
            f"\n=== Odoo's own tests of {tags} {label}, on the fully loaded registry "
            "of "
            f"{target} (at_install then post_install, HttpCase included)",
            flush=True,
        )
        logs = [
            *(
                LOG_HANDLERS
                if target == suite_db
                else [":ERROR", "odoo.service.server:INFO"]
            ),
            "werkzeug:WARNING",
        ]
        t0 = time.time()
        subprocess.call(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "_odoo_suites",
                "--report",
                str(report),
                "--",
                "-c",
                str(conf),
                f"--test-tags={tags}",
                "--http-port",
                str(ns.port),
                *(f"--log-handler={h}" for h in logs),
            ],
            env=env,
            cwd=ROOT,
        )
        data = json.loads(report.read_text()) if report.exists() else None
        if data is None or data.get("error"):
            problems.append(
                f"Odoo's own tests {label} did not run on {target}: "
                f"{(data or {}).get('error', 'no report')}"
            )
            return {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}, problems
        statuses = [t["status"] for t in data["tests"].values()]
        print(
            f"({len(statuses)} tests in {time.time() - t0:.0f} s: "
            + ", ".join(
                f"{statuses.count(s)} {s}" for s in ("pass", "fail", "error", "skip")
            )
            + f"; {data['durations']})",
            flush=True,
        )
        reports[target] = data
    db = suite_db
    departures = core_suites.load_departures()
    result = core_suites.compare(reports[db], reports[plain_db], departures)
    core_suites.print_comparison(
        result, [VAR / f"odoo-suites-{t}.json" for t in (db, plain_db)]
    )
    counts = {
        "tests": len(result["passed"])
        + len(result["regressions"])
        + len(result["skipped"]),
        "failures": len(result["regressions"]),
        "errors": 0,
        "skipped": len(result["skipped"]),
    }
    print(
        f"\nOdoo's own tests: {len(result['passed'])} passed, {counts['failures']} "
        "failed, "
        f"{counts['skipped']} skipped; not counted: {len(result['departures'])} "
        "documented "
        f"departures, {len(result['both_fail'])} failing without the suite too",
        flush=True,
    )
    if result["stale_departures"]:
        problems.append(
            f"{len(result['stale_departures'])} entries of "
            f"tests/{core_suites.DEPARTURES.name} are not met any more"
        )
    if not keep:
        drop_database(env, plain_db)
        drop_database(env, suite_db)
    return counts, problems


def cmd_odoo_suites(ns):
    """Only the comparison of Odoo's own tests, on kept databases: for development."""
    env = odoo_env()
    check_postgres(env)
    check_browser(env)
    db = ns.database
    counts, problems = run_odoo_suites(
        env, ns, db, ns.plain_database or f"{db}_odoo", True, ns.plain_kept
    )
    if counts["failures"] or counts["skipped"]:
        problems.append(f"{counts['failures']} failed, {counts['skipped']} skipped")
    print(
        "\n" + "\n".join(f"PROBLEM: {p}" for p in problems)
        if problems
        else "\nNo problem."
    )
    sys.exit(1 if problems else 0)


def run_lint():
    """The OCA's checks of .pre-commit-config.yaml on every file, as ``make lint`` runs
    them (pre-commit goes into the Python in use when it is missing): the problems."""
    print(
        "\n=== lint: the OCA's checks of .pre-commit-config.yaml on every file "
        "(make lint)",
        flush=True,
    )
    started = time.monotonic()
    python = sys.executable
    if subprocess.call(
        [python, "-c", "import pre_commit"], stderr=subprocess.DEVNULL, cwd=ROOT
    ):
        print(f"installing pre-commit into {python}", flush=True)
        rc = subprocess.call(
            [
                python,
                *("-m", "pip", "install", "--quiet", "--disable-pip-version-check"),
                "pre-commit>=3.7",
            ]
        )
        if rc:
            return [f"lint: pre-commit could not be installed (pip exit {rc})"]
    rc = subprocess.call(
        [python, "-m", "pre_commit", "run", "--all-files", "--show-diff-on-failure"],
        cwd=ROOT,
    )
    elapsed = time.monotonic() - started
    if rc:
        print(
            f"\nlint: failed ({elapsed:.0f} s): the hooks marked Failed above; their "
            "fixers may have rewritten files (see the diff)",
            flush=True,
        )
        return [f"the lint failed (make lint, exit {rc})"]
    print(f"\nlint: every check passed ({elapsed:.0f} s)", flush=True)
    return []


def install_each_alone(env, db):
    """Every addon installs alone, with only its declared dependencies: the problems."""
    problems = []
    for addon in ADDONS:
        single = f"{db}_{addon}"
        drop_database(env, single)
        conf = odoo_config(env, single)
        print(f"\n=== install {addon} alone on a fresh database", flush=True)
        rc, _ = run_odoo(
            env,
            ["-c", str(conf), "-i", addon, "--stop-after-init", "--log-level=warn"],
        )
        if rc:
            problems.append(f"{addon} does not install alone (exit {rc})")
        drop_database(env, single)
    return problems


def cmd_test(ns):
    env = odoo_env()
    check_postgres(env)
    check_browser(env)
    db = ns.database
    VAR.mkdir(exist_ok=True)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    problems = []

    if ns.each or ns.lint:
        problems += run_lint()
    if ns.each:
        problems += install_each_alone(env, db)

    reuse = ns.reuse and database_exists(env, db)
    if not reuse:
        drop_database(env, db)
    conf = odoo_config(env, db)
    report = VAR / f"odoo-{db}-report.json"
    report.unlink(missing_ok=True)
    addons = ns.addons.split(",") if ns.addons else ADDONS
    tags = ",".join(f"/{a}" for a in addons)
    print(
        f"\n=== install {', '.join(addons)} with demo data on {db} and run their tests "
        "(Odoo's runner: at_install, post_install, HttpCase tours)",
        flush=True,
    )
    # --demo-modules: a fresh database gets the modules of the demo's books too (their
    # own tests are not run)
    installed = (
        addons if reuse or not ns.demo_modules else [*addons, *demo_modules(env)]
    )
    args = [
        "-c",
        str(conf),
        "-u" if reuse else "-i",
        ",".join(installed),
        "--stop-after-init",
        "--test-enable",
        f"--test-tags={ns.tags or tags}",
        "--http-port",
        str(ns.port),
        *(f"--log-handler={h}" for h in LOG_HANDLERS),
    ]
    rc, data = run_odoo(env, args, report)
    if data is None:
        problems.append(f"Odoo's run ended without a test report (exit {rc})")
    else:
        print(
            f"\nOdoo runner: {data['tests']} tests, {data['failures']} failed, "
            f"{data['errors']} errors, {data['skipped']} skipped",
            flush=True,
        )
        for key in totals:
            totals[key] += data[key]
        if rc:
            problems.append(f"Odoo exited with {rc}")

    if not (ns.tags or ns.addons or ns.no_odoo_suites) and data is not None:
        counts, more = run_odoo_suites(
            env, ns, db, ns.plain_database or f"{db}_odoo", ns.keep or ns.reuse
        )
        problems += more
        for key in totals:
            totals[key] += counts[key]

    if not (ns.tags or ns.addons):
        print("\n=== cross-module tests in tests/ (pytest-odoo)", flush=True)
        junit = VAR / f"pytest-{db}-junit.xml"
        junit.unlink(missing_ok=True)
        prc, counts = run_pytest(env, db, conf, junit)
        print(
            f"\npytest-odoo: {counts['tests']} tests, {counts['failures']} failed, "
            f"{counts['errors']} errors, {counts['skipped']} skipped",
            flush=True,
        )
        for key in totals:
            totals[key] += counts[key]
        if prc not in (0,) and not (counts["failures"] or counts["errors"]):
            problems.append(f"pytest exited with {prc}")

    failed = totals["failures"] + totals["errors"]
    passed = totals["tests"] - failed - totals["skipped"]
    if failed:
        problems.append(f"{failed} tests failed or errored")
    if totals["skipped"]:
        problems.append(
            f"{totals['skipped']} tests were skipped (a skipped test is a missing test)"
        )
    if not totals["tests"]:
        problems.append("no test ran")
    print(
        "\n" + "\n".join(f"PROBLEM: {p}" for p in problems)
        if problems
        else "\nAll tests passed."
    )
    print(
        f"\ntotal: {passed} passed, {failed} failed, {totals['skipped']} skipped",
        flush=True,
    )
    if not (ns.keep or ns.reuse):
        drop_database(env, db)
    sys.exit(1 if problems else 0)


def cmd_setup(ns):
    try:
        python = bootstrap.setup(force_bootstrap=ns.bootstrap)
    except bootstrap.BootstrapError as error:
        fail(str(error))
    if python != sys.executable:
        # the new environment checks what follows (Odoo's version, PostgreSQL)
        sys.exit(subprocess.call([str(python), str(Path(__file__).resolve()), "check"]))
    cmd_check(ns)


def cmd_check(_ns):
    env = odoo_env()
    user = check_postgres(env)
    print(f"Odoo 18.0 importable; PostgreSQL reachable as role {user}.")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_odoo"]:
        return odoo_child(argv[1:])
    if argv[:1] == ["_odoo_suites"]:
        return core_suites.run_child(argv[1:])
    if argv[:1] != ["setup"]:
        bootstrap.reexec_in_venv([str(Path(__file__).resolve()), *argv])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    setup = sub.add_parser(
        "setup",
        help="install the suite's Python requirements; when no Odoo 18.0 is "
        "importable and ODOO_PATH is not set, first fetch Odoo (ODOO_REPO at ODOO_REF) "
        "and create a virtual environment under var/",
    )
    setup.add_argument(
        "--bootstrap",
        action="store_true",
        help="set Odoo up under var/ even if one is importable",
    )
    setup.set_defaults(func=cmd_setup)
    check = sub.add_parser(
        "check", help="check that Odoo 18.0 and PostgreSQL are there"
    )
    check.set_defaults(func=cmd_check)
    demo = sub.add_parser(
        "demo", help="install the suite with demo data and start Odoo"
    )
    demo.add_argument("--database", default=os.environ.get("COOP_DEMO_DB", "coop_demo"))
    demo.add_argument("--port", default=os.environ.get("COOP_HTTP_PORT", "8069"))
    demo.add_argument(
        "--reset", action="store_true", help="drop and recreate the database"
    )
    demo.set_defaults(func=cmd_demo)
    test = sub.add_parser("test", help="run the whole test suite on a fresh database")
    test.add_argument("--database", default=os.environ.get("COOP_TEST_DB", "coop_test"))
    test.add_argument("--port", default=os.environ.get("COOP_TEST_HTTP_PORT", "8169"))
    test.add_argument(
        "--each",
        action="store_true",
        help="also run the lint (make lint) and install every addon alone on its own "
        "fresh database (make test)",
    )
    test.add_argument(
        "--lint",
        action="store_true",
        help="also run the lint (make lint) first, as --each does: for development",
    )
    test.add_argument(
        "--tags", help="only these Odoo test tags (skips tests/): for development"
    )
    test.add_argument(
        "--addons",
        help="comma-separated addons to install and test instead of "
        "all four (skips tests/): for development",
    )
    test.add_argument(
        "--reuse",
        action="store_true",
        help="update the addons on the existing database instead of a fresh one "
        "(implies --keep): for development",
    )
    test.add_argument(
        "--keep", action="store_true", help="keep the test database afterwards"
    )
    test.add_argument(
        "--demo-modules",
        action="store_true",
        help="also install "
        + ", ".join(DEMO_MODULES)
        + " as `make demo` does (the demo cooperatives' books on the Moroccan "
        "chart); without it their books are on Odoo's generic chart",
    )
    test.add_argument(
        "--plain-database",
        help="database of Odoo without the suite for the comparison of Odoo's own "
        "tests (default: <database>_odoo)",
    )
    test.add_argument(
        "--no-odoo-suites",
        action="store_true",
        help="skip the comparison of Odoo's own tests: for development",
    )
    test.set_defaults(func=cmd_test, odoo_tags=None)
    suites = sub.add_parser(
        "odoo-suites",
        help="only the comparison of Odoo's own tests of loyalty, sale_loyalty, "
        "event, survey and calendar with and without the suite, on kept databases",
    )
    suites.add_argument(
        "--database",
        default=os.environ.get("COOP_TEST_DB", "coop_test"),
        help="database with the suite (installed here if missing)",
    )
    suites.add_argument(
        "--plain-database",
        help="database without the suite (default: <database>_odoo; "
        "created here if missing)",
    )
    suites.add_argument("--port", default=os.environ.get("COOP_TEST_HTTP_PORT", "8169"))
    suites.add_argument(
        "--update",
        action="store_true",
        help="update the four addons on the database with the suite first",
    )
    suites.add_argument(
        "--odoo-tags",
        help="only these of Odoo's tests, e.g. "
        "/event:TestEventRegistrationPhone (default: the five modules)",
    )
    suites.add_argument(
        "--plain-kept",
        action="store_true",
        help="compare with the results without the suite of the last run "
        "(var/odoo-suites-<plain database>.json) instead of running them again",
    )
    suites.set_defaults(func=cmd_odoo_suites)
    ns = parser.parse_args(argv)
    return ns.func(ns)


if __name__ == "__main__":
    main()
