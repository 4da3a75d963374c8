"""Readability figures: syllables and the Flesch formulas.

Syllables are counted the way textstat 0.7.x counts them, without importing
textstat or NLTK (which costs about half a second at start-up): a word of the
CMU Pronouncing Dictionary has the syllables of its first pronunciation,
looked up in ``jdlint/data/syllables.txt`` (a compact table that
``scripts/make_syllable_table.py`` builds from the shipped dictionary); any
other word is hyphenated with pyphen, as textstat does. A test checks the two
agree word for word.

Sentences come from jdlint's document model, where each bullet is a
sentence; textstat on raw Markdown would read a whole list as one sentence.
The formulas are the published ones:

- Flesch-Kincaid grade = 0.39 × words/sentence + 11.8 × syllables/word − 15.59
- Flesch reading ease = 206.835 − 1.015 × words/sentence − 84.6 × syllables/word
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from jdlint.lexicon import syllables as dictionary
from jdlint.memo import by_identity
from jdlint.model import Document, Section, Span

# Words: r"[A-Za-z]+(?:['’][A-Za-z]+)*(?:-[A-Za-z]+)*", written to match the same words faster:
# a leading class lets the engine skip to a letter, and possessive repeats (nothing after them
# can fail, so giving back letters never helps) spare it the bookkeeping for backtracking.
WORD_RE = re.compile(r"[A-Za-z][A-Za-z]*+(?:['’][A-Za-z]++)*+(?:-[A-Za-z]++)*+")
# textstat's word clean-up before a lookup: an apostrophe survives only before a
# contraction ending ("don't", "you've"); other punctuation, curly quotes included, goes.
NON_CONTRACTION_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
PUNCTUATION = re.compile(r"[^\w\s']")


@lru_cache(maxsize=1)
def _hyphenator() -> Callable[[str], list[int]]:
    """Pyphen's US English hyphenation points, for words the dictionary lacks (as textstat)."""
    import pyphen

    from jdlint.diskcache import cached

    # Pyphen parses its pattern file on every start (~40 ms); the parsed patterns are
    # cached on disk by the file's content and handed to pyphen's own per-file cache.
    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    if path not in pyphen.hdcache:
        source = Path(path).read_bytes()
        patterns = cached("hyphenation", source, lambda: pyphen.HyphDict(path).patterns)
        if patterns:
            parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
            parsed.patterns, parsed.cache, parsed.maxlen = patterns, {}, max(map(len, patterns))
            pyphen.hdcache[path] = parsed
    positions: Callable[[str], list[int]] = pyphen.Pyphen(lang="en_US").positions
    return positions


def _count(word: str) -> int:
    """Syllables textstat gives one lower-case word."""
    cleaned = PUNCTUATION.sub("", NON_CONTRACTION_APOSTROPHE.sub("", word))
    total = 0
    for part in cleaned.split():
        known = dictionary().get(part)
        total += known if known is not None else len(_hyphenator()(part)) + 1
    return total


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one word (hyphenated parts counted separately)."""
    if word.isalpha() and word.isascii():
        # Most words are plain letters: no hyphen to split at and nothing for ``_count`` to clean.
        lower = word.lower()
        known = dictionary().get(lower)
        return max(1, known if known is not None else len(_hyphenator()(lower)) + 1)
    return sum(max(1, _count(part)) for part in word.lower().split("-") if part)


# Syllables of the words seen so far: reading a tuple of counts through a dict is cheaper
# than a call per word. Bounded: cleared when it grows past the size of lru_cache above.
_counted: dict[str, int] = {}


def _counts(words: tuple[str, ...]) -> tuple[int, ...]:
    """``syllables`` of each word."""
    try:
        return tuple(map(_counted.__getitem__, words))
    except KeyError:
        if len(_counted) > 65536:
            _counted.clear()
        for word in words:
            if word not in _counted:
                _counted[word] = syllables(word)
        return tuple(map(_counted.__getitem__, words))


@dataclass(frozen=True, slots=True)
class SentenceStats:
    """Counts for one sentence."""

    span: Span
    words: tuple[str, ...]
    syllables: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Scores:
    """Readability figures for a document or a section."""

    sentences: int
    words: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        """Average words in a sentence."""
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        """Average syllables in a word."""
        return self.syllables / self.words if self.words else 0.0

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level (US school grade)."""
        if not self.words:
            return 0.0
        return 0.39 * self.words_per_sentence + 11.8 * self.syllables_per_word - 15.59

    @property
    def reading_ease(self) -> float:
        """Flesch reading ease (higher is easier; 60-70 is plain English)."""
        if not self.words:
            return 0.0
        return 206.835 - 1.015 * self.words_per_sentence - 84.6 * self.syllables_per_word

    def as_dict(self) -> dict[str, float | int]:
        """The figures for JSON output, rounded."""
        return {
            "flesch_kincaid_grade": round(self.grade, 1),
            "flesch_reading_ease": round(self.reading_ease, 1),
            "words": self.words,
            "sentences": self.sentences,
            "words_per_sentence": round(self.words_per_sentence, 1),
        }


def sentence_stats(document: Document, span: Span) -> SentenceStats:
    """Words and syllables of one sentence."""
    words = tuple(WORD_RE.findall(document.prose, span.start, span.end))
    return SentenceStats(span, words, _counts(words))


@by_identity()
def measure(document: Document) -> tuple[SentenceStats, ...]:
    """Stats for every sentence of a document (cached: several rules ask)."""
    prose, find = document.prose, WORD_RE.findall
    stats = []
    for span in document.sentences:  # sentence_stats, inlined: a call per sentence adds up
        words = tuple(find(prose, span.start, span.end))
        stats.append(SentenceStats(span, words, _counts(words)))
    return tuple(stats)


def scores(stats: tuple[SentenceStats, ...] | list[SentenceStats]) -> Scores:
    """Totals for a run of sentences."""
    counted = [s for s in stats if s.words]
    return Scores(len(counted), sum(len(s.words) for s in counted), sum(sum(s.syllables) for s in counted))


@dataclass(frozen=True, slots=True)
class _Running:
    """A document's sentence starts, and totals for ``scores`` over the sentences before each one."""

    starts: tuple[int, ...]
    # Entry i counts the first i sentences (a sentence counts only if it has words, as in ``scores``).
    sentences: tuple[int, ...]
    words: tuple[int, ...]
    syllables: tuple[int, ...]


@by_identity()
def _running(document: Document) -> _Running:
    stats = measure(document)
    words = [len(s.words) for s in stats]
    return _Running(
        tuple(s.span.start for s in stats),
        tuple(accumulate(map(bool, words), initial=0)),
        tuple(accumulate(words, initial=0)),
        tuple(accumulate((sum(s.syllables) for s in stats), initial=0)),
    )


def _section_range(document: Document, section: Section) -> tuple[int, int]:
    """The sentences that fall inside one section (sentences are in order: a binary search, not a scan)."""
    starts = _running(document).starts
    return bisect.bisect_left(starts, section.span.start), bisect.bisect_left(starts, section.span.end)


def section_stats(document: Document, section: Section) -> list[SentenceStats]:
    """The sentences that fall inside one section."""
    first, last = _section_range(document, section)
    return list(measure(document)[first:last])


def section_scores(document: Document, section: Section) -> Scores:
    """``scores(section_stats(document, section))``, from running totals: no list, no sums per call.

    Exact: the counts are whole numbers, so a difference of running totals is the sum itself.
    """
    first, last = _section_range(document, section)
    running = _running(document)
    return Scores(
        running.sentences[last] - running.sentences[first],
        running.words[last] - running.words[first],
        running.syllables[last] - running.syllables[first],
    )


def document_scores(document: Document) -> Scores:
    """``scores(measure(document))``, from the running totals (see ``section_scores``)."""
    running = _running(document)
    return Scores(running.sentences[-1], running.words[-1], running.syllables[-1])
