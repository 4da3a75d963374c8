"""The share-of-"you" rule counts "you" only when enough third-person phrases make it matter.

The check compares its findings with the plain reading of the rule: both counts taken with
``findall``, then the two thresholds.
"""

from __future__ import annotations

import pytest

from jdlint.document import parse
from jdlint.engine import Linter
from jdlint.kinds.focus import ReaderFocus

THIRD = "The ideal candidate will lead the team. "
YOU = "You will enjoy it. "


@pytest.mark.parametrize("third", [0, 1, 2, 3, 4, 6])
@pytest.mark.parametrize("you", [0, 1, 3, 5, 9])
def test_share_rule_fires_as_its_plain_reading_says(linter: Linter, third: int, you: int) -> None:
    check = next(c for c in linter.checks if isinstance(c, ReaderFocus) and c.params["measure"] == "share")
    document = parse(THIRD * third + YOU * you)
    thirds = len(check.third.findall(document.prose))
    yous = len(check.second.findall(document.prose))
    plain = thirds >= check.params["min_third"] and yous / (yous + thirds) < check.params["min_share"]
    assert bool(list(check.check(document))) == plain
