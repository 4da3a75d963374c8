"""jdlint's tokenizer gives spaCy's blank English tokens, and sentence starts find every line break."""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy
import spacy
from spacy import util
from spacy.attrs import IDS, IDX, ORTH, SPACY
from spacy.lang.en import English

from jdlint.nlp import (
    LEXICAL_ATTRS,
    LONG_RUN_RE,
    _needed_chars,
    _needs,
    _suffix_ends,
    _suffix_finder,
    _without_long_runs,
    affix_patterns,
    pipeline,
)

# The token attributes jdlint reads (nlp.LEXICAL_ATTRS and the offsets); others are not computed.
ATTRS = [ORTH, IDX, SPACY, *(IDS[name] for name in LEXICAL_ATTRS)]
PIECES = [
    "a",
    "Plan",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "\r",
    "\xa0",
    "\u2028",
    "\x1c",
    "\x85",
    "\u3000",
    ".",
    "-",
    "(",
    ")",
    "'",
    "'s",
    "n't",
    "U.S.",
    "e.g.",
    "a.m.",
    "C++",
    ":)",
    "—",
    "don't",
    "etc.",
    "$40k",
    "e-mail",
    "http://x.org/a",
    "£24,000",
]


def _texts() -> list[str]:
    rng = random.Random(7)
    texts = ["", " ", "\n", "\t", " \n ", "line one\nline two\n\n- item\n", "Mr. Smith's team (NHS) e.g. don't.\n"]
    texts += ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))) for _ in range(400)]
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    texts += [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.md"))]
    return texts


def test_tokens_match_spacy_blank_english() -> None:
    ours = pipeline().tokenizer
    theirs = spacy.blank("en").tokenizer
    for text in _texts():
        # Twice each: the second time our tokenizer answers from its cache.
        for _ in range(2):
            a, b = ours(text), theirs(text)
            assert [t.text for t in a] == [t.text for t in b], repr(text)
            assert numpy.array_equal(a.to_array(ATTRS), b.to_array(ATTRS)), repr(text)


def test_affix_patterns_are_spacys() -> None:
    # The tokenizer is built from these sources (compiled from programs cached on disk), not by spaCy's factory.
    defaults = English.Defaults
    theirs = [
        util.compile_prefix_regex(defaults.prefixes),
        util.compile_suffix_regex(defaults.suffixes),
        util.compile_infix_regex(defaults.infixes),
    ]
    assert affix_patterns(defaults) == [p.pattern for p in theirs]
    tokenizer = pipeline().tokenizer
    ours = [tokenizer.prefix_search.__self__, tokenizer.suffix_search.__self__, tokenizer.infix_finditer.__self__]
    assert [(p.pattern, p.flags, p.groups) for p in ours] == [(p.pattern, p.flags, p.groups) for p in theirs]


def test_sentence_starts_after_every_line_break() -> None:
    nlp = pipeline()
    for text in _texts():
        doc = nlp(text)
        breaks = [i for i, char in enumerate(text) if char == "\n"]
        starts = {t.idx for t in doc if t.is_sent_start}
        for position in breaks:
            after = [t.idx for t in doc if t.idx > position and not t.is_space]
            if after:
                assert after[0] in starts, (repr(text), position)


def test_sentence_starts_are_the_sentencizers_and_line_breaks() -> None:
    """Every start is one spaCy's sentencizer sets or the first non-space token after a line break, and only those."""
    nlp = pipeline()
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    for text in _texts():
        ours = nlp(text)
        theirs = blank(text)
        expected = [bool(t.is_sent_start) for t in theirs]
        after_break = False
        for token in theirs:
            if after_break and not token.is_space:
                expected[token.i] = True
            after_break = (after_break and token.is_space) or "\n" in token.text
        assert [bool(t.is_sent_start) for t in ours] == expected, repr(text)


def test_sentence_offsets_are_those_of_doc_sents() -> None:
    nlp = pipeline()
    step = nlp.get_pipe("jdlint_sentences")
    for text in _texts():
        doc = nlp.tokenizer(text)
        firsts, ends = step.mark(doc, text)
        assert list(zip(firsts, ends, strict=True)) == [(s.start_char, s.end_char) for s in doc.sents], repr(text)


def test_long_runs_blanked_as_the_pattern_says() -> None:
    rng = random.Random(3)
    pieces = ["a", "*", "-", " ", "\n", "\t", "\xa0", "\u2028", "\u3000", "\x1c", "é", "\u200b"]
    texts = ["", "x" * 99, "x" * 100, "x" * 100 + " y", " " + "=" * 250 + "\n"]
    texts += ["".join(rng.choice(pieces) * rng.randint(1, 60) for _ in range(rng.randint(0, 12))) for _ in range(300)]
    for text in texts:
        assert _without_long_runs(text) == LONG_RUN_RE.sub(lambda m: " " * len(m.group()), text), repr(text)


def test_suffix_search_near_the_end_finds_what_a_full_search_finds() -> None:
    plain = spacy.blank("en").tokenizer
    find = _suffix_finder(plain)
    assert find is not plain.find_suffix  # the shortcut is in use for English
    rng = random.Random(11)
    chars = [*"aZ9.…,'’s)\"-+%$£°CF\n;:!?eS—（", "km", "'s", "....", "US$", "m²", "\u00a9", "e.g."]
    pieces = ["", "x", "......", "a......", "ab.....", "abc.......", "10km", "1234567km", "word's", "°C.", "x\n"]
    pieces += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 14))) for _ in range(5000)]
    # The widest suffixes are units after a number; "$" also matches before a final line break.
    start = "(?<=[0-9])(?:"
    units = [u for s in English.Defaults.suffixes if s.startswith(start) for u in s[len(start) : -1].split("|")]
    pieces += [f"ab12{unit}{end}" for unit in units for end in ("", "\n", ".", "'s")]
    for piece in pieces:
        assert find(piece) == plain.find_suffix(piece), repr(piece)


def test_needed_chars_read_from_small_patterns() -> None:
    def needed(source: str) -> str | None:
        return _needed_chars(re.compile(source))

    assert needed("a") == "a"
    assert needed("[a-c]x") == "x"  # both are needed: the smaller set is kept
    assert needed("[a-c]|x") == "abcx"
    assert needed("(?<=[0-9])km") == "k"
    assert needed("(?<=[0-9])(?:a|b|c|d|e|f|g|h|i|j|k)") == "0123456789"  # 10 digits, not 11 letters
    assert needed("x[.,]") == ",."  # fewer letters and digits first, then fewer characters
    assert needed("x?y") == "y"
    assert needed("(?!a)b") == "b"
    assert needed("(?=a)") == "a"
    assert needed("a+") == "a"
    assert needed("US\\$") == "$"
    for source in ("a*", "[^a]", ".", "\\d", "(?i)a", "(?i:a)", "a|", "(?:a|b?)"):
        assert needed(source) is None, source


def test_a_piece_without_needed_chars_is_not_matched() -> None:
    plain = spacy.blank("en").tokenizer
    searches = [plain.prefix_search, plain.suffix_search, plain.infix_finditer, plain.url_match]
    needs = _needs(plain)
    assert all(chars is not None for chars in needs)  # every shortcut is in use for English
    rng = random.Random(5)
    chars = [*"aZ9.,'’s)(\"-+%$£°CUSA:/@#\n\t ", "km", "é", "ß", "\u00a9", "\U0001f600", "\u2013", "\uff0c"]
    pieces = ["".join(rng.choice(chars) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    pieces += [*PIECES, "www", "example.com", "10km", "C$", "US$5"]
    for search, chars_needed in zip(searches, needs, strict=True):
        assert chars_needed is not None
        unsearched = [piece for piece in pieces if chars_needed.isdisjoint(piece)]
        assert len(unsearched) > 1000  # the test is not empty
        for piece in unsearched:
            found = search(piece)
            assert not (list(found) if search == plain.infix_finditer else found), repr(piece)


def test_suffix_ends_read_from_small_patterns() -> None:
    def ends(source: str) -> tuple[str, str] | None:
        return _suffix_ends(re.compile(source))

    assert ends(",$|a$|(?<=[0-9])\\+$") == (",a", "+,a")
    assert ends(",$|x,$") == ("", ",")  # "x," also ends with ","
    assert ends("a$|(?:b|cd)$|e+$|f(?=g)$") == ("a", "abdef")
    assert ends("(?<=a),$") == ("", ",")  # a look-behind: not always a match
    for source in ("a", "a$|b", "a$|[^b]$", "(?i)a$", "(?:x|)$", "a*$"):
        assert ends(source) is None, source
