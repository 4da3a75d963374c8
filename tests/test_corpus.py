"""jdlint on its own sample corpus (corpus/): golden output, and facts an editor expects.

Golden files in tests/golden/ hold each file's findings (code, line, column,
match) and detected sections. After a deliberate change, regenerate them with
``JDLINT_UPDATE_GOLDEN=1 pytest tests/test_corpus.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from jdlint.engine import FileResult, Linter
from tests.conftest import ROOT

CORPUS = ROOT / "corpus"
GOLDEN = ROOT / "tests" / "golden"
FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".md", ".txt", ".html") and p.name != "README.md")


@pytest.fixture(scope="module")
def results(linter: Linter) -> dict[str, FileResult]:
    return {Path(r.path).relative_to(CORPUS).as_posix(): r for r in linter.lint_paths(str(p) for p in FILES)}


def summary(result: FileResult) -> dict[str, object]:
    assert result.document is not None
    return {
        "findings": [[f.code, *result.document.line_col(f.span.start), f.match] for f in result.findings],
        "sections": [s.key for s in result.sections],
    }


@pytest.mark.parametrize("path", [p.relative_to(CORPUS).as_posix() for p in FILES])
def test_golden(path: str, results: dict[str, FileResult]) -> None:
    golden = GOLDEN / (path.replace("/", "__") + ".json")
    actual = summary(results[path])
    if os.environ.get("JDLINT_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert golden.is_file(), f"no golden file for {path}; run with JDLINT_UPDATE_GOLDEN=1"
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", [p.relative_to(CORPUS).as_posix() for p in FILES if p.parent.name == "clean"])
def test_clean_samples_pass(path: str, results: dict[str, FileResult]) -> None:
    assert [(f.code, f.match) for f in results[path].findings] == []


def test_case_manager_has_the_seed_problems(results: dict[str, FileResult]) -> None:
    result = results["case-manager.md"]
    acronyms = {f.match for f in result.findings if f.code == "JD201"}
    assert {"CCM", "ACM"} <= acronyms
    assert any(f.code == "JD601" and "state of X" in f.match for f in result.findings)
    assert any(f.code == "JD101" and f.match.lower() == "facilitate" for f in result.findings)
    assert any(f.code == "JD403" for f in result.findings)


def test_bad_samples_each_show_their_problem(results: dict[str, FileResult]) -> None:
    def has(path: str, code: str) -> bool:
        return any(f.code == code for f in results[path].findings)

    assert has("bad/acronym-soup.md", "JD201")
    assert has("bad/jargon-heavy.md", "JD101")
    assert has("bad/missing-sections.md", "JD301") and has("bad/missing-sections.md", "JD302")
    assert has("bad/template-leftovers.md", "JD601")
    assert has("bad/wall-of-text.md", "JD401") and has("bad/wall-of-text.md", "JD403")
    excluding = "bad/exclusionary-wording.md"
    for code in ("JD102", "JD103", "JD501", "JD502", "JD503", "JD504", "JD505", "JD506", "JD701", "JD702", "JD803"):
        assert has(excluding, code), code
    inflated = "bad/inflated-requirements.md"
    for code in ("JD703", "JD801", "JD802", "JD803", "JD804", "JD807", "JD809"):
        assert has(inflated, code), code


def test_scores_rank_clean_above_bad(results: dict[str, FileResult]) -> None:
    def total(path: str) -> int:
        card = results[path].score
        assert card is not None
        return card.total

    assert all(total(p) >= 95 for p in results if p.startswith("clean/"))
    assert total("bad/exclusionary-wording.md") < 70
    card = results["bad/exclusionary-wording.md"].score
    assert card is not None
    inclusion = next(p for p in card.parts if p.key == "inclusion")
    assert {r.code for r in inclusion.reasons} >= {"JD501", "JD503", "JD505"}
