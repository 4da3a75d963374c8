"""Section completeness: the posting against a profile of required sections.

``check = "missing"`` reports each required key that is neither under a
heading nor found by its content; ``check = "empty"`` reports a heading that
names a canonical section but has nothing under it. Profiles are data in
``rules/profiles/<name>.toml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from jdlint.errors import JdlintError
from jdlint.kinds.base import Check
from jdlint.model import Document, Finding, Rule, Span
from jdlint.rules import Param, data_file, load_toml
from jdlint.sections import detect, has_content, heading_key, section_keys


def load_profile(directory: Path, name: str) -> tuple[str, ...]:
    """The required section keys of profile ``name``."""
    path = data_file(directory, "profiles", name, "profile")
    if not path.is_file():
        raise JdlintError(f"unknown profile {name!r} (no {path})")
    required = load_toml(path).get("required", [])
    known = {k.key for k in section_keys(directory)}
    for key in required:
        if key not in known:
            raise JdlintError(f"{path}: unknown section key {key!r} (known: {', '.join(sorted(known))})")
    return tuple(required)


class SectionCompleteness(Check):
    """Missing or empty sections, held against a profile."""

    PARAMS: ClassVar[dict[str, Param]] = {"check": Param(str, "missing"), "profile": Param(str, "default")}
    FIELDS = frozenset({"match", "section", "advice", "heading"})
    FIX_POLICY = "Display-only: a missing or empty section has to be written by the author; --fix never edits."

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        if self.params["check"] not in ("missing", "empty"):
            raise JdlintError(f"{rule.source}: rule {rule.code}: check must be 'missing' or 'empty'")
        directory = self.params["_directory"]
        self.keys = section_keys(directory)
        self.by_key = {k.key: k for k in self.keys}
        self.required = load_profile(directory, self.params["profile"])

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        if not document.blocks:
            return
        if self.params["check"] == "missing":
            present = {d.key for d in detect(document, self.keys)}
            for key in self.required:
                if key not in present:
                    spec = self.by_key[key]
                    fields = {"section": spec.title, "advice": spec.advice, "match": ""}
                    yield self.finding(document, Span(0, 0), fields)
            return
        for index, section in enumerate(document.sections):
            heading = document.heading_text(section)
            if heading is None or section.heading is None:
                continue
            named = heading_key(heading, self.keys)
            if named is None or has_content(document, document.sections, index):
                continue
            spec = self.by_key[named]
            fields = {"section": spec.title, "advice": spec.advice, "heading": heading}
            yield self.finding(document, document.blocks[section.heading].span, fields)
