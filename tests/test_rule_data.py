"""Hygiene of the data in rules/: the word lists, the acronym dictionary, profiles."""

from __future__ import annotations

import re
import tomllib

from jdlint.kinds.acronyms import load_lexicon
from jdlint.kinds.wordlist import expand_entries
from jdlint.rules import builtin_rules_dir
from jdlint.sections import section_keys

RULES = builtin_rules_dir()


def load(name: str) -> dict:  # type: ignore[type-arg]
    with (RULES / "lists" / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_jargon_terms_unique_sorted_and_plain() -> None:
    entries = load("jargon")["entry"]
    terms = [e["term"] for e in entries]
    assert len(entries) >= 150
    assert len(set(terms)) == len(terms)
    assert terms == sorted(terms)
    for term in terms:
        assert term == term.lower() and not re.search(r"[\\^$*+?()\[\]{}|]", term), term


def test_jargon_alternatives_are_not_jargon_themselves() -> None:
    forms = expand_entries(load("jargon"), load("english-verbs")["irregular"], "jargon")
    for form, entry in forms.items():
        for plain in entry.plain:
            assert plain.lower() not in forms, f"{form!r} suggests {plain!r}, which is itself flagged"


def test_everyday_job_verbs_are_not_jargon() -> None:
    terms = {e["term"] for e in load("jargon")["entry"]}
    assert not terms & {"require", "maintain", "provide", "manage", "support", "ensure", "develop"}


def test_acronym_dictionary_is_well_formed() -> None:
    data = load("acronyms")
    seen: dict[str, str] = {}
    for domain, table in data["expansions"].items():
        for acronym in table:
            assert acronym not in seen, f"{acronym} in both {seen.get(acronym)} and {domain}"
            seen[acronym] = domain
    assert data["allow"] == sorted(data["allow"], key=str.upper) or data["allow"] == sorted(data["allow"])
    lexicon = load_lexicon(RULES)
    assert {"US", "UK", "CEO", "HR", "IT", "PHD"} & {a.upper() for a in lexicon.allow}
    assert not lexicon.allow & set(lexicon.expansions), "an allowlisted acronym also has an expansion"


def test_section_profile_keys_exist() -> None:
    keys = {k.key for k in section_keys(RULES)}
    assert keys == {
        "company_intro", "role_summary", "responsibilities", "requirements", "preferred_qualifications",
        "benefits", "compensation", "location", "how_to_apply", "eeo_statement",
    }  # fmt: skip
    with (RULES / "profiles" / "default.toml").open("rb") as handle:
        assert set(tomllib.load(handle)["required"]) <= keys
