"""The test command runs the lint (`make lint`: the OCA's checks of
.pre-commit-config.yaml) and fails when it fails (issue #19).

``make test`` passes ``--each``; a development run skips the lint unless ``--lint`` is
given. pre-commit is not run here (it takes minutes): its exit code is stubbed.
"""

import subprocess
from unittest import mock

import pytest

from . import runner


class Stop(Exception):
    """Ends cmd_test at the first step after the lint."""


def _call(codes, calls):
    """A stand-in for subprocess.call: the exit code of each command by its first
    distinctive word (import of pre_commit, pip, pre_commit run)."""

    def call(args, **kwargs):
        calls.append(list(args))
        if "-c" in args:
            return codes["import"]
        if "pip" in args:
            return codes["pip"]
        return codes["run"]

    return call


def test_lint_problem_when_a_hook_fails():
    """issue #19: a failing pre-commit run is a problem of the test command; a passing
    one is none; pre-commit is installed when the Python in use lacks it."""
    calls = []
    codes = {"import": 0, "pip": 0, "run": 1}
    with mock.patch.object(subprocess, "call", _call(codes, calls)):
        problems = runner.run_lint()
    assert problems == ["the lint failed (make lint, exit 1)"]
    run = calls[-1]
    assert run[1:] == [
        "-m",
        "pre_commit",
        "run",
        "--all-files",
        "--show-diff-on-failure",
    ]
    assert not any("pip" in args for args in calls)

    calls.clear()
    codes.update(run=0, **{"import": 1})
    with mock.patch.object(subprocess, "call", _call(codes, calls)):
        assert runner.run_lint() == []
    assert any("pip" in args and "pre-commit>=3.7" in args for args in calls)

    codes.update(pip=2)
    with mock.patch.object(subprocess, "call", _call(codes, calls)):
        assert runner.run_lint() == [
            "lint: pre-commit could not be installed (pip exit 2)"
        ]


@pytest.mark.parametrize(
    "flags, linted",
    [(["--each"], True), (["--lint"], True), ([], False), (["--tags", "/x"], False)],
)
def test_test_command_lints_with_each(flags, linted):
    """issue #19: `make test` (--each) and --lint run the lint first; a development
    run does not. The command line is the runner's own (main()), up to its first step
    after the lint."""
    lint = mock.Mock(return_value=["linted"])
    with (
        mock.patch.object(runner.bootstrap, "reexec_in_venv"),
        mock.patch.object(runner, "odoo_env", return_value={}),
        mock.patch.object(runner, "check_postgres"),
        mock.patch.object(runner, "check_browser"),
        mock.patch.object(runner, "run_lint", lint),
        mock.patch.object(runner, "install_each_alone", side_effect=Stop),
        mock.patch.object(runner, "drop_database", side_effect=Stop),
        mock.patch.object(runner, "database_exists", return_value=False),
        pytest.raises(Stop),
    ):
        runner.main(["test", "--database", "coop_lint_step", *flags])
    assert lint.called == linted
