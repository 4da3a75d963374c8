"""Read an HTML job page or ATS export into a :class:`~jdlint.model.Document`.

The page is walked with the standard library's :class:`html.parser.HTMLParser`
(with character references left unconverted, so every piece of text keeps its
place in the source). ``Document.text`` is the page source itself, so every
line and column points into the file. Building happens over a *view* of the
same length: the visible text where it stands, an entity's character at the
entity's ``&`` with the rest of its word pulled up behind it ("you’ll" and
blanks, so words stay whole), everything else blank, and a line break between
blocks. Lines of the view are then classified like plain text, so a
``<p>`` that reads "Salary: £30,000" is a field and ``<p><b>Duties</b></p>``
a heading.

Mapped: ``h1``-``h6`` to headings, ``li`` to bullets, ``tr`` to table rows,
paragraphs and other blocks to paragraphs, fields, pseudo-headings or
bullets by their text; ``<br>`` breaks a line. Skipped: the head, scripts,
styles, navigation, forms, footers, and hidden elements (``hidden``,
``aria-hidden="true"``, ``display:none``, screen-reader-only classes).

JSON-LD ``JobPosting`` data (``<script type="application/ld+json">``) is read
into ``Document.metadata["jobposting"]``, a dict with these keys (each may
be None when the page leaves it out):

* ``title``: str;
* ``base_salary``: dict with ``currency`` (str), ``min``, ``max``, ``value``
  (float) and ``unit`` (``HOUR``, ``YEAR``, ...), from ``baseSalary``;
* ``locations``: list of str, one per ``jobLocation`` place (its address
  parts joined with ", "), plus "Remote" for ``jobLocationType`` TELECOMMUTE;
* ``description``: str, the description's text with its tags removed;
* ``raw``: the JobPosting object as the page gives it.

A page whose own text is nearly empty (fewer than 30 words: one built by
JavaScript) is read from its JSON-LD description instead, in place: findings
point at the description's characters inside the script.

A rule reads the data as ``document.metadata.get("jobposting")``, which is
None for a page without a JobPosting and absent for other formats.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import pairwise
from typing import Any

from jdlint.document import MAX_HEADING_WORDS, PSEUDO_HEADING_LEVEL, Builder, Line, finish, line_starts
from jdlint.model import BlockKind, Document

# Elements whose content is never prose.
SKIPPED_TAGS = frozenset(
    [
        "head",
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "button",
        "select",
        "option",
        "textarea",
        "form",
        "footer",
        "dialog",
    ]
)
# Elements that start and end a block of text; everything else is inline.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}
VOID_TAGS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
BOLD_TAGS = frozenset({"b", "strong"})
HIDDEN_CLASSES = frozenset({"hidden", "d-none", "sr-only", "visually-hidden", "screen-reader-text", "hide"})
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
BOLD_STYLE_RE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
CHARREF_RE = re.compile(r"&(?:#[xX]?[0-9a-fA-F]+|\w+);?")
# A page that shows fewer words than this is read from its JSON-LD description, if it has one.
THIN_PAGE_WORDS = 30
DESCRIPTION_RE = re.compile(r'"description"\s*:\s*"')
JSON_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
# Tags that close an open <p> or <li> when they start (HTML's implied end tags, the common cases).
CLOSES = {"p": {"p"}, "li": {"li", "p"}, "dt": {"dt", "dd", "p"}, "dd": {"dt", "dd", "p"}, "tr": {"tr", "td", "th"}}
CLOSES.update({t: {"p"} for t in ("div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section")})
CLOSES.update({t: {"td", "th"} for t in ("td", "th")})


@dataclass
class _Element:
    tag: str
    skip: bool
    bold: bool


@dataclass
class _Run:
    """The lines of one block of text, and what the block is (from the open elements)."""

    kind: str  # "heading", "bullet", "row" or "text"
    level: int = 0
    lines: list[tuple[int, int, int, int]] = field(default_factory=list)  # start, end, bold chars, chars


class _PageReader(HTMLParser):
    """Walks the page, writing visible text into the view and collecting blocks of lines."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.starts = line_starts(source)
        self.view = [" "] * len(source)
        self.stack: list[_Element] = []
        self.runs: list[_Run] = []
        self.run: _Run | None = None
        self.line: list[int] | None = None  # start, end, bold chars, chars of the open line
        self.json_ld: list[str] = []
        self.json_ld_starts: list[int] = []  # where each script's text starts in the source
        self.in_json_ld = False
        self.pull: int | None = None  # where the rest of a word after an entity goes

    # -- positions -------------------------------------------------------------
    def _at(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    # -- elements ----------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element; block elements end the text before them."""
        at = self._at()
        self.pull = None
        if tag in CLOSES:
            self._close_implied(CLOSES[tag])
        if tag in BLOCK_TAGS or tag == "br":
            self.end_line(at, tag)
        if tag == "script" and any(k == "type" and (v or "").lower() == "application/ld+json" for k, v in attrs):
            self.in_json_ld = True
            self.json_ld.append("")
            self.json_ld_starts.append(-1)
        if tag in VOID_TAGS:
            return
        values = {key: (value or "") for key, value in attrs}
        hidden = (
            "hidden" in values
            or values.get("aria-hidden", "").lower() == "true"
            or bool(HIDDEN_STYLE_RE.search(values.get("style", "")))
            or bool(HIDDEN_CLASSES & set(values.get("class", "").split()))
            or values.get("role", "").lower() == "navigation"
        )
        bold = tag in BOLD_TAGS or bool(BOLD_STYLE_RE.search(values.get("style", "")))
        self.stack.append(_Element(tag, tag in SKIPPED_TAGS or hidden, bold))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """``<br/>`` and friends: never left open."""
        at = self._at()
        self.pull = None
        if tag in BLOCK_TAGS or tag == "br":
            self.end_line(at, tag)

    def handle_endtag(self, tag: str) -> None:
        """Close an element (and any left open inside it); block elements end their text."""
        at = self._at()
        self.pull = None
        if tag == "script":
            self.in_json_ld = False
        if not any(e.tag == tag for e in self.stack):
            return  # a stray end tag
        if tag in BLOCK_TAGS:
            self.end_line(at, tag)
        while self.stack:
            element = self.stack.pop()
            if element.tag == tag:
                break

    def _close_implied(self, tags: set[str]) -> None:
        """Close the open ``<p>``/``<li>``/row/cell that a new one ends (looking no further than its container)."""
        found = None
        for index in range(len(self.stack) - 1, -1, -1):
            tag = self.stack[index].tag
            if tag in tags:
                found = index
            elif tag in ("ul", "ol", "table", "dl", "div", "section", "article", "body"):
                break
        if found is not None:
            del self.stack[found:]

    # -- text --------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        """Visible text goes into the view where it stands (the rest of a word after an entity, just after it)."""
        if self.in_json_ld:
            if self.json_ld_starts[-1] < 0:
                self.json_ld_starts[-1] = self._at()
            self.json_ld[-1] += data
            return
        if any(e.skip for e in self.stack):
            return
        start = self._at()
        bold = any(e.bold for e in self.stack)
        for index, char in enumerate(data):
            if self.pull is not None and not char.isspace():
                self.put(self.pull, char, bold)
                self.pull += 1
                continue
            self.pull = None
            self.put(start + index, char, bold)

    def handle_entityref(self, name: str) -> None:
        """An entity: its character in the view."""
        self._reference()

    def handle_charref(self, name: str) -> None:
        """A numeric reference: its character in the view."""
        self._reference()

    def _reference(self) -> None:
        """Write an entity's character at its ``&``, and pull the rest of its word up behind it.

        "you&rsquo;ll" reads "you’ll" followed by blanks, so words stay whole for every rule; a word's
        start keeps its true offset, only letters after an entity inside a word stand a few places early.
        """
        if self.in_json_ld or any(e.skip for e in self.stack):
            return
        start = self._at()
        match = CHARREF_RE.match(self.source, start)
        if not match:
            return
        char = html.unescape(match.group())
        if len(char) != 1 or char == match.group():
            self.pull = None
            return
        if char.isspace():  # &nbsp; is a space where it stands
            self.pull = None
            self.put(start, " ", False)
            return
        target = self.pull if self.pull is not None else start
        self.put(target, char, any(e.bold for e in self.stack))
        following = self.source[match.end() : match.end() + 1]
        self.pull = target + 1 if following and not following.isspace() and following != "<" else None

    def put(self, offset: int, char: str, bold: bool) -> None:
        """Write one visible character into the view and into the open line."""
        if char.isspace():
            self.view[offset] = " "  # a line break in the source is a space on the page
            return
        self.view[offset] = char
        line = self.line
        if line is None:
            line = self.line = [offset, offset + 1, 0, 0]
            if self.run is None:
                self.run = self._new_run()
        line[1] = offset + 1
        line[3] += 1
        if bold:
            line[2] += 1

    def _new_run(self) -> _Run:
        """What a block starting now is, from the innermost element that decides it."""
        inner_block = False  # a <p> or <div> between the text and a list item or cell
        for element in reversed(self.stack):
            if element.tag in HEADING_TAGS:
                return _Run("heading", HEADING_TAGS[element.tag])
            if element.tag == "li":
                return _Run("bullet")  # "<li><p>Plan care</p></li>" is still a bullet
            if element.tag in ("td", "th"):
                return _Run("text" if inner_block else "row")
            if element.tag in ("p", "div"):
                inner_block = True
            elif element.tag in BLOCK_TAGS:
                break
        return _Run("text")

    def end_line(self, at: int, tag: str) -> None:
        """End the open line at the markup starting at ``at`` (a line break in the view), and the block unless a br."""
        run = self.run
        if run is None:
            return
        if run.kind == "row" and tag in ("td", "th", "br"):
            return  # a table row is one line, whatever its cells hold
        if self.line is not None:
            run.lines.append((self.line[0], self.line[1], self.line[2], self.line[3]))
            self.line = None
            if at < len(self.view):
                self.view[at] = "\n"
        if tag != "br":
            self.runs.append(run)
            self.run = None

    def close(self) -> None:
        """Finish the page: the last block ends with the file."""
        super().close()
        self.end_line(len(self.source), "")


def parse_html(source: str, path: str = "<html>") -> Document:
    """Parse an HTML page into a Document whose text is the page source."""
    reader = _PageReader(source)
    reader.feed(source)
    reader.close()
    posting = job_posting(reader.json_ld)
    if posting and posting["description"] and _words(reader) < THIN_PAGE_WORDS:
        _read_description(reader, posting["raw"]["description"])
    view = "".join(reader.view)
    builder = Builder(view, markdown=False)
    for run in reader.runs:
        _add_run(builder, run)
    return finish(builder, path, source, "html", {"jobposting": posting})


def _words(reader: _PageReader) -> int:
    """How many words the page shows."""
    return sum(len("".join(reader.view[s:e]).split()) for run in reader.runs for s, e, _, _ in run.lines)


def _read_description(reader: _PageReader, description: str) -> None:
    """Read the JSON-LD description as the posting's text, where it stands in the script.

    Pages that build their text with JavaScript show almost nothing to a parser, but their
    JSON-LD description holds the whole posting. Its JSON string is decoded with each
    character's offset in the page kept, then read as HTML like the page itself.
    """
    for script, start in zip(reader.json_ld, reader.json_ld_starts, strict=True):
        for m in DESCRIPTION_RE.finditer(script):
            decoded = json_string(script, m.end())
            if decoded is None or decoded[0] != description:
                continue
            text, offsets = decoded
            if "<" not in text and "&lt;" in text:
                return  # HTML escaped twice over: not worth guessing
            inner = _PageReader(text)
            inner.feed(text)
            inner.close()
            for index, char in enumerate(inner.view):
                if char != " ":
                    reader.view[start + offsets[index]] = char
            for run in inner.runs:
                run.lines = [(start + offsets[a], start + offsets[b - 1] + 1, bold, n) for a, b, bold, n in run.lines]
                reader.runs.append(run)
            return


def json_string(text: str, start: int) -> tuple[str, list[int]] | None:
    """Decode the JSON string whose body starts at ``start``: its characters and each one's offset in ``text``."""
    chars: list[str] = []
    offsets: list[int] = []
    index = start
    while index < len(text):
        char = text[index]
        if char == '"':
            return "".join(chars), offsets
        length = 1
        if char == "\\":
            escape = text[index + 1 : index + 2]
            if escape == "u":
                try:
                    code = int(text[index + 2 : index + 6], 16)
                    length = 6
                    if 0xD800 <= code < 0xDC00 and text[index + 6 : index + 8] == "\\u":
                        code = 0x10000 + ((code - 0xD800) << 10) + (int(text[index + 8 : index + 12], 16) - 0xDC00)
                        length = 12
                except ValueError:
                    return None
                char = chr(code)
            else:
                char = JSON_ESCAPES.get(escape, escape)
                length = 2
        chars.append(char)
        offsets.append(index)
        index += length
    return None


def _add_run(builder: Builder, run: _Run) -> None:
    """Turn one block of the page into Document blocks."""
    lines = [Line(start, end) for start, end, _, _ in run.lines]
    if run.kind in ("heading", "bullet", "row"):
        for line in lines:
            builder.mark(line.start, line.end)
        builder.join_newlines.extend(i for a, b in pairwise(lines) for i in range(a.end, b.start))
        kind = {"heading": BlockKind.HEADING, "bullet": BlockKind.BULLET, "row": BlockKind.ROW}[run.kind]
        if run.kind == "row":
            for line in lines:
                builder.add(kind, line.start, line.end)
        else:
            builder.add(kind, lines[0].start, lines[-1].end, level=run.level)
        return
    pending: list[Line] = []
    for line, (_, _, bold, chars) in zip(lines, run.lines, strict=True):
        if bold == chars and _is_bold_heading(builder.text[line.start : line.end]):
            builder.classify_lines(pending)
            pending = []
            builder.mark(line.start, line.end)
            builder.add(BlockKind.HEADING, line.start, line.end, PSEUDO_HEADING_LEVEL)
        else:
            pending.append(line)
    builder.classify_lines(pending)


def _is_bold_heading(text: str) -> bool:
    """A short line set in bold with no sentence ending reads as a heading."""
    words = " ".join(text.split()).rstrip(":").strip()
    return 0 < len(words.split()) <= MAX_HEADING_WORDS and not words.endswith((".", "!", "?", ","))


# -- JSON-LD ---------------------------------------------------------------------


def job_posting(scripts: list[str]) -> dict[str, Any] | None:
    """The first JSON-LD JobPosting in the page's scripts, normalised (see the module docstring), or None."""
    for script in scripts:
        try:
            data = json.loads(script.strip())
        except (ValueError, RecursionError):
            continue  # a broken script is the page's problem, not a reason to stop
        for item in _objects(data):
            types = item.get("@type")
            if types == "JobPosting" or (isinstance(types, list) and "JobPosting" in types):
                return _normalise(item)
    return None


def _objects(data: Any) -> list[dict[str, Any]]:
    """Every object at the top level of JSON-LD data, in a list or an ``@graph``."""
    if isinstance(data, list):
        return [o for item in data for o in _objects(item)]
    if isinstance(data, dict):
        return [data, *_objects(data["@graph"])] if "@graph" in data else [data]
    return []


def _normalise(item: dict[str, Any]) -> dict[str, Any]:
    description = item.get("description")
    return {
        "title": _text(item.get("title")),
        "base_salary": _salary(item.get("baseSalary")),
        "locations": _locations(item.get("jobLocation"), item.get("jobLocationType")),
        "description": _strip_tags(description) if isinstance(description, str) else None,
        "raw": item,
    }


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) and str(value).strip() else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").strip())
        except ValueError:
            return None
    return None


def _salary(value: Any) -> dict[str, Any] | None:
    """``baseSalary`` (a MonetaryAmount, maybe with a QuantitativeValue inside) as plain figures."""
    if isinstance(value, (int, float, str)) and _number(value) is not None:
        return {"currency": None, "min": None, "max": None, "value": _number(value), "unit": None}
    if not isinstance(value, dict):
        return None
    amount = value.get("value")
    inner = amount if isinstance(amount, dict) else {"value": amount}
    result = {
        "currency": _text(value.get("currency") or inner.get("currency")),
        "min": _number(inner.get("minValue", value.get("minValue"))),
        "max": _number(inner.get("maxValue", value.get("maxValue"))),
        "value": _number(inner.get("value")),
        "unit": _text(inner.get("unitText") or value.get("unitText")),
    }
    if result["min"] is None and result["max"] is None and result["value"] is None:
        return None
    return result


def _locations(value: Any, location_type: Any) -> list[str]:
    places = value if isinstance(value, list) else [value]
    result = []
    for place in places:
        if not isinstance(place, dict):
            if _text(place):
                result.append(str(_text(place)))
            continue
        address = place.get("address", place)
        if isinstance(address, dict):
            parts = [
                address.get(k)
                for k in ("streetAddress", "addressLocality", "addressRegion", "postalCode", "addressCountry")
            ]
            parts = [p.get("name") if isinstance(p, dict) else p for p in parts]
            words = ", ".join(str(p).strip() for p in parts if isinstance(p, (str, int)) and str(p).strip())
        else:
            words = _text(address) or ""
        if words:
            result.append(words)
    if location_type == "TELECOMMUTE" or (isinstance(location_type, list) and "TELECOMMUTE" in location_type):
        result.append("Remote")
    return result


def _strip_tags(markup: str) -> str:
    """The text of an HTML fragment, blocks on their own lines."""
    reader = _PageReader(markup)
    reader.feed(markup)
    reader.close()
    view = "".join(reader.view)
    return "\n".join(" ".join(" ".join(view[s:e] for s, e, _, _ in run.lines).split()) for run in reader.runs)
