"""Reading real-world files: encodings, size limits, format detection, plain-text conventions, mojibake."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jdlint.discover import find_files
from jdlint.document import parse
from jdlint.engine import Linter
from jdlint.errors import JdlintError
from jdlint.inputs import DEFAULT_MAX_FILE_SIZE, decode, encode_text, parse_size, read_source
from jdlint.model import Applicability
from jdlint.rules import load_rules
from tests.conftest import lint

TEXT = "# Care worker\n\nWe utilize plain words – and café prices: £5.\n"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jdlint", *args], capture_output=True, text=True, check=False)


# -- encodings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", True),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le", True),
        (TEXT.encode("cp1252"), "cp1252", False),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "utf32le", "cp1252"],
)
def test_encodings_are_read_and_written_back_the_same(data: bytes, encoding: str, bom: bool) -> None:
    source = decode("job.md", data)
    assert source.text == TEXT and source.encoding == encoding and source.bom is bom
    assert encode_text(source.text, source.encoding, source.bom) == data
    assert bool(source.warnings) is (encoding == "cp1252")


def test_cp1252_is_read_with_a_warning_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "legacy.md"
    path.write_bytes(TEXT.encode("cp1252"))
    result = run_cli("check", str(path), "--select", "JD101")
    assert result.returncode == 1  # linted as usual: the jargon is found
    assert "warning" in result.stderr and "Windows-1252 (cp1252)" in result.stderr
    assert f"{path}:3:4: JD101" in result.stdout
    payload = json.loads(run_cli("check", str(path), "--format", "json").stdout)
    assert "cp1252" in payload["files"][0]["warnings"][0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Caf\xe9 \x81\x8d\x90 staff", "not Windows-1252 either"),
        ("Вакансия: медсестра в больнице.".encode("cp1251"), "too many non-ASCII"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "byte-order mark"),
        (b"ab\x00cd", "binary"),
    ],
    ids=["undefined-cp1252", "cyrillic-cp1251", "broken-utf16", "nul"],
)
def test_undecodable_text_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(JdlintError, match=message):
        decode("job.md", data)


def test_html_declared_charset_is_used_without_warning() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Café</p></body></html>'
    source = decode("job.html", page.encode("latin-1"), format="html")
    assert "Café" in source.text and source.encoding == "iso8859-1" and not source.warnings


# -- mojibake ------------------------------------------------------------------------


def test_mojibake_is_flagged_with_a_safe_fix(linter: Linter) -> None:
    result = lint(linter, "Youâ€™ll earn Â£24,000 at the cafÃ©.\n")
    moji = [f for f in result.findings if f.code == "JD901"]
    assert [(f.match, f.fix.replacement if f.fix else None) for f in moji] == [("â€™", "’"), ("Â£", "£"), ("Ã©", "é")]
    assert all(f.fix and f.fix.applicability is Applicability.SAFE for f in moji)
    assert "right single quotation mark" in moji[0].message


# -- size ----------------------------------------------------------------------------


def test_parse_size() -> None:
    assert parse_size("5MB") == 5_000_000 and parse_size("500kB") == 500_000 and parse_size("1200") == 1200
    assert parse_size("1.5M") == 1_500_000 and DEFAULT_MAX_FILE_SIZE == 5_000_000
    for bad in ("lots", "0", "-5MB"):
        with pytest.raises(JdlintError):
            parse_size(bad)


def test_big_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"We plan care.\n" * 80_000)  # about 1.1 MB
    result = run_cli("check", str(path), "--max-file-size", "1MB")
    assert result.returncode == 2
    assert "over the 1.0 MB limit" in result.stderr and "--max-file-size" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with pytest.raises(JdlintError, match="limit"):
        read_source(str(path), max_size=1000)


def test_a_long_single_line_is_linted(linter: Linter) -> None:
    # 200 kB on one line (bench/big_inputs.py measures 1 MB): every rule runs and it ends.
    line = "We plan care and utilize records for each client at home. " * 3400
    result = lint(linter, line, markdown=False)
    assert sum(f.code == "JD101" for f in result.findings) == 3400


# -- format detection ----------------------------------------------------------------


def test_folder_walk_takes_known_formats_only(tmp_path: Path) -> None:
    for name in ("a.md", "b.txt", "c.html", "d.htm", "e.docx", "f.pdf", "g.csv", "~$e.docx", "README.md"):
        (tmp_path / name).write_bytes(b"x")
    assert [Path(p).name for p in find_files([str(tmp_path)], lambda _: False)] == [
        "a.md",
        "b.txt",
        "c.html",
        "d.htm",
        "e.docx",
    ]


def test_named_unknown_extension_is_an_error_unless_forced(tmp_path: Path) -> None:
    csv = tmp_path / "job.csv"
    csv.write_text("Role: nurse. We utilize records.\n", encoding="utf-8")
    pdf = tmp_path / "job.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    result = run_cli("check", str(csv))
    assert result.returncode == 2 and "unknown file type '.csv'" in result.stderr and "--input-format" in result.stderr
    result = run_cli("check", str(pdf))
    assert result.returncode == 2 and "cannot read a PDF" in result.stderr
    forced = run_cli("check", str(csv), "--input-format", "text", "--select", "JD101")
    assert forced.returncode == 1 and "JD101" in forced.stdout


def test_input_format_reads_a_txt_file_as_html(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text("<p>We <b>utilize</b> records.</p>", encoding="utf-8")
    source = read_source(str(path), input_format="html")
    assert source.format == "html"
    linter = Linter([r for r in load_rules() if r.code == "JD101"])
    (result,) = linter.lint_paths([str(path)], input_format="html")
    assert [f.match for f in result.findings] == ["utilize"] and result.document is not None
    assert "<b>" not in result.document.prose


# -- plain-text conventions -------------------------------------------------------------

PLAIN = """CARE WORKER

About the role:
We are looking for a care worker to join our small team and to support older people
living at home, so that they can stay independent for longer.

Duties:
• Plan care
· Keep records
– Drive a van
* Lift boxes
o Visit clients
1) Cook meals
2) Clean rooms

WHAT WE OFFER
Salary: £24,000 a year
"""


@pytest.mark.parametrize("markdown", [False, True], ids=["txt", "md"])
def test_plain_text_bullets_headings_and_wrapped_lines(markdown: bool) -> None:
    doc = parse(PLAIN, "job", markdown=markdown)
    assert [(b.kind.value, doc.words(b.span)) for b in doc.blocks] == [
        ("heading", "CARE WORKER"),
        ("heading", "About the role:"),
        (
            "paragraph",
            "We are looking for a care worker to join our small team and to support older people "
            "living at home, so that they can stay independent for longer.",
        ),
        ("heading", "Duties:"),
        ("bullet", "Plan care"),
        ("bullet", "Keep records"),
        ("bullet", "Drive a van"),
        ("bullet", "Lift boxes"),
        ("bullet", "Visit clients"),
        ("bullet", "Cook meals"),
        ("bullet", "Clean rooms"),
        ("heading", "WHAT WE OFFER"),
        ("field", "Salary: £24,000 a year"),
    ]


def test_mojibake_fix_keeps_a_line_break(linter: Linter) -> None:
    text = "We care for older people in their own homes across the whole of the county.Â\nWe pay well.Â Apply now.\n"
    result = lint(linter, text, markdown=False)
    fixes = [f.fix for f in result.findings if f.code == "JD901"]
    assert all(fixes) and len(fixes) == 2
    fixed = text
    for fix in sorted((f for f in fixes if f), key=lambda f: f.span.start, reverse=True):
        fixed = fixed[: fix.span.start] + fix.replacement + fixed[fix.span.end :]
    assert fixed == text.replace("Â", "")
