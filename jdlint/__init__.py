"""jdlint: a plain-language linter for job descriptions.

Library use::

    import jdlint
    results = jdlint.lint_text("We utilize synergies.")
"""

from __future__ import annotations

__version__ = "0.1.0"

# Not ``typing.TYPE_CHECKING``: importing typing costs the server client 20 ms (mypy reads this the same way).
TYPE_CHECKING = False

if TYPE_CHECKING:
    from jdlint.engine import FileResult


def lint_text(text: str, path: str = "<text>", markdown: bool = True) -> FileResult:
    """Lint one job description given as text, with the built-in rules."""
    from jdlint.engine import Linter
    from jdlint.inputs import Source
    from jdlint.rules import load_rules

    return next(Linter(load_rules()).lint_sources([Source(path, text, markdown)]))


__all__ = ["__version__", "lint_text"]
