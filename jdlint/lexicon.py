"""English words known to jdlint, from the shipped CMU Pronouncing Dictionary.

Used to tell an ALL-CAPS word written for emphasis ("MUST", "PLEASE") from an
acronym: an emphasised word is an ordinary English word.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

CMUDICT = Path(__file__).parent / "data" / "nltk_data" / "corpora" / "cmudict" / "cmudict"


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every lower-case word in the CMU dictionary."""
    with CMUDICT.open(encoding="utf-8") as handle:
        return frozenset(line.split(" ", 1)[0].lower() for line in handle if line[:1].isalpha())
