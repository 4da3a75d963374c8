"""Round-3 fast paths of the readability counts and the acronym rule against the plain readings.

Each fast path is claimed to be exact (see the comments where it is written): these tests
hold it against the plain version on generated text, our sample corpus and, when present,
the real postings (their text stays there: only answers are compared).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdlint import readability
from jdlint.document import parse
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
