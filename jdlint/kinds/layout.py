"""Length and layout: how long the posting is and how its words are laid out.

``measure`` picks what a rule reports:

* ``length``: words outside ``min_words``..``max_words`` (headings not counted);
* ``bullet-share``: share of words in bullets below ``min_share`` or above
  ``max_share`` (only for postings of at least ``min_words``);
* ``long-bullet``: a bullet of more than ``max_words`` words made of two or
  more sentences (one long sentence is the long-sentence rule's);
* ``wall-of-text``: a paragraph of more than ``max_words`` words;
* ``long-list``: a responsibilities section with more than ``max_items``
  items.

The defaults follow vendor guidance on job adverts (300-700 words, about a
third in bullets; see /work/shared/reference/peers.md 4.6): configurable
targets, not facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from jdlint.errors import JdlintError
from jdlint.kinds.base import Check
from jdlint.memo import by_identity
from jdlint.model import BlockKind, Document, Finding, Rule, Span
from jdlint.rules import Param
from jdlint.sections import heading_keys, section_keys, word_count

MEASURES = ("length", "bullet-share", "long-bullet", "wall-of-text", "long-list")
SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z\"“(])")


@by_identity()
def word_counts(document: Document, max_line_words: int = 30) -> tuple[int, int]:
    """Words outside headings, and how many of them are in bullets or list-like lines.

    A run of three or more short paragraphs (``max_line_words`` or fewer) reads as
    a list: plain-text and copied postings often keep one item per line but lose
    the bullet markers.
    """
    total = listed = 0
    run: list[int] = []

    def close_run() -> int:
        words = sum(run) if len(run) >= 3 else 0
        run.clear()
        return words

    for block, n in zip(document.blocks, block_words(document), strict=True):
        if block.kind is BlockKind.HEADING:
            listed += close_run()
            continue
        total += n
        if block.kind is BlockKind.BULLET:
            listed += n
        elif block.kind is BlockKind.PARAGRAPH and n <= max_line_words:
            run.append(n)
            continue
        listed += close_run()
    listed += close_run()
    return total, listed


@by_identity()
def block_words(document: Document) -> tuple[int, ...]:
    """How many words each block has (asked by several layout rules per posting)."""
    return tuple(word_count(document.block_text(index)) for index in range(len(document.blocks)))


class Layout(Check):
    """Posting length, bullet share, long bullets, walls of text, long duty lists."""

    PARAMS: ClassVar[dict[str, Param]] = {
        "measure": Param(str, ""),
        "min_words": Param(int, 300),
        "max_words": Param(int, 700),
        "min_share": Param(float, 0.1),
        "max_share": Param(float, 0.9),
        "max_items": Param(int, 12),
    }
    FIELDS = frozenset({"match", "words", "limit", "share", "advice", "count", "heading"})

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        if self.params["measure"] not in MEASURES:
            raise JdlintError(f"{rule.source}: rule {rule.code}: measure must be one of {', '.join(MEASURES)}")

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        if not document.blocks:
            return
        measure = self.params["measure"]
        if measure == "length":
            yield from self._length(document)
        elif measure == "bullet-share":
            yield from self._bullet_share(document)
        elif measure == "long-list":
            yield from self._long_list(document)
        else:
            kind = BlockKind.BULLET if measure == "long-bullet" else BlockKind.PARAGRAPH
            counts = block_words(document)
            for index, block in enumerate(document.blocks):
                words = counts[index]
                if block.kind is not kind or words <= self.params["max_words"]:
                    continue
                if kind is BlockKind.BULLET and not SENTENCE_BREAK.search(document.block_text(index)):
                    continue
                start = block.span.start
                yield self.finding(document, Span(start, start), {"match": "", "words": words})

    def _length(self, document: Document) -> Iterator[Finding]:
        words, _ = word_counts(document)
        low, high = self.params["min_words"], self.params["max_words"]
        if low <= words <= high:
            return
        if words < low:
            advice = (
                f"Add what a candidate needs to decide: pay, duties, requirements, how to apply (aim for {low}-{high})."
            )
            limit = low
        else:
            advice = f"Cut repetition and boilerplate; keep duties and requirements short (aim for {low}-{high})."
            limit = high
        fields = {"match": "", "words": words, "limit": limit, "advice": advice}
        yield self.finding(document, Span(0, 0), fields)

    def _bullet_share(self, document: Document) -> Iterator[Finding]:
        words, bullets = word_counts(document)
        if words < self.params["min_words"]:
            return
        share = bullets / words
        if share < self.params["min_share"]:
            advice = "Put duties and requirements in short bullets; keep prose for the role and the company."
        elif share > self.params["max_share"]:
            advice = "Add a few sentences of prose: what the role is for, who the team are, why join."
        else:
            return
        fields = {"match": "", "share": f"{share:.0%}", "advice": advice}
        yield self.finding(document, Span(0, 0), fields)

    def _long_list(self, document: Document) -> Iterator[Finding]:
        keys = section_keys()
        for section in document.sections:
            heading = document.heading_text(section)
            if heading is None or section.heading is None or "responsibilities" not in heading_keys(heading, keys):
                continue
            items = [b for b in section.blocks if document.blocks[b].kind in (BlockKind.BULLET, BlockKind.PARAGRAPH)]
            if len(items) > self.params["max_items"]:
                span = document.blocks[section.heading].span
                yield self.finding(
                    document, span, {"count": len(items), "limit": self.params["max_items"], "heading": heading}
                )
