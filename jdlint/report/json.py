"""The JSON output: a documented, versioned contract (see README, "JSON output")."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring
from typing import Any, TextIO

from jdlint.engine import FileResult
from jdlint.model import Finding, Severity
from jdlint.report import Rendered, Tally

SCHEMA_VERSION = 1


def finding_dict(result: FileResult, finding: Finding) -> dict[str, Any]:
    """One finding as a JSON object, with 1-based lines and columns."""
    document = result.document
    assert document is not None
    where = document.location(finding.span.start)
    end_line, end_column = document.line_col(finding.span.end)
    # A .docx has no lines: line is the paragraph number, and "paragraph"/"heading" say so.
    docx = {} if where.paragraph is None else {"paragraph": where.paragraph, "heading": where.heading}
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.label,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "line": where.line,
        "column": where.column,
        "end_line": end_line,
        "end_column": end_column,
        "match": finding.match,
        "fix": None
        if finding.fix is None
        else {"replacement": finding.fix.replacement, "applicability": finding.fix.applicability.value},
        **docx,
    }


def file_dict(result: FileResult) -> dict[str, Any]:
    """One file's sections, scores and findings (or its error)."""
    if result.error is not None or result.document is None:
        return {"path": result.path, "error": result.error}
    document = result.document
    return {
        "path": result.path,
        "sections": [
            {
                "key": s.key,
                "heading": s.heading,
                "line": document.line_col(document.blocks[s.block].span.start)[0],
                "words": s.words,
            }
            for s in result.sections
        ],
        "scores": result.scores,
        "score": result.score.as_dict() if result.score is not None else None,
        "gender_balance": result.gender,
        "findings": [finding_dict(result, f) for f in result.findings],
        # Only when there are some (a guessed encoding), so the usual output is unchanged.
        **({"warnings": list(result.source.warnings)} if result.source and result.source.warnings else {}),
    }


def summary(tally: Tally, fail_on: Severity) -> dict[str, Any]:
    """Counts for the whole run."""
    return {
        "files": tally.files,
        "files_with_errors": len(tally.errors),
        "findings": tally.findings,
        "by_severity": {s.label: tally.by_severity[s] for s in reversed(Severity)},
        "fail_on": fail_on.label,
        "failed": tally.at_least(fail_on) > 0,
    }


def render(results: Sequence[FileResult], fail_on: Severity) -> str:
    """The whole run as one JSON document."""
    payload = {
        "version": SCHEMA_VERSION,
        "files": [file_dict(r) for r in results],
        "summary": summary(Tally.of(results), fail_on),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def write(results: Iterable[FileResult], fail_on: Severity, out: TextIO) -> Tally:
    """Write the same document as :func:`render` (and a newline), one file at a time; return the counts."""
    return write_rendered(map(render_file, results), fail_on, out)


def render_file(result: FileResult) -> Rendered:
    """One file's entry in the ``files`` list, rendered (see :func:`write_rendered`)."""
    return Rendered.of(result, _indented(file_dict(result), "    "))


def write_rendered(parts: Iterable[Rendered], fail_on: Severity, out: TextIO) -> Tally:
    """:func:`write` from files already rendered by :func:`render_file` (in ``--jobs`` workers)."""
    tally = Tally()
    out.write(f'{{\n  "version": {SCHEMA_VERSION},\n  "files": [')
    for index, part in enumerate(parts):
        tally.add_rendered(part)
        out.write(("," if index else "") + "\n    " + part.output)
    out.write(("\n  ]" if tally.files else "]") + ',\n  "summary": ' + _indented(summary(tally, fail_on), "  "))
    out.write("\n}\n")
    return tally


def _indented(value: Any, prefix: str) -> str:
    """``value`` as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it when nested under ``prefix``.

    Written out here because with ``indent`` the standard library uses its pure-Python encoder,
    which cost about 0.4 ms a posting (a tenth of linting it); strings still go through its C
    escaping. ``tests/test_output_formats.py`` compares the two on random values.
    """
    try:
        return _dumps(value, prefix)
    except TypeError:  # anything the shortcut does not know (a non-string key): the library's answer
        return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + prefix)


def _dumps(value: Any, indent: str) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = indent + "  "
        texts = []
        for item in value.values():
            # The common values written here, without a call each (an exact type: a subclass,
            # and a bool, which is not ``int`` itself, go through the general case below).
            member = type(item)
            if member is str:
                texts.append(encode_basestring(item))
            elif member is int:
                texts.append(int.__repr__(item))
            elif member is float and math.isfinite(item):  # NaN and infinities are written as json does, below
                texts.append(float.__repr__(item))
            elif item is None:
                texts.append("null")
            else:
                texts.append(_dumps(item, inner))
        keys = tuple(value)
        layout = _LAYOUTS.get((keys, indent)) or _layout(keys, indent)
        return layout % tuple(texts)
    if kind is list:
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + inner + (",\n" + inner).join([_dumps(v, inner) for v in value]) + "\n" + indent + "]"
    return _other(value, indent)


# An object's text around its values, for each list of keys and indent seen (see _layout).
_LAYOUTS: dict[tuple[tuple[Any, ...], str], str] = {}
# The report's objects have a few fixed lists of keys; a bound, should a caller's keys vary.
LAYOUTS = 1_000


def _layout(keys: tuple[Any, ...], indent: str) -> str:
    """The text of an object with ``keys`` under ``indent``, a ``%s`` where each value goes.

    An object's keys, and the punctuation and indents between its members, are the same for
    every finding: they are written once, and each finding's values are put in with one ``%``
    (a value's own ``%`` signs are not read; a key's are doubled).
    """
    inner = indent + "  "
    names = [(encode_basestring(key) if type(key) is str else _key(key)).replace("%", "%%") for key in keys]
    layout = "{\n" + inner + (",\n" + inner).join(name + ": %s" for name in names) + "\n" + indent + "}"
    if len(_LAYOUTS) < LAYOUTS:
        _LAYOUTS[keys, indent] = layout
    return layout


def _other(value: Any, indent: str) -> str:
    """:func:`_dumps` for everything but a plain dict, list or string."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (math.inf, -math.inf):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    inner = indent + "  "
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[\n" + inner + (",\n" + inner).join(_dumps(v, inner) for v in value) + "\n" + indent + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (_key(k) + ": " + _dumps(v, inner) for k, v in value.items())
        return "{\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "}"
    raise TypeError(f"not JSON: {type(value).__name__}")


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise TypeError("a key that is not a string")
    return encode_basestring(key)
