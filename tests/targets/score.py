"""Score the target extractor against the hand-made answer keys in this folder.

Each ``<plan>.key.yaml`` lists every dated target of one plan, read by hand under the rules of
``CONVENTION.md``. A key target is *found* when the extractor gives a target of the same sentence,
year and kind, with the same value and unit (numeric) or an overlapping phrase (qualitative).
An extracted target that matches no key target is a *false target*.

    .venv/bin/python -m tests.targets.score        # prints recall, precision and field accuracy
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.project import Project

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCES = {"dongying": ROOT / "seeds" / "dongying.txt",
           **{p.stem: p for p in sorted((ROOT / "tests" / "corpus").glob("*.txt"))}}


def keyed_plans() -> list[str]:
    return sorted(p.name.removesuffix(".key.yaml") for p in HERE.glob("*.key.yaml"))


@dataclass
class Extracted:
    id: str
    sentence: str
    year: int
    kind: str
    value: float | None
    unit: str | None
    cmp: str | None
    baseline_year: int | None
    period: str | None
    quote: str


@dataclass
class Score:
    plan: str
    keyed: int
    extracted: int
    found: list[tuple[dict[str, Any], Extracted]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    false: list[Extracted] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return len(self.found) / self.keyed if self.keyed else 1.0

    @property
    def precision(self) -> float:
        return (self.extracted - len(self.false)) / self.extracted if self.extracted else 1.0

    def agreement(self, name: str) -> float:
        """Share of found targets whose field ``name`` equals the key's."""
        pairs = [(k, e) for k, e in self.found if k["kind"] == "numeric" or name in ("period",)]
        if not pairs:
            return 1.0
        return sum(1 for k, e in pairs if k.get(name) == getattr(e, name)) / len(pairs)


def extracted_targets(plan_name: str) -> list[Extracted]:
    plan = Project(ROOT).parse(SOURCES[plan_name])
    return [Extracted(t.id, f"{u.id}.s{t.sentence}", t.year, t.kind, t.value, t.unit, t.cmp, t.baseline_year,
                      t.period, t.quote) for u, t in plan.targets()]


def _overlaps(a: str, b: str) -> bool:
    if a in b or b in a:
        return True
    shorter = min(len(a), len(b))
    common = sum(1 for i in range(len(a) - 1) if a[i:i + 2] in b)
    return shorter > 0 and common / max(shorter - 1, 1) >= 0.6


def _matches(key: dict[str, Any], got: Extracted) -> bool:
    if (key["sentence"], key["year"], key["kind"]) != (got.sentence, got.year, got.kind):
        return False
    if key["kind"] == "numeric":
        return got.value is not None and abs(float(key["value"]) - got.value) < 1e-9 and key["unit"] == got.unit
    return _overlaps(str(key["quote"]), got.quote)


def score(plan_name: str) -> Score:
    keys = (yaml.safe_load((HERE / f"{plan_name}.key.yaml").read_text(encoding="utf-8")) or {}).get("targets") or []
    got = extracted_targets(plan_name)
    result = Score(plan_name, len(keys), len(got))
    unused = list(got)
    for key in keys:
        match = next((g for g in unused if _matches(key, g)), None)
        if match is None:
            result.missed.append(key)
        else:
            unused.remove(match)
            result.found.append((key, match))
    result.false = unused
    return result


def main() -> int:
    print(f"{'plan':<26}{'key':>5}{'found':>7}{'false':>7}{'recall':>8}{'precision':>11}{'cmp':>7}{'baseline':>10}")
    for name in keyed_plans():
        s = score(name)
        print(f"{name:<26}{s.keyed:>5}{len(s.found):>7}{len(s.false):>7}{s.recall:>8.3f}{s.precision:>11.3f}"
              f"{s.agreement('cmp'):>7.2f}{s.agreement('baseline_year'):>10.2f}")
        for key in s.missed:
            print(f"    missed  {key['sentence']} {key['year']} {key['kind']} {key.get('value')} {key.get('unit')} "
                  f"{key['quote']}")
        for got in s.false:
            print(f"    false   {got.id} {got.year} {got.kind} {got.value} {got.unit} {got.quote}")
        for key, got in s.found:
            for name in ("cmp", "baseline_year", "period"):
                if key["kind"] == "numeric" and key.get(name) != getattr(got, name):
                    print(f"    {name:<8}{got.id}: key {key.get(name)!r}, extracted {getattr(got, name)!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
