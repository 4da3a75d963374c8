"""Readability rules: grade per document and per section, long sentences, long words.

One kind with a ``measure`` parameter, because all four read the same
sentence counts (``jdlint.readability``). Every finding says what to do:
which sentence to split and where, which words to shorten.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from jdlint.errors import JdlintError
from jdlint.kinds.base import Check, quote_list
from jdlint.model import Document, Finding, Rule, Span
from jdlint.readability import Scores, SentenceStats, document_scores, measure, section_scores, section_stats
from jdlint.rules import Param

MEASURES = ("document-grade", "section-grade", "sentence-length", "long-words")
# Where a long sentence can be cut: after these, a new sentence reads naturally.
NO_BREAK = "Split it into two or three sentences, one idea each."
# Leading space and five words with the space after each: its end is where the sixth word starts.
SIXTH_WORD_RE = re.compile(r"\s*+(?:\S++\s++){5}(?=\S)")
SPLIT_AFTER = re.compile(r"[;:]\s|,\s+(?=(?:and|but|which|while|so|including|where|as well as|or)\b)|\s(?=and\s)")


class Readability(Check):
    """Reading grade and sentence-level difficulty, bullet-aware."""

    PARAMS: ClassVar[dict[str, Param]] = {
        "measure": Param(str, ""),
        "max_grade": Param(float, 10.0),
        "min_words": Param(int, 100),
        "max_words": Param(int, 30),
        "min_syllables": Param(int, 4),
        "max_long_words": Param(int, 3),
        "common_long_words": Param(list, []),
    }
    FIELDS = frozenset({"match", "grade", "target", "words", "advice", "heading", "long_words", "count"})
    FIX_POLICY = (
        "Display-only: splitting a sentence or choosing shorter words changes how it reads, so a person "
        "decides; the suggestion says where to cut. --fix never edits."
    )

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        if self.params["measure"] not in MEASURES:
            raise JdlintError(f"{rule.source}: rule {rule.code}: measure must be one of {', '.join(MEASURES)}")
        self.common = frozenset(w.lower() for w in self.params["common_long_words"])

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        measure_name = self.params["measure"]
        if measure_name == "document-grade":
            totals = document_scores(document)
            if self._too_hard(totals):
                yield from self._grade(document, totals, list(measure(document)), None)
        elif measure_name == "section-grade":
            for section in document.sections:
                if section.heading is not None and self._too_hard(totals := section_scores(document, section)):
                    yield from self._grade(document, totals, section_stats(document, section), section.heading)
        elif measure_name == "sentence-length":
            yield from self._long_sentences(document)
        else:
            yield from self._long_words(document)

    def _long(self, stats: SentenceStats) -> list[str]:
        """The long words of a sentence, most syllables first, without repeats."""
        least = self.params["min_syllables"]
        if not stats.syllables or max(stats.syllables) < least:
            return []  # most sentences: no word is long enough
        found = {
            w: n
            for w, n in zip(stats.words, stats.syllables, strict=True)
            if n >= least and w.lower() not in self.common
        }
        # A stable sort: words with as many syllables stay in the order they come.
        return sorted(found, key=found.__getitem__, reverse=True)

    def _first_long(self, stats: list[SentenceStats], count: int) -> list[str]:
        """The first ``count`` different long words (lower case) of the sentences, in ``_long``'s order."""
        found: dict[str, None] = {}
        for sentence in stats:
            for word in self._long(sentence):
                found[word.lower()] = None
                if len(found) == count:
                    return list(found)  # the rest cannot change the first ``count``
        return list(found)

    def _too_hard(self, totals: Scores) -> bool:
        """Whether text with these totals is long enough to judge and above the grade allowed."""
        return bool(totals.words >= self.params["min_words"] and totals.grade > self.params["max_grade"])

    def _grade(
        self, document: Document, totals: Scores, stats: list[SentenceStats], heading: int | None
    ) -> Iterator[Finding]:
        """The finding for text ``_too_hard`` judged too hard: ``totals`` are ``scores(stats)``."""
        long_sentences = sorted((s for s in stats if len(s.words) > 25), key=lambda s: -len(s.words))
        long_words = self._first_long(stats, 5)
        parts = []
        if long_sentences:
            first = document.line_col(long_sentences[0].span.start)[0]
            parts.append(f"split the {len(long_sentences)} sentence(s) over 25 words (the longest is on line {first})")
        if totals.words_per_sentence > 20:
            parts.append(f"aim for under 20 words a sentence (now {totals.words_per_sentence:.0f})")
        if long_words:
            parts.append(f"use shorter words than {quote_list(long_words, 'and')}")
        advice = ("To lower it: " + "; ".join(parts) + ".") if parts else ""
        if heading is None:
            first_sentence = stats[0].span if stats else Span(0, 0)
            span = Span(first_sentence.start, first_sentence.start)
            heading_text = ""
        else:
            span = document.blocks[heading].span
            heading_text = document.block_text(heading)
        fields = {
            "grade": f"{totals.grade:.1f}",
            "target": f"{self.params['max_grade']:g}",
            "words": totals.words,
            "advice": advice,
            "heading": heading_text,
        }
        yield self.finding(document, span, fields)

    def _long_sentences(self, document: Document) -> Iterator[Finding]:
        limit = self.params["max_words"]
        for stats in measure(document):
            if len(stats.words) <= limit:
                continue
            yield self.finding(
                document,
                stats.span,
                {"words": len(stats.words), "target": limit, "advice": _split_advice(document, stats.span)},
            )

    def _long_words(self, document: Document) -> Iterator[Finding]:
        least, fewest = self.params["min_syllables"], self.params["max_long_words"]
        for stats in measure(document):
            # The words with enough syllables bound the long words from above (repeats and common
            # words are only taken away): when even they are too few, the sentence passes.
            most = sum(map(least.__le__, stats.syllables))
            if most < fewest or most * 4 < len(stats.words):
                continue
            long_words = self._long(stats)
            if len(long_words) < self.params["max_long_words"] or len(long_words) * 4 < len(stats.words):
                continue
            fields = {"long_words": quote_list(long_words, "and"), "count": len(long_words), "words": len(stats.words)}
            yield self.finding(document, stats.span, fields)


def _split_advice(document: Document, span: Span) -> str:
    """Where to cut a long sentence: the natural break nearest its middle."""
    text = document.prose[span.start : span.end]
    middle = len(text) / 2
    best = None
    # A break needs six words (runs of non-space) before and six after it, so only two places
    # matter: where the sixth word starts and where the sixth from the end ends (the sixth word
    # of the text read backwards). Counting the words around each break instead was quadratic
    # (a 1 MB run-on line took minutes), and listing every word cost more than the rest.
    sixth = SIXTH_WORD_RE.match(text)
    sixth_last = SIXTH_WORD_RE.match(text[::-1])
    if sixth is None or sixth_last is None:
        return NO_BREAK
    first_start, last_end = sixth.end(), len(text) - sixth_last.end()
    for m in SPLIT_AFTER.finditer(text):
        start = m.start()
        if first_start < start and m.end() < last_end and (best is None or abs(start - middle) < abs(best - middle)):
            best = start
        if first_start < start and start >= middle:
            # Later breaks start further from the middle and end later (matches do not overlap):
            # none can be nearer than this one or the best so far, nor end before ``last_end``
            # when this one does not. So the scan can stop here.
            break
    if best is None:
        return NO_BREAK
    # The last three words: rsplit from the right gives them without splitting the rest.
    tail = " ".join(text[:best].rsplit(None, 3)[-3:]).rstrip(",;:")
    return f"Split it after '{tail}' and start a new sentence there."
