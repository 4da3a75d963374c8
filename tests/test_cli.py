"""The command line through typer's runner and real subprocesses: output, exit codes, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jdlint.cli import app
from tests.conftest import ROOT

runner = CliRunner()
CLEAN = str(ROOT / "corpus" / "clean" / "warehouse-team-lead.md")
CASE_MANAGER = str(ROOT / "corpus" / "case-manager.md")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jdlint", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        timeout=120,
    )


def test_clean_file_exits_0() -> None:
    result = runner.invoke(app, ["check", CLEAN])
    assert result.exit_code == 0, result.output
    assert "0 findings" in result.output


def test_findings_exit_1_with_location_code_and_suggestion() -> None:
    result = runner.invoke(app, ["check", CASE_MANAGER])
    assert result.exit_code == 1
    assert "case-manager.md:" in result.output
    assert "JD201" in result.output and "Certified Case Manager (CCM)" in result.output
    assert "→" in result.output


def test_fail_on_error_ignores_warnings() -> None:
    result = runner.invoke(app, ["check", CASE_MANAGER, "--fail-on", "error", "--ignore", "JD601"])
    assert result.exit_code == 0, result.output


def test_fail_on_suggestion_is_stricter(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", CLEAN, "--fail-on", "suggestion"])
    assert result.exit_code == 0


def test_select_limits_rules() -> None:
    result = runner.invoke(app, ["check", CASE_MANAGER, "--select", "JD2", "--format", "json"])
    payload = json.loads(result.output)
    assert {f["code"] for f in payload["files"][0]["findings"]} == {"JD201"}


def test_json_contract() -> None:
    result = runner.invoke(app, ["check", CASE_MANAGER, "--format", "json"])
    payload = json.loads(result.output)
    assert payload["version"] == 1
    (file,) = payload["files"]
    assert set(file) == {"path", "sections", "scores", "score", "gender_balance", "findings"}
    assert {"key", "heading", "line", "words"} <= set(file["sections"][0])
    assert {"flesch_kincaid_grade", "flesch_reading_ease", "words", "sentences", "words_per_sentence"} <= set(
        file["scores"]
    )
    expected = {
        "code",
        "name",
        "severity",
        "message",
        "suggestion",
        "line",
        "column",
        "end_line",
        "end_column",
        "match",
    }
    for finding in file["findings"]:
        assert expected <= set(finding)
    acronyms = [f for f in file["findings"] if f["code"] == "JD201"]
    assert {f["match"] for f in acronyms} >= {"CCM", "ACM"}
    assert payload["summary"]["files"] == 1 and payload["summary"]["failed"] is True


def test_rules_and_explain() -> None:
    listed = runner.invoke(app, ["rules"])
    assert listed.exit_code == 0 and "JD201" in listed.output and "unexplained-acronym" in listed.output
    explained = runner.invoke(app, ["explain", "JD201"])
    assert explained.exit_code == 0
    for heading in ("What it flags", "Why", "Example (flagged)", "Use instead", "Fix"):
        assert heading in explained.output
    assert runner.invoke(app, ["explain", "unexplained-acronym"]).exit_code == 0


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: p / "missing.md", "no such file"),
        (lambda p: p, "no job description files"),
        (lambda p: _write(p / "bin.md", b"\x00\x01\x02binary"), "binary"),
        (lambda p: _write(p / "latin.md", b"Caf\xe9 \x81\x8d staff"), "not UTF-8"),
        (lambda p: _write(p / "empty.md", b""), "empty"),
        (lambda p: _write(p / "blank.md", b"  \n\n \t\n"), "empty"),
    ],
    ids=["missing", "no-jds", "binary", "not-utf8", "empty", "whitespace"],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    path = setup(tmp_path)
    before = path.read_bytes() if path.is_file() else None
    result = run_cli("check", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    if before is not None:
        assert path.read_bytes() == before


def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    path = _write(tmp_path / "locked.md", b"# Job\n")
    path.chmod(0)
    result = run_cli("check", str(path))
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_unknown_rule_and_bad_option_exit_2() -> None:
    assert runner.invoke(app, ["check", CLEAN, "--select", "JD999"]).exit_code == 2
    assert runner.invoke(app, ["check", CLEAN, "--fail-on", "loud"]).exit_code == 2
    assert runner.invoke(app, ["explain", "JD999"]).exit_code == 2


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    text = Path(CLEAN).read_bytes()
    path = _write(tmp_path / "bom.md", b"\xef\xbb\xbf" + text)
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0


def test_no_colour_when_not_a_terminal_or_no_color() -> None:
    result = run_cli("check", CASE_MANAGER, env={"NO_COLOR": "1", "FORCE_COLOR": ""})
    assert "\x1b[" not in result.stdout
    assert result.returncode == 1


def test_python_dash_m_and_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("jdlint ")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
