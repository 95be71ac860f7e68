"""Score the extractors against the hand-made answer keys in this folder.

Each ``<plan>.key.yaml`` lists every dated target of one plan (``targets:``), the phrases left out
as ambiguous (``doubtful:``) and every responsibility list with its deadline
(``responsibilities:``), read by hand under the rules of ``CONVENTION.md``.

Targets: a key target is *found* when the extractor gives a target of the same sentence, year and
kind, with the same value and unit (numeric) or an overlapping phrase (qualitative). An extracted
target that matches no key target is a *false target*, unless it matches a doubtful phrase (same
sentence, overlapping words): those count neither way.

Responsibility lists: a key list is *found* when the extractor gives a list for the same clause
whose words overlap the key's quote (or, for a list inside the text, that closes the same
sentence). Of the found lists, *lead right* counts those whose leads the text names as such
(``Responsibility.stated_leads``: 牵头, or the plan's first-named rule) are the key's ``lead``;
*shared right* those whose other agencies are the key's ``shared`` (names, in any order);
*deadline right* those whose deadline (as written, and its date) is the key's.

    .venv/bin/python -m tests.targets.score        # prints every keyed plan's figures
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from builder.model import Plan
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
class ExtractedList:
    """A responsibility list as the extractor read it, in the key's terms."""

    clause: str
    sentence: str | None  # the sentence a list inside the text closes
    quote: str
    lead: list[str]
    shared: list[str]
    deadline: str | None
    deadline_date: str | None


@dataclass
class ListScore:
    keyed: int
    extracted: int
    found: list[tuple[dict[str, Any], ExtractedList]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    false: list[ExtractedList] = field(default_factory=list)

    def right(self, name: str) -> int:
        """How many found lists have field ``name`` (lead, shared, deadline) as the key has it."""
        return sum(1 for key, got in self.found if _list_field_right(name, key, got))


@dataclass
class Score:
    plan: str
    keyed: int
    extracted: int
    found: list[tuple[dict[str, Any], Extracted]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    false: list[Extracted] = field(default_factory=list)
    doubtful: list[Extracted] = field(default_factory=list)
    lists: ListScore | None = None  # None where the key has no responsibilities: section

    @property
    def recall(self) -> float:
        return len(self.found) / self.keyed if self.keyed else 1.0

    @property
    def precision(self) -> float:
        counted = self.extracted - len(self.doubtful)
        return (counted - len(self.false)) / counted if counted else 1.0

    def recall_of(self, kind: str) -> tuple[int, int]:
        """``(found, keyed)`` for targets of one kind (numeric or qualitative)."""
        keyed = sum(1 for k in self.missed if k["kind"] == kind) + sum(1 for k, _ in self.found if k["kind"] == kind)
        return sum(1 for k, _ in self.found if k["kind"] == kind), keyed

    def false_of(self, kind: str) -> int:
        return sum(1 for g in self.false if g.kind == kind)

    def agreement(self, name: str) -> float:
        """Share of found targets whose field ``name`` equals the key's."""
        pairs = [(k, e) for k, e in self.found if k["kind"] == "numeric" or name in ("period",)]
        if not pairs:
            return 1.0
        return sum(1 for k, e in pairs if k.get(name) == getattr(e, name)) / len(pairs)


@cache
def _parsed(plan_name: str) -> Plan:
    return Project(ROOT).parse(SOURCES[plan_name])


def extracted_targets(plan_name: str) -> list[Extracted]:
    plan = _parsed(plan_name)
    return [Extracted(t.id, f"{u.id}.s{t.sentence}", t.year, t.kind, t.value, t.unit, t.cmp, t.baseline_year,
                      t.period, t.quote) for u, t in plan.targets()]


def extracted_lists(plan_name: str) -> list[ExtractedList]:
    """Every responsibility list of the plan: each list inside a text (with the sentence it closes,
    or none where it closes the whole text: the only list, at its very end), and each unit's own."""
    found: list[ExtractedList] = []
    for unit in _parsed(plan_name).walk():
        lists = list(unit.measures)
        if unit.responsibility is not None and not unit.responsibility.inline:
            lists.append(unit.responsibility)
        for resp in lists:
            closes_all = resp.inline and len(unit.measures) == 1 and unit.text.rstrip("。；; ").endswith(resp.text)
            sentence = f"{unit.id}.s{resp.sentence}" if resp.inline and not closes_all else None
            leads = [a.name for a in resp.stated_leads]
            found.append(ExtractedList(
                unit.id, sentence, resp.text, leads, [a.name for a in resp.agencies if a.name not in leads],
                resp.deadline.text if resp.deadline else None, resp.deadline.date if resp.deadline else None))
    return found


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
        if key["value"] is None or got.value is None:
            return False
        return abs(float(key["value"]) - got.value) < 1e-9 and key["unit"] == got.unit
    return _overlaps(str(key["quote"]), got.quote)


def _list_matches(key: dict[str, Any], got: ExtractedList) -> bool:
    if key["clause"] != got.clause:
        return False
    if key.get("sentence") and got.sentence:
        return key["sentence"] == got.sentence
    return _overlaps(str(key["quote"]), got.quote)


def _list_field_right(name: str, key: dict[str, Any], got: ExtractedList) -> bool:
    if name == "lead":
        return list(key["lead"] or []) == got.lead
    if name == "shared":
        return sorted(key["shared"] or []) == sorted(got.shared)
    return (key.get("deadline"), str(key["deadline_date"]) if key.get("deadline_date") else None) == \
        (got.deadline, got.deadline_date)


def _pair(keys: list[dict[str, Any]], got: list[Any], matches: Any) -> tuple[list, list, list]:
    """``(found pairs, missed keys, unmatched extracted)``, each key taking the first match left."""
    unused = list(got)
    found, missed = [], []
    for key in keys:
        match = next((g for g in unused if matches(key, g)), None)
        if match is None:
            missed.append(key)
        else:
            unused.remove(match)
            found.append((key, match))
    return found, missed, unused


def score(plan_name: str) -> Score:
    key_file = yaml.safe_load((HERE / f"{plan_name}.key.yaml").read_text(encoding="utf-8")) or {}
    keys = key_file.get("targets") or []
    got = extracted_targets(plan_name)
    result = Score(plan_name, len(keys), len(got))
    result.found, result.missed, unused = _pair(keys, got, _matches)
    doubtful = key_file.get("doubtful") or []
    for extracted in unused:
        if any(d["sentence"] == extracted.sentence and _overlaps(str(d["quote"]), extracted.quote) for d in doubtful):
            result.doubtful.append(extracted)
        else:
            result.false.append(extracted)
    if key_file.get("responsibilities") is not None:
        key_lists = key_file["responsibilities"]
        got_lists = extracted_lists(plan_name)
        lists = ListScore(len(key_lists), len(got_lists))
        lists.found, lists.missed, lists.false = _pair(key_lists, got_lists, _list_matches)
        result.lists = lists
    return result


def _print_targets(s: Score) -> None:
    numeric, qualitative = s.recall_of("numeric"), s.recall_of("qualitative")
    print(f"{s.plan:<34}{s.keyed:>5}{len(s.found):>7}{len(s.false):>7}{s.recall:>8.3f}{s.precision:>11.3f}"
          f"{numeric[0]:>6}/{numeric[1]:<4}{s.false_of('numeric'):>6}{qualitative[0]:>6}/{qualitative[1]:<4}"
          f"{s.false_of('qualitative'):>6}{len(s.doubtful):>7}{s.agreement('cmp'):>7.2f}{s.agreement('baseline_year'):>9.2f}")


def _print_details(s: Score) -> None:
    for key in s.missed:
        print(f"    missed  {key['sentence']} {key['year']} {key['kind']} {key.get('value')} {key.get('unit')} "
              f"{key['quote']}")
    for got in s.false:
        print(f"    false   {got.id} {got.year} {got.kind} {got.value} {got.unit} {got.quote}")
    for key, got in s.found:
        for name in ("cmp", "baseline_year", "period"):
            if key["kind"] == "numeric" and key.get(name) != getattr(got, name):
                print(f"    {name:<8}{got.id}: key {key.get(name)!r}, extracted {getattr(got, name)!r}")
    if s.lists is not None:
        for key in s.lists.missed:
            print(f"    list missed  {key['clause']} {key['quote'][:40]}")
        for got in s.lists.false:
            print(f"    list false   {got.clause} {got.quote[:40]}")
        for key, got in s.lists.found:
            for name in ("lead", "shared", "deadline"):
                if not _list_field_right(name, key, got):
                    print(f"    list {name:<9}{got.clause}: key {key.get(name)!r}, extracted {getattr(got, name)!r}")


def main() -> int:
    scores = [score(name) for name in keyed_plans()]
    print("targets (numeric and qualitative: found/keyed, then false; doubtful: extracted phrases the key calls doubtful)")
    print(f"{'plan':<34}{'key':>5}{'found':>7}{'false':>7}{'recall':>8}{'precision':>11}"
          f"{'numeric':>11}{'false':>6}{'qualit.':>11}{'false':>6}{'doubt':>7}{'cmp':>7}{'baseline':>9}")
    for s in scores:
        _print_targets(s)
    print()
    print("responsibility lists (found/keyed; of the found: lead right, shared right, deadline right)")
    print(f"{'plan':<34}{'key':>5}{'found':>7}{'false':>7}{'lead':>7}{'shared':>8}{'deadline':>10}")
    for s in scores:
        if s.lists is None:
            print(f"{s.plan:<34}{'(no responsibilities: section)':>30}")
            continue
        ls = s.lists
        print(f"{s.plan:<34}{ls.keyed:>5}{len(ls.found):>7}{len(ls.false):>7}{ls.right('lead'):>7}"
              f"{ls.right('shared'):>8}{ls.right('deadline'):>10}")
    print()
    for s in scores:
        print(s.plan)
        _print_details(s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
