"""Rule kinds: the only place rule logic lives.

A kind is a class built once per rule (``Kind(rule)``) whose ``check``
yields findings for one document. Rules in ``rules/*.toml`` pick a kind by
name from :data:`KINDS`, the one explicit table below; adding a kind means
adding a module and a row here.
"""

from __future__ import annotations

from jdlint.kinds.acronyms import UnexplainedAcronyms
from jdlint.kinds.base import Check
from jdlint.kinds.focus import ReaderFocus
from jdlint.kinds.gender import GenderCoded
from jdlint.kinds.layout import Layout
from jdlint.kinds.mojibake import Mojibake
from jdlint.kinds.patterns import Patterns
from jdlint.kinds.pay import Pay
from jdlint.kinds.readability import Readability
from jdlint.kinds.requirements import Requirements
from jdlint.kinds.sections import SectionCompleteness
from jdlint.kinds.suppression import UnusedSuppression
from jdlint.kinds.wordlist import WordList

KINDS: dict[str, type[Check]] = {
    "acronyms": UnexplainedAcronyms,
    "focus": ReaderFocus,
    "gender": GenderCoded,
    "layout": Layout,
    "mojibake": Mojibake,
    "patterns": Patterns,
    "pay": Pay,
    "readability": Readability,
    "requirements": Requirements,
    "sections": SectionCompleteness,
    "suppressions": UnusedSuppression,
    "wordlist": WordList,
}

__all__ = ["KINDS", "Check"]
