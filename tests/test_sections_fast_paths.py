"""Section detection's fast paths give what the plain reading gives.

The plain reading is detection as the data describes it: every sentence of every block the
key's cues may read is searched with all its cues (and its ``{employer}`` cues compiled for
the posting's names), and the first block with a sentence a cue matches and no veto matches is
the key's. The real postings are read in place (skipped when absent); no posting text is copied.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdlint import sections
from jdlint.document import parse
from jdlint.engine import FileResult
from jdlint.model import Document
from jdlint.needles import TOKEN, has_folding
from jdlint.sections import DetectedSection, SectionKey, section_keys
from tests.conftest import REAL_CORPUS, ROOT

# The sentence break as first written (see test_rules_fast_paths2).
PLAIN_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(]?[A-Z0-9])")


def plain_content_cue(
    document: Document,
    key: SectionKey,
    keys: tuple[SectionKey, ...],
    section_of: dict[int, frozenset[str]],
    employers: list[str],
) -> int | None:
    """Every usable sentence searched with every cue: no needles, no memo, no cut at the name."""
    cues = list(key.cues)
    if employers and key.employer_cues:
        cues += sections._employer_cues(key, employers)
    for index, block in enumerate(document.blocks):
        if block.kind not in key.cue_kinds or section_of.get(index, frozenset()) & key.cue_skip:
            continue
        text = document.block_text(index)
        if key.min_cue_words and len(text.split()) < key.min_cue_words:
            continue
        for sentence in PLAIN_BREAK.split(text):
            if any(c.search(sentence) for c in cues) and not any(v.search(sentence) for v in key.not_cues):
                return index
    return None


def fast_and_plain(
    document: Document, monkeypatch: pytest.MonkeyPatch
) -> tuple[tuple[DetectedSection, ...], tuple[DetectedSection, ...]]:
    keys = section_keys()
    detect = sections._detect.__wrapped__  # type: ignore[attr-defined]  # past the per-document memo
    fast = detect(document, keys)
    with monkeypatch.context() as patched:
        patched.setattr(sections, "_content_cue", plain_content_cue)
        plain = detect(document, keys)
    return fast, plain


def test_our_corpus_is_detected_as_by_the_plain_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted((ROOT / "corpus").rglob("*.md")):
        fast, plain = fast_and_plain(parse(path.read_text(encoding="utf-8"), str(path)), monkeypatch)
        assert fast == plain, path


@pytest.mark.skipif(not (REAL_CORPUS / "jds").is_dir(), reason="corpus-real not available")
def test_real_postings_are_detected_as_by_the_plain_reading(
    real_results: list[FileResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    for result in real_results:
        assert result.document is not None
        fast, plain = fast_and_plain(result.document, monkeypatch)
        assert fast == plain, Path(result.path).name


# Pieces of postings written for this test: employer fields, sentences several cues read, stops
# that do and do not end a sentence, and characters that re.IGNORECASE folds to ASCII letters.
PIECES = [
    "Employer: Lanternfield Health\n\n", "Company: LH Trust (UK)\n\n", "## Benefits\n\n", "## About us\n\n",
    "## How to apply\n\n", "- ", "\n\n", "Lanternfield Health provides care to 300 patients", "LH Trust is a charity",
    "We are a small team based in Leeds", "The role will lead our planning work", "You will plan events",
    "Salary: £30,000 a year", "We are an equal opportunity employer", "Generous pension and 30 days of holiday",
    "Apply by sending your CV", "Experience of Excel is desirable", "Remote working is available", ". ", "! ",
    " and ", "e.g. ", "Plans budgets. Maintains records. Supports staff.", "Pen\u017fion", "L\u0131fe insurance",
    "\u0130", "Lanternfield Health, founded in 1999, runs three clinics", "At Lanternfield Health we value care",
    "Up to 50k USD", "Band 5 on Agenda for Change", "GS-11 step 2", "12.50 per hour", "Pay rises with 3 years",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_generated_postings_are_detected_as_by_the_plain_reading(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, plain = fast_and_plain(parse(text, "t.md"), monkeypatch)
    assert fast == plain


TEXT = st.lists(st.text(alphabet="aZ09 .,-’é\u00a0\u2028ßŉ\t_?İıſK", max_size=12), max_size=6).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_token_lines_give_the_token_words_of_each_line(text: str) -> None:
    if has_folding(text):
        return
    lines = sections._token_lines(sections._ascii_lower(text))
    assert [line.decode().split() for line in lines] == [TOKEN.findall(line) for line in text.lower().split("\n")]


@settings(max_examples=400, deadline=None)
@given(TEXT, st.sampled_from(["a", "z0", "9 ", "a-", "za", "_", " .", "a\n0"]))
def test_ascii_lower_finds_needles_where_the_lowered_text_has_them(text: str, needle: str) -> None:
    if has_folding(text):
        return
    lowered, ascii_lowered = text.lower(), sections._ascii_lower(text)
    assert len(ascii_lowered) == len(lowered)
    found = [at for at in range(len(lowered)) if lowered.startswith(needle, at)]
    assert found == [at for at in range(len(lowered)) if ascii_lowered.startswith(needle.encode(), at)]
