"""Generate a deterministic synthetic corpus of job descriptions (Markdown).

Every sentence is assembled here from our own phrase bank: no real posting
text. Documents vary in sections (some missing), bullets, jargon, acronyms
(explained or not), placeholders and sentence length, so every rule family
has work to do. Same arguments, same files.

Usage: python bench/gen_corpus.py OUT_DIR COUNT [--seed N] [--words N]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROLES = [
    "Warehouse Lead",
    "Care Coordinator",
    "Data Analyst",
    "Site Engineer",
    "Office Manager",
    "Chef de Partie",
    "Support Engineer",
    "Payroll Officer",
    "Teaching Assistant",
    "Field Technician",
    "Project Manager",
]
TEAMS = ["operations", "customer care", "finance", "the kitchen", "the site team", "the data team", "facilities"]
VERBS = [
    "Plan",
    "Maintain",
    "Coordinate",
    "Check",
    "Prepare",
    "Lead",
    "Support",
    "Review",
    "Train",
    "Report on",
    "Schedule",
    "Order",
    "Answer",
    "Update",
    "Track",
]
OBJECTS = [
    "weekly rotas",
    "stock levels",
    "customer questions",
    "safety checks",
    "monthly reports",
    "new starters",
    "supplier orders",
    "the shared inbox",
    "site visits",
    "invoices",
    "the team calendar",
    "service records",
]
JARGON = [
    "leverage our synergies",
    "utilise best-in-class tooling",
    "drive a paradigm shift",
    "be a rockstar",
    "think outside the box",
    "move the needle",
    "facilitate cross-functional alignment",
    "circle back daily",
]
ACRONYMS = ["KPI", "SLA", "CRM", "ERP", "HSE", "QA", "SOP", "OKR", "PPE", "CPD"]
EXPANSIONS = {
    "KPI": "key performance indicator",
    "SLA": "service level agreement",
    "CRM": "customer relationship management",
    "PPE": "personal protective equipment",
    "SOP": "standard operating procedure",
}
SKILLS = [
    "clear written English",
    "a full driving licence",
    "experience with spreadsheets",
    "a food hygiene certificate",
    "two years in a similar role",
    "good time keeping",
    "basic first aid",
    "patience",
]
PERKS = [
    "25 days of annual leave",
    "a pension with employer contributions",
    "free parking",
    "a cycle-to-work scheme",
    "paid training",
    "flexible start times",
    "an employee assistance programme",
]
PLACES = ["Leeds", "Bristol", "Glasgow", "Cardiff", "Norwich", "Remote within the UK", "Hybrid, two days in Derby"]
LONG = (
    "In this position you will be expected to demonstrate comprehensive organisational capability, "
    "continuously communicating operational considerations to multidisciplinary stakeholders, and "
    "consistently prioritising responsibilities appropriately across numerous simultaneous initiatives"
)


def sentence(rng: random.Random) -> str:
    """One duty sentence, sometimes with jargon or an acronym."""
    text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    roll = rng.random()
    if roll < 0.15:
        text += f" and {rng.choice(JARGON)}"
    elif roll < 0.3:
        text += f" against the team {rng.choice(ACRONYMS)} targets"
    elif roll < 0.35:
        text += " for [TEAM NAME]"
    return text + ("." if rng.random() < 0.5 else "")


def document(rng: random.Random, words: int) -> str:
    """One job description of roughly ``words`` words."""
    role = rng.choice(ROLES)
    parts = [f"# {role}", ""]
    if rng.random() < 0.8:
        parts += ["## About us", "", f"We are a growing company with a friendly team in {rng.choice(TEAMS)}.", ""]
    parts += ["## The role", "", f"You will join {rng.choice(TEAMS)} as our new {role.lower()}."]
    if rng.random() < 0.3:
        parts.append(LONG + ".")
    acronym = rng.choice(ACRONYMS)
    if acronym in EXPANSIONS and rng.random() < 0.5:
        parts.append(f"You will track each {EXPANSIONS[acronym]} ({acronym}) with the manager.")
    parts += ["", "## What you will do", ""]
    count = 0
    while count < words * 0.55:
        line = sentence(rng)
        parts.append(f"- {line}")
        count += len(line.split())
    if rng.random() < 0.85:
        parts += ["", "## What you need", ""] + [f"- {s}" for s in rng.sample(SKILLS, 4)]
    if rng.random() < 0.7:
        parts += ["", "## What we offer", ""] + [f"- {p}" for p in rng.sample(PERKS, 3)]
    if rng.random() < 0.7:
        parts += ["", f"Salary: £{rng.randint(22, 48)},000 a year", f"Location: {rng.choice(PLACES)}"]
    if rng.random() < 0.6:
        parts += ["", "## How to apply", "", "Send your CV to the hiring manager by TBC."]
    return "\n".join(parts) + "\n"


def generate(out: Path, count: int, seed: int = 7, words: int = 350) -> list[Path]:
    """Write ``count`` documents under ``out`` (1,000 per sub-folder); return their paths."""
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        folder = out / f"{index // 1000:04d}"
        if index % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"jd-{index:06d}.md"
        path.write_text(document(rng, words), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--words", type=int, default=350)
    args = parser.parse_args()
    paths = generate(args.out, args.count, args.seed, args.words)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {size / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
