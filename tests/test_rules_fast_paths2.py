"""Round-2 fast paths of the rules against the plain readings they replace (same answers)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jdlint.document import parse
from jdlint.engine import Linter
from jdlint.kinds.focus import _matches
from jdlint.kinds.readability import Readability
from jdlint.nlp import analyse
from jdlint.readability import measure
from jdlint.rules import load_rules
from jdlint.sections import _sentences, word_count

# The sentence break as it was written before: a lookbehind for the stop, then the spaces.
PLAIN_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(]?[A-Z0-9])")
ALPHABET = st.sampled_from(list('aA0. !?"“‘(\t\nxZ9ſıİ'))


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_sentences_cut_where_the_plain_split_does(text: str) -> None:
    assert _sentences(text) == PLAIN_BREAK.split(text)


def test_sentences_examples() -> None:
    text = 'We are a lab. "Great" people!  (Really) yes? 3 more. a b. c'
    assert _sentences(text) == PLAIN_BREAK.split(text)
    assert _sentences("No stop here") == ["No stop here"]
    assert _sentences("") == [""]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab1.\u00a0\u2003", min_size=1, max_size=6), max_size=12))
def test_word_count_of_joined_words(parts: list[str]) -> None:
    text = " ".join(" ".join(parts).split())  # as Document.block_text collapses whitespace
    assert word_count(text) == len(text.split())


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the", "The ", "ideal ", "candidate", " will", " you", "YOU", "your", "ı", "'ll", " "])
    ).map("".join)
)
def test_reader_focus_matches_equal_finditer(text: str) -> None:
    pattern = re.compile(r"\bthe\s+(?:ideal\s+)?candidate(?:\s+(?P<verb>will))?\b|\byou(?:r|['’]ll)?\b", re.IGNORECASE)
    assert [m.span() for m in _matches(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_long_words_bound_skips_only_sentences_that_pass() -> None:
    # The plain reading: every sentence's long words counted, none skipped by the bound.
    check = next(c for c in Linter(load_rules()).checks if c.rule.code == "JD404")
    assert isinstance(check, Readability)
    fewest = check.params["max_long_words"]
    # At the bounds: three long words in twelve words and in thirteen, and repeated long words.
    edge = (
        "# Role\n\nWe value facilitation, methodology and utilization in our small team now here.\n\n"
        "We value facilitation, methodology and utilization in our small team now here too.\n\n"
        "Methodology, methodology and methodology again, in every team now.\n"
    )
    texts = [path.read_text(encoding="utf-8") for path in sorted(Path("corpus").glob("*.md"))]
    found_any = False
    for text in [edge, *texts]:
        document = next(analyse([parse(text, "t.md")]))
        plain = []
        for stats in measure(document):
            found = check._long(stats)
            if len(found) >= fewest and len(found) * 4 >= len(stats.words):
                plain.append(stats.span)
        assert [f.span for f in check.check(document)] == plain
        found_any = found_any or bool(plain)
    assert found_any
