"""jdlint: a plain-language linter for job descriptions.

Library use::

    import jdlint

    result = jdlint.lint_text("We utilize synergies.")
    for finding in result.findings:
        print(finding.code, finding.message, finding.suggestion)

    for result in jdlint.lint_paths(["jobs/"]):
        ...

``config`` is a path to a ``.jdlint.toml`` or ``pyproject.toml``, or a
:class:`jdlint.config.Config`. Without it, ``lint_paths`` finds each file's
configuration the way the command line does, and ``lint_text`` uses the
built-in defaults. Both raise :class:`jdlint.errors.JdlintError` for bad
configuration; an unreadable file gives a result with ``error`` set.
"""

from __future__ import annotations

__version__ = "0.1.0"

# Not ``typing.TYPE_CHECKING``: importing typing costs the server client 20 ms (mypy reads this the same way).
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from jdlint.config import Config, ConfigResolver
    from jdlint.engine import FileResult


def _resolver(config: Config | str | Path | None, discover: bool) -> ConfigResolver:
    from pathlib import Path

    from jdlint.config import Config, ConfigResolver

    if isinstance(config, Config):
        return ConfigResolver(config=config)
    if config is not None:
        return ConfigResolver(config_file=Path(config))
    return ConfigResolver(isolated=not discover)


def lint_text(
    text: str, config: Config | str | Path | None = None, path: str = "<text>", markdown: bool = True
) -> FileResult:
    """Lint one job description given as text; the findings are the ones the CLI prints."""
    from jdlint.inputs import Source
    from jdlint.runner import Runner

    return Runner(_resolver(config, discover=False)).lint_source(Source(path, text, markdown))


def lint_paths(paths: Iterable[str | Path], config: Config | str | Path | None = None) -> list[FileResult]:
    """Lint files, folders and globs, in order, as ``jdlint check`` does."""
    from jdlint.runner import Runner

    runner = Runner(_resolver(config, discover=True))
    return list(runner.lint_files(runner.files([str(p) for p in paths])))


__all__ = ["__version__", "lint_paths", "lint_text"]
