"""The pre-commit hook, run by the real pre-commit tool against a throwaway git repository.

The hook repository is a copy of this checkout's working tree committed with a
fixed author and date, so identical content gives the same commit and
pre-commit reuses the hook's environment between runs (PRE_COMMIT_HOME is kept
in the user's cache folder).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FIXED = {
    "GIT_AUTHOR_NAME": "jdlint tests",
    "GIT_AUTHOR_EMAIL": "tests@jdlint.invalid",
    "GIT_COMMITTER_NAME": "jdlint tests",
    "GIT_COMMITTER_EMAIL": "tests@jdlint.invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00+00:00",
}
WARNINGS_ONLY = "# About us\n\nWe run three clinics.\n\n## Responsibilities\n\n- Utilize the booking system.\n"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **FIXED})


def make_hook_repo(target: Path) -> Path:
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, target / name)
    for folder in ("jdlint", "rules"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "hook repo")
    return target


def try_repo(project: Path, hook_repo: Path) -> subprocess.Popen[str]:
    """Start ``pre-commit try-repo`` (each run installs the hook in its own temporary store)."""
    return subprocess.Popen(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "jdlint", "--all-files", "--color", "never"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def make_project(folder: Path, config: str | None) -> Path:
    folder.mkdir()
    (folder / "jobs").mkdir()
    (folder / "jobs" / "receptionist.md").write_text(WARNINGS_ONLY)
    (folder / "README.md").write_text("# Our jobs\n\nWe utilize this repository for postings.\n")
    if config is not None:
        (folder / ".jdlint.toml").write_text(config)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    return folder


def test_hook_fails_on_warnings_and_respects_fail_on(tmp_path: Path) -> None:
    (tmp_path / "hook").mkdir()
    hook_repo = make_hook_repo(tmp_path / "hook")
    strict = make_project(tmp_path / "strict", None)
    lenient = make_project(tmp_path / "lenient", 'fail-on = "error"\n')
    # Both runs install the hook from scratch, so run them side by side.
    runs = [try_repo(strict, hook_repo), try_repo(lenient, hook_repo)]
    (failing, failing_out), (passing, passing_out) = ((run, run.communicate(timeout=900)[0]) for run in runs)

    assert failing.returncode == 1, failing_out
    assert "jobs/receptionist.md:7:3: JD101 [*] warning 'Utilize' is jargon." in failing_out
    assert "README.md:" not in failing_out  # the hook's exclude pattern skips it

    assert passing.returncode == 0, passing_out
    # verbose: true in the hook keeps warnings visible when the hook passes.
    assert "JD101 [*] warning 'Utilize' is jargon." in passing_out
