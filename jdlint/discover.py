"""Turn command-line paths into the list of files to check.

Paths may be files, folders (searched recursively for job description
files) or glob patterns (``drafts/**/*.md``). Folder walks skip hidden and
tool folders, files that are not job descriptions, and anything a
``.gitignore`` ignores. ``exclude`` patterns from configuration apply to
every file, named or found, so a pre-commit hook respects them too.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jdlint.errors import JdlintError
from jdlint.inputs import JD_SUFFIXES, SKIPPED_DIRS, SKIPPED_NAMES, file_format

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

GLOB_CHARS = frozenset("*?[")


def is_jd_file(name: str) -> bool:
    """Whether a folder walk should check a file with this name."""
    lower = name.lower()
    # "~$job.docx" is the lock file Word leaves beside an open document.
    return lower.endswith(JD_SUFFIXES) and not lower.startswith((*SKIPPED_NAMES, "~$", "."))


def find_files(paths: Sequence[str], excluded: Callable[[Path], bool], input_format: str | None = None) -> list[str]:
    """Files to check, in a stable order, without duplicates.

    A named file that does not exist, a folder with no job descriptions and a
    glob that matches nothing are errors: a typo in CI should fail loudly.
    Files removed by ``excluded`` are dropped silently. A named file of an
    unknown type is an error before any work, unless ``input_format`` says
    how to read it.
    """
    files: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = list(_walk(path))
            if not found:
                raise JdlintError(f"{name}: no job description files ({', '.join(JD_SUFFIXES)}) in this folder")
            files.extend(f for f in found if not excluded(Path(f)))
        elif path.exists() or path.is_symlink():
            file_format(name, input_format)
            if not excluded(path):
                files.append(name)
        elif GLOB_CHARS & set(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                raise JdlintError(f"{name}: the pattern matches no file")
            for match in matches:
                if Path(match).is_dir():
                    files.extend(sorted(f for f in _walk(Path(match)) if not excluded(Path(f))))
                elif is_jd_file(Path(match).name) and not excluded(Path(match)):
                    files.append(match)
        else:
            raise JdlintError(f"{name}: {_missing_reason(name)}")
    return list(dict.fromkeys(files))


def _missing_reason(name: str) -> str:
    """Why a named path cannot be found: missing, or e.g. 'Not a directory' for a path under a file."""
    try:
        os.stat(name)
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as error:
        return f"cannot read: {error.strerror or error}"
    except ValueError as error:  # a NUL character in the name
        return f"cannot read: {error}"
    return "no such file or folder"


def _walk(root: Path) -> Iterator[str]:
    ignored = GitIgnore()
    for directory, subdirs, names in os.walk(root):
        here = Path(directory)
        subdirs[:] = sorted(
            d
            for d in subdirs
            if d not in SKIPPED_DIRS and not d.startswith(".") and not ignored.ignores(here / d, folder=True)
        )
        for name in sorted(names):
            if is_jd_file(name) and not ignored.ignores(here / name, folder=False):
                yield str(here / name)


class GitIgnore:
    """``.gitignore`` rules that apply to a path: its repository's, from the top down.

    Caches live on the instance (one per walk), so a long-lived process sees
    edits to ``.gitignore`` files on its next walk.
    """

    def __init__(self) -> None:
        self._roots: dict[Path, Path | None] = {}
        self._specs: dict[Path, GitIgnoreSpec | None] = {}

    def ignores(self, path: Path, folder: bool) -> bool:
        """Whether git would ignore ``path``."""
        absolute = path.absolute()
        top = self._repository_root(absolute.parent)
        if top is None:
            return False
        ignored = False
        # Deeper .gitignore files win, so apply them from the repository root down.
        for directory in reversed([absolute.parent, *absolute.parent.parents]):
            if directory != top and top not in directory.parents:
                continue
            spec = self._spec(directory)
            if spec is None:
                continue
            relative = absolute.relative_to(directory).as_posix() + ("/" if folder else "")
            result = spec.check_file(relative)
            if result.include is not None:
                ignored = bool(result.include)
        return ignored

    def _repository_root(self, folder: Path) -> Path | None:
        if folder not in self._roots:
            self._roots[folder] = next((d for d in (folder, *folder.parents) if (d / ".git").exists()), None)
        return self._roots[folder]

    def _spec(self, directory: Path) -> GitIgnoreSpec | None:
        if directory not in self._specs:
            self._specs[directory] = _read_spec(directory / ".gitignore")
        return self._specs[directory]


def _read_spec(path: Path) -> GitIgnoreSpec | None:
    if not path.is_file():
        return None
    from pathspec import GitIgnoreSpec

    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return GitIgnoreSpec.from_lines(lines)
