"""Which files get checked: folders, globs, stdin, .gitignore; and baselines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jdlint.cli import app
from tests.conftest import ROOT

runner = CliRunner()
JARGON = "# About us\n\nWe run clinics.\n\n## Responsibilities\n\n- Utilize the booking system.\n"


def checked(*args: str) -> list[str]:
    result = runner.invoke(app, ["check", "--format", "json", "--select", "JD1", *args])
    assert result.exit_code in (0, 1), result.output
    return [f["path"] for f in json.loads(result.output)["files"]]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("jobs/a.md", "jobs/b.txt", "jobs/deep/c.markdown", "jobs/notes.pdf", "jobs/README.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(JARGON)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_folder_walk_finds_only_job_descriptions(tree: Path) -> None:
    assert checked("jobs") == ["jobs/a.md", "jobs/b.txt", "jobs/deep/c.markdown"]


def test_glob_patterns(tree: Path) -> None:
    assert checked("jobs/*.md") == ["jobs/a.md"]
    assert checked("jobs/**/*.markdown") == ["jobs/deep/c.markdown"]
    result = runner.invoke(app, ["check", "jobs/*.docx"])
    assert result.exit_code == 2
    assert "the pattern matches no file" in result.output


def test_gitignored_files_are_skipped_in_walks(tree: Path) -> None:
    (tree / ".git").mkdir()
    (tree / ".gitignore").write_text("deep/\n*.txt\n")
    assert checked("jobs") == ["jobs/a.md"]
    (tree / "jobs" / ".gitignore").write_text("!b.txt\n")  # a deeper file re-includes
    assert checked("jobs") == ["jobs/a.md", "jobs/b.txt"]
    assert checked("jobs/deep/c.markdown") == ["jobs/deep/c.markdown"]  # named files are always checked


def test_exclude_flag(tree: Path) -> None:
    assert checked("jobs", "--exclude", "deep,*.txt") == ["jobs/a.md"]


def piped(text: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``jdlint check ARGS`` in a real process with ``text`` on standard input."""
    return subprocess.run(
        [sys.executable, "-m", "jdlint", "check", *args],
        input=text.encode(),
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )


def test_stdin_with_a_filename() -> None:
    result = piped(JARGON, "-", "--stdin-filename", "drafts/nurse.md", "--format", "concise")
    assert result.returncode == 1
    assert "drafts/nurse.md:7:3: JD101 'Utilize' is jargon." in result.stdout.decode()


def test_stdin_plain_text_and_errors() -> None:
    result = runner.invoke(
        app, ["check", "-", "--stdin-filename", "x.txt", "--select", "JD1"], input="We utilize it.\n"
    )
    assert result.exit_code == 1
    result = runner.invoke(app, ["check", "-", "corpus"], input="x")
    assert result.exit_code == 2
    assert "cannot be combined" in result.output
    result = runner.invoke(app, ["check", "-"], input="")
    assert result.exit_code == 2
    assert "is empty" in result.output


def test_no_paths_is_a_usage_error() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert "no paths given" in result.output


def test_baseline_reports_only_new_findings(tree: Path) -> None:
    write = runner.invoke(app, ["check", "jobs", "--select", "JD1", "--write-baseline", "baseline.json"])
    assert write.exit_code == 0
    saved = json.loads((tree / "baseline.json").read_text())
    assert {"path": "jobs/a.md", "code": "JD101", "match": "Utilize", "count": 1} in saved["findings"]

    clean = runner.invoke(app, ["check", "jobs", "--select", "JD1", "--baseline", "baseline.json"])
    assert clean.exit_code == 0, clean.output

    # An edit elsewhere moves the old finding down; only the new jargon is reported.
    (tree / "jobs" / "a.md").write_text("# Welcome\n\nWe leverage data.\n\n" + JARGON)
    again = runner.invoke(
        app, ["check", "jobs", "--select", "JD1", "--baseline", "baseline.json", "--format", "concise"]
    )
    assert again.exit_code == 1
    assert again.output.strip().splitlines() == ["jobs/a.md:3:4: JD101 'leverage' is jargon."]


def test_baseline_counts_repeats(tree: Path) -> None:
    runner.invoke(app, ["check", "jobs/a.md", "--select", "JD1", "--write-baseline", "b.json"])
    (tree / "jobs" / "a.md").write_text(JARGON + "- Utilize the phone.\n")
    result = runner.invoke(app, ["check", "jobs/a.md", "--select", "JD1", "--baseline", "b.json", "-f", "concise"])
    assert result.output.strip().splitlines() == ["jobs/a.md:8:3: JD101 'Utilize' is jargon."]


def test_bad_baseline_is_exit_2(tree: Path) -> None:
    (tree / "b.json").write_text("{not json")
    result = runner.invoke(app, ["check", "jobs", "--baseline", "b.json"])
    assert result.exit_code == 2
    assert "not a jdlint baseline" in result.output
    result = runner.invoke(app, ["check", "jobs", "--baseline", "b.json", "--write-baseline", "c.json"])
    assert result.exit_code == 2
    assert "cannot be used together" in result.output


@pytest.mark.parametrize("force_terminal", [True, False])
def test_progress_bar_only_on_a_terminal(tmp_path: Path, force_terminal: bool) -> None:
    for i in range(10):
        (tmp_path / f"job{i}.md").write_text(JARGON)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    if force_terminal:
        env["FORCE_COLOR"] = "1"  # rich then treats stderr as a terminal
    result = subprocess.run(
        [sys.executable, "-m", "jdlint", "check", str(tmp_path), "--select", "JD1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert ("checking" in result.stderr) is force_terminal
    assert "10 files checked" in result.stdout


def test_fix_on_stdin_writes_the_fixed_text_to_stdout() -> None:
    text = "# About us\n\nWe run clinics.\n\n## Responsibilities\n\n- Utilize the booking system in order to plan.\n"
    result = piped(text, "--fix", "-", "--stdin-filename", "draft.md", "--select", "JD1")
    assert result.stdout.decode() == text.replace("Utilize", "Use").replace("in order to", "to")
    assert "Fixed 2 findings in 1 file." in result.stderr.decode()
    assert result.returncode == 0
    diff = piped(text, "--diff", "-", "--select", "JD1")
    assert diff.returncode == 1
    assert "-- Utilize the booking system in order to plan." in diff.stdout.decode()
    assert "+- Use the booking system to plan." in diff.stdout.decode()


def test_write_baseline_still_reports_unreadable_files(tree: Path) -> None:
    (tree / "jobs" / "broken.md").write_bytes(b"\x89PNG\x00\x00")
    result = runner.invoke(app, ["check", "jobs", "--select", "JD1", "--write-baseline", "b.json"])
    assert result.exit_code == 2
    assert "broken.md: looks like a binary file" in result.output
    assert (tree / "b.json").is_file()
