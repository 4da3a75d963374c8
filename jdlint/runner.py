"""Check paths or text with the configuration that applies to each.

This is the layer between the command line (or the Python API) and the
engine: it finds the files, picks each file's configuration, builds one
:class:`~jdlint.engine.Linter` per distinct set of rules, and keeps results
in the order the files were named.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from jdlint.config import Config, ConfigResolver, configure_rules
from jdlint.discover import find_files
from jdlint.engine import FileResult, Linter, Prepared, prepare
from jdlint.inputs import DEFAULT_MAX_FILE_SIZE, Source
from jdlint.nlp import pipeline_loaded
from jdlint.rules import builtin_rules_dir, load_rules

T = TypeVar("T")


class Runner:
    """Lint files and texts, each under the configuration nearest to it."""

    def __init__(
        self,
        resolver: ConfigResolver | None = None,
        input_format: str | None = None,
        max_size: int = DEFAULT_MAX_FILE_SIZE,
    ) -> None:
        """``input_format`` overrides file extensions; files over ``max_size`` bytes are refused unread."""
        self.resolver = resolver or ConfigResolver()
        self.input_format = input_format
        self.max_size = max_size
        self._linters: dict[tuple[int, tuple[str, ...]], Linter] = {}

    def linter_for(self, config: Config, path: str | None = None) -> Linter:
        """The linter for ``config``, without the rules ``per-file-ignores`` turns off for ``path``."""
        ignored = config.ignored_for(Path(path)) if path else ()
        key = (id(config), ignored)
        if key not in self._linters:
            rules = configure_rules(config, ignored)
            known = load_rules([builtin_rules_dir(), *config.extend_rules])
            self._linters[key] = Linter(rules, known)
        return self._linters[key]

    def linters(self) -> list[Linter]:
        """Every linter built so far (their rules are the rules that ran)."""
        return list(self._linters.values())

    def files(self, paths: Sequence[str]) -> list[str]:
        """The files ``paths`` name, after folder walks, globs and ``exclude``."""
        return find_files(paths, lambda p: self.resolver.for_path(p).excludes(p), self.input_format)

    def lint_files(
        self, files: Sequence[str], ready: Mapping[str, Prepared | FileResult] | None = None
    ) -> Iterator[FileResult]:
        """Results in file order; runs of files sharing a linter are analysed together.

        ``ready``: files already read and parsed by :meth:`prepare`.
        """
        batch: list[str] = []
        current: Linter | None = None
        for name in files:
            linter = self.linter_for(self.resolver.for_path(name), name)
            if linter is not current and batch and current is not None:
                yield from current.lint_paths(batch, self.input_format, self.max_size, ready=ready)
                batch = []
            current = linter
            batch.append(name)
        if batch and current is not None:
            yield from current.lint_paths(batch, self.input_format, self.max_size, ready=ready)

    def prepare(self, name: str) -> Prepared | FileResult:
        """Read and parse a file as :meth:`lint_files` would (no spaCy: see :func:`jdlint.engine.prepare`)."""
        return prepare(name, self.input_format, self.max_size)

    def lint_all(self, files: Sequence[str], jobs: int | None, finish: Callable[[FileResult], T]) -> Iterator[T]:
        """:meth:`lint_files` over ``jobs`` processes (see :mod:`jdlint.parallel`), results in order.

        ``finish`` is applied to each result in the process that linted it: a report renders its
        part there, or :func:`jdlint.parallel.without_tokens` sends back the result itself.
        """
        from jdlint.parallel import lint_files

        def warm_up() -> None:
            # Build the first file's linter and run it once, so forked workers inherit a warm pipeline.
            linter = self.linter_for(self.resolver.for_path(files[0]), files[0])
            warm = "# Warm up\n\nWarm up the pipeline. We utilise KPIs.\n"
            list(linter.lint_sources([Source("<warm-up>", warm, True)]))

        # Files are read and parsed ahead only while spaCy loads: with the pipeline built, no core waits.
        ahead = None if pipeline_loaded() else self.prepare
        return lint_files(self.lint_files, files, jobs, warm_up, finish, ahead)

    def lint_source(self, source: Source, config_path: str | None = None) -> FileResult:
        """Lint text that did not come from a file (stdin, the API)."""
        where = config_path or str(Path.cwd() / "-")
        return next(self.linter_for(self.resolver.for_path(where), config_path).lint_sources([source]))
