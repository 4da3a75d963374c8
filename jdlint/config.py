"""Project configuration: ``.jdlint.toml`` or ``[tool.jdlint]`` in ``pyproject.toml``.

The file closest to a checked path wins (searched from the file's folder
upwards); ``extend = "path"`` pulls in a base file, whose settings the
extending file overrides; command-line flags override both. Configuration is
data only: it is read with :mod:`tomllib` and never executes anything.

Every problem is a one-line :class:`JdlintError` naming the file and the key.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from jdlint.errors import JdlintError
from jdlint.model import Rule, Severity

CONFIG_NAMES = (".jdlint.toml", "pyproject.toml")

# Keys a configuration file may set, and the type of each value.
LIST_KEYS = ("select", "ignore", "allow-acronyms", "allow-terms", "extend-rules", "exclude", "jurisdictions")
STRING_KEYS = ("extend", "fail-on", "profile")
TABLE_KEYS = ("per-file-ignores", "rules")
KNOWN_KEYS = frozenset((*LIST_KEYS, *STRING_KEYS, *TABLE_KEYS))


@dataclass(frozen=True)
class Config:
    """Settings for one project folder, after ``extend`` and command-line overrides.

    Relative paths and globs (``exclude``, ``per-file-ignores``) are read
    against ``root``: the folder of the file that set them.
    """

    path: Path | None = None  # the file these settings came from; None = built-in defaults
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    profile: str | None = None
    allow_acronyms: tuple[str, ...] = ()
    allow_terms: tuple[str, ...] = ()
    jurisdictions: tuple[str, ...] = ()  # pay-transparency laws to check against (the pay rules)
    extend_rules: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Per-rule settings by code or name: "severity" plus the rule's own params.
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def excludes(self, path: Path) -> bool:
        """Whether ``path`` matches an ``exclude`` pattern."""
        # Most configurations have none: no need to work out the path relative to the root (per file).
        return bool(self.exclude) and _matches_any(path, self.root, self.exclude)

    def ignored_for(self, path: Path) -> tuple[str, ...]:
        """Rule codes, prefixes or names that ``per-file-ignores`` turns off for ``path``."""
        return tuple(
            c for pattern, codes in self.per_file_ignores if _matches_any(path, self.root, [pattern]) for c in codes
        )


@dataclass(frozen=True)
class Overrides:
    """Settings given on the command line; they win over any file."""

    select: tuple[str, ...] | None = None  # replaces the file's select
    ignore: tuple[str, ...] = ()  # added to the file's ignore
    fail_on: Severity | None = None
    profile: str | None = None
    allow_acronyms: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def apply(self, config: Config) -> Config:
        """``config`` with these overrides applied."""
        return replace(
            config,
            select=self.select if self.select is not None else config.select,
            ignore=(*config.ignore, *self.ignore),
            fail_on=self.fail_on or config.fail_on,
            profile=self.profile or config.profile,
            allow_acronyms=(*config.allow_acronyms, *self.allow_acronyms),
            exclude=(*config.exclude, *self.exclude),
        )


def _matches_any(path: Path, root: Path, patterns: Iterable[str]) -> bool:
    """Glob match like ``.gitignore``: a pattern without '/' matches any path component."""
    absolute = Path(path).absolute()
    try:
        relative = PurePosixPath(absolute.relative_to(root.absolute()).as_posix())
    except ValueError:
        relative = PurePosixPath(absolute.as_posix())
    for pattern in patterns:
        stripped = pattern.rstrip("/")
        if "/" in stripped:
            # A folder pattern also covers everything under the folder.
            if any(_full_match(candidate, stripped) for candidate in (relative, *relative.parents)):
                return True
        elif any(fnmatch.fnmatchcase(part, stripped) for part in relative.parts):
            return True
    return False


def _full_match(path: PurePosixPath, pattern: str) -> bool:
    """Match the whole relative path; ``**`` spans folders, ``*`` stays within one."""
    return _glob_regex(pattern).fullmatch(path.as_posix()) is not None


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


# -- reading files ------------------------------------------------------------


def read_config_table(path: Path) -> dict[str, Any] | None:
    """The jdlint settings in ``path``; None for a pyproject.toml without ``[tool.jdlint]``."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise JdlintError(f"{path}: cannot read configuration: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise JdlintError(f"{path}: invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("jdlint") if isinstance(tool, dict) else None
        if table is None:
            return None
        if not isinstance(table, dict):
            raise JdlintError(f"{path}: [tool.jdlint] must be a table")
        return table
    return data


def load_config(path: Path, _seen: tuple[Path, ...] = ()) -> Config:
    """Read one configuration file, following ``extend``."""
    path = path.absolute()
    if path in _seen:
        raise JdlintError(f"{path}: 'extend' loops back to this file")
    table = read_config_table(path)
    if table is None:
        raise JdlintError(f"{path}: no [tool.jdlint] table in this pyproject.toml")
    where = f"{path}: [tool.jdlint]" if path.name == "pyproject.toml" else str(path)
    base = Config(root=path.parent)
    if "extend" in table:
        extended = table["extend"]
        if not isinstance(extended, str) or not extended.strip():
            raise JdlintError(f"{where}: 'extend' must be a path to another configuration file")
        target = (path.parent / extended).absolute()
        if not target.is_file():
            raise JdlintError(f"{where}: 'extend' names {extended!r}, which is not a file")
        base = load_config(target, (*_seen, path))
    return _parse(table, where, path, base)


def _parse(table: Mapping[str, Any], where: str, path: Path, base: Config) -> Config:
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise JdlintError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(KNOWN_KEYS))})")
    values: dict[str, Any] = {}
    for key in LIST_KEYS:
        if key in table:
            value = table[key]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise JdlintError(f"{where}: {key!r} must be a list of strings")
            values[key] = tuple(v.strip() for v in value)
    for key in STRING_KEYS:
        if key in table and (not isinstance(table[key], str) or not table[key].strip()):
            raise JdlintError(f"{where}: {key!r} must be a string")
    config = replace(base, path=path, root=path.parent)
    if "select" in values:
        config = replace(config, select=values["select"])
    if "ignore" in values:
        config = replace(config, ignore=(*base.ignore, *values["ignore"]))
    if "allow-acronyms" in values:
        config = replace(config, allow_acronyms=(*base.allow_acronyms, *values["allow-acronyms"]))
    if "allow-terms" in values:
        config = replace(config, allow_terms=(*base.allow_terms, *values["allow-terms"]))
    if "jurisdictions" in values:
        config = replace(config, jurisdictions=values["jurisdictions"])
    if "exclude" in values:
        config = replace(config, exclude=(*_rebase(base.exclude, base.root, path.parent), *values["exclude"]))
    if "extend-rules" in values:
        folders = []
        for name in values["extend-rules"]:
            folder = (path.parent / name).absolute()
            if not folder.is_dir():
                raise JdlintError(f"{where}: 'extend-rules' names {name!r}, which is not a folder")
            folders.append(folder)
        config = replace(config, extend_rules=(*base.extend_rules, *folders))
    if "fail-on" in table:
        try:
            config = replace(config, fail_on=Severity.parse(table["fail-on"]))
        except ValueError as error:
            raise JdlintError(f"{where}: 'fail-on': {error}") from None
    if "profile" in table:
        config = replace(config, profile=table["profile"].strip())
    if "per-file-ignores" in table:
        raw = table["per-file-ignores"]
        if not isinstance(raw, dict) or not all(
            isinstance(codes, list) and all(isinstance(c, str) for c in codes) for codes in raw.values()
        ):
            raise JdlintError(f"{where}: 'per-file-ignores' must map globs to lists of rule codes")
        inherited = tuple((p, c) for p, c in base.per_file_ignores)
        config = replace(config, per_file_ignores=(*inherited, *((p, tuple(c)) for p, c in raw.items())))
    if "rules" in table:
        raw = table["rules"]
        if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
            raise JdlintError(f"{where}: 'rules' must hold one table per rule, e.g. [tool.jdlint.rules.JD401]")
        merged = {key: dict(value) for key, value in base.rules.items()}
        for key, value in raw.items():
            merged[key] = {**merged.get(key, {}), **value}
        config = replace(config, rules=merged)
    return config


def _rebase(patterns: Sequence[str], old_root: Path, new_root: Path) -> tuple[str, ...]:
    """Keep an extended file's path patterns meaning what they meant in that file."""
    if old_root.absolute() == new_root.absolute():
        return tuple(patterns)
    try:
        prefix = old_root.absolute().relative_to(new_root.absolute()).as_posix()
    except ValueError:
        return tuple(patterns)
    return tuple(p if "/" not in p.rstrip("/") else f"{prefix}/{p}" for p in patterns)


def find_config_file(folder: Path) -> Path | None:
    """The closest ``.jdlint.toml`` or ``pyproject.toml`` with ``[tool.jdlint]``, from ``folder`` up."""
    for directory in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or read_config_table(candidate) is not None):
                return candidate
    return None


class ConfigResolver:
    """Find and cache the configuration for each checked path."""

    def __init__(
        self,
        overrides: Overrides | None = None,
        config_file: Path | None = None,
        isolated: bool = False,
        config: Config | None = None,
    ) -> None:
        """``config`` or ``config_file`` fixes one configuration for every path; else each is searched for."""
        self.overrides = overrides or Overrides()
        self.isolated = isolated
        self.fixed = config if config is not None else load_config(config_file) if config_file else None
        self._loaded: dict[Path | None, Config] = {}
        self._found: dict[Path, Path | None] = {}  # folder -> its configuration file

    def for_path(self, path: str | Path) -> Config:
        """The configuration that applies to ``path`` (a file or a folder)."""
        fixed = self.fixed
        if fixed is not None:
            return self._finish(fixed.path, lambda: fixed)
        if self.isolated:
            return self._finish(None, Config)
        target = Path(path).absolute()
        folder = target if target.is_dir() else target.parent
        if folder not in self._found:
            self._found[folder] = find_config_file(folder)
        found = self._found[folder]
        return self._finish(found, lambda: load_config(found) if found else Config())

    def _finish(self, key: Path | None, make: Callable[[], Config]) -> Config:
        if key not in self._loaded:
            self._loaded[key] = self.overrides.apply(make())
        return self._loaded[key]


# -- turning a configuration into rules ---------------------------------------


def configure_rules(config: Config, also_ignore: Sequence[str] = ()) -> list[Rule]:
    """The rules ``config`` turns on, with its severities and parameters applied.

    ``also_ignore`` comes from ``per-file-ignores`` for the file at hand.
    """
    from jdlint.kinds import KINDS
    from jdlint.rules import builtin_rules_dir, load_rules, validate_params

    where = _where(config)
    rules = load_rules([builtin_rules_dir(), *config.extend_rules])
    check_codes(rules, config.select, f"{where}: 'select'")
    check_codes(rules, config.ignore, f"{where}: 'ignore'")
    for pattern, codes in config.per_file_ignores:
        check_codes(rules, codes, f"{where}: 'per-file-ignores' {pattern!r}")
    by_key = {r.code: r for r in rules} | {r.name: r for r in rules}
    settings: dict[str, dict[str, Any]] = {}
    for key, value in config.rules.items():
        rule = by_key.get(key) or by_key.get(key.upper())
        if rule is None:
            raise JdlintError(f"{where}: [rules.{key}]: unknown rule (see 'jdlint rules')")
        settings.setdefault(rule.code, {}).update(value)

    chosen = []
    for rule in rules:
        if config.select and not picks(rule.code, rule.name, config.select):
            continue
        if picks(rule.code, rule.name, (*config.ignore, *also_ignore)):
            continue
        own = dict(settings.get(rule.code, {}))
        if "severity" in own:
            try:
                rule = replace(rule, severity=Severity.parse(str(own.pop("severity"))))
            except ValueError as error:
                raise JdlintError(f"{where}: [rules.{rule.code}] 'severity': {error}") from None
        params = {k: v for k, v in rule.params.items() if not k.startswith("_")}
        if rule.kind == "acronyms" and config.allow_acronyms:
            own["allow"] = [*own.get("allow", params.get("allow", [])), *config.allow_acronyms]
        if rule.kind == "wordlist" and config.allow_terms:
            own["allow"] = [*own.get("allow", params.get("allow", [])), *config.allow_terms]
        if "jurisdictions" in KINDS[rule.kind].PARAMS and config.jurisdictions:
            own.setdefault("jurisdictions", list(config.jurisdictions))
        if rule.kind == "sections" and config.profile:
            own.setdefault("profile", config.profile)
        if own:
            schema = KINDS[rule.kind].PARAMS
            checked = validate_params(f"{where}: [rules.{rule.code}]", schema, {**params, **own})
            rule = replace(rule, params={**rule.params, **checked})
        chosen.append(rule)
    if rules and not chosen and not also_ignore:  # per-file-ignores may turn a file off on purpose
        raise JdlintError(f"{where}: no rules left to run: 'ignore' removes every rule that 'select' picks")
    return chosen


def check_codes(rules: Sequence[Rule], codes: Iterable[str], where: str) -> None:
    """Refuse a code, code prefix or rule name that matches no rule."""
    for code in codes:
        if not any(r.code.startswith(code.upper()) or r.name == code for r in rules):
            raise JdlintError(f"{where}: unknown rule code or name {code!r} (see 'jdlint rules')")


def picks(code: str, name: str, prefixes: Iterable[str]) -> bool:
    """Whether a list of codes, code prefixes and names covers the rule ``code``/``name``."""
    return any(code.startswith(p.upper()) or name == p for p in prefixes)


def _where(config: Config) -> str:
    if config.path is None:
        return "command line"
    return f"{config.path}: [tool.jdlint]" if config.path.name == "pyproject.toml" else str(config.path)


def describe(config: Config, rules: Sequence[Rule]) -> str:
    """The effective configuration as TOML, for ``jdlint config``."""
    source = str(config.path) if config.path else "none (built-in defaults)"
    lines = [f"# configuration file: {source}", ""]

    def strings(values: Iterable[str]) -> str:
        return "[" + ", ".join(_toml_string(v) for v in values) + "]"

    lines.append(f"select = {strings(config.select)}")
    lines.append(f"ignore = {strings(config.ignore)}")
    lines.append(f"fail-on = {_toml_string(config.fail_on.label)}")
    lines.append(f"profile = {_toml_string(config.profile or 'default')}")
    lines.append(f"allow-acronyms = {strings(config.allow_acronyms)}")
    lines.append(f"allow-terms = {strings(config.allow_terms)}")
    lines.append(f"jurisdictions = {strings(config.jurisdictions)}")
    lines.append(f"extend-rules = {strings(str(p) for p in config.extend_rules)}")
    lines.append(f"exclude = {strings(config.exclude)}")
    lines.append("")
    lines.append("[per-file-ignores]")
    for pattern, codes in config.per_file_ignores:
        lines.append(f"{_toml_string(pattern)} = {strings(codes)}")
    for rule in rules:
        lines += ["", f"[rules.{rule.code}]  # {rule.name}", f"severity = {_toml_string(rule.severity.label)}"]
        for key, value in sorted(rule.params.items()):
            if not key.startswith("_"):
                lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_string(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return str(value)
