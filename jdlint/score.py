"""The 0-100 score: sub-scores for readability, clarity, inclusion, completeness and pay transparency.

Weights are data (``rules/lists/score.toml``). Every point lost is tied to
the findings that lost it, so a score never needs explaining separately: each
sub-score lists the rules that lowered it, how often they fired and how many
points they took.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jdlint.errors import JdlintError
from jdlint.memo import by_identity
from jdlint.model import Finding, Severity
from jdlint.rules import builtin_rules_dir, load_list


@dataclass(frozen=True)
class Category:
    """A sub-score: which rule codes it covers and how much it weighs in the total."""

    key: str
    title: str
    weight: float
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Weights:
    """The whole scoring scheme from ``score.toml``."""

    categories: tuple[Category, ...]
    points: dict[Severity, int]
    max_per_rule: int
    rule_points: dict[str, int]

    # Remembered: a posting's findings share a few codes (and there are only as many as rules).
    @by_identity(size=128)
    def category_of(self, code: str) -> Category | None:
        """The category whose longest code prefix matches ``code``."""
        best: tuple[int, Category] | None = None
        for category in self.categories:
            for prefix in category.codes:
                if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), category)
        return best[1] if best else None


@dataclass(frozen=True)
class Reason:
    """One rule's share of the points a sub-score lost."""

    code: str
    name: str
    count: int
    points: int


@dataclass(frozen=True)
class SubScore:
    """One sub-score and why it is below 100."""

    key: str
    title: str
    score: int
    weight: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class ScoreCard:
    """A document's total score and its sub-scores."""

    total: int
    parts: tuple[SubScore, ...]

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: total, then each sub-score with the rules that lowered it."""
        return {
            "total": self.total,
            "parts": {
                p.key: {
                    "score": p.score,
                    "weight": p.weight,
                    "lowered_by": [
                        {"code": r.code, "name": r.name, "findings": r.count, "points": r.points} for r in p.reasons
                    ],
                }
                for p in self.parts
            },
        }


@lru_cache(maxsize=4)
def load_weights(directory: Path | None = None) -> Weights:
    """Read and check ``lists/score.toml``."""
    directory = directory or builtin_rules_dir()
    where = f"{directory}/lists/score.toml"
    data = load_list(directory, "score")
    try:
        points = {Severity.parse(name): int(value) for name, value in data["points"].items()}
        categories = tuple(
            Category(key, str(raw["title"]), float(raw["weight"]), tuple(raw["codes"]))
            for key, raw in data["categories"].items()
        )
        max_per_rule = int(data["max_per_rule"])
        rule_points = {str(code): int(value) for code, value in data.get("rule_points", {}).items()}
    except (KeyError, TypeError, ValueError) as error:
        raise JdlintError(f"{where}: bad score weights ({error})") from None
    if set(points) != set(Severity) or not categories or sum(c.weight for c in categories) <= 0:
        raise JdlintError(f"{where}: needs points for every severity and categories with positive weights")
    return Weights(categories, points, max_per_rule, rule_points)


def score(findings: Sequence[Finding], weights: Weights | None = None) -> ScoreCard:
    """Score one document from its findings."""
    weights = weights or load_weights()
    # A posting's twenty-odd findings share a few codes: each code's category is looked up once.
    by_code: dict[str, list[Finding]] = {}
    for finding in findings:
        by_code.setdefault(finding.code, []).append(finding)
    lost: dict[str, dict[str, list[Finding]]] = {c.key: {} for c in weights.categories}
    for code, found in by_code.items():  # in the order codes first appear, as the reasons were
        category = weights.category_of(code)
        if category is not None:
            lost[category.key][code] = found
    parts = []
    for category in weights.categories:
        reasons = []
        for code, found in lost[category.key].items():
            points = sum(weights.rule_points.get(code, weights.points[f.severity]) for f in found)
            cap = weights.rule_points.get(code, weights.max_per_rule)
            reasons.append(Reason(code, found[-1].name, len(found), min(points, cap)))
        reasons.sort(key=lambda r: (-r.points, r.code))
        value = max(0, 100 - sum(r.points for r in reasons))
        parts.append(SubScore(category.key, category.title, value, category.weight, tuple(reasons)))
    total_weight = sum(p.weight for p in parts)
    total = round(sum(p.score * p.weight for p in parts) / total_weight)
    return ScoreCard(total, tuple(parts))
