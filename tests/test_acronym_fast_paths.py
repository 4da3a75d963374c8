"""The acronym rule's and the readability counts' fast paths give the answers of the plain ones.

Each fast path in ``jdlint.kinds.acronyms`` and ``jdlint.readability`` is claimed to be exact
(see the comments there): these tests hold each against a plain reading, written out here, on
generated text and on the sample corpus.
"""

from __future__ import annotations

import dataclasses
import gc
import re
from collections.abc import Iterator
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jdlint import readability
from jdlint.document import parse
from jdlint.kinds import acronyms as acr
from jdlint.lexicon import english_words
from jdlint.model import Span

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# Word-ish pieces: capitals, small words (any case), "ex" words, digits, brackets, plurals, breaks.
PIECES = [
    "Key", "Performance", "Indicator", "KPI", "KPIs", "kpi", "of", "OF", "And", "the", "&", "a", "an",
    "Experience", "exam", "X", "Information", "information", "security", "Security", "INFOSEC",
    "Workforce", "WF", "NHS", "England", "Trust", "(", ")", "(s)", "s", "3D", "a1b", "o’f", "don't",
    "well-known", "GS-15", "U.S.", "PLEASE", "NOTE", "YOU", "WILL", " ", "  ", "\n", "\n\n", "- ", "# ",
    ",", ".", ":", "’", "'", "é", "É", "\u00a0",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _plain_block_words(document: acr.Document) -> list[str]:
    """Every WORD_RE word, with one BREAK between words of different blocks."""
    starts = [b.span.start for b in document.blocks]
    words: list[str] = []
    block = -1
    for m in acr.WORD_RE.finditer(document.prose):
        current = max((i for i, s in enumerate(starts) if s <= m.start()), default=-1)
        if current != block and words:
            words.append(acr.BREAK)
        block = current
        words.append(m.group())
    return words


def _squeezed(words: list[str]) -> list[str]:
    """Breaks side by side or at the ends dropped (they change no answer, see ``_block_words``)."""
    result: list[str] = []
    for word in words:
        if word != acr.BREAK or (result and result[-1] != acr.BREAK):
            result.append(word)
    while result and result[-1] == acr.BREAK:
        result.pop()
    return result


def _check_block_words(document: acr.Document) -> None:
    fast = acr._block_words(document)
    assert _squeezed(fast.words) == _plain_block_words(document)
    assert len(fast.codes) == len(fast.words)
    assert fast.codes == acr._codes(fast.words)


@settings(max_examples=300, deadline=None)
@given(texts, st.booleans())
def test_block_words_read_as_word_by_word(text: str, markdown: bool) -> None:
    _check_block_words(parse(text, markdown=markdown))


def test_block_words_on_the_sample_corpus_and_across_a_block_start() -> None:
    for path in sorted(CORPUS.glob("*.md")):
        _check_block_words(parse(path.read_text(encoding="utf-8")))
    document = parse("Alpha beta\n\ngamma delta\n")
    # A block that starts inside a word: the one-scan reading would split it, so the slow one runs.
    inside = dataclasses.replace(
        document, blocks=(document.blocks[0], dataclasses.replace(document.blocks[1], span=Span(14, 23)))
    )
    expected = ["Alpha", "beta", "gamma", acr.BREAK, "delta"]
    assert acr._block_words(inside).words == _plain_block_words(inside) == expected


def _plain_starts(letters: str, words: list[str]) -> Iterator[int]:
    """Where ``explained`` tried a spelling before the start patterns: every word with the first letter."""
    for start, word in enumerate(words):
        if word != acr.BREAK and word[0].lower() == letters[0].lower():
            yield start


# Words whose first letters come from a few letters, so that generated acronyms are often spelled:
# names, lower-case words, shouted words, "ex" words, compounds of two English words, small words.
SPELLING_WORDS = [
    *(w for c in "KPIAFW" for w in (c + "ey", c.lower() + "ey", c + "EY", c)),
    *["Experience", "exam", "Workforce", "Framework", "passport", "Passport", "Information", "Security"],
    *["of", "Of", "and", "AND", "a", "the", "&", "for", "at", acr.BREAK],
]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(SPELLING_WORDS), max_size=12),
    st.text(alphabet="KPIAFWXS", min_size=2, max_size=7),
)
# Spellings that need each reading: a skipped name, a compound first or last, "ex", clipping.
@example(["Key", "Passport", "Fey", "Iey", "Aey"], "KPIA")
@example(["Workforce", "Aey"], "WFA")
@example(["Key", "Workforce"], "KWF")
@example(["Key", "Experience"], "KX")
@example(["Information", "Security", "Framework"], "INFOSECF")
@example(["Information", "and", "Passport", "Security"], "INFOSEC")
@example(["Key", "experience", "passport", "iey", "aey"], "KXPIA")
def test_start_patterns_miss_no_spelling(words: list[str], letters: str) -> None:
    capitals = len(letters) <= acr.SHORT_ACRONYM
    table, pattern = acr._starts(letters, capitals)
    found = {m.start() for m in pattern.finditer(acr._codes(words).translate(table))}
    spelled = {
        start
        for start in _plain_starts(letters, words)
        if acr._expands(letters, words, start, len(letters) <= 2, english_words(), capitals=capitals)
    }
    assert spelled <= found <= set(_plain_starts(letters, words))


def _plain_glosses(key: str, lowered: str) -> Iterator[list[str]]:
    """The gloss search read straight: at every occurrence of the acronym, look around it."""
    acronym = key.lower()
    position = lowered.find(acronym)
    while position >= 0:
        after = lowered[position + len(acronym) :].lstrip("s")
        before = lowered[:position].rstrip()
        gloss = ""
        if before.endswith("(") and after.lstrip().startswith(")"):
            gloss = " ".join(before[-120:-1].split()[-10:])
        elif after.lstrip().startswith("("):
            gloss = after.lstrip()[1:].split(")", 1)[0][:90]
        position = lowered.find(acronym, position + 1)
        if gloss:
            tokens = acr.WORD_RE.findall(gloss)
            for start in range(len(tokens)):
                if tokens[start][0] == key[0].lower():
                    yield tokens[start:]


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(["KPI", "CCM", "S", "SS", "KPIS", "A", "XS"]))
def test_glosses_found_from_the_brackets(text: str, key: str) -> None:
    lowered = acr._lowered(text)
    assert lowered.text == " ".join(text.lower().split())
    assert list(acr._glosses(key, lowered)) == list(_plain_glosses(key, lowered.text))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_rewritten_patterns_match_as_written(text: str) -> None:
    plain_shout = re.compile(r"(?:\b[A-Z][A-Z’'-]*[A-Z]\b[\s,:;.!/&-]*){3,}")
    assert [m.span() for m in acr.SHOUT_RUN_RE.finditer(text)] == [m.span() for m in plain_shout.finditer(text)]
    letters = re.findall(r"[A-Za-z]{2,}", text)
    assert acr.LETTERS_RE.findall(text) == letters
    assert len(acr.CAPITALS_WORD_RE.findall(text)) == sum(w.isupper() for w in letters)
    plain_words = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*(?:-[A-Za-z]+)*")
    assert readability.WORD_RE.findall(text) == plain_words.findall(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_candidate_tokens_are_every_token_with_two_capitals(text: str) -> None:
    plain = [m.span() for m in acr.TOKEN_RE.finditer(text) if acr.TWO_CAPITALS_RE.search(m.group())]
    assert [m.span() for m in acr._capitalised_tokens(text) if acr.TWO_CAPITALS_RE.search(m.group())] == plain


def test_syllable_fast_path_agrees_with_the_general_count() -> None:
    for word in ["information", "the", "a", "Responsibilities", "zzyzx", "qwrtplk", "HR", "Ability"]:
        general = sum(max(1, readability._count(part)) for part in word.lower().split("-") if part)
        assert readability.syllables(word) == general


def _plain_split_advice(text: str) -> str:
    """Where to cut a long sentence, counting the words around each break."""
    from jdlint.kinds.readability import SPLIT_AFTER

    middle, best = len(text) / 2, None
    for m in SPLIT_AFTER.finditer(text):
        before, after = len(text[: m.start()].split()), len(text[m.end() :].split())
        if before >= 6 and after >= 6 and (best is None or abs(m.start() - middle) < abs(best - middle)):
            best = m.start()
    if best is None:
        return "Split it into two or three sentences, one idea each."
    tail = " ".join(text[:best].split()[-3:]).rstrip(",;:")
    return f"Split it after '{tail}' and start a new sentence there."


def _spaced(words: str) -> list[str]:
    return [piece for word in words.split() for piece in (word, " ")]


SENTENCE_PIECES = ["one", "two", "and", ",", ", ", ";", ": ", " ", "  ", "\n", "\u00a0", "which"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=60))
@example(_spaced("one two one two one ; one two one two one two"))  # the break is the sixth word
@example(_spaced("one two one two one two ; one two one two one"))
def test_split_advice_finds_the_break_nearest_the_middle(pieces: list[str]) -> None:
    from jdlint.kinds.readability import _split_advice

    document = parse("".join(pieces), markdown=False)
    assert _split_advice(document, Span(0, len(document.prose))) == _plain_split_advice(document.prose)


def test_spelling_search_leaves_no_reference_cycles() -> None:
    # Its two closures call each other; left as a cycle, every search is garbage only the collector frees.
    words = ["Key", "Performance", "Indicator", "of", "the", "Trust"]
    gc.collect()
    gc.disable()
    try:
        for start in range(3):
            acr._expands("KPI", words, start, False, english_words())
        assert gc.collect() == 0
    finally:
        gc.enable()
