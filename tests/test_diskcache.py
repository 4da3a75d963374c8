"""The on-disk cache: same values as without it, keyed by content, harmless when unusable."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdlint import diskcache
from jdlint.lexicon import SYLLABLE_TABLE, _parse


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JDLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("JDLINT_NO_CACHE", raising=False)
    diskcache.cache_dir.cache_clear()
    yield tmp_path / "cache"
    diskcache.cache_dir.cache_clear()


def test_second_call_reads_the_stored_value(cache: Path) -> None:
    calls = []

    def build() -> dict[str, list[int]]:
        calls.append(1)
        return {"a": [1, 2], "b": []}

    assert diskcache.cached("t", b"source", build) == {"a": [1, 2], "b": []}
    assert diskcache.cached("t", b"source", build) == {"a": [1, 2], "b": []}
    assert len(calls) == 1
    assert diskcache.cached("t", b"other source", build) == {"a": [1, 2], "b": []}
    assert len(calls) == 2  # new content, new entry
    assert len(list(cache.glob("t-*.marshal"))) == 2


def test_damaged_entry_is_rebuilt(cache: Path) -> None:
    diskcache.cached("t", b"x", lambda: [1])
    for entry in cache.glob("t-*.marshal"):
        entry.write_bytes(b"\x00garbage")
    assert diskcache.cached("t", b"x", lambda: [2]) == [2]


def test_unwritable_folder_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("JDLINT_CACHE_DIR", str(blocker / "cache"))
    diskcache.cache_dir.cache_clear()
    try:
        assert diskcache.cache_dir() is None
        assert diskcache.cached("t", b"x", lambda: {"ok": 1}) == {"ok": 1}
    finally:
        diskcache.cache_dir.cache_clear()


def test_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JDLINT_NO_CACHE", "1")
    diskcache.cache_dir.cache_clear()
    try:
        assert diskcache.cache_dir() is None
    finally:
        diskcache.cache_dir.cache_clear()


def test_syllable_table_round_trips(cache: Path) -> None:
    data = SYLLABLE_TABLE.read_bytes()
    direct = _parse(data.decode("utf-8"))
    first = diskcache.cached("syllables", data, lambda: _parse(data.decode("utf-8")))
    second = diskcache.cached("syllables", data, lambda: {})
    assert first == second == direct
    assert list(second)[:50] == list(direct)[:50]


def test_stored_regex_programs_equal_fresh_compiles(cache: Path) -> None:
    import re

    from jdlint.sections import section_keys

    sources = [r"\b(?P<word>ab|cd)+(?P=word)\b", r"(?-i:[A-Z]{2,})\s\d+", r"^(?:we are|we[’']re)\b"]
    sources += [c.pattern for key in section_keys() for c in key.cues][:20]
    first = diskcache.compile_patterns(sources, re.IGNORECASE)
    stored = diskcache.compile_patterns(sources, re.IGNORECASE)  # read back from disk
    fresh = [re.compile(s, re.IGNORECASE) for s in sources]
    assert first == stored == fresh  # Pattern equality compares the compiled programs
    assert any(cache.glob("regex-*.marshal"))
    assert stored[0].search("x abab y") is not None
    with pytest.raises(re.error):
        diskcache.compile_patterns(["(unclosed"])


def test_stored_rule_patterns_equal_fresh_compiles(cache: Path) -> None:
    import re

    from jdlint.errors import JdlintError
    from jdlint.kinds import patterns

    raw = [
        {"pattern": r"\[(?:insert|add) [^\]]+\]", "what": "placeholder"},
        {"pattern": r"(?:ab+)+c", "what": "nested repeat", "case": True},  # runs on RE2
        {"pattern": r"TBD", "what": "tbd", "case": True, "unless": r"draft"},
    ]
    fresh = [patterns.compile_pattern(item["pattern"], bool(item.get("case")), "here") for item in raw]
    for _ in range(2):  # the first run stores the programs and verdicts, the second reads them
        patterns._stored.clear()
        stored = patterns.compile_patterns(raw, "here")
        assert [(p.regex.pattern, type(p.regex)) for p in stored] == [(r.pattern, type(r)) for r in fresh]
        assert [p.regex.flags for p in stored if isinstance(p.regex, re.Pattern)] == [fresh[0].flags, fresh[2].flags]
        assert stored[0].regex.search("Please [insert salary] here")
        assert stored[2].unless is not None and stored[2].unless.flags == re.compile("draft", re.IGNORECASE).flags
    assert len(list(cache.glob("pattern-risk-*.marshal"))) == 1
    patterns._stored.clear()
    with pytest.raises(JdlintError, match="bad pattern"):
        patterns.compile_patterns([{"pattern": "(unclosed", "what": "x"}], "here")


def test_word_list_matcher_from_stored_splits_matches_as_tokenized(cache: Path) -> None:
    from spacy.matcher import PhraseMatcher

    from jdlint.kinds.wordlist import expand_entries, phrase_matcher
    from jdlint.nlp import pipeline
    from jdlint.rules import builtin_rules_dir, load_list, load_rules

    nlp = pipeline()
    directory = builtin_rules_dir()
    irregular = load_list(directory, "english-verbs").get("irregular", {})
    forms: list[str] = []
    for rule in load_rules():
        if rule.kind == "wordlist":
            forms += expand_entries(load_list(directory, rule.params["list"]), irregular, rule.code)
    forms = sorted(set(forms))
    direct = PhraseMatcher(nlp.vocab, attr="LOWER")
    for form in forms:
        direct.add(form, [nlp.make_doc(form)])
    text = nlp.make_doc(". ".join(form.upper() if i % 3 else form for i, form in enumerate(forms)))
    expected = sorted(direct(text))
    for _ in range(2):  # the first build stores the splits, the second reads them
        phrase_matcher.cache_clear()
        assert sorted(phrase_matcher(tuple(forms))(text)) == expected
    assert len(list(cache.glob("wordlist-tokens-*.marshal"))) == 1
    assert len(expected) >= len(forms)
