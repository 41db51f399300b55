"""The README's commands on a machine without Odoo, and the addons as wheels.

``make setup`` fetches Odoo 18.0 from ``ODOO_REPO`` at ``ODOO_REF`` into ``var/`` and
creates a virtual environment there when the Python in use has no Odoo
(tests/bootstrap.py).
Here it runs, forced, into a temporary folder, from a local git repository made from the
Odoo source in use (no network access to Odoo's repository is needed). Then the four
addons
are built as wheels (whool, as the OCA does) and installed into that environment, where
Odoo
finds them without the repository on its addons path.
"""

import os
import subprocess
import sys
from pathlib import Path

import odoo

from .suite_addons import ADDONS

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import importlib, sys
import odoo
from odoo.tools import config
from odoo.modules.module import get_modules, get_module_path
expected_source, addons_path = sys.argv[1], sys.argv[2]
assert odoo.release.version_info[:2] == (18, 0), odoo.release.version_info
assert odoo.__file__.startswith(expected_source), (odoo.__file__, expected_source)
config.parse_config(["--addons-path", addons_path])
modules = set(get_modules())
for name in {addons}:
    assert name in modules, (name, "not found by Odoo")
    importlib.import_module("odoo.addons." + name)
    print(name, get_module_path(name))
"""


def git(*args, cwd=None, env=None):
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def run(args, env, cwd=None):
    """Run a command of the test; it must succeed (its output is the failure's
    message). Returns the completed process."""
    done = subprocess.run(
        args, env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def make_odoo_repository(target):
    """A bare git repository whose branch 18.0 holds the Odoo source tree in use."""
    source = Path(odoo.__file__).resolve().parent.parent
    env = dict(
        os.environ,
        GIT_DIR=str(target),
        GIT_WORK_TREE=str(source),
        GIT_AUTHOR_NAME="test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="test",
        GIT_COMMITTER_EMAIL="test@example.com",
    )
    git("init", "--quiet", "--bare", str(target))
    git("symbolic-ref", "HEAD", "refs/heads/18.0", env=env)
    # the source's own .gitignore (if any) applies; build leftovers stay out
    git("add", "--all", ".", ":(exclude)*.egg-info", env=env, cwd=source)
    git("commit", "--quiet", "-m", "Odoo 18.0 source in use", env=env, cwd=source)


def test_setup_bootstraps_odoo_and_wheels_install(tmp_path):
    """X-8, issue #19: without an importable Odoo, ``make setup`` fetches Odoo 18.0 at
    ODOO_REF from ODOO_REPO into var/, creates var/venv with Odoo's requirements (fixed
    pins) and the suite's, and Odoo imports there with the suite's addons; the addons'
    wheels install into that environment and Odoo finds them through its addons path."""
    repo = tmp_path / "odoo.git"
    make_odoo_repository(repo)
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k not in ("ODOO_PATH", "PYTHONPATH")}
    env.update(COOP_VAR=str(var), ODOO_REPO=str(repo), ODOO_REF="18.0")
    runner = [sys.executable, str(ROOT / "tests" / "runner.py")]

    setup = run([*runner, "setup", "--bootstrap"], env, cwd=ROOT)
    output = setup.stdout + setup.stderr
    # progress is shown, step by step, with the time each took
    assert f"--- fetching Odoo 18.0 from {repo}" in output, output
    assert "--- installing Odoo's requirements" in output, output
    assert " done in " in output, output
    assert "Odoo 18.0 importable; PostgreSQL reachable" in output, output
    python = var / "venv" / "bin" / "python"
    assert python.exists()
    assert "python-ldap" not in (var / "odoo-requirements.txt").read_text()

    source = var / "odoo"
    odoo_addons = f"{source / 'odoo' / 'addons'},{source / 'addons'}"
    run(
        [
            str(python),
            "-c",
            CHECK.format(addons=ADDONS),
            str(source),
            f"{ROOT},{odoo_addons}",
        ],
        env,
    )

    # a second run finds everything in place and fetches nothing
    again = run([*runner, "setup", "--bootstrap"], env, cwd=ROOT)
    assert "already holds 18.0" in again.stdout, again.stdout

    # wheels, as `make wheels` builds them, into the new environment
    dist = tmp_path / "dist"
    run(
        [
            str(python),
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(dist),
            *(f"./{a}" for a in ADDONS),
        ],
        env,
        cwd=ROOT,
    )
    wheels = sorted(p.name for p in dist.glob("*.whl"))
    assert [w.split("-")[0] for w in wheels] == sorted(
        f"odoo_addon_{a}" for a in ADDONS
    ), wheels
    run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            *(str(p) for p in dist.glob("*.whl")),
        ],
        env,
    )
    # the repository is not on the addons path now: Odoo finds the installed wheels
    found = run(
        [str(python), "-c", CHECK.format(addons=ADDONS), str(source), odoo_addons],
        env,
        cwd=tmp_path,
    )
    for line in found.stdout.splitlines():
        assert "site-packages" in line, line
