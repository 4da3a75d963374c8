"""SARIF (validated against the OASIS schema), GitHub annotations, concise lines, --output, --statistics."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jdlint.cli import app
from jdlint.report import json as json_report
from tests.conftest import ROOT

runner = CliRunner()
CASE_MANAGER = str(ROOT / "corpus" / "case-manager.md")
CLEAN = str(ROOT / "corpus" / "clean" / "warehouse-team-lead.md")
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args], env=env)
    return result.exit_code, result.output


def json_findings(*paths: str) -> list[dict[str, object]]:
    _, output = invoke(*paths, "--format", "json")
    return [f for file in json.loads(output)["files"] for f in file["findings"]]


def test_sarif_is_valid_against_the_official_schema() -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is not present")
    import jsonschema

    status, output = invoke(CASE_MANAGER, "--format", "sarif")
    assert status == 1
    log = json.loads(output)
    schema = json.loads(SARIF_SCHEMA.read_text())
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(log), key=str)
    assert not errors, errors[0].message


def test_sarif_carries_rules_with_help_and_located_results() -> None:
    _, output = invoke(CASE_MANAGER, "--format", "sarif")
    run = json.loads(output)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids) and "JD201" in ids
    jd201 = rules[ids.index("JD201")]
    assert jd201["name"] == "unexplained-acronym"
    assert jd201["help"]["text"] and jd201["defaultConfiguration"]["level"] == "warning"
    ccm = next(r for r in run["results"] if r["ruleId"] == "JD201")
    assert ids[ccm["ruleIndex"]] == "JD201"
    region = ccm["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (38, 3)
    assert "Certified Case Manager (CCM)" in ccm["message"]["text"]


def test_github_annotations() -> None:
    _, output = invoke(CASE_MANAGER, "--format", "github")
    lines = output.strip().splitlines()
    assert any(
        line.startswith("::warning file=") and ",line=38,col=3," in line and "title=JD201 unexplained-acronym::" in line
        for line in lines
    )
    assert any(line.startswith("::error ") and "JD601" in line for line in lines)
    assert any(line.startswith("::notice ") for line in lines)  # suggestions
    assert all(line.startswith("::") for line in lines)


def test_github_is_the_default_under_github_actions() -> None:
    _, output = invoke(CASE_MANAGER, env={"GITHUB_ACTIONS": "true"})
    assert output.startswith("::")
    _, output = invoke(CASE_MANAGER, "--format", "text", env={"GITHUB_ACTIONS": "true"})
    assert not output.startswith("::")


def test_concise_is_one_line_per_finding() -> None:
    _, output = invoke(CASE_MANAGER, "--format", "concise")
    lines = output.strip().splitlines()
    assert f"{CASE_MANAGER}:38:3: JD201 'CCM' is never spelled out in this posting (used once)." in lines
    assert len(lines) == len(json_findings(CASE_MANAGER))
    assert "→" not in output


def test_output_file_and_exit_code(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    status, output = invoke(CASE_MANAGER, "--format", "json", "--output", str(target))
    assert status == 1
    assert output == ""
    assert json.loads(target.read_text())["summary"]["findings"] == len(json_findings(CASE_MANAGER))
    status, _ = invoke(CASE_MANAGER, "--output", str(tmp_path / "report.txt"))
    text = (tmp_path / "report.txt").read_text()
    assert "JD201 [*] warning" in text and "\x1b[" not in text


def test_output_to_a_missing_folder_is_exit_2(tmp_path: Path) -> None:
    status, output = invoke(CASE_MANAGER, "--output", str(tmp_path / "no" / "such" / "report.txt"))
    assert status == 2
    assert "cannot write" in output


def test_statistics() -> None:
    status, output = invoke(CASE_MANAGER, "--statistics")
    assert status == 1
    lines = output.strip().splitlines()
    jargon = sum(f["code"] == "JD101" for f in json_findings(CASE_MANAGER))
    assert lines[0].split()[:3] == [str(jargon), "JD101", "corporate-jargon"]
    assert any("JD201" in line and "(2 fixable)" in line for line in lines)
    _, output = invoke(CASE_MANAGER, "--statistics", "--format", "json")
    rows = json.loads(output)
    assert {"code": "JD201", "name": "unexplained-acronym", "count": 2, "fixable": 2} in rows
    status, output = invoke(CASE_MANAGER, "--statistics", "--format", "sarif")
    assert status == 2


def test_exit_zero() -> None:
    status, _ = invoke(CASE_MANAGER, "--exit-zero")
    assert status == 0
    status, _ = invoke(str(ROOT / "missing.md"), "--exit-zero")
    assert status == 2  # input errors still fail


def test_summary_line() -> None:
    _, output = invoke(CASE_MANAGER, CLEAN)
    summary, fixable = output.strip().splitlines()[-2:]
    assert summary.startswith("2 files checked in ")
    assert fixable == "[*] 4 fixable with --fix."
    found = json_findings(CASE_MANAGER, CLEAN)
    by = {s: sum(f["severity"] == s for f in found) for s in ("error", "warning", "suggestion")}
    expected = (
        f"{len(found)} findings ({by['error']} error, {by['warning']} warnings, {by['suggestion']} suggestions); "
        f"{by['error'] + by['warning']} at or above 'warning'."
    )
    assert expected in output


@pytest.mark.parametrize("colour", [False, True])
def test_text_report_prints_places_and_messages_verbatim(tmp_path: Path, colour: bool) -> None:
    """':100:' in 'path:100:5' is an emoji code to rich's markup; the report must not turn it into one."""
    posting = tmp_path / "long.md"
    posting.write_text("# Role\n" + "We hire nurses.\n\n" * 49 + "We utilise care\tplans [today] :smile:.\n")
    env = {"FORCE_COLOR": "1", "NO_COLOR": None} if colour else {"NO_COLOR": "1", "FORCE_COLOR": None}
    result = CliRunner().invoke(app, ["check", "--isolated", "--select", "JD101", str(posting)], env=env)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert f"{posting}:100:4: JD101" in plain
    assert "💯" not in plain and "😄" not in plain
    assert ("\x1b[" in result.stdout) is colour


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES, st.sampled_from(["", "  ", "    "]))
@settings(max_examples=300, deadline=None)
def test_json_report_writes_values_as_the_json_module_does(value: object, prefix: str) -> None:
    """The report's own indented writer gives json.dumps(indent=2)'s bytes, NaN and all."""
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + prefix)
    assert json_report._indented(value, prefix) == expected


@pytest.mark.parametrize(
    "value",
    [
        {"a%s": 1, "%": "x%sy", "%%d": None},  # a key's % signs are the layout's, a value's are not
        [{"k": 1, "f": 0.5}, {"k": 2, "f": math.nan}, {"k": 3, "f": -math.inf}, {"f": 1e16, "k": True}],
        {"same": {"k": "v"}, "other": [{"k": "w"}]},  # one list of keys at two indents
    ],
)
def test_json_report_object_layouts(value: object) -> None:
    """Objects are written from a layout per list of keys; the bytes are still json.dumps'."""
    for prefix in ("", "    "):
        expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + prefix)
        assert json_report._indented(value, prefix) == expected


def test_json_file_part_is_file_dict_indented(tmp_path: Path) -> None:
    """render_file writes findings without a dict each; the text must be that of file_dict's dict."""
    from jdlint.runner import Runner

    fixed = tmp_path / "fixes.md"  # findings with a fix, with and without quotes and non-ASCII text
    fixed.write_text('# Role\n\nWe utilise "care plans" — and leverage KPIs.\n', encoding="utf-8")
    runner = Runner()
    results = list(runner.lint_files(runner.files([str(ROOT / "corpus"), str(fixed)])))
    assert any(f.fix is not None for r in results for f in r.findings)
    for result in results:
        expected = json_report._indented(json_report.file_dict(result), "    ")
        assert json_report.render_file(result).output == expected, result.path


@pytest.mark.parametrize(
    "pieces",
    [
        ["path.md:3:1: ", ("JD101", "yellow"), " plain words"],
        ["tab\there", ("and\tthere", "dim")],
        ["bell\x07 back\x08 vt\x0b ff\x0c cr\r end", ("é → ×2", "bold")],
    ],
)
def test_plain_text_lines_as_rich_prints_them(pieces: list[str | tuple[str, str]]) -> None:
    """Without colour the report's lines are joined by hand; rich would print the same characters."""
    import io

    from rich.console import Console
    from rich.text import Text

    from jdlint.report.text import _render_lines

    lines = [list(pieces), ["second ", ("line", "bold")], list(pieces)]
    console = Console(file=io.StringIO(), color_system=None, width=40)
    with console.capture() as capture:
        console.print(Text("\n").join(Text.assemble(*line) for line in lines), highlight=False, soft_wrap=True)
    assert _render_lines(lines, console) == capture.get()
