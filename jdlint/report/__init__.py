"""Formatters: each turns the engine's results into one output format.

Formatters consume results as they come (one file at a time) and keep only a
:class:`Tally` for the summary, so a run over 100,000 files needs no more
memory than a run over ten.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jdlint.model import Severity

if TYPE_CHECKING:
    from jdlint.engine import FileResult


@dataclass
class Tally:
    """Running counts over the results seen so far: what summaries and exit codes need."""

    files: int = 0
    errors: list[str] = field(default_factory=list)
    by_severity: Counter[Severity] = field(default_factory=Counter)

    @property
    def findings(self) -> int:
        """Findings counted so far."""
        return sum(self.by_severity.values())

    def at_least(self, severity: Severity) -> int:
        """Findings at or above ``severity``."""
        return sum(n for s, n in self.by_severity.items() if s >= severity)

    def add(self, result: FileResult) -> FileResult:
        """Count one result and hand it back."""
        self.files += 1
        if result.error is not None:
            self.errors.append(result.error)
        self.by_severity.update(f.severity for f in result.findings)
        return result

    def count(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        """Pass ``results`` through, counting each."""
        for result in results:
            yield self.add(result)

    @classmethod
    def of(cls, results: Iterable[FileResult]) -> Tally:
        """The tally of a finished list of results."""
        tally = cls()
        for result in results:
            tally.add(result)
        return tally
