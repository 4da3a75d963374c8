"""Word .docx input: styles, lists, tables, bold headings, paragraph locations. Fixtures are built here."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from jdlint.cli import app
from jdlint.errors import JdlintError
from jdlint.formats.docx import parse_docx
from jdlint.inputs import read_source
from jdlint.model import Document

runner = CliRunner()


def build() -> bytes:
    document = docx.Document()
    document.add_heading("Care Worker", 0)  # paragraph 1 (Title style)
    document.add_paragraph("We are a small charity. We utilize plain words.")  # 2
    document.add_paragraph().add_run("What you will do").bold = True  # 3
    document.add_paragraph("Plan care with each client", style="List Bullet")  # 4
    document.add_paragraph("Keep records in the EHR", style="List Number")  # 5
    document.add_heading("Requirements", 1)  # 6
    document.add_paragraph("• A driving licence")  # 7
    document.add_paragraph("")  # 8
    table = document.add_table(rows=2, cols=2)  # rows are 9 and 10
    table.cell(0, 0).text = "Salary"
    table.cell(0, 1).text = "£24,000 a year"
    table.cell(1, 0).text = "Shift"
    table.cell(1, 1).text = "Days"
    document.add_paragraph("BENEFITS AND PERKS")  # 11
    document.add_paragraph("Holiday: 28 days")  # 12
    layout = document.add_table(rows=1, cols=1)  # a layout table: its paragraphs are read one by one
    cell = layout.cell(0, 0)
    cell.paragraphs[0].text = "How to apply"
    cell.paragraphs[0].runs[0].bold = True  # 13
    cell.add_paragraph("Send your CV to the team by Friday.")  # 14
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def doc() -> Document:
    return parse_docx(build(), "job.docx")


def test_styles_lists_tables_and_bold_lines(doc: Document) -> None:
    assert [(b.kind.value, b.level, doc.words(b.span)) for b in doc.blocks] == [
        ("heading", 1, "Care Worker"),
        ("paragraph", 0, "We are a small charity. We utilize plain words."),
        ("heading", 6, "What you will do"),
        ("bullet", 0, "Plan care with each client"),
        ("bullet", 0, "Keep records in the EHR"),
        ("heading", 1, "Requirements"),
        ("bullet", 0, "A driving licence"),
        ("row", 0, "Salary £24,000 a year"),
        ("row", 0, "Shift Days"),
        ("heading", 6, "BENEFITS AND PERKS"),
        ("field", 0, "Holiday: 28 days"),
        ("heading", 6, "How to apply"),
        ("paragraph", 0, "Send your CV to the team by Friday."),
    ]
    assert doc.format == "docx"


def test_locations_are_paragraph_numbers_under_headings(doc: Document) -> None:
    def where(words: str) -> tuple[int | None, str | None]:
        location = doc.location(doc.text.index(words))
        return location.paragraph, location.heading

    assert where("utilize") == (2, "Care Worker")
    assert where("EHR") == (5, "What you will do")
    assert where("Shift") == (10, "Requirements")
    assert where("Send your CV") == (14, "How to apply")
    assert doc.location(doc.text.index("EHR")).label() == "paragraph 5 (under 'What you will do')"


def test_cli_text_and_json_show_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "job.docx"
    path.write_bytes(build())
    text = runner.invoke(app, ["check", str(path), "--select", "JD101,JD201"])
    assert f"{path}, paragraph 2 (under 'Care Worker'): JD101" in text.output
    assert f"{path}, paragraph 5 (under 'What you will do'): JD201" in text.output
    payload = json.loads(runner.invoke(app, ["check", str(path), "--select", "JD201", "--format", "json"]).output)
    (finding,) = payload["files"][0]["findings"]
    assert finding["paragraph"] == 5 and finding["heading"] == "What you will do" and finding["line"] == 5


def test_source_says_docx_so_fix_can_refuse(tmp_path: Path) -> None:
    path = tmp_path / "job.docx"
    path.write_bytes(build())
    source = read_source(str(path))
    assert source.format == "docx" and source.text == "" and source.data == path.read_bytes()


def test_damaged_docx_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = subprocess.run(
        [sys.executable, "-m", "jdlint", "check", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "not a Word .docx file" in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(JdlintError, match="no text"):
        empty = io.BytesIO()
        docx.Document().save(empty)
        parse_docx(empty.getvalue(), "empty.docx")


def test_markdown_path_never_imports_python_docx() -> None:
    code = (
        "import sys, jdlint; jdlint.lint_text('# Job\\n\\nWe plan care.\\n'); "
        "print(any(m == 'docx' or m.startswith('docx.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_json_file_part_of_a_docx_is_file_dict_indented(tmp_path: Path) -> None:
    from jdlint.report import json as json_report
    from jdlint.runner import Runner

    path = tmp_path / "job.docx"
    path.write_bytes(build())
    result = next(Runner().lint_files([str(path)]))
    assert result.findings and any("paragraph" in f for f in json_report.file_dict(result)["findings"])
    assert json_report.render_file(result).output == json_report._indented(json_report.file_dict(result), "    ")
