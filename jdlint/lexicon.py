"""English words known to jdlint, from the shipped CMU Pronouncing Dictionary.

``syllable_table`` maps each dictionary word to its syllables (for readability);
``english_words`` tells an ALL-CAPS word written for emphasis ("MUST",
"PLEASE") from an acronym: an emphasised word is an ordinary English word.

Both read ``jdlint/data/syllables.txt``, a compact table generated from the
dictionary by ``scripts/make_syllable_table.py``: one line per syllable count,
so loading it is a few splits (about 20 ms), not a parse of the 3.6 MB
dictionary through NLTK.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SYLLABLE_TABLE = Path(__file__).parent / "data" / "syllables.txt"


@lru_cache(maxsize=1)
def syllable_table() -> dict[str, int]:
    """Every lower-case dictionary word and its syllables (first pronunciation)."""
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


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every lower-case word in the CMU dictionary."""
    return frozenset(word for word in syllable_table() if word[:1].isalpha())
