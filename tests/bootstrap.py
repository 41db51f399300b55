"""Odoo 18.0 for the Coop CRM suite on a machine that has only Python and PostgreSQL.

``make setup`` (``tests/runner.py setup``) calls :func:`setup`. When the Python in use
imports Odoo 18.0, or ``ODOO_PATH`` names an Odoo source tree, only the suite's own
Python
packages are installed into that Python. Otherwise everything goes under ``var/``:

- ``var/odoo``: Odoo's source, a shallow clone of ``ODOO_REPO`` (default: Odoo's
official
  repository) at ``ODOO_REF`` (a branch, tag or commit; default: ``18.0``);
- ``var/venv``: a virtual environment with Odoo's requirements (with the fixes below),
the
  suite's requirements, and a ``.pth`` file that makes ``var/odoo`` importable.

Every command of ``tests/runner.py`` then runs in ``var/venv`` (:func:`reexec_in_venv`).
Removing ``var/`` undoes all of it (it also holds the test and demo databases' files).

Fixes to Odoo's ``requirements.txt`` (pins that do not install from wheels on a fresh
environment): ``psycopg2`` becomes ``psycopg2-binary`` of the same version (no compiler
or
libpq headers needed); ``cbor2==5.4.2`` needs ``pkg_resources`` to build, which fresh
environments lack: 5.6.x installs from wheels; ``python-ldap`` is left out (it only
serves
the ``auth_ldap`` addon and needs OpenLDAP's headers to build).
"""

# pylint: disable=print-used  # a command-line program: it reports on its output

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REPO = "https://github.com/odoo/odoo.git"
DEFAULT_REF = "18.0"
REPORT_XLSX = "odoo-addon-report_xlsx>=18.0,<18.1"
PIP_QUIET = ["--quiet", "--disable-pip-version-check"]


def var_dir():
    """``var/`` of the repository, or ``COOP_VAR`` (the bootstrap test uses a temporary
    one)."""
    return Path(os.environ.get("COOP_VAR") or ROOT / "var").resolve()


def venv_python(var=None):
    return (var or var_dir()) / "venv" / "bin" / "python"


def odoo_importable(python, env=None):
    """True when ``python`` imports Odoo itself (not only a namespace left by an
    addon)."""
    probe = subprocess.run(
        [str(python), "-c", "import odoo.release"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.returncode == 0


class Step:
    """Prints what is being done, then how long it took (or that it failed)."""

    def __init__(self, what):
        self.what = what

    def __enter__(self):
        print(f"--- {self.what} ...", flush=True)
        self.start = time.monotonic()
        return self

    def __exit__(self, exc_type, exc, tb):
        took = time.monotonic() - self.start
        state = "failed" if exc_type else "done"
        print(f"--- {self.what}: {state} in {took:.0f} s", flush=True)
        return False


class BootstrapError(Exception):
    """A step failed; the message says what to do."""


def run(cmd, what, cwd=None, env=None):
    proc = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        tail = "\n    ".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        raise BootstrapError(f"{what} failed (exit {proc.returncode}):\n    {tail}")
    return proc.stdout


def fixed_requirements(text):
    """Odoo's requirements.txt with the fixes described in the module's docstring."""
    lines = []
    for line in text.splitlines():
        name = re.split(r"[=<>!~;\s\[]", line.strip(), maxsplit=1)[0].lower()
        if name == "python-ldap":
            continue
        if name == "psycopg2":
            line = re.sub(r"^\s*psycopg2\b", "psycopg2-binary", line)
        elif name == "cbor2":
            line = re.sub(r"cbor2==5\.4\.\d+", "cbor2==5.6.2", line)
        lines.append(line)
    return "\n".join(lines) + "\n"


def fetch_odoo(target, repo, ref):
    """Shallow clone of ``repo`` at ``ref`` (branch, tag or commit) into ``target``."""
    marker = target / ".coop-source"
    wanted = f"{repo} {ref}"
    if marker.exists() and marker.read_text().strip() == wanted:
        print(f"--- Odoo source: {target} already holds {ref} of {repo}", flush=True)
        return
    if shutil.which("git") is None:
        raise BootstrapError(
            "git is needed to fetch Odoo's source: install it (apt-get install git)."
        )
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with Step(f"fetching Odoo {ref} from {repo} into {target} (shallow)"):
        try:
            run(["git", "init", "--quiet"], "git init", cwd=target)
            run(
                ["git", "fetch", "--quiet", "--depth", "1", repo, ref],
                f"fetching {ref} from {repo}",
                cwd=target,
            )
            run(
                ["git", "checkout", "--quiet", "FETCH_HEAD"], "git checkout", cwd=target
            )
        except BootstrapError as error:
            shutil.rmtree(target, ignore_errors=True)
            raise BootstrapError(
                f"{error}\n  Check that ODOO_REPO ({repo}) is reachable and holds "
                f"ODOO_REF ({ref}),"
                "\n"
                "  or install Odoo 18.0 yourself and set ODOO_PATH to its source tree."
            ) from None
    if not (target / "odoo" / "release.py").exists():
        raise BootstrapError(
            f"{repo} at {ref} holds no Odoo source tree (no odoo/release.py)."
        )
    version = re.search(
        r"version_info = \((\d+), (\d+)", (target / "odoo" / "release.py").read_text()
    )
    if not version or version.groups() != ("18", "0"):
        found = ".".join(version.groups()) if version else "an unknown version"
        raise BootstrapError(
            f"{repo} at {ref} holds Odoo {found}; this suite needs Odoo 18.0."
        )
    marker.write_text(wanted + "\n")


def bootstrap(var, repo, ref, python=sys.executable):
    """Create ``var/venv`` with Odoo from ``var/odoo``; return the environment's
    Python."""
    if sys.version_info < (3, 10) or sys.version_info >= (3, 13):
        print(
            "WARNING: Odoo 18.0 supports Python 3.10 to 3.12; this is "
            f"{sys.version.split()[0]}.",
            flush=True,
        )
    var.mkdir(parents=True, exist_ok=True)
    source = var / "odoo"
    fetch_odoo(source, repo, ref)
    venv = var / "venv"
    py = venv / "bin" / "python"
    if not py.exists():
        with Step(f"creating the virtual environment {venv}"):
            run([python, "-m", "venv", venv], "python -m venv")
    requirements = var / "odoo-requirements.txt"
    requirements.write_text(
        fixed_requirements((source / "requirements.txt").read_text())
    )
    with Step("installing Odoo's requirements (fixed pins: see tests/bootstrap.py)"):
        run(
            [py, "-m", "pip", "install", *PIP_QUIET, "-r", requirements],
            "pip install of Odoo's requirements",
        )
    # Odoo importable from its source, without a build: a .pth line puts var/odoo on
    # sys.path (after site-packages, so that report_xlsx's odoo/addons namespace joins
    # Odoo's).
    purelib = run(
        [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        "locating site-packages",
    ).strip()
    (Path(purelib) / "coop-odoo-source.pth").write_text(str(source) + "\n")
    install_suite_requirements(py)
    if not odoo_importable(py):
        raise BootstrapError(f"{py} still cannot import Odoo from {source}.")
    return py


def install_suite_requirements(python):
    with Step(f"installing the suite's Python requirements into {python}"):
        run(
            [
                python,
                "-m",
                "pip",
                "install",
                *PIP_QUIET,
                "-r",
                ROOT / "requirements.txt",
            ],
            "pip install -r requirements.txt",
        )
        # report_xlsx's metadata requires the `odoo` distribution, which a source tree
        # does not register: --no-deps (its only need, xlsxwriter, is in
        # requirements.txt)
        run(
            [python, "-m", "pip", "install", *PIP_QUIET, "--no-deps", REPORT_XLSX],
            "pip install of OCA's report_xlsx",
        )


def setup(force_bootstrap=False):
    """``make setup``: the suite's requirements, and Odoo itself when none is there."""
    env = dict(os.environ)
    if not force_bootstrap and (
        env.get("ODOO_PATH") or odoo_importable(sys.executable)
    ):
        install_suite_requirements(sys.executable)
        return sys.executable
    var = var_dir()
    repo = env.get("ODOO_REPO") or DEFAULT_REPO
    ref = env.get("ODOO_REF") or DEFAULT_REF
    why = (
        "asked for (--bootstrap)"
        if force_bootstrap
        else f"Odoo 18.0 is not importable by {sys.executable} and ODOO_PATH is not set"
    )
    print(
        f"{why}: setting Odoo up under {var} (remove that folder to undo).", flush=True
    )
    start = time.monotonic()
    py = bootstrap(var, repo, ref)
    print(f"Odoo 18.0 ready in {py} ({time.monotonic() - start:.0f} s).", flush=True)
    return py


def reexec_in_venv(argv):
    """Run this command again in ``var/venv`` when the Python in use has no Odoo of its
    own.

    An importable Odoo or ``ODOO_PATH`` takes precedence; so does running in that
    environment already.
    """
    py = venv_python()
    if os.environ.get("ODOO_PATH") or not py.exists():
        return
    if Path(sys.prefix).resolve() == py.parent.parent.resolve():
        return
    if odoo_importable(sys.executable):
        return
    os.execv(str(py), [str(py), *argv])


if __name__ == "__main__":  # pragma: no cover - manual use
    try:
        setup(force_bootstrap="--force" in sys.argv)
    except BootstrapError as error:
        print(f"\nERROR: {error}\n", file=sys.stderr)
        sys.exit(2)
