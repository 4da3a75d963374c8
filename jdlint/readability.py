"""Readability figures: the one module that imports textstat.

textstat counts syllables with the CMU Pronouncing Dictionary, which it
fetches through NLTK's downloader on first use, and that fails offline. jdlint
ships the dictionary (``jdlint/data/nltk_data``, CMU's BSD-style licence) and
puts it first on NLTK's data path before textstat is imported, so textstat
finds it and never tries the network.

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
from pathlib import Path

from jdlint.model import Document, Section, Span

NLTK_DATA = Path(__file__).parent / "data" / "nltk_data"
WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*(?:-[A-Za-z]+)*")


@lru_cache(maxsize=1)
def _syllable_counter() -> Callable[[str], float]:
    import nltk

    if str(NLTK_DATA) not in nltk.data.path:
        nltk.data.path.insert(0, str(NLTK_DATA))
    import textstat

    counter: Callable[[str], float] = textstat.syllable_count
    return counter


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one word (hyphenated parts counted separately)."""
    count = _syllable_counter()
    return sum(max(1, int(count(part))) for part in word.lower().split("-") if part)


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
    return SentenceStats(span, words, tuple(syllables(w) for w in words))


@lru_cache(maxsize=16)
def measure(document: Document) -> tuple[SentenceStats, ...]:
    """Stats for every sentence of a document (cached: several rules ask)."""
    return tuple(sentence_stats(document, span) for span in document.sentences)


def scores(stats: tuple[SentenceStats, ...] | list[SentenceStats]) -> Scores:
    """Totals for a run of sentences."""
    counted = [s for s in stats if s.words]
    return Scores(len(counted), sum(len(s.words) for s in counted), sum(sum(s.syllables) for s in counted))


@lru_cache(maxsize=16)
def _sentence_starts(document: Document) -> tuple[int, ...]:
    return tuple(s.span.start for s in measure(document))


def section_stats(document: Document, section: Section) -> list[SentenceStats]:
    """The sentences that fall inside one section (sentences are in order: a binary search, not a scan)."""
    starts = _sentence_starts(document)
    first = bisect.bisect_left(starts, section.span.start)
    last = bisect.bisect_left(starts, section.span.end)
    return list(measure(document)[first:last])
