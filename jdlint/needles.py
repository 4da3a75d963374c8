r"""Words a regular expression's every match contains: an exact prefilter for costly searches.

A content cue such as ``\b(?:is|are) used by (?:over |more than )?\d`` starts
with ``\b`` and an alternation, so Python's engine tries it at every position
of a text, and with ``re.IGNORECASE`` it gets no help from a literal prefix.
Every match contains the word "used", though, and looking a word up in the set
of a text's words costs next to nothing. :func:`needles` reads a pattern with
the standard library's own parser and returns such alternatives: one of them
is in every match (``\b(?:founded|established) in \d{4}`` gives the words
"founded" and "established"), or None when it knows none.

Section detection runs some 150 cues over each posting's blocks, so their needles are looked
up in one index of the posting's words per block, built once; :mod:`jdlint.prefilter` answers
the same kind of question for a pattern run once over one text, by string search (it was
measured slower for the cues).

An alternative is a *word* when the pattern fixes both its ends as word ends
(a ``\b``, ``^``, ``$`` or a literal space or punctuation mark): it is then a
whole token of the text, see :data:`TOKEN`. Otherwise it is a *part*, a plain
string the lowered text contains.

Exactness: the strings are lower-case ASCII letters, digits and marks, built
only from characters the pattern must match literally. Under
``re.IGNORECASE`` an ASCII letter also matches four non-ASCII characters
(:data:`FOLDS_TO_ASCII`), so a text that has one must skip the prefilter (see
:func:`has_folding`). In any other text, the characters a match gives to a
needle are ASCII, and ``str.lower()`` lowers ASCII one for one, so the lowered
text has the needle in the same place; a word's ends are next to a non-word
character or the text's end, which are not in ``[a-z0-9]`` once lowered (the
only non-ASCII characters that lower to ASCII letters are two of the four).
"""

from __future__ import annotations

import re
from re import _constants as _sre_constants
from re import _parser as _sre_parser
from typing import Any

# Non-ASCII characters that re.IGNORECASE matches to an ASCII letter: "İ" and the Kelvin sign lower
# to "i" and "k", and re's own extra cases pair "ı" with "i" and "ſ" with "s" (re._casefix). A text
# that has one may match a cue without containing its needle, so it is searched without the prefilter.
FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
# A text's words, in lower case: what a needle's word is looked up among.
TOKEN = re.compile(r"[a-z0-9]+")
MAX_ALTERNATIVES = 100  # more needles than this cost more to look up than the search they would save
MAX_RUNS = 512  # fixed texts followed at once ("(?:a|an|the) (?:role|post)" is six)
GOOD_LENGTH = 6  # needles at least this long are all rare enough; past it, fewer is better
# Words in nearly every paragraph: a needle that is one of them saves nothing, so another is chosen
# where the pattern offers one. (Only speed depends on this list, never a result.)
COMMON = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it",
        "of", "on", "or", "our", "that", "the", "their", "this", "to", "was", "we", "will", "with", "you", "your",
    }
)  # fmt: skip
EDGE = "\0"  # in a fixed run: a word ends here (\b, ^, $)

_REPEATS = (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT, _sre_constants.POSSESSIVE_REPEAT)
_EDGES = (
    _sre_constants.AT_BOUNDARY,
    _sre_constants.AT_BEGINNING,
    _sre_constants.AT_BEGINNING_STRING,
    _sre_constants.AT_END,
    _sre_constants.AT_END_STRING,
)
_WORD_IN_RUN = re.compile(r"(?<=[^a-z0-9])[a-z0-9]+(?=[^a-z0-9])")

Strings = frozenset[str]
# (word sets, parts): a text matches only if it has every word of one set, or one part.
Needles = tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]


def needles(pattern: str, flags: int) -> Needles | None:
    """Sets of words and parts: every match of ``pattern`` has all words of a set, or a part; None if unknown.

    See the module notes.
    """
    try:
        parsed = _sre_parser.parse(pattern, flags)
    except Exception:
        return None
    runs = _sequence_needs(list(parsed.data))
    return None if runs is None else _split(runs)


def has_folding(text: str) -> bool:
    """Whether ``text`` has a character that matches an ASCII letter under re.IGNORECASE without being one."""
    return not text.isascii() and any(c in text for c in FOLDS_TO_ASCII)


def _split(runs: Strings) -> Needles:
    """Each run as the words whose both ends it fixes, or as its plain text when it fixes none.

    Every such word is in a match, so a text needs all of them: the uncommon ones are kept
    (a common word filters nothing out), or the longest when all are common.
    """
    sets: set[tuple[str, ...]] = set()
    parts: set[str] = set()
    for run in runs:
        found = set(_WORD_IN_RUN.findall(run))
        if found:
            rare = found - COMMON
            sets.add(tuple(sorted(rare)) if rare else (max(found, key=lambda w: (len(w), w)),))
        else:
            parts.add(run.replace(EDGE, ""))
    # A needle that holds another is implied by it: a text with the larger has the smaller.
    minimal_sets = {s for s in sets if not any(o != s and set(o) <= set(s) for o in sets)}
    minimal_parts = {p for p in parts if not any(o != p and o in p for o in parts)}
    return tuple(sorted(minimal_sets)), tuple(sorted(minimal_parts))


def _score(runs: Strings) -> tuple[bool, bool, int, int]:
    """Rare needles first (an uncommon word each, no short part), then words rather than parts, then long, then few."""
    sets, parts = _split(runs)
    rare = all(s[0] not in COMMON for s in sets) and all(len(p.strip()) > 2 and p.strip() not in COMMON for p in parts)
    lengths = [max(map(len, s)) for s in sets] + [len(p) for p in parts]
    return rare, not parts, min(min(lengths), GOOD_LENGTH), -len(lengths)


def _best(a: Strings | None, b: Strings | None) -> Strings | None:
    """The better of two requirements (both hold, so either may be used)."""
    if b is None or any(not run.replace(EDGE, "") for run in b):
        return a
    if sum(map(len, _split(b))) > MAX_ALTERNATIVES:
        return a
    if a is None or _score(b) > _score(a):
        return b
    return a


def _sequence_needs(items: list[Any], left: bool = False, right: bool = False) -> Strings | None:
    r"""The best requirement of a sequence: a run of fixed text, or one of its parts' own requirement.

    ``left`` and ``right``: a word ends just before (after) the sequence, as "\b" before a group says.
    """
    best: Strings | None = None
    runs: Strings = frozenset({EDGE if left else ""})  # every text the fixed stretch ending here can be
    for index, item in enumerate(items):
        fixed = _fixed(item)
        if fixed is not None:
            joined = frozenset(r + f for r in runs for f in fixed)
            if len(joined) <= MAX_RUNS:
                runs = joined
                continue
            best = _best(best, runs)
            runs = fixed
            continue
        # Whether a word ends where this item starts (where it ends): "\b", a space, or the end of the sequence.
        here = _sequence_edge(items[index:], last=False)
        if here is True or (here is False and right):
            runs = frozenset(r + EDGE for r in runs)
        best = _best(best, runs)
        before = _ends_word(runs, last=True)
        rest = _sequence_edge(items[index + 1 :], last=False)
        after = rest is True or (rest is False and right)
        best = _best(best, _item_needs(item, before, after))
        # After "\s+", ", " or "(?:\w+ )*" a word starts: the character before it is not a letter or digit.
        edge = _edge(item, last=True)
        runs = frozenset({EDGE if edge is True or (edge is False and before) else ""})
    if right:
        runs = frozenset(r + EDGE for r in runs)
    return _best(best, runs)


def _edge(item: tuple[Any, Any], last: bool) -> bool | None:
    """Whether an item's last (first) character is one no word has (a space, a mark, see TOKEN).

    True: always; False: when it matches anything, but it may match nothing; None: not known.
    """
    op, av = item
    fixed = _fixed(item)
    if fixed is not None:
        # A "\b" (EDGE) there will do too: next to a word's letter, it says the other side is no word's.
        if any(TOKEN.fullmatch((t[-1] if last else t[0]).lower()) for t in fixed if t):
            return None
        return "" not in fixed
    if op is _sre_constants.IN:
        return True if all(_blank_member(o, v) for o, v in av) else None
    if op in _REPEATS:
        low, _, body = av
        edge = _sequence_edge(list(body.data), last)
        return None if edge is None else edge and low >= 1
    if op is _sre_constants.SUBPATTERN:
        return _sequence_edge(list(av[3].data), last)
    if op is _sre_constants.BRANCH:
        edges = [_sequence_edge(list(branch.data), last) for branch in av[1]]
        return None if None in edges else all(edges)
    return None


def _sequence_edge(items: list[Any], last: bool) -> bool | None:
    """:func:`_edge` of a sequence: its last (first) item's, or, when that may match nothing, the next one in."""
    for item in reversed(items) if last else items:
        edge = _edge(item, last)
        if edge is not False:
            return edge
    return False


def _blank_member(op: Any, value: Any) -> bool:
    """Whether a member of a character set only stands for characters that are no word's (see TOKEN)."""
    if op is _sre_constants.LITERAL:
        # Not "ſ" or "ı": re.IGNORECASE matches them to the letters "s" and "i".
        return TOKEN.search(chr(value).lower()) is None and chr(value) not in FOLDS_TO_ASCII
    return op is _sre_constants.CATEGORY and value in (
        _sre_constants.CATEGORY_SPACE,
        _sre_constants.CATEGORY_NOT_WORD,
    )


def _ends_word(texts: Strings | None, last: bool) -> bool:
    """Whether every text ends (``last``) or starts with a character no word has: a word ends there."""
    return texts is not None and all(t and not (t[-1] if last else t[0]).isalnum() for t in texts)


def _sequence_fixed(items: list[Any]) -> Strings | None:
    """Every text a sequence can match, when it is a few plain strings; else None."""
    runs: Strings = frozenset({""})
    for item in items:
        fixed = _fixed(item)
        if fixed is None:
            return None
        runs = frozenset(r + f for r in runs for f in fixed)
        if len(runs) > MAX_RUNS:
            return None
    return runs


def _fixed(item: tuple[Any, Any]) -> Strings | None:
    """Every text one item can match (lower-cased, EDGE for a word end), when it is a few ASCII strings; else None."""
    op, av = item
    if op is _sre_constants.LITERAL:
        return frozenset({chr(av).lower()}) if av < 128 and chr(av) != EDGE else None
    if op is _sre_constants.AT:
        return frozenset({EDGE if av in _EDGES else ""})
    if op in (_sre_constants.ASSERT, _sre_constants.ASSERT_NOT):
        return frozenset({""})  # looks, but adds nothing to the match
    if op is _sre_constants.IN:
        if all(o is _sre_constants.LITERAL and 0 < v < 128 for o, v in av):
            return frozenset(chr(v).lower() for _, v in av)
        return None
    if op is _sre_constants.SUBPATTERN:
        return _sequence_fixed(list(av[3].data))
    if op is _sre_constants.ATOMIC_GROUP:
        return _sequence_fixed(list(av.data))
    if op is _sre_constants.BRANCH:
        result: set[str] = set()
        for branch in av[1]:
            fixed = _sequence_fixed(list(branch.data))
            if fixed is None:
                return None
            result |= fixed
        return frozenset(result) if len(result) <= MAX_RUNS else None
    if op in _REPEATS:
        low, high, body = av
        fixed = _sequence_fixed(list(body.data))
        if fixed is None or high > 2:
            return None
        counts = frozenset({""})
        result = set(counts) if low == 0 else set()
        for times in range(1, high + 1):
            counts = frozenset(c + f for c in counts for f in fixed)
            if times >= low:
                result |= counts
        return frozenset(result) if len(result) <= MAX_RUNS else None
    return None


def _item_needs(item: tuple[Any, Any], left: bool, right: bool) -> Strings | None:
    """A requirement of one item that is not plain text (a group, an alternation, a repeat)."""
    op, av = item
    if op is _sre_constants.SUBPATTERN:
        return _sequence_needs(list(av[3].data), left, right)
    if op is _sre_constants.ATOMIC_GROUP:
        return _sequence_needs(list(av.data), left, right)
    if op is _sre_constants.BRANCH:
        result: set[str] = set()
        for branch in av[1]:
            needs = _sequence_needs(list(branch.data), left, right)
            if needs is None:
                return None
            result |= needs
        return frozenset(result)
    if op in _REPEATS and av[0] >= 1:
        # The first repeat starts where the item does; what follows it may be another repeat.
        return _sequence_needs(list(av[2].data), left, av[1] == 1 and right)
    return None
