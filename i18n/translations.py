#!/usr/bin/env python3
"""Translation workflow of the suite (SPEC X-2).

    python3 i18n/translations.py export   # regenerate each addon's i18n/<addon>.pot
                                          # from a database where the addons are
                                          # installed, and merge it into fr.po / ar.po
    python3 i18n/translations.py check    # report missing, fuzzy and placeholder errors

``export`` needs the database named by ``--database`` (default ``coop_demo``,
the one ``make demo`` builds) and the same Odoo/PostgreSQL set-up as the other
commands. ``check`` only reads the files; it exits 1 when a .po is incomplete,
has fuzzy entries or placeholders that do not match the English source.
"""

# pylint: disable=print-used  # a command-line program: it reports on its output

import argparse
import re
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from suite_addons import ADDONS  # noqa: E402  (tests/suite_addons.py: the one list)

LANGS = ["fr", "ar"]
PLACEHOLDER = re.compile(r"%\([a-zA-Z_]+\)[sdrf]|%[sdrf]|\{[a-zA-Z_0-9]*\}")


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text or ""))


def check_po(path):
    """Return the list of problems of one .po file."""
    problems = []
    po = polib.pofile(str(path))
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{path.relative_to(ROOT)}: {entry.msgid[:60]!r}"
        if not entry.msgstr:
            problems.append(f"{where}: not translated")
        elif "fuzzy" in entry.flags:
            problems.append(f"{where}: fuzzy")
        elif placeholders(entry.msgid) != placeholders(entry.msgstr):
            problems.append(
                f"{where}: placeholders {placeholders(entry.msgid)} "
                f"!= {placeholders(entry.msgstr)}"
            )
    return problems


def cmd_check(_ns):
    problems = []
    for addon in ADDONS:
        for lang in LANGS:
            path = ROOT / addon / "i18n" / f"{lang}.po"
            if not path.exists():
                problems.append(f"{path.relative_to(ROOT)}: missing")
                continue
            problems += check_po(path)
    for line in problems:
        print(line)
    print(f"{len(problems)} translation problems")
    return 1 if problems else 0


def cmd_export(ns):
    sys.path.insert(0, str(ROOT / "tests"))
    import runner  # noqa: PLC0415

    env = runner.odoo_env()
    conf = runner.odoo_config(env, ns.database)
    for addon in ADDONS:
        pot = ROOT / addon / "i18n" / f"{addon}.pot"
        pot.parent.mkdir(exist_ok=True)
        rc = subprocess.call(
            [
                sys.executable,
                str(Path(runner.__file__)),
                "_odoo",
                "--",
                "-c",
                str(conf),
                "-d",
                ns.database,
                f"--i18n-export={pot}",
                f"--modules={addon}",
                "--log-level=warn",
            ],
            env=env,
            cwd=ROOT,
        )
        if rc:
            print(f"export of {addon} failed ({rc})")
            return rc
        template = polib.pofile(str(pot))
        if not len(template):
            subprocess.call(["git", "checkout", "--", str(pot)], cwd=ROOT)
            print(
                f"{addon}: no term exported: is it installed in {ns.database}? Left as "
                "it was."
            )
            continue
        for lang in LANGS:
            path = pot.parent / f"{lang}.po"
            po = polib.pofile(str(path)) if path.exists() else polib.POFile()
            if not path.exists():
                po.metadata = dict(template.metadata, Language=lang)
            po.merge(template)
            for entry in po.obsolete_entries():  # terms the code no longer has
                po.remove(entry)
            po.save(str(path))
        print(f"{addon}: {len(template)} terms")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export")
    export.add_argument("--database", default="coop_demo")
    export.set_defaults(func=cmd_export)
    check = sub.add_parser("check")
    check.set_defaults(func=cmd_check)
    ns = parser.parse_args()
    sys.exit(ns.func(ns))


if __name__ == "__main__":
    main()
