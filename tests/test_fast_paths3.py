"""Round-3 fast paths of the readability counts and the acronym rule against the plain readings.

Each fast path is claimed to be exact (see the comments where it is written): these tests
hold it against the plain version on generated text, our sample corpus and, when present,
the real postings (their text stays there: only answers are compared).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdlint import readability
from jdlint.document import parse
from jdlint.kinds import acronyms as acr
from jdlint.model import Document
from jdlint.nlp import analyse
from tests.conftest import REAL_CORPUS

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
REAL = REAL_CORPUS / "jds"


def _documents(folder: Path, limit: int) -> Iterator[Document]:
    paths = sorted(p for p in folder.rglob("*") if p.suffix in {".md", ".txt"})[:limit]
    texts = [(p.read_text(encoding="utf-8", errors="replace"), p) for p in paths]
    yield from analyse([parse(text, str(p), p.suffix == ".md") for text, p in texts])


def _sample_documents() -> list[Document]:
    documents = list(_documents(CORPUS, 200))
    if REAL.is_dir():
        documents += _documents(REAL, 120)
    return documents


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return _sample_documents()


def test_running_totals_give_the_sums(documents: list[Document]) -> None:
    for document in documents:
        assert readability.document_scores(document) == readability.scores(readability.measure(document))
        for section in document.sections:
            plain = readability.scores(readability.section_stats(document, section))
            assert readability.section_scores(document, section) == plain


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["# Duties\n", "Plan the work.", " Lead teams", "\n", "- item one\n", "x "])))
def test_running_totals_on_generated_text(pieces: list[str]) -> None:
    document = next(iter(analyse([parse("".join(pieces), "generated.md")])))
    assert readability.document_scores(document) == readability.scores(readability.measure(document))
    for section in document.sections:
        plain = readability.scores(readability.section_stats(document, section))
        assert readability.section_scores(document, section) == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "bc", " ", "  ", "\n", "\u00a0", "\u2003", ",", "x y"]), max_size=30))
def test_last_three_words_by_rsplit(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert text.rsplit(None, 3)[-3:] == text.split()[-3:]


def test_split_advice_on_long_sentences_of_the_samples(documents: list[Document]) -> None:
    from jdlint.kinds.readability import _split_advice
    from tests.test_acronym_fast_paths import _plain_split_advice

    checked = 0
    for document in documents:
        for stats in readability.measure(document):
            if len(stats.words) > 30:
                text = document.prose[stats.span.start : stats.span.end]
                assert _split_advice(document, stats.span) == _plain_split_advice(text)
                checked += 1
    assert checked > 10


CAPITAL_PIECES = ["A", "B", "Ab", "aB", "ab", "1", "-", "’", " ", "\n", "\u00a0", "É", "é", ".", "&"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CAPITAL_PIECES), max_size=30), st.integers(0, 40), st.integers(0, 40))
def test_two_capitals_possessive_matches_as_written(pieces: list[str], start: int, end: int) -> None:
    plain = re.compile(r"[A-Z][^\sA-Z]*[A-Z]")
    text = "".join(pieces)
    assert [m.span() for m in acr.TWO_CAPITALS_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]
    found, expected = acr.TWO_CAPITALS_RE.search(text, start, end), plain.search(text, start, end)
    assert (found and found.span()) == (expected and expected.span())
