"""``check --fix``, ``--unsafe-fixes`` and ``--diff``: the edits, the file handling, the properties.

Unit tests call :mod:`jdlint.fix` with the session linter; the CLI tests run
``jdlint check`` through typer's runner (and one real subprocess) on files in
a temporary folder. Texts here are our own.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jdlint.cli import app, explanation
from jdlint.engine import FileResult, Linter
from jdlint.errors import JdlintError
from jdlint.files import write_fixed
from jdlint.fix import apply_fixes, choose, created_findings, fix_source, fix_text, fixable
from jdlint.inputs import Source, read_source
from jdlint.kinds.base import article_agrees
from jdlint.model import Applicability, Finding, Fix, Severity, Span
from jdlint.rules import load_rules
from tests.conftest import REAL_CORPUS, lint
from tests.test_cli import run_cli

runner = CliRunner()


def fixed(linter: Linter, text: str, unsafe: bool = False, markdown: bool = True) -> str:
    return fix_source(linter, lint(linter, text, markdown), unsafe).text


def check_properties(linter: Linter, result: FileResult, unsafe: bool) -> str:
    """Fix once and assert the properties every fix must have; return the fixed text."""
    assert result.source is not None
    outcome = fix_source(linter, result, unsafe)
    replay = result.source.text
    for round_ in outcome.rounds:
        for finding in round_:
            assert finding.fix is not None
            # Each applied fix replaced exactly the words its finding reported.
            assert replay[finding.fix.span.start : finding.fix.span.end] == finding.match
        replay = apply_fixes(replay, round_)
    assert replay == outcome.text  # nothing outside the fixed spans changed
    again = fix_source(linter, outcome.result, unsafe)
    assert not again.changed and again.text == outcome.text  # idempotent
    left = [f for f in outcome.result.findings if fixable(f, unsafe)]
    assert len(left) <= len(outcome.refused)  # only refused fixes are left
    return outcome.text


# -- which fixes apply, and how ------------------------------------------------------------------------
def test_safe_fixes_keep_case(linter: Linter) -> None:
    text = "In order to help, you will utilize our rota. UTILIZE it on a regular basis.\n"
    assert fixed(linter, text) == "To help, you will use our rota. USE it regularly.\n"


def test_inflected_forms_are_fixed(linter: Linter) -> None:
    assert fixed(linter, "You utilised the rota and commenced work.\n") == "You used the rota and started work.\n"


def test_unsafe_fix_needs_unsafe_fixes(linter: Linter) -> None:
    text = "You will spearhead the new rota for the ward.\n"
    result = lint(linter, text)
    finding = next(f for f in result.findings if f.code == "JD101")
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert fixed(linter, text) == text
    assert fixed(linter, text, unsafe=True) == "You will lead the new rota for the ward.\n"


def test_several_alternatives_are_never_applied(linter: Linter) -> None:
    text = "You will leverage our tools to plan the rota.\n"
    finding = next(f for f in lint(linter, text).findings if f.code == "JD101")
    assert finding.fix is None  # 'use' or 'build on': a person chooses
    assert fixed(linter, text, unsafe=True) == text


def test_acronym_expanded_at_first_use_only(linter: Linter) -> None:
    text = "You will update the EHR daily.\n\nTraining on the EHR is given.\n"
    out = fixed(linter, text)
    assert out == "You will update the Electronic Health Record (EHR) daily.\n\nTraining on the EHR is given.\n"
    assert fixed(linter, out) == out


def test_acronym_plural_and_ambiguous(linter: Linter) -> None:
    assert fixed(linter, "Report monthly KPIs to the lead.\n") == (
        "Report monthly Key Performance Indicators (KPIs) to the lead.\n"
    )
    text = "You will know the CNS well.\n"  # Clinical Nurse Specialist or Central Nervous System
    finding = next(f for f in lint(linter, text).findings if f.code == "JD201")
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert fixed(linter, text) == text


@pytest.mark.parametrize(
    "text",
    [
        "You are an RN with two years on a ward.\n",  # 'an Registered Nurse'
        "## EHR training\n\nWe teach you everything.\n",  # a heading
        "The CCM's role is to plan care.\n",  # a possessive
        "You hold a CCM (or equivalent) licence.\n",  # a bracket already follows
        "You will work on the ED rota.\n",  # two letters: too many meanings
    ],
)
def test_acronym_insertions_that_could_read_wrongly_are_unsafe(linter: Linter, text: str) -> None:
    findings = [f for f in lint(linter, text).findings if f.code == "JD201"]
    assert findings, text
    assert all(f.fix is None or f.fix.applicability is Applicability.UNSAFE for f in findings)
    assert fixed(linter, text) == text


def test_jargon_heading_a_longer_phrase_is_unsafe(linter: Linter) -> None:
    text = "You will join us on a part-time basis of 20 hours a week.\n"
    finding = next(f for f in lint(linter, text).findings if f.code == "JD101")
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert fixed(linter, text) == text


def test_article_agreement() -> None:
    from jdlint.document import parse

    document = parse("You need an optimum plan and a plan.\n")
    start = document.text.index("optimum")
    assert not article_agrees(document, Span(start, start + 7), "best")
    assert article_agrees(document, Span(start, start + 7), "ideal")
    other = document.text.index("plan.")
    assert article_agrees(document, Span(other, other + 4), "rota")


@pytest.mark.parametrize(
    "text",
    [
        "Run `utilize --all` to start.\n",
        "See https://example.org/in-order-to for details.\n",
        "Write to utilize@example.org today.\n",
        "You will in **order** to plan, talk to us.\n",
        "```\nin order to\n```\n",
    ],
)
def test_no_edits_in_code_urls_emails_or_markup(linter: Linter, text: str) -> None:
    assert fixed(linter, text, unsafe=True) == text


def test_markdown_structure_is_kept(linter: Linter) -> None:
    text = (
        "# In order to apply\n\n"
        "- You will **utilize** the rota.\n"
        "- [Utilize the portal](https://example.org/apply) prior to Friday.\n"
        "1. *In order to* plan, talk to us.\n"
    )
    assert fixed(linter, text) == (
        "# To apply\n\n"
        "- You will **use** the rota.\n"
        "- [Use the portal](https://example.org/apply) before Friday.\n"
        "1. *To* plan, talk to us.\n"
    )


def test_wrapped_phrase_is_reported_but_not_rewritten(linter: Linter) -> None:
    text = "We will work closely with you in order\nto plan your first weeks with the team.\n"
    assert fixed(linter, text) == text


def _finding(start: int, end: int, replacement: str, code: str = "JD101") -> Finding:
    fix = Fix(Span(start, end), replacement, Applicability.SAFE)
    return Finding(code, "x", Severity.WARNING, "m", "s", Span(start, end), "", fix)


def test_overlapping_fixes_are_resolved_deterministically(linter: Linter) -> None:
    result = lint(linter, "one two three four\n")
    assert result.document is not None
    a, b, c = _finding(4, 13, "2-3"), _finding(8, 18, "3-4"), _finding(0, 3, "1", code="JD201")
    for order in ([a, b, c], [c, b, a], [b, c, a]):
        chosen = choose(result.document, order, unsafe=False)
        assert chosen == [c, a]  # first start wins; b overlaps a
        assert fix_text(result.document, order)[0] == "1 2-3 four\n"
    longer = _finding(4, 18, "2-4")
    assert choose(result.document, [a, longer], unsafe=False) == [longer]  # same start: the longer span


def test_fix_that_creates_a_finding_of_its_rule_is_refused(linter: Linter) -> None:
    # Expanding HMP writes 'HM Prison (HMP)', and 'HM' is an acronym nobody spelled out.
    text = "You will work at HMP Leeds with the healthcare team.\n"
    result = lint(linter, text)
    finding = next(f for f in result.findings if f.code == "JD201")
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    outcome = fix_source(linter, result)
    assert outcome.text == text and outcome.refused == (finding,)


def test_created_findings_ignores_other_rules_and_old_findings() -> None:
    before = [_finding(20, 25, "x", code="JD201")]
    chosen = [_finding(0, 5, "abcdefgh")]  # +3 characters
    moved = _finding(23, 28, "x", code="JD201")
    assert created_findings(before, [moved], chosen) == set()  # same finding, shifted
    inside = _finding(1, 4, "x")
    assert created_findings(before, [inside], chosen) == {0}
    elsewhere = _finding(40, 45, "x")
    assert created_findings(before, [elsewhere], chosen) == {0}
    assert created_findings(before, [_finding(40, 45, "x", code="JD401")], chosen) == set()


def test_plain_text_files_are_fixed(linter: Linter) -> None:
    assert fixed(linter, "Duties\nYou will utilize the rota.\n", markdown=False) == "Duties\nYou will use the rota.\n"


# -- properties ---------------------------------------------------------------------------------------
FRAGMENTS = [
    "in order to", "In order to", "utilize", "Utilized", "UTILIZE", "prior to", "on a regular basis", "EHR",
    "KPIs", "CCM", "an", "a", "the", "rota", "ward", "plan", "you", "will", "spearhead", "leverage", "RN",
    "`in order to`", "https://example.org/utilize", "**utilize**", "[prior to](https://example.org)", ".", ",",
    "(", ")", "ED", "HMP", "inter alia", "commence", "#", "-", "*",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "\n", "\r\n", "\n\n", "\r\n\r\n", "\n- ", "\n## "]


@st.composite
def documents(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS)), min_size=1, max_size=40))
    text = "".join(word + sep for word, sep in parts)
    return text if text.strip() else "rota"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=documents(), unsafe=st.booleans(), markdown=st.booleans())
def test_fix_properties_hold_for_generated_documents(linter: Linter, text: str, unsafe: bool, markdown: bool) -> None:
    check_properties(linter, next(linter.lint_sources([Source("<gen>", text, markdown)])), unsafe)


# -- the command line -------------------------------------------------------------------------------
JD = "# Ward nurse\n\nIn order to help, you will utilize the EHR.\nYou will spearhead the rota.\n"
JD_FIXED = "# Ward nurse\n\nTo help, you will use the Electronic Health Record (EHR).\nYou will spearhead the rota.\n"


def write(tmp_path: Path, text: str | bytes, name: str = "jd.md") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_bytes(text.encode())
    else:
        path.write_bytes(text)
    return path


def test_cli_fix_writes_safe_fixes_and_reports_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, JD)
    result = runner.invoke(app, ["check", "--fix", "--select", "JD1,JD2", str(path)])
    assert path.read_text() == JD_FIXED
    assert "Fixed 3 findings in 1 file." in result.output
    assert "spearhead" in result.output and "JD101 warning" in result.output  # left for a person
    assert result.exit_code == 1
    unsafe = runner.invoke(app, ["check", "--fix", "--unsafe-fixes", "--select", "JD1,JD2", str(path)])
    assert unsafe.exit_code == 0, unsafe.output
    assert path.read_text() == JD_FIXED.replace("spearhead", "lead")


def test_cli_marks_fixable_findings(tmp_path: Path) -> None:
    path = write(tmp_path, JD)
    result = runner.invoke(app, ["check", "--select", "JD1,JD2", str(path)])
    lines = result.output.splitlines()
    assert any(":3:1: JD101 [*] warning" in line for line in lines)
    assert any(":4:10: JD101 warning" in line for line in lines)  # unsafe: not marked without --unsafe-fixes
    assert "[*] 3 fixable with --fix (1 more with --unsafe-fixes)." in result.output
    unsafe = runner.invoke(app, ["check", "--unsafe-fixes", "--select", "JD1,JD2", str(path)])
    assert any(":4:10: JD101 [*] warning" in line for line in unsafe.output.splitlines())
    assert path.read_text() == JD  # display never edits


def test_cli_diff_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, JD)
    result = runner.invoke(app, ["check", "--diff", str(path)])
    assert result.exit_code == 1
    assert path.read_text() == JD
    assert f"--- {path}\n+++ {path}\n" in result.output
    assert "-In order to help, you will utilize the EHR.\n" in result.output
    assert "+To help, you will use the Electronic Health Record (EHR).\n" in result.output
    assert "Would fix 3 findings in 1 file." in result.output
    clean = write(tmp_path, JD_FIXED, "clean.md")
    assert runner.invoke(app, ["check", "--diff", str(clean)]).exit_code == 0


def test_cli_diff_marks_missing_last_newline(tmp_path: Path) -> None:
    path = write(tmp_path, "You will utilize the rota.")
    result = runner.invoke(app, ["check", "--diff", str(path)])
    assert "+You will use the rota.\n\\ No newline at end of file\n" in result.output


def test_bytes_outside_fixes_are_kept_crlf_bom_and_no_last_newline(tmp_path: Path) -> None:
    original = "\ufeff# Nurse\r\n\r\nIn order to help, see the EHR.\r\n\r\n- Caf\u00e9 rota  \r\n- Utilize it"
    path = write(tmp_path, original.encode("utf-8"))
    result = runner.invoke(app, ["check", "--fix", str(path)])
    assert "Fixed 3 findings" in result.output, result.output
    expected = (
        original.replace("In order to", "To")
        .replace("the EHR", "the Electronic Health Record (EHR)")
        .replace("Utilize", "Use")
    )
    assert path.read_bytes() == expected.encode("utf-8")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and path.read_bytes().count(b"\r\n") == 5


def test_read_only_file_is_left_alone(tmp_path: Path) -> None:
    path = write(tmp_path, JD)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        result = runner.invoke(app, ["check", "--fix", str(path)])
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert result.exit_code == 2
    assert f"jdlint: error: {path}: is read-only; not fixed" in result.output
    assert path.read_text() == JD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jd.md"]


def test_full_disk_leaves_the_original_and_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, JD)

    def full(descriptor: int, data: bytes) -> None:
        os.write(descriptor, data[:5])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("jdlint.files._write_all", full)
    result = runner.invoke(app, ["check", "--fix", str(path)])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("jdlint: error:")]
    assert errors == [f"jdlint: error: {path}: cannot write the fixed file: No space left on device; not fixed"]
    assert "Traceback" not in result.output
    assert path.read_text() == JD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jd.md"]


def test_other_formats_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, JD, "jd.html")
    result = runner.invoke(app, ["check", "--fix", str(path)])
    assert result.exit_code == 2
    assert "--fix edits Markdown and plain-text files only, not html files" in result.output
    assert path.read_text() == JD


def test_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path, JD)
    source = read_source(str(path))
    path.write_text(JD + "Added by someone else.\n")
    with pytest.raises(JdlintError, match="changed on disk"):
        write_fixed(source, JD_FIXED)
    assert path.read_text().endswith("Added by someone else.\n")


def test_fix_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = write(tmp_path, JD, "real.md")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    mode = 0o640
    target.chmod(mode)
    runner.invoke(app, ["check", "--fix", str(link)])
    assert link.is_symlink() and target.read_text() == JD_FIXED
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_fix_in_a_real_process(tmp_path: Path) -> None:
    path = write(tmp_path, JD)
    process = run_cli("check", "--fix", "--format", "json", str(path))
    assert process.returncode == 1
    assert process.stdout.lstrip().startswith(("{", "["))  # the summary goes to stderr, the JSON stays valid
    assert "Fixed 3 findings in 1 file." in process.stderr
    assert path.read_text() == JD_FIXED


def test_explain_documents_fix_safety() -> None:
    rules = {r.code: r for r in load_rules()}
    assert "Safe when the word list marks the entry safe" in explanation(rules["JD101"])
    assert "first use" in explanation(rules["JD201"])
    for code in ("JD301", "JD401", "JD601"):
        assert "Display-only" in explanation(rules[code])
    result = runner.invoke(app, ["explain", "JD101"])
    assert "Fix safety (jdlint check --fix)" in result.output


# -- the real postings ---------------------------------------------------------------------------------
@pytest.mark.skipif(not (REAL_CORPUS / "jds").is_dir(), reason="corpus-real not available")
def test_fix_every_real_posting_in_a_temporary_copy(
    linter: Linter, real_results: list[FileResult], tmp_path: Path
) -> None:
    changed = 0
    for result in real_results:
        assert result.error is None and result.source is not None
        text = check_properties(linter, result, unsafe=False)
        copy = tmp_path / Path(result.path).name
        shutil.copyfile(result.path, copy)
        if text != result.source.text:
            write_fixed(replace(result.source, path=str(copy)), text)
            changed += 1
        bom = b"\xef\xbb\xbf" if result.source.bom else b""
        assert copy.read_bytes() == bom + text.encode()
        assert Path(result.path).read_bytes() == bom + result.source.text.encode()  # the original is untouched
    assert changed >= len(real_results) // 2  # safe fixes apply to most postings
