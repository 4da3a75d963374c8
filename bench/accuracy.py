"""Score jdlint against the hand labels in ../shared/corpus-real.

Acronyms: precision and recall of unexplained-acronym findings (JD201)
against ``acronyms_unexplained`` in labels.jsonl. Sections: accuracy of each
canonical key detected against ``sections_present``. ``--all`` also lists the
acronyms jdlint reports most often over all 519 postings, to study false
positives beyond the labelled 48.

Usage: python bench/accuracy.py [--corpus DIR] [--all] [--details]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

from jdlint.engine import Linter
from jdlint.inputs import read_source
from jdlint.kinds.acronyms import _normalise
from jdlint.rules import load_rules

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-real"
KEYS = [
    "company_intro", "role_summary", "responsibilities", "requirements", "preferred_qualifications",
    "benefits", "compensation", "location", "how_to_apply", "eeo_statement",
]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--all", action="store_true", help="also list top acronyms over every posting")
    parser.add_argument("--details", action="store_true", help="print each mismatch")
    args = parser.parse_args()
    labels_path = args.corpus / "labels.jsonl"
    if not labels_path.is_file():
        print(f"corpus-real not available at {args.corpus}; nothing to score")
        return 0
    labels = {row["file"]: row for row in map(json.loads, labels_path.read_text().splitlines())}
    linter = Linter(load_rules())
    files = sorted(args.corpus.glob("jds/*.md")) if args.all else [args.corpus / "jds" / f for f in sorted(labels)]
    results = list(linter.lint_sources(read_source(str(p)) for p in files))

    tp = fp = fn = 0
    section_right: collections.Counter[str] = collections.Counter()
    section_errors: dict[str, list[str]] = collections.defaultdict(list)
    everywhere: collections.Counter[str] = collections.Counter()
    for result in results:
        name = Path(result.path).name
        found = {_normalise(f.match) for f in result.findings if f.code == "JD201"}
        everywhere.update(found)
        if name not in labels:
            continue
        label = labels[name]
        truth = set(label["acronyms_unexplained"])
        tp += len(found & truth)
        fp += len(found - truth)
        fn += len(truth - found)
        if args.details and (found - truth or truth - found):
            print(f"{name}: false+ {sorted(found - truth)}  missed {sorted(truth - found)}")
        detected = {s.key for s in result.sections}
        for key in KEYS:
            if (key in detected) == (key in label["sections_present"]):
                section_right[key] += 1
            else:
                section_errors[key].append(("+" if key in detected else "-") + name)

    labelled = sum(Path(r.path).name in labels for r in results)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"labelled postings: {labelled}")
    print(
        f"acronyms (JD201 vs acronyms_unexplained): precision {precision:.3f}  recall {recall:.3f}"
        f"  (tp {tp}, fp {fp}, fn {fn})"
    )
    print("sections (detected vs sections_present), accuracy per key:")
    for key in KEYS:
        errors = section_errors[key]
        shown = " ".join(errors[:8]) if args.details else ""
        print(f"  {key:26s} {section_right[key] / labelled:.3f}  ({len(errors)} wrong) {shown}")
    if args.all:
        print(f"most reported acronyms over {len(results)} postings:")
        print("  " + ", ".join(f"{k} {n}" for k, n in everywhere.most_common(80)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
