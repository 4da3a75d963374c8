"""Shared fixtures: the built-in rules and a linter, built once per test session.

The whole suite runs with the network off: creating an internet socket fails (AF_UNIX
sockets stay allowed, for local servers under test). jdlint must never need the network.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jdlint.engine import FileResult, Linter
from jdlint.inputs import Source
from jdlint.model import Rule
from jdlint.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
REAL_CORPUS = ROOT.parent / "shared" / "corpus-real"


class NetworkBlocked(RuntimeError):
    """Raised when a test (or jdlint) tries to open a network socket."""


class _LocalOnlySocket(socket.socket):
    def __init__(self, family: Any = -1, *args: Any, **kwargs: Any) -> None:
        if family != socket.AF_UNIX and not kwargs.get("fileno") and not (len(args) >= 3 and args[2] is not None):
            raise NetworkBlocked(f"network access attempted (socket family {family!r})")
        super().__init__(family, *args, **kwargs)


def _no_connection(*args: Any, **kwargs: Any) -> Any:
    raise NetworkBlocked(f"network access attempted (connection to {args[:1]!r})")


@pytest.fixture(autouse=True, scope="session")
def _network_off() -> Iterator[None]:
    saved = socket.socket, socket.create_connection
    socket.socket = _LocalOnlySocket  # type: ignore[misc]
    socket.create_connection = _no_connection
    yield
    socket.socket, socket.create_connection = saved  # type: ignore[misc]


@pytest.fixture(scope="session")
def rules() -> tuple[Rule, ...]:
    return load_rules()


@pytest.fixture(scope="session")
def linter(rules: tuple[Rule, ...]) -> Linter:
    return Linter(rules)


@pytest.fixture(scope="session")
def real_results(linter: Linter) -> list[FileResult]:
    """The real postings linted once per session (test_real_corpus and test_fix share them)."""
    if not (REAL_CORPUS / "jds").is_dir():
        pytest.skip("corpus-real not available")
    return list(linter.lint_paths(str(p) for p in sorted((REAL_CORPUS / "jds").glob("*.md"))))


def lint(linter: Linter, text: str, markdown: bool = True) -> FileResult:
    return next(linter.lint_sources([Source("<test>", text, markdown)]))


def codes(result: FileResult) -> list[str]:
    return [f.code for f in result.findings]
