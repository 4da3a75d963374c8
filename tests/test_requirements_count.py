"""The long-requirements rule skips its item count when the list has too few blocks to be too long.

The check compares its findings with the plain reading of the rule: every requirement block
that is short enough and not marked preferred counts, and more than ``max_items`` fires.
"""

from __future__ import annotations

import pytest

from jdlint.document import parse
from jdlint.engine import Linter
from jdlint.kinds.requirements import Requirements, requirement_blocks


@pytest.mark.parametrize("items", [0, 5, 11, 12, 13, 14, 20])
@pytest.mark.parametrize("preferred", [0, 1, 3])
def test_count_rule_fires_as_its_plain_reading_says(linter: Linter, items: int, preferred: int) -> None:
    check = next(c for c in linter.checks if isinstance(c, Requirements) and c.params["check"] == "count")
    bullets = [f"- Experience with tool number {i}" for i in range(items)]
    bullets += [f"- Experience with extra tool {i} is preferred" for i in range(preferred)]
    document = parse("# Engineer\n\n## Requirements\n\n" + "\n".join(bullets) + "\n")
    counted = [
        b
        for b in requirement_blocks(document)
        if len(document.block_text(b).split()) <= check.params["max_item_words"]
        and not check.patterns["preferred"].search(document.block_text(b))
    ]
    assert bool(list(check.check(document))) == (len(counted) > check.params["max_items"])
    if items:
        assert requirement_blocks(document)  # the heading is read as a requirements section
