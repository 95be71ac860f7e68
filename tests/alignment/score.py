"""Score the automatic alignment of actions against the hand-made key in this folder.

``key.yaml`` lists, for each of the site's plans but the reference, every action (section, or
part where there are none) and every task of its aligned actions, with the reference action or
task it is about (or null; a list where several answers are defensible). Read by hand from the
texts, never from the matcher's output.

A *match* is the matcher aligning a clause to something. It is right when the key lists what it
aligned it to, wrong otherwise. A clause the key aligns (null not among its answers) is *missed*
when the matcher gives none of its answers. Precision = right / matches; recall = right /
(right + missed). Curation (``content/alignment.yaml``) is left out: this scores the automatic
match alone.

    .venv/bin/python -m tests.alignment.score            # precision and recall, per plan and in all
    .venv/bin/python -m tests.alignment.score --wrong    # and every wrong or missed pair
    .venv/bin/python -m tests.alignment.score --corpus   # the corpus plans aligned to the national plan
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from builder.project import Project
from builder.render.alignment import Alignment, Curation, align

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "tests" / "corpus"


def key() -> dict[str, Any]:
    return yaml.safe_load((HERE / "key.yaml").read_text(encoding="utf-8"))


@cache
def summary_of(path: Path) -> Any:
    from builder.render.site import plan_views, summarize

    project = Project(ROOT)
    glossary = project.glossary()
    item = project.load_inputs([path])[0]
    return summarize(item, plan_views([item], glossary, strings=project.strings())[0], glossary)


def site_summaries() -> list[Any]:
    return [summary_of(p) for p in sorted(SEEDS.glob("*.txt"))]


def automatic(summaries: list[Any], reference: dict[str, str] | None = None) -> Alignment:
    curation = Curation(reference_plan=reference["plan"], reference_part=reference["part"]) if reference else Curation()
    return align(summaries, curation, Project(ROOT).glossary())


@dataclass
class Score:
    right: int = 0
    matches: int = 0
    missed: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.right += other.right
        self.matches += other.matches
        self.missed += other.missed
        self.wrong += other.wrong

    @property
    def precision(self) -> float:
        return self.right / self.matches if self.matches else 1.0

    @property
    def recall(self) -> float:
        return self.right / (self.right + self.missed) if self.right + self.missed else 1.0


def score(alignment: Alignment, expected: dict[str, Any]) -> dict[tuple[str, str], Score]:
    """(plan, "actions" | "tasks") → its score."""
    found = alignment.pairs()
    out: dict[tuple[str, str], Score] = {}
    for plan, levels in sorted(expected["plans"].items()):
        for level in ("actions", "tasks"):
            result = out[(plan, level)] = Score()
            for clause, answers in (levels.get(level) or {}).items():
                answers = answers if isinstance(answers, list) else [answers]
                match = found.get((plan, str(clause)))
                got = match.to if match else None
                if match is not None:
                    result.matches += 1
                    if got in answers:
                        result.right += 1
                    else:
                        result.wrong.append(f"{plan} {clause}: {got} ({match.score:.3f}), key {answers}")
                elif None not in answers:
                    result.missed += 1
                    result.wrong.append(f"{plan} {clause}: none, key {answers}")
    return out


def report(show_wrong: bool = False) -> dict[str, Score]:
    expected = key()
    scores = score(automatic(site_summaries(), expected["reference"]), expected)
    totals = {"actions": Score(), "tasks": Score()}
    print(f"{'plan':20} {'level':8} {'right':>5} {'matches':>7} {'missed':>6} {'precision':>9} {'recall':>6}")
    for (plan, level), s in scores.items():
        totals[level].add(s)
        print(f"{plan:20} {level:8} {s.right:5} {s.matches:7} {s.missed:6} {s.precision:9.3f} {s.recall:6.3f}")
    for level, s in totals.items():
        print(f"{'all':20} {level:8} {s.right:5} {s.matches:7} {s.missed:6} {s.precision:9.3f} {s.recall:6.3f}")
    if show_wrong:
        for s in scores.values():
            for line in s.wrong:
                print("  " + line)
    return totals


def corpus() -> None:
    """Each corpus plan aligned to the national plan (the reference of the site): what it gives."""
    from tests.conftest import CORPUS_PLANS

    reference = summary_of(SEEDS / "national-2030.txt")
    for path in CORPUS_PLANS:
        if path.stem in ("national-2030",):
            continue
        plan = summary_of(path)
        alignment = automatic([reference, plan], {"plan": "national-2030", "part": "3"})
        found = alignment.pairs()
        headings = {a.clause.id: a.clause.heading_zh for a in alignment.actions}
        tasks = {t.id: t.heading_zh for a in alignment.actions for t in a.tasks}
        print(f"== {path.stem}")
        for row in plan.outline:
            match = found.get((plan.id, row["id"]))
            if match is None and row["kind"] == "item":
                continue
            to = f"→ {match.to} {headings.get(match.to) or tasks.get(match.to)} ({match.score:.2f})" if match else "→ none"
            indent = "    " if row["kind"] == "item" else ""
            if row["kind"] != "part" or not any(r["parent"] == row["id"] and r["kind"] == "section" for r in plan.outline):
                print(f"{indent}{row['id']:7} {row['heading_zh'][:28]:30} {to}")


if __name__ == "__main__":
    if "--corpus" in sys.argv:
        corpus()
    else:
        report("--wrong" in sys.argv)
