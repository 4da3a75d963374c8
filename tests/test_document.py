"""The document model: blocks, sections, sentences, the prose mask and locations."""

from __future__ import annotations

from jdlint.document import parse
from jdlint.model import Document
from jdlint.nlp import analyse


def analysed(text: str, markdown: bool = True) -> Document:
    return next(analyse([parse(text, "t.md", markdown)]))


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind.value, doc.words(b.span)) for b in doc.blocks]


def test_markdown_headings_of_every_form() -> None:
    doc = analysed(
        "# Title\n\nSetext heading\n--------------\n\n**Bold heading**\n\n"
        "BENEFITS AND PERKS\n\nHow to apply:\n\nSend a CV.\n"
    )
    headings = [w for k, w in kinds(doc) if k == "heading"]
    assert headings == ["Title", "Setext heading", "Bold heading", "BENEFITS AND PERKS", "How to apply:"]


def test_bullets_fields_and_paragraphs() -> None:
    doc = analysed("Salary: £24,000 a year\n\n- Plan care\n- Keep records\n\n• Drive a van\n\nWe are a charity.\n")
    assert kinds(doc) == [
        ("field", "Salary: £24,000 a year"),
        ("bullet", "Plan care"),
        ("bullet", "Keep records"),
        ("bullet", "Drive a van"),
        ("paragraph", "We are a charity."),
    ]


def test_each_bullet_is_a_sentence() -> None:
    doc = analysed("## Duties\n\n- Plan care\n- Keep records\n- Visit clients at home\n")
    assert [doc.words(s) for s in doc.sentences] == ["Plan care", "Keep records", "Visit clients at home"]


def test_hard_wrapped_paragraph_is_one_sentence() -> None:
    text = (
        "You will plan care with each client and with the family members who support them at home\n"
        "and in hospital, and you will keep records.\n"
    )
    doc = analysed(text)
    assert len(doc.sentences) == 1


def test_prose_mask_keeps_offsets_and_hides_urls_code_and_email() -> None:
    text = "Read [our guide](https://x.org/CCM) or mail jobs@x.org about `EHR` now.\n"
    doc = analysed(text)
    assert len(doc.prose) == len(text)
    assert "https" not in doc.prose and "jobs@" not in doc.prose and "EHR" not in doc.prose
    assert "our guide" in doc.prose


def test_code_blocks_are_not_prose() -> None:
    doc = analysed("Intro.\n\n```\nutilize HIPAA\n```\n")
    assert "HIPAA" not in doc.prose


def test_line_and_column_are_one_based() -> None:
    doc = analysed("# T\n\nAbc def.\n")
    offset = doc.text.index("def")
    assert doc.line_col(offset) == (3, 5)


def test_sections_group_blocks_under_headings() -> None:
    doc = analysed("Intro line.\n\n## Duties\n\n- One\n\n## Benefits\n")
    headings = [doc.heading_text(s) for s in doc.sections]
    assert headings == [None, "Duties", "Benefits"]
    assert doc.sections[2].blocks == ()


def test_plain_text_headings_and_bullets() -> None:
    doc = analysed(
        "ABOUT US\nWe run two schools.\n\nResponsibilities:\n• Open the building\n- Lock up\n", markdown=False
    )
    assert kinds(doc) == [
        ("heading", "ABOUT US"),
        ("paragraph", "We run two schools."),
        ("heading", "Responsibilities:"),
        ("bullet", "Open the building"),
        ("bullet", "Lock up"),
    ]


def test_html_entities_are_read_as_characters() -> None:
    doc = analysed("Health &amp; safety.\n")
    assert doc.words(doc.blocks[0].span) == "Health & safety."
