"""Formatters: each turns the engine's results into one output format.

Formatters consume results as they come (one file at a time) and keep only a
:class:`Tally` for the summary, so a run over 100,000 files needs no more
memory than a run over ten.

The streaming formats (text, JSON) render each file's part where the file was
linted, into a :class:`Rendered`: with ``--jobs`` that is in the worker
processes, so the parent only writes strings and adds up counts, instead of
receiving every finding and document and rendering them all on one core.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jdlint.model import Severity

if TYPE_CHECKING:
    from jdlint.engine import FileResult


@dataclass(frozen=True)
class Rendered:
    """One file's part of a streamed report, and what the run's summary and exit code need from it."""

    path: str
    output: str  # this file's part of the report, ready to write
    error: str | None = None
    severities: tuple[Severity, ...] = ()  # one per finding
    fixable: int = 0  # findings --fix would fix
    fixable_unsafe: int = 0  # findings --fix --unsafe-fixes would fix
    warnings: tuple[str, ...] = ()  # about reading the file (a guessed encoding)
    score: int | None = None  # the file's 0-100 score

    @classmethod
    def of(cls, result: FileResult, output: str) -> Rendered:
        """``result`` summed up, with its rendered ``output``."""
        from jdlint.fix import fixable

        findings = result.findings
        return cls(
            path=result.path,
            output=output,
            error=result.error,
            severities=tuple(f.severity for f in findings),
            fixable=sum(fixable(f) for f in findings),
            fixable_unsafe=sum(fixable(f, True) for f in findings),
            warnings=result.source.warnings if result.source else (),
            score=result.score.total if result.score is not None else None,
        )


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

    def add_rendered(self, part: Rendered) -> Rendered:
        """Count one rendered file and hand it back."""
        self.files += 1
        if part.error is not None:
            self.errors.append(part.error)
        self.by_severity.update(part.severities)
        return part

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
