"""The unexplained-acronym rule (JD201): what counts as explained, what is never flagged."""

from __future__ import annotations

import pytest

from jdlint.engine import Linter
from jdlint.rules import load_rules
from tests.conftest import lint


@pytest.fixture(scope="module")
def acronyms() -> Linter:
    return Linter([r for r in load_rules() if r.code == "JD201"])


def flagged(linter: Linter, text: str) -> list[str]:
    return [f.match for f in lint(linter, text).findings]


@pytest.mark.parametrize(
    "text",
    [
        "You hold Certified Case Manager (CCM) certification. Renew your CCM yearly.",
        "You know CCM (Certified Case Manager) standards.",
        "A certified case manager is what we need. Your CCM must be current.",
        "We follow the Health Insurance Portability and Accountability Act. HIPAA training is given.",
        "Midlands Partnership NHS Foundation Trust (MPFT) is hiring.",
        "You will work on information security. INFOSEC reviews happen monthly.",
        "Our Workforce Management team runs WFM tools.",
        "Improve the user experience (UX) of our forms.",
    ],
)
def test_explained_in_either_order_and_loosely(acronyms: Linter, text: str) -> None:
    assert flagged(acronyms, text) == []


def test_slash_lists_are_split_and_each_reported_once(acronyms: Linter) -> None:
    result = lint(acronyms, "CCM/ACM preferred.\n\nA CCM or ACM is a plus. The CCM exam is hard.\n")
    assert [f.match for f in result.findings] == ["CCM", "ACM"]
    first = result.findings[0]
    assert "Certified Case Manager (CCM)" in first.suggestion
    assert result.document is not None and result.document.line_col(first.span.start) == (1, 1)


def test_plural_is_matched_and_expanded(acronyms: Linter) -> None:
    result = lint(acronyms, "Report KPIs every month.")
    assert [f.match for f in result.findings] == ["KPIs"]
    assert result.findings[0].fix is not None
    assert result.findings[0].fix.replacement == "Key Performance Indicators (KPIs)"


def test_unknown_acronym_gets_generic_advice(acronyms: Linter) -> None:
    (finding,) = lint(acronyms, "Use the QZRX portal.").findings
    assert "Spell out 'QZRX'" in finding.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "Our US and UK teams report to the CEO and HR.",
        "You MUST hold a licence. DO NOT send a CV by post.",
        "JOB DETAILS AND BENEFITS",
        "Job Code: EV210321",
        "Requisition BOE047 closes soon.",
        "Program Analyst II and Analyst III roles.",
        "Our office is in Austin, TX 78701.",
        "Apply at https://jobs.example.org/CCM-RN or write to HIPAA@example.org.",
        "We use GitHub, JavaScript and LinkedIn.",
        "The office is at 919 SW Grady Way.",
        "Salary: TBC",
        "Union Code: EM",
        "London NW3 5HR",
        "It was the U.S. Department of Labor.",
        "YOU WILL NOT RECEIVE NON-COMPETITIVE CONSIDERATION here.",
    ],
)
def test_never_flagged(acronyms: Linter, text: str) -> None:
    assert flagged(acronyms, text) == []


def test_short_acronyms_are_not_explained_by_chance_words(acronyms: Linter) -> None:
    # "act with discretion and ability" spells A-D-A by accident; that is no definition.
    assert flagged(acronyms, "Act with discretion and ability. Ensure ADA compliance.") == ["ADA"]


def test_allowlist_can_be_extended(rules: tuple) -> None:  # type: ignore[type-arg]
    from dataclasses import replace

    rule = next(r for r in rules if r.code == "JD201")
    custom = Linter([replace(rule, params={**rule.params, "allow": ["EHR"]})])
    assert flagged(custom, "Use our EHR daily.") == []
