"""Baselines: record today's findings, then report only new ones.

A team adopting jdlint on hundreds of existing postings records what is
there (``--write-baseline FILE``) and gates only on what changes
(``--baseline FILE``). A finding is matched by file, rule code and the text
it flagged, not by line, so edits elsewhere in a file do not bring old
findings back. Counts matter: if a file had two baselined "utilize"s and now
has three, one is new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from jdlint.engine import FileResult
from jdlint.errors import JdlintError
from jdlint.files import write_atomic

FORMAT_VERSION = 1
Key = tuple[str, str, str]  # (path relative to the baseline file, rule code, flagged text)


def _key(root: Path, path: str, code: str, match: str) -> Key:
    absolute = Path(path).absolute()
    try:
        relative = Path(os.path.relpath(absolute, root.absolute())).as_posix()
    except ValueError:  # another drive on Windows
        relative = absolute.as_posix()
    return relative, code, " ".join(match.split())


def write(path: Path, results: Iterable[FileResult]) -> int:
    """Record every finding in ``results``; return how many were written."""
    root = path.absolute().parent
    counts: Counter[Key] = Counter()
    for result in results:
        for finding in result.findings:
            counts[_key(root, result.path, finding.code, finding.match)] += 1
    entries = [
        {"path": p, "code": c, "match": m, "count": n} for (p, c, m), n in sorted(counts.items(), key=lambda kv: kv[0])
    ]
    payload = {"jdlint_baseline": FORMAT_VERSION, "findings": entries}
    write_atomic(path, (json.dumps(payload, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    return sum(counts.values())


@dataclass(frozen=True)
class Baseline:
    """Known findings, by key, with how many of each are known."""

    root: Path
    known: dict[Key, int]

    def new_only(self, results: Sequence[FileResult]) -> list[FileResult]:
        """``results`` without the findings the baseline already knows."""
        left = Counter(self.known)
        filtered = []
        for result in results:
            kept = []
            for finding in result.findings:
                key = _key(self.root, result.path, finding.code, finding.match)
                if left[key] > 0:
                    left[key] -= 1
                else:
                    kept.append(finding)
            filtered.append(replace(result, findings=tuple(kept)))
        return filtered


def load(path: Path) -> Baseline:
    """Read a baseline file written by :func:`write`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise JdlintError(f"{path}: cannot read baseline: {error.strerror or error}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise JdlintError(f"{path}: not a jdlint baseline (invalid JSON: {error})") from None
    if not isinstance(data, dict) or data.get("jdlint_baseline") != FORMAT_VERSION:
        raise JdlintError(f"{path}: not a jdlint baseline (write one with --write-baseline)")
    known: dict[Key, int] = {}
    for entry in data.get("findings", []):
        try:
            key = (str(entry["path"]), str(entry["code"]), str(entry["match"]))
            known[key] = known.get(key, 0) + int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise JdlintError(f"{path}: a baseline entry lacks path, code or match") from None
    return Baseline(path.absolute().parent, known)
