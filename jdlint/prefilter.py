r"""Cheap tests that tell when, and where, a regular expression can match a text.

Python's engine tries a pattern such as ``(?:as|is|was)\s+determined`` at every
position of the text, and with ``re.IGNORECASE`` it does so even for a pattern
that starts with a plain word. Two facts read off the parsed pattern make most
of that work unnecessary:

* **required words**: every match contains one of a few plain words
  ("determined"). When none of them is in the text, there is no match.
* **anchors**: every match *starts* with one of a few plain words
  (``independent\s+(?:contractors?|...)`` starts with "independent"). Then a
  match can only start where an anchor is, and trying the pattern at just those
  places, left to right, each try after the end of the last match, finds the
  same matches ``finditer`` finds: ``pattern.match(text, pos)`` is the engine's
  own try at ``pos`` (lookbehind and ``\b`` still see the text before ``pos``).

For a pattern that ignores case anywhere, the words are looked for in
``text.lower()`` with plain string search, which is much faster than the
engine's case-insensitive scan. That is exact only where ``str.lower`` and
``re.IGNORECASE`` agree on every ASCII character: they disagree on three
characters (:data:`CASE_TRAPS`, found by comparing both over every code point;
``tests/test_prefilter.py`` repeats that comparison), so a text containing one
of them is scanned the ordinary way, and literal characters that are not ASCII
are not used as words. A case-sensitive literal found in the text is also
found, lower-cased, in the lower-cased text, so inline flags do not matter: the
words are only ever a necessary condition. A pattern that never ignores case
looks for its words in the text as written.

:class:`Scan`'s ``finditer`` and ``search`` give exactly what ``pattern.finditer`` and
``pattern.search`` give; they only skip work that cannot find anything. Patterns
the parser cannot read, and RE2 patterns, run as they are. (Section cues use
:mod:`jdlint.needles`, which looks words up in an index of a posting's words.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# The standard library's own parser (Python 3.11+): the same reading of the pattern the engine uses.
from re import _constants as _sre_constants
from re import _parser as _sre_parser
from typing import Any

from jdlint.memo import by_identity

# The only characters on which ``str.lower`` and ``re.IGNORECASE`` disagree about an ASCII character:
# "İ" lowers to two characters ("i" and a combining dot), and re matches "ı" (dotless i) with "i" and
# "ſ" (long s) with "s", which ``str.lower`` leaves as they are.
CASE_TRAPS = ("\u0130", "\u0131", "\u017f")

ZERO_WIDTH = (_sre_constants.AT, _sre_constants.ASSERT, _sre_constants.ASSERT_NOT)
REPEATS = (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT, _sre_constants.POSSESSIVE_REPEAT)
LITERAL = _sre_constants.LITERAL
SUBPATTERN = _sre_constants.SUBPATTERN
BRANCH = _sre_constants.BRANCH

# Trying the pattern at one anchor costs about as much as the engine's scan of a few dozen characters:
# with more than one anchor per CHARS_PER_ANCHOR characters the ordinary scan is used (either way finds
# the same matches; measured on the 519 real postings, 5-40 made no difference).
CHARS_PER_ANCHOR = 40
MAX_WORDS = 64  # a longer list of words than this is not worth looking for
COMMON_SIGNS = frozenset(".,:;-'\"()/&$%+0123456789\n\t")


@dataclass(frozen=True)
class Plan:
    """What is known about every match of one pattern, as plain words."""

    required: tuple[str, ...]  # every match contains one of these (never empty)
    anchors: tuple[str, ...]  # every match starts with one of these (empty: nothing known)
    fold: bool  # the pattern ignores case somewhere: the words are lower-cased, to look for in folded text


@by_identity(size=4)
def folded(text: str) -> str | None:
    """``text.lower()`` when it lines up with ``text`` and agrees with re's case folding; else None."""
    if any(trap in text for trap in CASE_TRAPS):
        return None
    return text.lower()


class Scan:
    """One pattern, with what its :class:`Plan` lets a scan skip: ``finditer`` and ``search`` as the pattern's own."""

    def __init__(self, pattern: Any) -> None:
        self.pattern = pattern  # a compiled ``re`` pattern, or anything with finditer (RE2): run as it is
        self.plan = plan_for(pattern) if isinstance(pattern, re.Pattern) else None

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[Any]:
        """The matches ``pattern.finditer(text)`` gives, skipping the places where none can start.

        ``lowered``, when given, must be ``folded(text)`` (callers that hold it save lower-casing again).
        """
        return self._scan(text, 0, len(text), lowered)

    def search(self, text: str, pos: int = 0, endpos: int | None = None, lowered: str | None = None) -> Any:
        """What ``pattern.search(text, pos, endpos)`` gives: the first match :meth:`finditer` would see, or None."""
        return next(self._scan(text, pos, len(text) if endpos is None else min(endpos, len(text)), lowered), None)

    def may_match(self, text: str) -> bool:
        """False when no match can lie anywhere in ``text`` (nor in any part of it): none of its words is there."""
        hay = None if self.plan is None else folded(text) if self.plan.fold else text
        return self.plan is None or hay is None or any(word in hay for word in self.plan.required)

    def _scan(self, text: str, pos: int, endpos: int, lowered: str | None) -> Iterator[Any]:
        plan = self.plan
        if plan is None:
            whole = pos == 0 and endpos == len(text)
            return iter(self.pattern.finditer(text) if whole else self.pattern.finditer(text, pos, endpos))
        hay = (lowered if lowered is not None else folded(text)) if plan.fold else text
        if hay is None:
            return iter(self.pattern.finditer(text, pos, endpos))
        # A match lies inside [pos, endpos), so one of its words does.
        if all(hay.find(word, pos, endpos) == -1 for word in plan.required):
            return iter(())
        if plan.anchors:
            starts = _anchor_positions(hay, plan.anchors, pos, endpos)
            if starts is not None:
                return _match_at(self.pattern, text, starts, endpos)
        return iter(self.pattern.finditer(text, pos, endpos))


@lru_cache(maxsize=512)
def plan_for(pattern: re.Pattern[str]) -> Plan | None:
    """The required words and anchors of ``pattern``; None when no required word is known."""
    try:
        items = list(_sre_parser.parse(pattern.pattern, pattern.flags).data)
    except Exception:
        return None
    fold = bool(pattern.flags & re.IGNORECASE) or _ignores_case(items)
    anchors = _anchors(items, fold) or set()
    required = _required(items, fold) or set()
    # Anchors are required words too: a match that starts with a word contains it.
    if anchors and (not required or _rarer(anchors, required)):
        required = anchors
    if not required:
        return None
    return Plan(tuple(sorted(required)), tuple(sorted(anchors)), fold)


def _anchor_positions(hay: str, anchors: tuple[str, ...], pos: int, endpos: int) -> list[int] | None:
    """Every place in [pos, endpos) an anchor starts (and ends), in order; None when too many to be worth it."""
    limit = (endpos - pos) // CHARS_PER_ANCHOR + 4
    starts: set[int] = set()
    for anchor in anchors:
        at = hay.find(anchor, pos, endpos)
        while at != -1:
            starts.add(at)
            if len(starts) > limit:
                return None
            at = hay.find(anchor, at + 1, endpos)
    return sorted(starts)


def _match_at(pattern: re.Pattern[str], text: str, starts: list[int], endpos: int) -> Iterator[re.Match[str]]:
    """``finditer``'s matches, trying only ``starts`` (every match starts with an anchor, so is non-empty)."""
    end = 0
    for at in starts:
        if at < end:
            continue  # inside the last match: finditer resumes after it
        m = pattern.match(text, at, endpos)
        if m is not None:
            end = m.end()
            yield m


def _word(av: int, fold: bool) -> str | None:
    """A literal character as it is looked for; None for a non-ASCII one in a folded pattern."""
    if not fold:
        return chr(av)
    return chr(av).lower() if av < 128 else None


def _anchors(items: list[Any], fold: bool) -> set[str] | None:
    """Words one of which every match of the sequence ``items`` starts with; None if unknown."""
    run = ""
    for index, (op, av) in enumerate(items):
        char = _word(av, fold) if op is LITERAL else None
        if char is not None:
            run += char
            continue
        if run:
            return {run}  # (a longer anchor would cost more searches than the tries it saves)
        if op in ZERO_WIDTH:
            continue  # consumes nothing: the match starts with what follows
        rest = items[index + 1 :]
        if op is SUBPATTERN:  # a group is matched once, then the rest
            return _anchors(list(av[-1].data) + rest, fold)
        if op is BRANCH:  # one of the branches, then the rest
            words: set[str] = set()
            for branch in av[1]:
                first = _anchors(list(branch.data) + rest, fold)
                if first is None:
                    return None
                words |= first
            return words
        if op in REPEATS:
            low, _, body = av
            first = _anchors(list(body.data), fold)  # the first repetition (not joined to the rest: it may repeat)
            if first is None:
                return None
            if low > 0:
                return first
            after = _anchors(rest, fold)  # or no repetition at all
            return None if after is None else first | after
        return None  # a class, any character, a backreference...: nothing known
    return {run} if run else None  # the end with no word: the sequence can match the empty string


def _required(items: list[Any], fold: bool) -> set[str] | None:
    """Words one of which every match of the sequence ``items`` contains; None if unknown."""
    best: set[str] | None = None
    run = ""

    def consider(words: set[str] | None) -> None:
        nonlocal best
        if words and (best is None or _rarer(words, best)):
            best = words

    for index, (op, av) in enumerate(items):
        char = _word(av, fold) if op is LITERAL else None
        if char is not None:
            run += char
            continue
        if run:
            consider({run})
            consider(_extended(run, items[index:], fold))
        run = ""
        if op is SUBPATTERN:
            consider(_required(list(av[-1].data), fold))
        elif op is BRANCH:
            parts = [_required(list(branch.data), fold) for branch in av[1]]
            if all(parts):
                consider(set().union(*(p for p in parts if p)))
        elif op in REPEATS and av[0] > 0:
            consider(_required(list(av[2].data), fold))
    consider({run} if run else None)
    return best


def _extended(run: str, rest: list[Any], fold: bool) -> set[str]:
    """``run`` joined to each word the sequence after it starts with ("to be " + "confirmed"), or just ``run``."""
    more = _anchors(rest, fold)
    if not more or len(more) > MAX_WORDS:
        return {run}
    return {run + word for word in more}


def _rarity(word: str) -> int:
    """A guess at how rarely ``word`` occurs in prose (only speed depends on it).

    Longer words are rarer; spaces and common punctuation are everywhere; other signs ("[", "{", "<") are rare.
    """
    core = word.replace(" ", "")
    if not core:
        return 0
    if core.isalpha():
        return min(len(core), 16)
    return 1 if all(c in COMMON_SIGNS for c in core) else 4


def _rarer(a: set[str], b: set[str]) -> bool:
    """Whether ``a`` is likely the better test: its words, taken together, are less likely to be in a text."""
    return sum(2.0 ** -_rarity(w) for w in a) < sum(2.0 ** -_rarity(w) for w in b)


def _ignores_case(items: list[Any]) -> bool:
    """Whether a group inside the pattern turns on ``(?i:...)``."""
    for op, av in items:
        if op is SUBPATTERN and av[1] & re.IGNORECASE:
            return True
        for child in _subpatterns(av):
            if _ignores_case(list(child.data)):
                return True
    return False


def _subpatterns(av: Any) -> Iterator[Any]:
    """The parsed sub-patterns inside one item's argument, however it is nested."""
    if isinstance(av, _sre_parser.SubPattern):
        yield av
    elif isinstance(av, tuple | list):
        for item in av:
            yield from _subpatterns(item)
