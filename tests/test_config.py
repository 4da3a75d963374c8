"""Configuration files through the real CLI: discovery, extend, overrides, per-rule settings, errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jdlint
from jdlint.cli import app
from jdlint.config import Config, load_config

runner = CliRunner()
JARGON = "# About us\n\nWe run clinics.\n\n## Responsibilities\n\n- Utilize the booking system to leverage our data.\n"


def codes_in(output: str) -> list[str]:
    return [f["code"] for file in json.loads(output)["files"] for f in file.get("findings", [])]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "nurse.md").write_text(JARGON)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "--format", "json", *args])
    return result.exit_code, result.output


def test_pyproject_tool_table_selects_rules(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.jdlint]\nselect = ["JD1"]\n')
    status, output = check("jobs")
    assert status == 1
    assert set(codes_in(output)) == {"JD101"}


def test_pyproject_without_tool_table_is_not_a_config(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (project / ".jdlint.toml").write_text('select = ["JD3"]\n')
    _, output = check("jobs")
    assert set(codes_in(output)) == {"JD301"}


def test_closest_file_wins(project: Path) -> None:
    (project / ".jdlint.toml").write_text('select = ["JD1"]\n')
    (project / "jobs" / ".jdlint.toml").write_text('select = ["JD3"]\n')
    (project / "other.md").write_text(JARGON)
    _, output = check("jobs", "other.md")
    files = {f["path"]: {x["code"] for x in f["findings"]} for f in json.loads(output)["files"]}
    assert files[os.path.join("jobs", "nurse.md")] == {"JD301"}
    assert files["other.md"] == {"JD101"}


def test_extend_inherits_and_overrides(project: Path) -> None:
    (project / "base.toml").write_text('select = ["JD1", "JD3"]\nignore = ["JD301"]\n')
    (project / ".jdlint.toml").write_text('extend = "base.toml"\nallow-terms = ["leverage"]\n')
    _, output = check("jobs")
    found = codes_in(output)
    assert set(found) == {"JD101"}
    assert len(found) == 1  # 'Utilize' only: 'leverage' is allowed


def test_command_line_overrides_config(project: Path) -> None:
    (project / ".jdlint.toml").write_text('select = ["JD1"]\nfail-on = "error"\n')
    status, output = check("jobs")
    assert status == 0  # only warnings, and the file says fail on errors
    status, output = check("jobs", "--fail-on", "warning", "--select", "JD3")
    assert status == 1
    assert set(codes_in(output)) == {"JD301"}


def test_per_rule_severity_and_threshold(project: Path) -> None:
    long_bullet = " ".join(["word"] * 22)
    (project / "jobs" / "nurse.md").write_text(f"# About us\n\n- {long_bullet}.\n")
    (project / ".jdlint.toml").write_text(
        'select = ["JD403"]\n[rules.JD403]\nmax_words = 20\n[rules.long-sentence]\nseverity = "error"\n'
    )
    status, output = check("jobs", "--fail-on", "error")
    findings = json.loads(output)["files"][0]["findings"]
    assert status == 1
    assert [(f["code"], f["severity"]) for f in findings] == [("JD403", "error")]


def test_per_file_ignores(project: Path) -> None:
    (project / "jobs" / "template.md").write_text(JARGON)
    (project / ".jdlint.toml").write_text('select = ["JD1"]\n[per-file-ignores]\n"jobs/template.md" = ["JD101"]\n')
    _, output = check("jobs")
    files = {Path(f["path"]).name: len(f["findings"]) for f in json.loads(output)["files"]}
    assert files == {"nurse.md": 2, "template.md": 0}


def test_exclude_applies_to_walks_and_named_files(project: Path) -> None:
    (project / "jobs" / "old").mkdir()
    (project / "jobs" / "old" / "legacy.md").write_text(JARGON)
    (project / ".jdlint.toml").write_text('exclude = ["old/"]\n')
    _, output = check("jobs", "--select", "JD1")
    assert [Path(f["path"]).name for f in json.loads(output)["files"]] == ["nurse.md"]
    _, output = check("jobs/old/legacy.md", "--select", "JD1")
    assert json.loads(output)["files"] == []


def test_extend_rules_adds_a_team_rule(project: Path) -> None:
    team = project / "team-rules"
    team.mkdir()
    (team / "house.toml").write_text(
        """
[[rule]]
code = "ACM001"
name = "say-clinic"
kind = "patterns"
severity = "warning"
summary = "Our house style says clinic"
message = "Write 'clinic', not '{match}'."
suggestion = "{advice}"
why = "House style."
[rule.params]
patterns = [{ pattern = '\\bsurgery\\b', what = "a UK word", advice = "Write 'clinic'." }]
[rule.examples]
bad = ["Visit our surgery."]
good = ["Visit our clinic."]
"""
    )
    (project / "jobs" / "nurse.md").write_text("# About us\n\nVisit our surgery today.\n")
    (project / ".jdlint.toml").write_text('extend-rules = ["team-rules"]\nselect = ["ACM"]\n')
    status, output = check("jobs")
    assert status == 1
    assert codes_in(output) == ["ACM001"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("colour = 1\n", "unknown key 'colour'"),
        ('select = "JD1"\n', "'select' must be a list of strings"),
        ('select = ["JD999"]\n', "'select': unknown rule code or name 'JD999'"),
        ('fail-on = "fatal"\n', "'fail-on': unknown severity 'fatal'"),
        ('[rules.JD401]\nmax_grade = "ten"\n', "[rules.JD401]: parameter 'max_grade' has the wrong type (str)"),
        ("[rules.JD401]\nmax_grde = 10\n", "[rules.JD401]: unknown parameter 'max_grde'"),
        ('[rules.JD777]\nseverity = "error"\n', "[rules.JD777]: unknown rule"),
        ('[rules.JD101]\nseverity = "loud"\n', "[rules.JD101] 'severity': unknown severity 'loud'"),
        ('[per-file-ignores]\n"*.md" = ["JD99"]\n', "'per-file-ignores' '*.md': unknown rule code or name 'JD99'"),
        ('extend = "missing.toml"\n', "'extend' names 'missing.toml', which is not a file"),
        ('extend-rules = ["nowhere"]\n', "'extend-rules' names 'nowhere', which is not a folder"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_configuration_is_one_line_exit_2(project: Path, content: str, message: str) -> None:
    (project / ".jdlint.toml").write_text(content)
    result = runner.invoke(app, ["check", "jobs"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"jdlint: error: {project / '.jdlint.toml'}")
    assert message in lines[0]


def test_extend_loop_is_an_error(project: Path) -> None:
    (project / "a.toml").write_text('extend = "b.toml"\n')
    (project / "b.toml").write_text('extend = "a.toml"\n')
    result = runner.invoke(app, ["check", "jobs", "--config", "a.toml"])
    assert result.exit_code == 2
    assert "'extend' loops back" in result.output


def test_isolated_ignores_config_and_config_flag_picks_one(project: Path) -> None:
    (project / ".jdlint.toml").write_text("colour = 1\n")
    assert runner.invoke(app, ["check", "jobs", "--isolated"]).exit_code == 1  # findings, config not read
    (project / "strict.toml").write_text('select = ["JD3"]\n')
    _, output = check("jobs", "--config", "strict.toml")
    assert set(codes_in(output)) == {"JD301"}


def test_config_command_prints_effective_settings(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.jdlint]\nignore = ["JD4"]\n[tool.jdlint.rules.JD101]\nseverity = "error"\n'
    )
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0
    assert f"# configuration file: {project / 'pyproject.toml'}" in result.output
    assert 'ignore = ["JD4"]' in result.output
    assert '[rules.JD101]  # corporate-jargon\nseverity = "error"' in result.output
    assert "[rules.JD401]" not in result.output


def test_api_uses_the_same_configuration(project: Path) -> None:
    (project / ".jdlint.toml").write_text('select = ["JD1"]\n')
    results = jdlint.lint_paths(["jobs"])
    assert [f.code for f in results[0].findings] == ["JD101", "JD101"]
    explicit = jdlint.lint_text(JARGON, config=project / ".jdlint.toml")
    assert [f.code for f in explicit.findings] == ["JD101", "JD101"]
    default = jdlint.lint_text(JARGON)
    assert "JD301" in [f.code for f in default.findings]
    custom = jdlint.lint_text(JARGON, config=Config(select=("JD101",), allow_terms=("utilize",)))
    assert [f.match for f in custom.findings] == ["leverage"]


def test_load_config_reads_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.jdlint]\nallow-acronyms = ["EHR"]\nprofile = "default"\n')
    config = load_config(tmp_path / "pyproject.toml")
    assert config.allow_acronyms == ("EHR",)
    assert config.root == tmp_path.absolute()


def test_jurisdictions_feed_every_pay_rule(project: Path) -> None:
    (project / "jobs" / "nurse.md").write_text(JARGON + "\n## Pay\n\nCompetitive salary.\n")
    (project / ".jdlint.toml").write_text('select = ["JD7"]\njurisdictions = ["US-CO"]\n')
    _, output = check("jobs")
    findings = json.loads(output)["files"][0]["findings"]
    assert any("Colorado" in f["message"] + f["suggestion"] for f in findings), findings
    (project / ".jdlint.toml").write_text('select = ["JD7"]\njurisdictions = ["XX-ZZ"]\n')
    result = runner.invoke(app, ["check", "jobs"])
    assert result.exit_code == 2
    assert "XX-ZZ" in result.output
