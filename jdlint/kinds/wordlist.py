"""Words and phrases with plainer alternatives (the jargon rule).

The list lives in ``rules/lists/<list>.toml`` as ``[[entry]]`` tables:
``term``, ``plain`` (alternatives, best first), optional ``inflect = "verb"``
(generate regular verb forms of the first word of term and alternatives),
``forms`` (extra surface forms → replacement), ``note`` and ``severity``.
Matching is on whole tokens, case-insensitive, with spaCy's PhraseMatcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from jdlint.errors import JdlintError
from jdlint.kinds.base import Check, article_agrees, is_plain_span, match_case, quote_list
from jdlint.model import Applicability, Document, Finding, Fix, Rule, Severity, Span
from jdlint.nlp import pipeline
from jdlint.rules import Param, load_list

# A phrase followed by "of" may be the head of a longer noun phrase the replacement does not fit.
OF_AFTER_RE = re.compile(r"\s+of\b", re.IGNORECASE)

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc as SpacyDoc


@dataclass(frozen=True)
class Entry:
    """One surface form to flag, with what to write instead."""

    term: str  # the list entry it came from
    plain: tuple[str, ...]
    note: str
    severity: Severity | None
    safe: bool


def inflect_verb(verb: str, irregular: dict[str, list[str]]) -> tuple[str, str, str]:
    """Third person, past and -ing forms of ``verb`` (regular rules unless listed)."""
    if verb in irregular:
        third, past, ing = irregular[verb]
        return third, past, ing
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb + "s", verb + "d", verb[:-1] + "ing"
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        return verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
    if verb.endswith(("s", "x", "z", "ch", "sh")):
        return verb + "es", verb + "ed", verb + "ing"
    return verb + "s", verb + "ed", verb + "ing"


def _inflect_phrase(phrase: str, irregular: dict[str, list[str]]) -> tuple[str, str, str]:
    first, _, rest = phrase.partition(" ")
    forms = inflect_verb(first, irregular)
    return tuple(f"{form} {rest}".strip() for form in forms)  # type: ignore[return-value]


def expand_entries(data: dict[str, Any], irregular: dict[str, list[str]], where: str) -> dict[str, Entry]:
    """Every surface form in a word list, lower-cased, mapped to its entry."""
    forms: dict[str, Entry] = {}
    for raw in data.get("entry", []):
        unknown = set(raw) - {"term", "plain", "inflect", "forms", "note", "severity", "safe"}
        if unknown or "term" not in raw:
            raise JdlintError(f"{where}: entry {raw.get('term', '?')!r}: unknown or missing keys")
        term = raw["term"].lower()
        plain = tuple(raw.get("plain", []))
        severity = Severity.parse(raw["severity"]) if "severity" in raw else None
        note, safe = raw.get("note", ""), bool(raw.get("safe", False))

        def make(
            alternatives: tuple[str, ...],
            term: str = term,
            note: str = note,
            severity: Severity | None = severity,
            safe: bool = safe,
        ) -> Entry:
            return Entry(term, alternatives, note, severity, safe)

        forms[term] = make(plain)
        if raw.get("inflect") == "verb":
            inflected_plain = [_inflect_phrase(p, irregular) for p in plain]
            for i, form in enumerate(_inflect_phrase(term, irregular)):
                forms.setdefault(form, make(tuple(p[i] for p in inflected_plain)))
        elif "inflect" in raw:
            raise JdlintError(f'{where}: entry {term!r}: inflect must be "verb"')
        for form, replacement in raw.get("forms", {}).items():
            forms[form.lower()] = make((replacement,) if replacement else ())
    return forms


@lru_cache(maxsize=8)
def phrase_matcher(forms: tuple[str, ...]) -> PhraseMatcher:
    """A matcher for ``forms`` (each its own label), built once per process for the same forms.

    Keyed by the forms themselves, so a long-lived process (``jdlint server``)
    rebuilds it only when the list's content changes.
    """
    from spacy.about import __version__ as spacy_version
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    from jdlint.diskcache import cached

    nlp = pipeline()
    # How the tokenizer splits each form, stored on disk by the forms and spaCy's version:
    # a Doc made from known words costs about half of tokenizing 700 phrases on every start.
    source = "\0".join([spacy_version, *forms]).encode()
    splits = cached("wordlist-tokens", source, lambda: [_split(nlp.make_doc(form)) for form in forms])
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for form, (words, spaces) in zip(forms, splits, strict=True):
        matcher.add(form, [Doc(nlp.vocab, words=words, spaces=spaces)])
    return matcher


def _split(doc: SpacyDoc) -> tuple[list[str], list[bool]]:
    return [token.text for token in doc], [bool(token.whitespace_) for token in doc]


class WordList(Check):
    """Flag listed words and phrases; suggest the plainer alternatives."""

    PARAMS: ClassVar[dict[str, Param]] = {
        "list": Param(str, ""),
        "rephrase": Param(str, "Rephrase without '{match}'."),
        "allow": Param(list, []),  # terms a project accepts (configuration: allow-terms)
    }
    FIELDS = frozenset({"match", "plain", "advice", "note"})
    FIX_POLICY = (
        "Safe when the word list marks the entry safe (one plain replacement that keeps the meaning in any "
        "sentence, e.g. 'in order to' -> 'to', 'utilize' -> 'use'). Unsafe when the entry has one replacement "
        "whose fit depends on context (idioms, words with several senses), when 'a'/'an' before the word "
        "would no longer fit, or when 'of' follows (the words may head a longer phrase). Display-only when "
        "there are several alternatives or none (rephrase), or when markup or a line break splits the words."
    )

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        directory: Path = self.params["_directory"]
        data = load_list(directory, self.params["list"])
        irregular = load_list(directory, "english-verbs").get("irregular", {})
        self.entries = expand_entries(data, irregular, f"{directory}/lists/{self.params['list']}.toml")
        allowed = {str(term).lower() for term in self.params["allow"]}
        # An allowed term also allows its generated forms ("leverage" allows "leveraging").
        self.entries = {
            form: entry for form, entry in self.entries.items() if form not in allowed and entry.term not in allowed
        }
        self.matcher = phrase_matcher(tuple(self.entries))

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        from spacy.util import filter_spans

        if document.tokens is None:
            return
        spans = filter_spans(self.matcher(document.tokens, as_spans=True))
        for span in spans:
            written = span.text
            entry = self.entries[span.label_]
            location = Span(span.start_char, span.end_char)
            plain = [match_case(p, written) for p in entry.plain]
            advice = f"Write {quote_list(plain)} instead." if plain else self.params["rephrase"].format(match=written)
            if entry.note:
                advice = f"{advice} {entry.note}"
            fix = None
            if len(plain) == 1 and is_plain_span(document, location):
                # Safe only if the list vouches for the swap and this sentence keeps its grammar.
                safe = (
                    entry.safe
                    and article_agrees(document, location, plain[0])
                    and not OF_AFTER_RE.match(document.prose, location.end)  # "on a part-time basis of 30 hours"
                )
                fix = Fix(location, plain[0], Applicability.SAFE if safe else Applicability.UNSAFE)
            fields = {"plain": quote_list(plain), "advice": advice, "note": entry.note}
            yield self.finding(document, location, fields, fix=fix, severity=entry.severity)
