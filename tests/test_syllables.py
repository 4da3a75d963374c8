"""The compact syllable table gives the same counts as textstat with the shipped CMU dictionary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jdlint import lexicon, readability

ROOT = Path(__file__).resolve().parent.parent
CMUDICT = ROOT / "jdlint" / "data" / "nltk_data" / "corpora" / "cmudict" / "cmudict"
REAL = ROOT.parent / "shared" / "corpus-real" / "jds"


def _textstat_count(word: str) -> int:
    """What jdlint computed before the table: textstat per hyphen-separated part."""
    import nltk

    nltk.data.path.insert(0, str(ROOT / "jdlint" / "data" / "nltk_data"))
    import textstat

    return sum(max(1, int(textstat.syllable_count(p))) for p in word.lower().split("-") if p)


def _words(paths: list[Path]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        found.update(readability.WORD_RE.findall(path.read_text(encoding="utf-8")))
    return found


def test_english_words_match_the_dictionary_file() -> None:
    with CMUDICT.open(encoding="utf-8") as handle:
        expected = frozenset(line.split(" ", 1)[0].lower() for line in handle if line[:1].isalpha())
    words = lexicon.english_words()
    assert all(word in words for word in expected)
    assert {word for word in lexicon.syllable_table() if word in words} == expected
    assert "" not in words and "'bout" not in words and "xyzzyq" not in words


def test_lazy_lookup_gives_the_whole_tables_answers() -> None:
    table = lexicon.syllable_table()
    lazy = lexicon.Syllables(lexicon._buckets(table))
    assert all(lazy.get(word) == count for word, count in table.items())
    for missing in ("", "x", "xyzzyq", "manager's'", "ab cd", "MANAGER"):
        assert lazy.get(missing) == table.get(missing)


def test_counts_match_textstat_on_our_corpus_and_tricky_words() -> None:
    words = _words(sorted((ROOT / "corpus").rglob("*.md")))
    words |= {"don't", "you’re", "o'clock", "rock'n'roll", "cross-functional", "Synergies", "EHR", "a", "hmm"}
    words |= {"Leveraged", "you'll", "we've", "it's", "dont", "xyzzy", "self-starter", "l'oreal"}
    mismatched = {w: (readability.syllables(w), _textstat_count(w)) for w in words}
    mismatched = {w: pair for w, pair in mismatched.items() if pair[0] != pair[1]}
    assert len(words) > 500
    assert mismatched == {}


@pytest.mark.skipif(not REAL.is_dir(), reason="corpus-real not available")
def test_counts_match_textstat_on_real_postings() -> None:
    words = sorted(_words(sorted(REAL.glob("*.md"))))
    assert len(words) > 5000
    mismatched = [w for w in words if readability.syllables(w) != _textstat_count(w)]
    assert mismatched == []


def test_table_is_current() -> None:
    """The table holds every dictionary word (regenerate with scripts/make_syllable_table.py)."""
    table = lexicon.syllable_table()
    assert len(table) > 120_000
    assert table["manager"] == 3
    assert all(re.fullmatch(r"\S+", w) for w in list(table)[:1000])
