"""Runs over the 519 real postings in ../shared/corpus-real (skipped when absent).

No posting text is copied into the project; the files are read in place.
Checks: nothing crashes, every finding lies inside its document with
consistent line/column, and the accuracy targets on the labelled 48 hold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jdlint.engine import FileResult
from jdlint.kinds.acronyms import _normalise
from tests.conftest import REAL_CORPUS

pytestmark = pytest.mark.skipif(not (REAL_CORPUS / "jds").is_dir(), reason="corpus-real not available")


def test_every_posting_is_checked(real_results: list[FileResult]) -> None:
    assert len(real_results) >= 500
    assert all(r.error is None for r in real_results)


def test_findings_lie_inside_the_text(real_results: list[FileResult]) -> None:
    for result in real_results:
        document = result.document
        assert document is not None
        for finding in result.findings:
            assert 0 <= finding.span.start <= finding.span.end <= len(document.text)
            line, column = document.line_col(finding.span.start)
            line_start = document.line_starts[line - 1]
            assert line_start + column - 1 == finding.span.start
            if finding.match and finding.span.end > finding.span.start:
                assert document.text[finding.span.start : finding.span.end] == finding.match


def test_acronym_accuracy_on_labels(real_results: list[FileResult]) -> None:
    labels = {row["file"]: row for row in map(json.loads, (REAL_CORPUS / "labels.jsonl").read_text().splitlines())}
    tp = fp = fn = 0
    for result in real_results:
        name = Path(result.path).name
        if name not in labels:
            continue
        found = {_normalise(f.match) for f in result.findings if f.code == "JD201"}
        truth = set(labels[name]["acronyms_unexplained"])
        tp, fp, fn = tp + len(found & truth), fp + len(found - truth), fn + len(truth - found)
    assert tp / (tp + fp) >= 0.95
    assert tp / (tp + fn) >= 0.90


def test_job_advert_rules_fire_on_a_minority_of_postings(real_results: list[FileResult]) -> None:
    """Issue 5: a rule that fires on most real postings is not done (JD5xx, JD7xx, JD8xx, JD102, JD103)."""
    new = ("JD102", "JD103", "JD5", "JD7", "JD8")
    files: dict[str, int] = {}
    for result in real_results:
        for code in {f.code for f in result.findings if f.code.startswith(new)}:
            files[code] = files.get(code, 0) + 1
    too_often = {code: n for code, n in files.items() if n > len(real_results) / 2}
    assert not too_often, too_often
    scores = [r.score.total for r in real_results if r.score is not None]
    assert len(scores) == len(real_results) and all(0 <= s <= 100 for s in scores)
