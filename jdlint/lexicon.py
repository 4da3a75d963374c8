"""English words known to jdlint, from the shipped CMU Pronouncing Dictionary.

``syllables()`` gives each dictionary word's syllables (for readability);
``english_words()`` tells an ALL-CAPS word written for emphasis ("MUST",
"PLEASE") from an acronym: an emphasised word is an ordinary English word.

Both read ``jdlint/data/syllables.txt``, a compact table generated from the
dictionary by ``scripts/make_syllable_table.py``: one line per syllable count.
The table has 126,000 words and a one-file check looks up a few hundred, so
it is not loaded whole: it is kept (cached on disk by content) as one packed
dict per bucket of words sharing their first three characters, unpacked the
first time a word in it is looked up (a third cheaper than parsing a bucket
from text; each worker of a batch run opens some 2,000). That takes a one-file
run from ~35 ms (load the whole table, then build the word set) to ~2 ms; a
batch run ends up unpacking every bucket once, as it parsed the whole table before.
``syllable_table()`` still gives the whole table as a dict (tests, scripts).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jdlint.diskcache import packed, unpacked

SYLLABLE_TABLE = Path(__file__).parent / "data" / "syllables.txt"
# Bucket key length: two letters make buckets of up to 41,000 words (parsing them cost a one-file run
# 11 ms); three make 4,800 buckets of at most 13,000 (under 4 ms for the same file, 0.7 ms to load).
PREFIX = 3


@lru_cache(maxsize=1)
def syllable_table() -> dict[str, int]:
    """Every lower-case dictionary word and its syllables (first pronunciation), as one dict."""
    from jdlint.diskcache import cached

    data = SYLLABLE_TABLE.read_bytes()
    return cached("syllables", data, lambda: _parse(data.decode("utf-8")))


def _parse(text: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        count, _, words = line.partition("\t")
        table.update(dict.fromkeys(words.split(" "), int(count)))
    return table


def _buckets(table: dict[str, int]) -> dict[str, bytes]:
    """``table`` as one packed dict (``diskcache.packed``) per first ``PREFIX`` characters."""
    groups: dict[str, dict[str, int]] = {}
    for word, count in table.items():
        groups.setdefault(word[:PREFIX], {})[word] = count
    return {key: packed(group) for key, group in groups.items()}


class Syllables:
    """Word -> syllables, the same answers as ``syllable_table().get``, parsed a bucket at a time."""

    __slots__ = ("_parsed", "_raw")

    def __init__(self, raw: dict[str, bytes]) -> None:
        self._raw = raw
        self._parsed: dict[str, dict[str, int]] = {}

    def get(self, word: str) -> int | None:
        """The word's syllables, or None if the dictionary lacks it."""
        key = word[:PREFIX]
        bucket = self._parsed.get(key)
        if bucket is None:
            raw = self._raw.get(key)
            bucket = self._parsed[key] = unpacked(raw) if raw is not None else {}
        return bucket.get(word)


class EnglishWords:
    """Membership in the dictionary's words that start with a letter (a set's ``in``, without building the set)."""

    __slots__ = ("_syllables",)

    def __init__(self, syllables: Syllables) -> None:
        self._syllables = syllables

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word[:1].isalpha() and self._syllables.get(word) is not None


@lru_cache(maxsize=1)
def syllables() -> Syllables:
    """The dictionary's syllable counts, looked up lazily (see the module docstring)."""
    from jdlint.diskcache import cached

    data = SYLLABLE_TABLE.read_bytes()
    # The kind names the format: an entry stored by an older jdlint in another format is never read.
    kind = f"syllable-buckets{PREFIX}-marshal"
    return Syllables(cached(kind, data, lambda: _buckets(_parse(data.decode("utf-8")))))


@lru_cache(maxsize=1)
def english_words() -> EnglishWords:
    """Every lower-case word in the CMU dictionary that starts with a letter."""
    return EnglishWords(syllables())
