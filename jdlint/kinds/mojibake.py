"""Mojibake: characters garbled because UTF-8 text was read as Windows-1252 ("â€™" for "’").

The rule lists the characters it knows (``characters``); this kind works out
how each one looks when its UTF-8 bytes are read one by one as Windows-1252
(bytes that Windows-1252 leaves undefined read as Latin-1 control
characters), and as Latin-1. ``forms`` adds garbled forms that cannot be
worked out that way, such as "Â " (a no-break space whose second byte later
became a plain space). Each finding carries the intended character as a safe
fix, when the garbled characters stand as such in the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any, ClassVar

from jdlint.errors import JdlintError
from jdlint.kinds.base import Check
from jdlint.model import Applicability, Document, Finding, Fix, Rule, Span
from jdlint.rules import Param


def garbled_forms(char: str) -> set[str]:
    """How ``char`` looks when its UTF-8 bytes are read as Windows-1252 or as Latin-1."""
    data = char.encode("utf-8")
    cp1252 = "".join(_cp1252(byte) for byte in data)
    return {cp1252, data.decode("latin-1")} - {char}


def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in cp1252, shown as C1 controls


def _shared_end(first: str, second: str) -> int:
    """How many characters the two strings share at their ends."""
    count = 0
    while count < min(len(first), len(second)) and first[-1 - count] == second[-1 - count]:
        count += 1
    return count


def describe(char: str) -> str:
    """'’' (right single quotation mark); a space-like character by its name only (no-break space)."""
    name = unicodedata.name(char, "").lower()
    if char.isspace():
        return name or "space"
    return f"'{char}' ({name})" if name else f"'{char}'"


class Mojibake(Check):
    """Flag garbled characters and give the intended one."""

    PARAMS: ClassVar[dict[str, Param]] = {"characters": Param(list, []), "forms": Param(list, [])}
    FIELDS = frozenset({"match", "intended", "described"})

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        where = f"{rule.source}: rule {rule.code}"
        self.table: dict[str, str] = {}
        for char in self.params["characters"]:
            if not isinstance(char, str) or len(char) != 1 or char.isascii():
                raise JdlintError(f"{where}: each of 'characters' must be one non-ASCII character")
            for form in garbled_forms(char):
                self.table.setdefault(form, char)
        for form in self.params["forms"]:
            self._add_form(form, where)
        if not self.table:
            raise JdlintError(f"{where}: no characters or forms given")
        # Longest first, so "â€™" wins over any shorter form it starts with.
        alternation = "|".join(re.escape(f) for f in sorted(self.table, key=len, reverse=True))
        # A form starting with a capital (Ã, Â) right after another capital could be a word in
        # capitals ("SÃO"); those are left alone.
        self.pattern = re.compile(f"(?<![A-Z])(?:{alternation})")
        # Every match starts with one of these: a posting with none of them (most) is not scanned.
        self.first_chars = frozenset(form[0] for form in self.table)

    def _add_form(self, form: Any, where: str) -> None:
        if (
            not isinstance(form, dict)
            or set(form) != {"garbled", "intended"}
            or not all(isinstance(v, str) and v for v in form.values())
        ):
            raise JdlintError(f"{where}: each of 'forms' needs 'garbled' and 'intended' (non-empty strings)")
        self.table[form["garbled"]] = form["intended"]

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        if not any(char in document.prose for char in self.first_chars):
            return
        for m in self.pattern.finditer(document.prose):
            garbled, intended = m.group(), self.table[m.group()]
            span, replacement = Span(m.start(), m.end()), intended
            if document.text[span.start : span.end] != garbled:
                # "Â" then a line break that the prose joined: the shared trailing space is not part of the damage.
                shared = _shared_end(garbled, intended)
                if shared:
                    span, replacement = Span(m.start(), m.end() - shared), intended[:-shared]
            # In an HTML page the garbled text may be written as entities; then there is nothing safe to replace.
            exact = document.text[span.start : span.end] == garbled[: len(span)]
            fix = Fix(span, replacement, Applicability.SAFE) if exact else None
            fields = {"intended": intended, "described": describe(intended.strip() or intended)}
            yield self.finding(document, span, fields, fix)
