"""HTML job pages: blocks, skipped markup, locations in the source, entities, JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jdlint.cli import app
from jdlint.engine import Linter
from jdlint.formats.html import parse_html
from jdlint.inputs import Source
from jdlint.model import Document

runner = CliRunner()

JSON_LD = {
    "@context": "https://schema.org",
    "@type": "JobPosting",
    "title": "Care Worker",
    "baseSalary": {
        "@type": "MonetaryAmount",
        "currency": "GBP",
        "value": {"@type": "QuantitativeValue", "minValue": 24000, "maxValue": "26,000", "unitText": "YEAR"},
    },
    "jobLocation": {"@type": "Place", "address": {"addressLocality": "Leeds", "addressCountry": "GB"}},
    "jobLocationType": "TELECOMMUTE",
    "description": "<p>We help older people live at home.</p><ul><li>Plan care</li></ul>",
}

PAGE = f"""<!DOCTYPE html>
<html><head><title>Care Worker - Jobs</title><style>p {{ color: red }}</style>
<script type="application/ld+json">{json.dumps(JSON_LD)}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/jobs">Jobs</a></nav>
<div role="navigation">Skip to content</div>
<h1>Care Worker</h1>
<p><strong>About us</strong></p>
<p>We are a small charity that helps older people live at home. We utilize
modern tools &amp; plain words.</p>
<p>Hours: 37.5 a week<br>Contract: permanent</p>
<h2>What you&rsquo;ll do</h2>
<ul><li>Plan care with clients</li><li>Keep records<ul><li>Write daily notes</li></ul></li></ul>
<table><tr><th>Shift</th><td>Days</td></tr><tr><td>Car</td><td>Needed</td></tr></table>
<div style="display: none">Hidden synergy text</div>
<p hidden>More hidden text</p>
<span aria-hidden="true">Icon text</span>
<span class="sr-only">Opens in a new window</span>
<p>REQUIREMENTS:</p>
<p>&bull; A driving licence<br>&bull; Kindness</p>
<form><button>Apply now</button></form>
<footer>Cookie policy and site map</footer>
<script>var text = "<p>Not prose</p>";</script>
</body></html>
"""


def blocks(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind.value, doc.words(b.span)) for b in doc.blocks]


def test_blocks_are_mapped_and_page_furniture_skipped() -> None:
    doc = parse_html(PAGE, "job.html")
    assert blocks(doc) == [
        ("heading", "Care Worker"),
        ("heading", "About us"),
        (
            "paragraph",
            "We are a small charity that helps older people live at home. We utilize modern tools & plain words.",
        ),
        ("field", "Hours: 37.5 a week"),
        ("field", "Contract: permanent"),
        ("heading", "What you’ll do"),
        ("bullet", "Plan care with clients"),
        ("bullet", "Keep records"),
        ("bullet", "Write daily notes"),
        ("row", "Shift Days"),
        ("row", "Car Needed"),
        ("heading", "REQUIREMENTS:"),
        ("bullet", "A driving licence"),
        ("bullet", "Kindness"),
    ]
    levels = [b.level for b in doc.blocks if b.kind.value == "heading"]
    assert levels == [1, 6, 2, 6]
    for hidden in ("Home", "Skip to", "synergy", "hidden text", "Icon", "new window", "Apply now", "Cookie", "Not"):
        assert hidden not in doc.prose, hidden
    assert "color" not in doc.prose and "Jobs" not in doc.prose


def test_text_is_the_source_and_prose_keeps_offsets() -> None:
    doc = parse_html(PAGE, "job.html")
    assert doc.text == PAGE and len(doc.prose) == len(PAGE) and doc.format == "html"
    for block in doc.blocks:  # every block starts on its own words in the source
        assert PAGE[block.span.start].isalnum() or PAGE[block.span.start] == "&"


def test_finding_points_into_the_html_source(linter: Linter) -> None:
    result = next(linter.lint_sources([Source("job.html", PAGE, False, format="html")]))
    (jargon,) = [f for f in result.findings if f.code == "JD101"]
    assert result.document is not None
    line, column = result.document.line_col(jargon.span.start)
    assert PAGE.splitlines()[line - 1][column - 1 : column - 1 + len("utilize")] == "utilize"
    assert jargon.match == "utilize"


def test_entities_read_as_their_characters_and_words_stay_whole() -> None:
    doc = parse_html("<p>You&rsquo;ll earn &pound;24,000 in R&amp;D&nbsp;at the caf&eacute;.</p>")
    assert doc.words(doc.blocks[0].span) == "You’ll earn £24,000 in R&D at the café."
    # A word keeps its true start: "earn" is where the source has it.
    start = doc.prose.index("earn")
    assert doc.text[start : start + 4] == "earn"


def test_json_ld_job_posting_is_read_into_metadata() -> None:
    posting = parse_html(PAGE).metadata["jobposting"]
    assert posting["title"] == "Care Worker"
    assert posting["base_salary"] == {"currency": "GBP", "min": 24000.0, "max": 26000.0, "value": None, "unit": "YEAR"}
    assert posting["locations"] == ["Leeds, GB", "Remote"]
    assert posting["description"] == "We help older people live at home.\nPlan care"
    assert posting["raw"]["@type"] == "JobPosting"


def test_json_ld_in_a_graph_and_broken_scripts() -> None:
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "Organization"}, {"@type": ["JobPosting"]}]}
    page = (
        '<script type="application/ld+json">{not json</script>'
        f'<script type="application/ld+json">{json.dumps(graph)}</script><p>Text</p>'
    )
    posting = parse_html(page).metadata["jobposting"]
    assert posting is not None and posting["title"] is None and posting["base_salary"] is None
    assert parse_html("<p>No data here</p>").metadata["jobposting"] is None


def test_json_ld_pay_and_place_count_as_sections(linter: Linter) -> None:
    body = "<h2>About the role</h2><p>You will care for older people in their homes.</p>"
    without = next(linter.lint_sources([Source("a.html", body, False, format="html")]))
    with_data = next(
        linter.lint_sources(
            [
                Source(
                    "b.html",
                    f'<script type="application/ld+json">{json.dumps(JSON_LD)}</script>{body}',
                    False,
                    format="html",
                )
            ]
        )
    )
    assert not {"compensation", "location"} & {s.key for s in without.sections}
    assert {"compensation", "location"} <= {s.key for s in with_data.sections}


def test_unclosed_paragraphs_and_list_items() -> None:
    doc = parse_html("<p>First paragraph<p>Second paragraph<ul><li>One<li>Two</ul>")
    assert blocks(doc) == [
        ("paragraph", "First paragraph"),
        ("paragraph", "Second paragraph"),
        ("bullet", "One"),
        ("bullet", "Two"),
    ]


def test_cli_reads_htm_files_and_reports_source_lines(tmp_path: Path) -> None:
    page = tmp_path / "job.htm"
    page.write_text("<html><body>\n<h1>Nurse</h1>\n<p>We utilize care.</p>\n</body></html>\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(page), "--select", "JD101", "--format", "json"])
    (finding,) = json.loads(result.output)["files"][0]["findings"]
    assert (finding["line"], finding["column"]) == (3, 7)


def test_thin_page_is_read_from_its_json_ld_description(linter: Linter) -> None:
    data = {
        "@type": "JobPosting",
        "title": "Nurse",
        "description": "<p>We utilize tools.</p><ul><li>Plan care</li></ul>",
    }
    script = json.dumps(data).replace("<", "\\u003c").replace("/", "\\/")
    page = (
        f'<html><head><script type="application/ld+json">{script}</script></head>'
        '<body><div id="app"></div></body></html>'
    )
    result = next(linter.lint_sources([Source("app.html", page, False, format="html")]))
    doc = result.document
    assert doc is not None
    assert [(b.kind.value, doc.words(b.span)) for b in doc.blocks] == [
        ("paragraph", "We utilize tools."),
        ("bullet", "Plan care"),
    ]
    (jargon,) = [f for f in result.findings if f.code == "JD101"]
    assert page[jargon.span.start : jargon.span.end] == "utilize"


def test_full_page_ignores_the_description() -> None:
    doc = parse_html(PAGE)
    assert "Plan care" not in " ".join(doc.words(b.span) for b in doc.blocks if b.kind.value == "paragraph")
    assert doc.prose.count("We help older people") == 0


PIECES = [
    "<p>", "</p>", "<li>", "<ul>", "</ul>", "<b>", "</b>", "<br>", "<td>", "<tr>", "<table>", "</table>", "<h2>",
    "</h2>", "<script>", "</script>", "<!--", "-->", "&amp;", "&rsquo;", "&#8217;", "&bogus;", "&", "</div>", "<",
    ">", "Salary: £5", "We plan care", "\n", " ", "o Visit", "• Drive", "<div hidden>",
]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_markup_parses_with_offsets_intact(pieces: list[str]) -> None:
    page = "".join(pieces)
    doc = parse_html(page)
    assert len(doc.prose) == len(page)
    for block in doc.blocks:
        assert 0 <= block.span.start < block.span.end <= len(page)
        assert not page[block.span.start].isspace()


def test_ats_export_markup() -> None:
    page = (
        "<div><p><strong>What you&#39;ll do:</strong></p><ul><li><p><span>Plan visits</span></p></li></ul>"
        "<p><strong>Salary:</strong> &pound;24,000 &ndash; &pound;26,000</p><p>&nbsp;</p>"
        "<table><tr><td><p>Cell one</p><p>Cell two</p></td></tr></table></div>"
    )
    doc = parse_html(page)
    assert blocks(doc) == [
        ("heading", "What you'll do:"),
        ("bullet", "Plan visits"),
        ("field", "Salary: £24,000 – £26,000"),
        ("paragraph", "Cell one"),
        ("paragraph", "Cell two"),
    ]


def test_json_ld_pay_counts_for_the_pay_rules(linter: Linter) -> None:
    body = "<h2>About the role</h2><p>You will care for older people in their homes.</p>"
    without = next(linter.lint_sources([Source("a.html", body, False, format="html")]))
    script = f'<script type="application/ld+json">{json.dumps(JSON_LD)}</script>'
    with_data = next(linter.lint_sources([Source("b.html", script + body, False, format="html")]))
    assert "JD701" in {f.code for f in without.findings}
    assert not {"JD701", "JD702", "JD703"} & {f.code for f in with_data.findings}
