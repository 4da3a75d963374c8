r"""Cheap tests that tell when a regular expression cannot match a text.

A pattern such as ``(?:as|is|was)\s+determined|determined\s+by`` starts with an
alternation, so Python's engine tries it at every position of the text. Every
match contains the word "determined", though, and a search for that plain
word is several times faster. :func:`required_literal` finds such words: for
each top-level branch of the pattern, the longest run of plain characters that
every match of the branch contains. The returned pattern (the words joined,
with the original's flags, so case folding is the engine's own) finding
nothing proves the original finds nothing; when a branch has no such run the
answer is None and the caller runs the pattern as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The standard library's own parser (Python 3.11+): the same reading of the pattern the engine uses.
from re import _constants as _sre_constants
from re import _parser as _sre_parser
from typing import Any

MIN_LITERAL = 4  # shorter words are found nearly everywhere: no gain


@lru_cache(maxsize=256)
def required_literal(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A pattern of plain words, one of which every match of ``pattern`` contains; None if none is known."""
    try:
        parsed = _sre_parser.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None
    items: list[Any] = list(parsed.data)
    if len(items) == 1 and items[0][0] is _sre_constants.BRANCH:
        branches = [list(branch.data) for branch in items[0][1][1]]
    else:
        branches = [items]
    if all(branch and branch[0][0] is _sre_constants.LITERAL for branch in branches):
        return None  # the engine already scans fast for a leading word
    words = []
    for branch in branches:
        word = _longest_run(branch)
        if len(word) < MIN_LITERAL:
            return None
        words.append(word)
    return re.compile("|".join(re.escape(w) for w in dict.fromkeys(words)), pattern.flags)


def _longest_run(items: list[Any]) -> str:
    """The longest run of consecutive top-level LITERAL items of one branch."""
    best, run = "", ""
    for op, value in items:
        if op is _sre_constants.LITERAL:
            run += chr(value)
            if len(run) > len(best):
                best = run
        else:
            run = ""
    return best
