"""Needles: the words a pattern's every match contains, and the section detection that skips blocks without them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdlint.document import parse
from jdlint.needles import FOLDS_TO_ASCII, TOKEN, Needles, has_folding, needles
from jdlint.nlp import analyse
from jdlint.sections import detect, section_keys

ROOT = Path(__file__).resolve().parent.parent


def holds(found: Needles | None, text: str) -> bool:
    """What the needles promise: a text a pattern matches has every word of a set, or a part."""
    if found is None:
        return True
    lowered = text.lower()
    words = set(TOKEN.findall(lowered))
    return any(set(group) <= words for group in found[0]) or any(part in lowered for part in found[1])


def test_alternatives_each_give_a_word() -> None:
    found = needles(r"\b(?:founded|established) in \d{4}", re.IGNORECASE)
    assert found == ((("established",), ("founded",)), ())


def test_a_run_needs_all_its_uncommon_words() -> None:
    found = needles(r"\b(?:the |our )?ideal candidates? (?!must)\w+", re.IGNORECASE)
    assert found == ((("candidate", "ideal"), ("candidates", "ideal")), ())


def test_word_ends_come_from_spaces_and_groups_not_only_from_b() -> None:
    # ",\s?" before the codes and "\b" after the group fix both ends of each code.
    found = needles(r"(?-i:[A-Z][a-z]+,\s?(?:TX|OH))\b", re.IGNORECASE)
    assert found == ((("oh",), ("tx",)), ())


def test_an_open_end_gives_a_part_not_a_word() -> None:
    assert needles(r"\bnon-?discriminat", re.IGNORECASE) == ((("non",),), ("nondiscriminat",))


def test_a_set_with_a_folding_character_does_not_end_a_word() -> None:
    # Under re.IGNORECASE "[ſ-]" matches "s", so "plus" in "splus" is no whole word.
    assert re.search(r"[\u017f-]plus\b", "splus", re.IGNORECASE)
    assert needles(r"[\u017f-]plus\b", re.IGNORECASE) == ((), ("plus",))


def test_no_needles_without_literal_text() -> None:
    assert needles(r"[$£€]\s?\d", re.IGNORECASE) is None
    assert needles(r"\w+\d", 0) is None


def test_folding_characters_are_all_listed() -> None:
    """Every non-ASCII character that re.IGNORECASE or str.lower() turns into an ASCII letter is guarded."""
    from re import _casefix

    ascii_partners = {chr(k) for k, v in _casefix._EXTRA_CASES.items() for o in v if k >= 128 and o < 128}
    ascii_partners |= {chr(v) for k, vs in _casefix._EXTRA_CASES.items() if k < 128 for v in vs}
    lowering = {chr(c) for c in range(128, sys.maxunicode + 1) if TOKEN.search(chr(c).lower())}
    assert ascii_partners | lowering <= set(FOLDS_TO_ASCII)
    assert has_folding("a pen\u017fion") and not has_folding("a pension, naïve") and not has_folding("plain")


# Fragments that exercise word ends, case, marks and the characters the prefilter must not trust.
FRAGMENTS = [
    "ideal", "Ideal", "candidate", "candidates", "must", "the", "our", "Our", " ", "  ", ",", ".", "-", "’", "'",
    "Austin", "TX", "tx", "OH", "non", "discrimination", "Non-", "founded", "established", "in", "2024", "1999",
    "é", "_", "\u017f", "\u212a", "\u0130", "s", "k", "plus", "a", "is", "A",
]  # fmt: skip
PATTERNS = [
    r"\b(?:founded|established) in \d{4}",
    r"\b(?:the |our )?ideal candidates? (?!must)\w+",
    r"(?-i:\b[A-Z][a-z]+,\s?(?:TX|OH))\b",
    r"\bnon-?discriminat",
    r"(?:^|[.!?] )(?:at )?(?:Our)\b,? (?:is|a)\b",
    r"\b(?:is a plus|a plus\b|ideally)",
    r"[\u017f-]plus\b",  # "ſ" in a set also matches "s": no word end before "plus"
    r"[\u0131’-]deal\b",  # "ı" in a set also matches "i"
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12), st.sampled_from(PATTERNS))
def test_a_match_always_holds_its_needles(fragments: list[str], source: str) -> None:
    text = "".join(fragments)
    pattern = re.compile(source, re.IGNORECASE)
    if pattern.search(text) and not has_folding(text):
        assert holds(needles(source, re.IGNORECASE), text)


def test_every_cue_holds_its_needles_on_our_corpus() -> None:
    """Every sentence of corpus/ that a section cue matches has the cue's needles."""
    keys = section_keys()
    checked = 0
    for path in sorted((ROOT / "corpus").rglob("*.md")):
        document = next(analyse([parse(path.read_text(encoding="utf-8"), str(path))]))
        for index in range(len(document.blocks)):
            text = document.block_text(index)
            if has_folding(text):
                continue
            for key in keys:
                for cue, found in zip(key.cues, key.cue_needles, strict=True):
                    if cue.search(text):
                        checked += 1
                        assert holds(found, text), (key.key, cue.pattern[:60], text)
    assert checked > 200


def analysed_sections(text: str) -> list[str]:
    return [d.key for d in detect(next(analyse([parse(text, "t.md")])))]


@pytest.mark.parametrize(
    "sentence",
    [
        "A generous Pen\u017fion scheme for all staff.",  # long s: re.IGNORECASE reads it as "s"
        "L\u0131fe insurance for all staff and their families.",  # dotless i
        "L\u0130fe insurance for all staff and their families.",  # dotted capital I: lowers to two characters
    ],
)
def test_a_posting_with_a_folding_character_is_searched_in_full(sentence: str) -> None:
    # The cue matches, though the lowered text lacks the word "pension" or "life": such a posting skips the needles.
    text = f"# Job\n\nYou will plan events for the team.\n\n{sentence}\n"
    assert "benefits" in analysed_sections(text)


def test_employer_cues_still_find_the_employer() -> None:
    text = (
        "# Job\n\nEmployer: Lanternfield Health\n\n"
        "Lanternfield Health provides community care across three towns and their villages.\n"
    )
    assert "company_intro" in analysed_sections(text)


def reference_heading_keys(heading: str) -> list[str]:
    """Heading matching as first written: each synonym tested as whole words in the padded heading."""
    from jdlint.sections import MAX_HEADING_WORDS, normalise_heading

    norm = normalise_heading(heading)
    if not norm or len(norm.split()) > MAX_HEADING_WORDS or heading.rstrip().endswith("."):
        return []
    padded = f" {norm} "
    return [key.key for key in section_keys() if any(f" {synonym} " in padded for synonym in key.headings)]


HEADING_WORDS = [
    *sorted({w for key in section_keys() for h in key.headings for w in h.split()}),
    *["&", "’", "-", ":", ".", "Our", "JOB", "and", "x"],
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HEADING_WORDS), min_size=1, max_size=12))
def test_heading_matching_by_runs_of_words_is_unchanged(words: list[str]) -> None:
    from jdlint.sections import _heading_keys

    heading = " ".join(words)
    assert _heading_keys(heading, section_keys()) == reference_heading_keys(heading)


EMPLOYER_FRAGMENTS = [
    "Lanternfield Health", "lanternfield health", "LANTERNFIELD HEALTH", "Lanternfield Healthcare", "At ", "at ",
    " is", " is seeking", " provides", " (LH)", ",", " ", ". ", "We ", "the", "xLanternfield Health", "was",
    "’", "é", "İ", "Health", " runs",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(EMPLOYER_FRAGMENTS), max_size=10))
def test_employer_cues_cut_at_the_name_match_as_the_whole_cues(fragments: list[str]) -> None:
    from jdlint.sections import _employer_cues, _employer_match, _employer_needles

    key = next(k for k in section_keys() if k.employer_cues)
    assert key.employer_cut  # the built-in cues can be cut at the name
    employers = ["Lanternfield Health", "LH Trust"]
    sentence = "".join(fragments)
    if has_folding(sentence):
        return
    decided = _employer_match(key, sentence, _employer_needles(employers, key))
    whole = any(cue.search(sentence) for cue in _employer_cues(key, employers))
    assert decided is None or decided == whole
    if sentence.isascii():
        assert decided == whole


def test_cues_are_cut_at_the_name_only_where_it_is_safe() -> None:
    from jdlint.sections import _at_top_level, _cut_at_name

    assert _at_top_level("^at {employer}\\b", "{employer}")
    assert not _at_top_level("(?:at {employer})?x", "{employer}")
    assert not _at_top_level("x|{employer} is", "{employer}")
    assert not _at_top_level("[{employer}]", "{employer}")
    assert _at_top_level("[^]]{employer}", "{employer}")
    verbs = frozenset({"plan"})
    assert _cut_at_name(["(?:^|\\. ){employer} is"], verbs, "here")
    assert not _cut_at_name(["(?=x){employer} is"], verbs, "here")  # looks ahead from before the name
    assert not _cut_at_name(["\\b{employer} is"], verbs, "here")
    assert not _cut_at_name(["(?i){employer} is"], verbs, "here")
    assert not _cut_at_name(["(a){employer}\\1"], verbs, "here")  # the rest refers to a group before the name
