"""Shared fixtures: the built-in rules and a linter, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdlint.engine import FileResult, Linter
from jdlint.inputs import Source
from jdlint.model import Rule
from jdlint.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
REAL_CORPUS = ROOT.parent / "shared" / "corpus-real"


@pytest.fixture(scope="session")
def rules() -> tuple[Rule, ...]:
    return load_rules()


@pytest.fixture(scope="session")
def linter(rules: tuple[Rule, ...]) -> Linter:
    return Linter(rules)


@pytest.fixture(scope="session")
def real_results(linter: Linter) -> list[FileResult]:
    """The real postings linted once per session (test_real_corpus and test_fix share them)."""
    if not (REAL_CORPUS / "jds").is_dir():
        pytest.skip("corpus-real not available")
    return list(linter.lint_paths(str(p) for p in sorted((REAL_CORPUS / "jds").glob("*.md"))))


def lint(linter: Linter, text: str, markdown: bool = True) -> FileResult:
    return next(linter.lint_sources([Source("<test>", text, markdown)]))


def codes(result: FileResult) -> list[str]:
    return [f.code for f in result.findings]
