"""Requirement inflation: too many must-haves, years above the level, degree-only, required mixed with preferred.

Which blocks are requirements comes from section detection (``jdlint.sections``):
the content of sections whose heading names the ``requirements`` key and not
``preferred_qualifications``. The patterns are data in
``rules/lists/<list>.toml``. ``check`` picks what a rule reports:

* ``count``: more than ``max_items`` must-have items (bullets or short lines);
* ``years``: a posting marked entry level (title, opening lines or a
  "Seniority level" field) that asks for ``max_years`` or more years;
* ``degree``: a required degree with no "or equivalent experience" route;
* ``mixed``: "preferred", "a plus", "nice to have" inside the required list
  of a posting that has no separate preferred section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from jdlint.diskcache import compile_patterns
from jdlint.errors import JdlintError
from jdlint.kinds.base import Check
from jdlint.memo import by_identity
from jdlint.model import BlockKind, Document, Finding, Rule, Span
from jdlint.prefilter import Scan
from jdlint.rules import Param, load_list
from jdlint.sections import heading_keys, section_keys

CHECKS = ("count", "years", "degree", "mixed")
ITEM_KINDS = (BlockKind.BULLET, BlockKind.PARAGRAPH)


@by_identity()
def requirement_blocks(document: Document) -> tuple[int, ...]:
    """Content blocks under headings that name required (not preferred) qualifications, nor duties."""
    keys = section_keys()
    blocks = []
    for section in document.sections:
        heading = document.heading_text(section)
        if heading is None:
            continue
        named = heading_keys(heading, keys)
        # "Essential duties and responsibilities" names duties, not requirements.
        if "requirements" in named and not {"preferred_qualifications", "responsibilities"} & set(named):
            blocks += [b for b in section.blocks if document.blocks[b].kind in ITEM_KINDS]
    return tuple(blocks)


class Requirements(Check):
    """Requirement lists that ask for more than the job needs."""

    PARAMS: ClassVar[dict[str, Param]] = {
        "check": Param(str, ""),
        "list": Param(str, "requirements"),
        "max_items": Param(int, 12),
        "max_item_words": Param(int, 60),
        "max_years": Param(int, 3),
    }
    FIELDS = frozenset({"match", "count", "limit", "years", "level", "marker"})

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        where = f"{rule.source}: rule {rule.code}"
        if self.params["check"] not in CHECKS:
            raise JdlintError(f"{where}: check must be one of {', '.join(CHECKS)}")
        data = load_list(self.params["_directory"], self.params["list"])
        try:
            raw = data["patterns"]
            # Programs stored on disk by content (re's parser is pure Python); bad ones raise as re.compile does.
            self.patterns: dict[str, re.Pattern[str]] = dict(
                zip(raw.keys(), compile_patterns(list(raw.values()), re.IGNORECASE), strict=True)
            )
        except (KeyError, AttributeError, re.error) as error:
            raise JdlintError(f"{where}: bad requirements list: {error}") from None
        needed = {"preferred", "entry_level", "level_field", "years", "degree", "alternative", "degree_skip"}
        if needed - set(self.patterns):
            raise JdlintError(f"{where}: requirements list lacks {sorted(needed - set(self.patterns))[0]!r}")
        self.level_field = Scan(self.patterns["level_field"])

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        yield from getattr(self, "_" + self.params["check"])(document)

    def _count(self, document: Document) -> Iterator[Finding]:
        blocks = requirement_blocks(document)
        if len(blocks) <= self.params["max_items"]:
            return  # the items counted are some of these blocks: too few to be too many
        items = [
            b
            for b in blocks
            if len(document.block_text(b).split()) <= self.params["max_item_words"]
            and not self.patterns["preferred"].search(document.block_text(b))
        ]
        if len(items) > self.params["max_items"]:
            span = document.blocks[items[0]].span
            yield self.finding(
                document,
                Span(span.start, span.start),
                {"match": "", "count": len(items), "limit": self.params["max_items"]},
            )

    def _level(self, document: Document) -> str | None:
        """The entry-level wording that marks this posting as junior, if any."""
        for index in range(min(3, len(document.blocks))):
            m = self.patterns["entry_level"].search(document.block_text(index))
            if m:
                return m.group()
        # Job boards print "Seniority level" and its value as two lines: search the whole prose
        # (through a prefilter: a word every match contains is nearly always absent).
        m = self.level_field.search(document.prose)
        return m.group("level") if m else None

    def _years(self, document: Document) -> Iterator[Finding]:
        level = self._level(document)
        if level is None:
            return
        for m in self.patterns["years"].finditer(document.prose):
            years = int(m.group("years"))
            if years >= self.params["max_years"] and not self.patterns["preferred"].search(
                document.prose[m.start() : m.end() + 60]
            ):
                yield self.finding(document, Span(m.start(), m.end()), {"years": years, "level": level.strip()})
                return

    def _degree(self, document: Document) -> Iterator[Finding]:
        blocks = requirement_blocks(document)
        for position, index in enumerate(blocks):
            text = document.block_text(index)
            m = self.patterns["degree"].search(text)
            # A bare "Bachelors Degree" line is an option in a form's education list, not a requirement.
            if (
                m is None
                or len(text.split()) <= 3
                or self.patterns["preferred"].search(text)
                or self.patterns["degree_skip"].search(text)
            ):
                continue
            following = document.block_text(blocks[position + 1]) if position + 1 < len(blocks) else ""
            if self.patterns["alternative"].search(text) or self.patterns["alternative"].match(following):
                continue
            start = document.blocks[index].span.start
            offset = document.prose.find(m.group(), start)
            span = Span(offset, offset + len(m.group())) if offset >= 0 else document.blocks[index].span
            yield self.finding(document, span, {})
            return

    def _mixed(self, document: Document) -> Iterator[Finding]:
        # Only a heading separates the lists; content detection would find the very items flagged here.
        keys = section_keys()
        for section in document.sections:
            heading = document.heading_text(section)
            if heading is not None and "preferred_qualifications" in heading_keys(heading, keys):
                return
        for index in requirement_blocks(document):
            m = self.patterns["preferred"].search(document.block_text(index))
            if m:
                start = document.prose.find(m.group(), document.blocks[index].span.start)
                span = Span(start, start + len(m.group())) if start >= 0 else document.blocks[index].span
                yield self.finding(document, span, {"marker": m.group()})
                return
