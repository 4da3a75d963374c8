"""Load and validate rules from ``rules/*.toml``.

A rule file holds ``[[rule]]`` tables. Each rule names a *kind* (the logic,
in ``jdlint/kinds/``) and gives its words: message, suggestion, why, and
good/bad examples, which the tests run. Everything is checked when loaded,
so a typo in a rule file is a one-line error, never a traceback later.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jdlint.errors import JdlintError
from jdlint.model import Rule, Severity

CODE_RE = re.compile(r"^[A-Z]{2,4}\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
RULE_KEYS = {"code", "name", "kind", "severity", "summary", "message", "suggestion", "why", "params", "examples"}
REQUIRED_KEYS = RULE_KEYS - {"params", "examples"}


@lru_cache(maxsize=1)
def builtin_rules_dir() -> Path:
    """Where the shipped rule data lives: inside the wheel, or ``rules/`` in a checkout.

    Remembered: rules ask for it per posting, and finding it costs file-system calls.
    """
    packaged = Path(__file__).parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class Param:
    """One parameter a kind accepts: its type and default."""

    type: type | tuple[type, ...]
    default: Any


def load_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file, turning every failure into a one-line JdlintError."""
    from jdlint.diskcache import cached

    try:
        data = path.read_bytes()
    except OSError as error:
        raise JdlintError(f"{path}: cannot read: {error.strerror}") from None

    def parse() -> dict[str, Any]:
        try:
            return tomllib.loads(data.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise JdlintError(f"{path}: invalid TOML: not UTF-8 ({error.reason})") from None
        except tomllib.TOMLDecodeError as error:
            raise JdlintError(f"{path}: invalid TOML: {error}") from None

    # Parsed once per content, then read back from the disk cache (tomllib is slow to start with).
    return cached("toml", data, parse)


def inside(path: Path, directory: Path) -> Path:
    """``path`` if it really lies in ``directory`` (symlinks followed), else a one-line error.

    Rule folders are data from a team: they may name lists and profiles, but never make jdlint
    read a file outside the folder the user named ("../", absolute names, symlinks out).
    """
    resolved, root = path.resolve(), directory.resolve()
    if not resolved.is_relative_to(root):
        raise JdlintError(f"{path}: leads outside the rules folder {directory} (to {resolved}); refusing to read it")
    return path


def data_file(directory: Path, folder: str, name: str, what: str) -> Path:
    """``<directory>/<folder>/<name>.toml`` for a plain ``name``, checked to stay inside ``directory``."""
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_-]+", name):
        raise JdlintError(f"{what} name {name!r} must be a plain name (letters, digits, '-', '_')")
    return inside(directory / folder / f"{name}.toml", directory)


@lru_cache(maxsize=32)
def load_list(directory: Path, name: str) -> dict[str, Any]:
    """Load the data list ``lists/<name>.toml`` next to a rule file."""
    return load_toml(data_file(directory, "lists", name, "list"))


def load_rules(directories: Iterable[Path] | None = None) -> tuple[Rule, ...]:
    """Load every ``*.toml`` rule file in the given folders (default: the built-in rules)."""
    folders = tuple(directories or [builtin_rules_dir()])
    return _load_rules(folders, _signature(folders))


def _signature(directories: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every rule file: a changed team rule is loaded again."""
    found = []
    for directory in directories:
        for path in sorted(directory.glob("*.toml")) if directory.is_dir() else ():
            try:
                info = path.stat()
            except OSError:
                continue
            found.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(found)


@lru_cache(maxsize=16)
def _load_rules(directories: tuple[Path, ...], signature: tuple[tuple[str, int, int], ...]) -> tuple[Rule, ...]:
    # Cached: a run with several configuration files, or a warm server, loads the same folders
    # again; ``signature`` makes an edited rule file a new key.
    from jdlint.kinds import KINDS

    rules: list[Rule] = []
    for directory in directories:
        if not directory.is_dir():
            raise JdlintError(f"{directory}: rules folder not found")
        for path in sorted(directory.glob("*.toml")):
            data = load_toml(inside(path, directory))
            unknown = set(data) - {"rule"}
            if unknown:
                raise JdlintError(f"{path}: unknown top-level key {sorted(unknown)[0]!r} (expected [[rule]] tables)")
            for raw in data.get("rule", []):
                rules.append(_validate(raw, path, KINDS))
    seen: dict[str, str] = {}
    for rule in rules:
        for key in (rule.code, rule.name):
            if key in seen:
                raise JdlintError(f"{rule.source}: rule {key!r} is defined twice (also in {seen[key]})")
            seen[key] = rule.source
    return tuple(sorted(rules, key=lambda r: r.code))


def _validate(raw: Any, path: Path, kinds: dict[str, Any]) -> Rule:
    where = f"{path}: rule {raw.get('code', '?') if isinstance(raw, dict) else '?'}"
    if not isinstance(raw, dict):
        raise JdlintError(f"{path}: each [[rule]] must be a table")
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise JdlintError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    missing = REQUIRED_KEYS - set(raw)
    if missing:
        raise JdlintError(f"{where}: missing key {sorted(missing)[0]!r}")
    for key in REQUIRED_KEYS:
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise JdlintError(f"{where}: {key!r} must be a non-empty string")
    if not CODE_RE.match(raw["code"]):
        raise JdlintError(f"{where}: code must look like JD101")
    if not NAME_RE.match(raw["name"]):
        raise JdlintError(f"{where}: name must be kebab-case, e.g. 'corporate-jargon'")
    if raw["kind"] not in kinds:
        raise JdlintError(f"{where}: unknown kind {raw['kind']!r} (choose from {', '.join(sorted(kinds))})")
    try:
        severity = Severity.parse(raw["severity"])
    except ValueError as error:
        raise JdlintError(f"{where}: {error}") from None
    examples = raw.get("examples", {})
    if not isinstance(examples, dict) or set(examples) - {"bad", "good"}:
        raise JdlintError(f"{where}: examples must be a table with 'bad' and 'good' lists")
    bad, good = (tuple(examples.get(k, ())) for k in ("bad", "good"))
    if not all(isinstance(e, str) for e in (*bad, *good)):
        raise JdlintError(f"{where}: examples must be strings")
    params = validate_params(where, kinds[raw["kind"]].PARAMS, raw.get("params", {}))
    params["_directory"] = path.parent
    return Rule(
        code=raw["code"],
        name=raw["name"],
        kind=raw["kind"],
        severity=severity,
        message=raw["message"],
        suggestion=raw["suggestion"],
        why=raw["why"].strip(),
        summary=raw["summary"],
        bad=bad,
        good=good,
        params=params,
        source=str(path),
    )


def validate_params(where: str, schema: dict[str, Param], raw: Any) -> dict[str, Any]:
    """Check a rule's params against its kind's schema; fill in defaults."""
    if not isinstance(raw, dict):
        raise JdlintError(f"{where}: params must be a table")
    unknown = set(raw) - set(schema)
    if unknown:
        known = ", ".join(sorted(schema)) or "none"
        raise JdlintError(f"{where}: unknown parameter {sorted(unknown)[0]!r} (known: {known})")
    params: dict[str, Any] = {}
    for name, param in schema.items():
        value = raw.get(name, param.default)
        if isinstance(value, bool) and param.type in (int, float):
            raise JdlintError(f"{where}: parameter {name!r} must be a number")
        if param.type is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, param.type):
            raise JdlintError(f"{where}: parameter {name!r} has the wrong type ({type(value).__name__})")
        params[name] = value
    return params
