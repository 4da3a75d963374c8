"""Round-3 fast paths of the readability counts and the acronym rule against the plain readings.

Each fast path is claimed to be exact (see the comments where it is written): these tests
hold it against the plain version on generated text, our sample corpus and, when present,
the real postings (their text stays there: only answers are compared).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdlint import readability
from jdlint.document import parse
from jdlint.kinds import acronyms as acr
from jdlint.lexicon import english_words
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


def _plain_expands(
    letters: str, words: list[str], start: int, strict: bool, vocabulary: Container[str], capitals: bool
) -> bool:
    """``acr._expands`` as it read before round 3: every start length tried, every split point."""
    clipping = len(letters) >= 5
    last = start + 3 * len(letters) + 3
    memo: dict[tuple[int, int, int, int], bool] = {}

    def word_at(i: int) -> str | None:
        if i >= len(words) or i > last or words[i] == acr.BREAK:
            return None
        return words[i]

    def match(li: int, wi: int, used: int, skips: int) -> bool:
        if (li, wi, used, skips) not in memo:
            memo[li, wi, used, skips] = search(li, wi, min(used, 2), skips)
        return memo[li, wi, used, skips]

    def search(li: int, wi: int, used: int, skips: int) -> bool:
        if li == len(letters):
            return used >= 2
        word = word_at(wi)
        if word is None:
            return False
        lower, target = word.lower().replace("’", "'"), letters[li:].lower()
        if (strict or capitals) and not word[0].isupper() and lower not in acr.SMALL_WORDS:
            return False
        longest = 1 if (word.isupper() and len(word) > 1) else len(lower)
        for k in range(min(longest, len(target)), 0, -1):
            if (k == 1 or (clipping and k >= 3)) and lower[:k] == target[:k] and match(li + k, wi + 1, used + 1, skips):
                return True
        if target[0] == "x" and lower.startswith("ex") and match(li + 1, wi + 1, used + 1, skips):
            return True
        if lower[:1] == target[:1] and len(target) >= 2:
            for p in range(3, len(lower) - 3):
                if (
                    lower[p] == target[1]
                    and p >= 4
                    and len(lower) - p >= 4
                    and lower[:p] in vocabulary
                    and lower[p:] in vocabulary
                    and match(li + 2, wi + 1, used + 1, skips)
                ):
                    return True
        if li > 0 and lower in acr.SMALL_WORDS and match(li, wi + 1, used, skips):
            return True
        return li > 0 and len(letters) >= 4 and skips < 2 and word[0].isupper() and match(li, wi + 1, used, skips + 1)

    return match(0, start, 0, 0)


EXPANSION_WORDS = [
    *["Key", "key", "KEY", "K", "Performance", "performance", "Indicator", "Information", "information", "Security"],
    *["Workforce", "workforce", "Framework", "Experience", "exam", "Passport", "of", "and", "AND", "the", "&", "a"],
    *["Insurance", "Systems", "Infosec", "INFOSEC", "Fey", "Aey", "Sec", "Secure", "Inform", acr.BREAK],
]


@st.composite
def _words_and_letters(draw: st.DrawFn) -> tuple[list[str], str]:
    """Words, and letters that are often spelled by some of them (initials or starts of a run)."""
    words = draw(st.lists(st.sampled_from(EXPANSION_WORDS), min_size=1, max_size=14))
    if draw(st.booleans()):
        return words, draw(st.text(alphabet="KPIFWXSAEC", min_size=2, max_size=8))
    first = draw(st.integers(0, len(words) - 1))
    pieces = [w[: draw(st.sampled_from([1, 1, 3, 4]))] for w in words[first : first + 6] if w != acr.BREAK]
    letters = "".join(piece for piece in pieces if piece.isalpha()).upper()[:9]
    return words, letters if len(letters) >= 2 else "KP"


@settings(max_examples=2000, deadline=None)
@given(_words_and_letters(), st.booleans())
def test_expands_as_it_read_before(words_and_letters: tuple[list[str], str], capitals: bool) -> None:
    words, letters = words_and_letters
    vocabulary = english_words()
    strict = len(letters) <= 2
    for start in range(len(words)):
        if words[start] == acr.BREAK:
            continue
        expected = _plain_expands(letters, words, start, strict, vocabulary, capitals)
        assert acr._expands(letters, words, start, strict, vocabulary, capitals=capitals) == expected
