"""Actions aligned: every plan's actions (and, where they match, its tasks) set beside the
reference plan's actions — the national plan's ten actions (碳达峰十大行动) — by what they are about.

Everything here is computed from the plans' summaries (:class:`~builder.render.site.PlanSummary`,
its ``outline``: every part, section and item with its heading, glossary terms, targets, leads and
first 400 characters), so aligning a site of many plans loads none of them.

**The reference.** ``content/alignment.yaml`` names it (``reference: {plan: national-2030, part:
"3"}``); where it does not, or names a plan the site does not hold, it is found: of the plans
whose meta says ``level: national``, the part with the most sections whose headings end in 行动
(three at least), the plan with most such sections first, then the earliest issued, then by id.
Its actions are that part's sections (numbered by the plan itself: section （一） is action 1,
``actions/1/``); their tasks are their items.

**A plan's actions** are its sections (in a plan without sections, its parts). Each is compared
with every section of the reference plan — as a whole, and through each of its tasks (a plan may
write as an action what the reference writes as a task) — and aligned to the one it is most about
if that is an action and the score reaches :data:`ACTION_THRESHOLD`; one most about a section
that is no action (完善经济政策, 加强统筹协调 …) is aligned to none, and so is one about nothing. Where it matches, each of its items is matched to the reference action's
task it is most about, if clearly (:data:`TASK_THRESHOLD`).

**What a clause is about** (:func:`features`) is three bags of features: its heading's words
(jieba, with the glossary's terms as words) and character bigrams; the glossary terms that it and
the clauses below it use; and the words of its opening text and of the headings and opening texts
of the clauses below it. Each bag is weighted by TF-IDF (sublinear term frequency; inverse
document frequency over all the clauses compared at that level, so the genre's common words —
推进, 加强, 绿色, 低碳 — weigh little), and two clauses' score is the weighted mean of their bags'
cosine similarities (:data:`WEIGHTS`; a bag empty on either side is left out of the mean).
Scores are rounded to six places before any comparison, so that the same input always gives
the same alignment.

**Curation.** ``content/alignment.yaml`` may set or remove a pair: ``{plan, clause, to}``, where
``to`` is a reference action or task (its clause id in the reference plan) or ``null`` (aligned
to nothing). A curated pair wins over the automatic match, and every pair says which it is
(``basis``: ``auto`` or ``curated``). A pair naming a clause that does not exist is an error with
the file, line and column (:func:`curation_problems`).
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from builder import ids
from builder.errors import ValidationError
from builder.render import urls
from builder.render.views import TargetView

#: How much each bag of features counts in a score.
WEIGHTS = (("heading", 0.4), ("terms", 0.3), ("body", 0.3))
#: The least score at which a plan's action is aligned to a reference action.
ACTION_THRESHOLD = 0.2
#: The least score at which a task is aligned to a reference task (a clearer match than an action's).
TASK_THRESHOLD = 0.2
#: What a heading of an action ends with (the national plan's 碳达峰十大行动).
ACTION_SUFFIX = "行动"
#: The fewest such sections that make a part of a national plan the reference's actions.
MIN_ACTIONS = 3
#: The reference's actions' pages, below the site root (and ``en/``).
SECTION = "actions"

BASES = ("auto", "curated")

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[\w\u3400-\u9fff]+")


# -- the units compared ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Clause:
    """A part, section or item of a plan, as the pages name and link it."""

    plan: str
    id: str
    kind: str
    label_zh: str
    label_en: str
    heading_zh: str
    heading_en: str | None
    url: str

    @classmethod
    def of(cls, plan: str, row: Mapping[str, Any]) -> Clause:
        return cls(plan, row["id"], row["kind"], row["label_zh"], row["label_en"], row["heading_zh"] or "",
                   row["heading_en"], row["url"])

    @property
    def url_en(self) -> str:
        return urls.in_lang(self.url, "en")


@dataclass(frozen=True)
class Target:
    """A target of an aligned clause as its plan's summary keeps it
    (:func:`~builder.render.site.target_row`: ``id``, ``year``, ``metric_zh``, ``url`` … read as
    attributes), its value shown as the plan's own pages show it."""

    row: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        if name == "row":  # not set yet (a copy being made)
            raise AttributeError(name)
        try:
            return self.row[name]
        except KeyError:
            raise AttributeError(name) from None

    # the value as the plan's own pages show it (one place computes it)
    value_number = TargetView.value_number
    unit_is_chinese = TargetView.unit_is_chinese
    value_text = TargetView.value_text
    value_text_si = TargetView.value_text_si
    has_si = TargetView.has_si
    value_number_si = TargetView.value_number_si
    unit_text_si = TargetView.unit_text_si


@dataclass(frozen=True)
class Lead:
    """An agency that leads an aligned clause or one of its tasks."""

    id: str
    name_zh: str
    name_en: str | None
    url: str


@dataclass(frozen=True)
class Outline:
    """One plan's outline, indexed: rows by id, children by parent, in reading order."""

    plan: str
    rows: dict[str, dict[str, Any]]
    children: dict[str | None, list[str]]
    targets: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, summary: Any) -> Outline:
        rows = {row["id"]: row for row in summary.outline}
        children: dict[str | None, list[str]] = {}
        for row in summary.outline:
            children.setdefault(row["parent"], []).append(row["id"])
        return cls(summary.id, rows, children, {t["id"]: t for t in summary.targets})

    def clause(self, clause_id: str) -> Clause:
        return Clause.of(self.plan, self.rows[clause_id])

    def below(self, clause_id: str) -> list[str]:
        """Every clause below ``clause_id``, in reading order."""
        out: list[str] = []
        for child in self.children.get(clause_id, []):
            out += [child, *self.below(child)]
        return out

    def actions(self) -> list[str]:
        """The plan's actions: its sections, or, in a plan without sections, its parts."""
        sections = [i for i, row in self.rows.items() if row["kind"] == "section"]
        return sections or [i for i, row in self.rows.items() if row["kind"] == "part"]

    def tasks(self, clause_id: str) -> list[str]:
        """An action's tasks: its items."""
        return [i for i in self.children.get(clause_id, []) if self.rows[i]["kind"] == "item"]


# -- what a clause is about ----------------------------------------------------------------------------

Bags = dict[str, Counter[str]]


@functools.lru_cache(maxsize=2)
def _tokenizer(words: tuple[str, ...]) -> Any:
    """The words a clause is cut into never depend on what else the process has loaded into jieba's
    default tokenizer (:func:`builder.extract.terms.standard_tokenizer`)."""
    from builder.extract.terms import standard_tokenizer

    return standard_tokenizer(words)


class Reader:
    """Cuts text into the features compared: words (jieba) and character bigrams."""

    def __init__(self, words: Iterable[str] = ()):
        self.tokenizer = _tokenizer(tuple(sorted(set(words))))
        self._words: dict[str, list[str]] = {}  # a clause's text is read for it and for its parents

    def words(self, text: str) -> list[str]:
        """Words of two characters or more (a single character says little of what a clause is about)."""
        if text not in self._words:
            self._words[text] = [w for w in self.tokenizer.lcut(text) if len(w) >= 2 and _WORD.fullmatch(w)]
        return self._words[text]

    @staticmethod
    def bigrams(text: str) -> list[str]:
        return [run[i:i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)]

    def features(self, outline: Outline, clause_id: str) -> Bags:
        """What ``clause_id`` is about: its heading, the terms of its whole subtree, its text and
        the headings and opening texts below it."""
        row = outline.rows[clause_id]
        heading = row["heading_zh"] or ""
        below = [outline.rows[i] for i in outline.below(clause_id)]
        body = [row["text_zh"], *(r["heading_zh"] or "" for r in below), *(r["text_zh"] for r in below)]
        return {
            "heading": Counter([f"w:{w}" for w in self.words(heading)] + [f"g:{g}" for g in self.bigrams(heading)]),
            "terms": Counter(sorted({t for r in [row, *below] for t in r["terms"]})),
            "body": Counter(w for text in body for w in self.words(text)),
        }


@dataclass
class Space:
    """TF-IDF over one population of clauses (the actions of every plan, or the tasks)."""

    documents: int = 0
    frequency: dict[str, Counter[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, population: Iterable[Bags]) -> Space:
        space = cls()
        for bags in population:
            space.documents += 1
            for name, bag in bags.items():
                space.frequency.setdefault(name, Counter()).update(bag.keys())
        return space

    def vector(self, bags: Bags) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for name, bag in bags.items():
            df = self.frequency.get(name, Counter())
            weights = {f: (1 + math.log(n)) * (math.log((self.documents + 1) / (df[f] + 1)) + 1)
                       for f, n in sorted(bag.items())}
            norm = math.sqrt(sum(w * w for _, w in sorted(weights.items())))
            out[name] = {f: w / norm for f, w in weights.items()} if norm else {}
        return out


def similarity(a: dict[str, dict[str, float]], b: dict[str, dict[str, float]]) -> float:
    """The weighted mean of the bags' cosines (bags empty on either side left out), rounded to six
    places: the same input always compares the same."""
    total = weight = 0.0
    for name, w in WEIGHTS:
        x, y = a.get(name) or {}, b.get(name) or {}
        if not x or not y:
            continue
        small, large = (x, y) if len(x) <= len(y) else (y, x)
        total += w * sum(v * large[f] for f, v in sorted(small.items()) if f in large)
        weight += w
    return round(total / weight, 6) if weight else 0.0


# -- curation --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Where:
    """A place in the curated file (1-based line and column)."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class CuratedPair:
    plan: str
    clause: str
    to: str | None  # a reference action or task (its clause id), or None: aligned to nothing
    where: Where  # the pair's ``clause``
    to_where: Where  # its ``to``
    note: str | None = None
    #: the clause's and the reference clause's headings when the pair was curated (what it is about)
    heading: str | None = None
    to_heading: str | None = None


@dataclass(frozen=True)
class Curation:
    """``content/alignment.yaml``: the reference (if named) and the pairs that win over the automatic ones."""

    file: str = "content/alignment.yaml"
    reference_plan: str | None = None
    reference_part: str | None = None
    reference_where: Where | None = None
    pairs: tuple[CuratedPair, ...] = ()
    #: English names of the reference's actions (clause id → name), where its plan has none
    names_en: dict[str, str] = field(default_factory=dict)
    names_where: dict[str, Where] = field(default_factory=dict)
    part_where: Where | None = None


def _node_at(node: yaml.Node, path: Sequence[Any]) -> yaml.Node:
    """The YAML node at ``path`` (keys and indexes), or the deepest one on the way."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if k.value == step]
            if not found:
                return node
            node = found[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return node
    return node


def parse_curation(text: str, shown: str = "content/alignment.yaml") -> Curation:
    """The curated file's text as a :class:`Curation`. A file that is not YAML, or breaks the
    schema (``builder/schemas/alignment-content.schema.json``), is a
    :class:`~builder.errors.ValidationError` naming each problem's line and column."""
    import jsonschema

    from builder.serialize import load_schema

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
        raise ValidationError([f"{where}: error: expected valid YAML, found {getattr(error, 'problem', error)}"]) \
            from None
    if root is None:
        return Curation(shown)

    def where(path: Sequence[Any]) -> Where:
        mark = _node_at(root, path).start_mark
        return Where(shown, mark.line + 1, mark.column + 1)
    validator = jsonschema.Draft202012Validator(load_schema("alignment-content"))
    problems = [f"{where(list(e.absolute_path))}: error: at {'.'.join(str(p) for p in e.absolute_path) or 'the file'}, "
                f"{e.message}" for e in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])]
    if problems:
        raise ValidationError(problems)
    reference = data.get("reference") or {}
    pairs = tuple(CuratedPair(str(p["plan"]), str(p["clause"]), None if p["to"] is None else str(p["to"]),
                              where(["pairs", n, "clause"]), where(["pairs", n, "to"]), p.get("note"),
                              p.get("heading"), p.get("to_heading"))
                  for n, p in enumerate(data.get("pairs") or []))
    return Curation(shown, reference.get("plan"), None if reference.get("part") is None else str(reference["part"]),
                    where(["reference", "plan"]) if reference else None, pairs,
                    {str(k): str(v) for k, v in (reference.get("names_en") or {}).items()},
                    {str(k): where(["reference", "names_en", k]) for k in reference.get("names_en") or {}},
                    where(["reference", "part"]) if reference else None)


def stale_pairs(curation: Curation, headings: Mapping[str, Mapping[str, str | None]]) -> dict[CuratedPair, str]:
    """The curated pairs that no longer say what they were curated for (keyed on the source, as
    translations are): the clause (or the reference clause) has another heading than the pair
    records, or is gone. ``headings``: each plan's clauses' headings. Each with why, for
    ``plansite check``. A pair without a recorded heading is never stale (nor checked)."""
    reference = curation.reference_plan
    out: dict[CuratedPair, str] = {}
    for pair in curation.pairs:
        known = headings.get(pair.plan)
        if known is None:
            continue
        if pair.heading is not None and known.get(pair.clause, _GONE) != pair.heading:
            now = known.get(pair.clause, _GONE)
            out[pair] = (f"{pair.where}: warning: the pair of {pair.plan} {pair.clause} is stale (to review, not "
                         f"applied): it was curated for 「{pair.heading}」, " +
                         ("the clause is gone" if now is _GONE else f"the clause is now 「{now or ''}」"))
        elif pair.to_heading is not None and pair.to is not None and reference in headings \
                and headings[reference].get(pair.to, _GONE) != pair.to_heading:
            now = headings[reference].get(pair.to, _GONE)
            out[pair] = (f"{pair.to_where}: warning: the pair of {pair.plan} {pair.clause} is stale (to review, not "
                         f"applied): its reference {pair.to} was 「{pair.to_heading}」, " +
                         ("it is gone" if now is _GONE else f"it is now 「{now or ''}」"))
    return out


_GONE: Any = object()  # a clause id that names no clause


def follow_ids(text: str, plan_id: str, changes: Any, shown: str = "content/alignment.yaml") -> tuple[str, list[str]]:
    """``content/alignment.yaml``'s text after ``plansite ids`` renumbered ``plan_id``
    (``changes``: :class:`builder.versions.Changes`): each pair of the plan moves with its clause to
    the clause's new id, and where the plan is the reference, so do the pairs' ``to``, the
    reference's ``part`` and the keys of ``names_en``. Only those values change in the text (its
    comments and layout are kept). A pair whose clause was removed stays as it is, said in the
    lines returned (its recorded heading makes it stale). Returns the text and what was done."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        return text, []
    curation = parse_curation(text, shown)
    edits: list[tuple[int, int, str]] = []
    lines: list[str] = []

    def follow(node: yaml.Node, what: str) -> None:
        old = str(node.value)
        if old not in changes.clauses:
            return
        if old not in changes.matched:
            lines.append(f"{shown}:{node.start_mark.line + 1}:{node.start_mark.column + 1}: warning: {what} {old} "
                         f"of {plan_id} was removed from the text: the pair no longer applies; remove it or "
                         f"point it to another clause")
            return
        new = changes.clauses[old]
        if new != old:
            edits.append((node.start_mark.index, node.end_mark.index, f'"{new}"'))
            lines.append(f"{shown}:{node.start_mark.line + 1}:{node.start_mark.column + 1}: {what} {old} → {new}")

    is_reference = curation.reference_plan == plan_id
    pairs = _node_at(root, ["pairs"])
    for item in pairs.value if isinstance(pairs, yaml.SequenceNode) else []:
        fields = {k.value: v for k, v in item.value} if isinstance(item, yaml.MappingNode) else {}
        if fields.get("plan") is not None and fields["plan"].value == plan_id and "clause" in fields:
            follow(fields["clause"], "clause")
        if is_reference and isinstance(fields.get("to"), yaml.ScalarNode) and fields["to"].tag != "tag:yaml.org,2002:null":
            follow(fields["to"], "reference clause")
    if is_reference:
        part = _node_at(root, ["reference", "part"])
        if isinstance(part, yaml.ScalarNode) and _node_at(root, ["reference"]) is not part:
            follow(part, "reference part")
        names = _node_at(root, ["reference", "names_en"])
        if isinstance(names, yaml.MappingNode):
            for key, _ in names.value:
                follow(key, "reference action")
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    return text, lines


def curation_problems(curation: Curation, clauses: Mapping[str, Mapping[str, str]],
                      strict_plans: bool = False, stale: Iterable[CuratedPair] = ()) -> list[str]:
    """Every way the curated pairs do not fit the plans: ``clauses`` gives each plan's parts,
    sections and items (id → kind). A pair naming a plan not in ``clauses`` is a problem only
    with ``strict_plans`` (``plansite check`` knows every plan; a build may hold only some).
    The reference, when named, must be a part of a plan with sections, and each pair's ``to`` one
    of its actions or their tasks."""
    problems: list[str] = []
    reference = find_reference_in(curation, clauses)
    targets: dict[str, str] = {}
    if curation.reference_plan is not None:
        ref_clauses = clauses.get(curation.reference_plan)
        if ref_clauses is None:
            if strict_plans:
                problems.append(f"{curation.reference_where}: error: expected a plan of the site, found "
                                f"'{curation.reference_plan}'")
        elif reference is None:
            problems.append(f"{curation.part_where}: error: expected a part of {curation.reference_plan} "
                            f"with sections, found '{curation.reference_part}'")
    if reference is not None:
        for action in reference[1]:
            targets[action] = "action"
            targets.update((t, "task") for t in _children(clauses[reference[0]], action, "item"))
        for name in sorted(set(curation.names_en) - set(reference[1]), key=ids.sort_key):
            problems.append(f"{curation.names_where.get(name, curation.reference_where)}: error: expected an action of "
                            f"{reference[0]} ({', '.join(reference[1])}), found '{name}'")
    seen: dict[tuple[str, str], Where] = {}
    stale = set(stale)
    for pair in curation.pairs:
        if pair in stale:
            continue  # reported as stale (plansite check), not applied
        known = clauses.get(pair.plan)
        if known is None:
            if strict_plans:
                problems.append(f"{pair.where}: error: expected a plan of the site, found '{pair.plan}'")
            continue
        if pair.clause not in known:
            problems.append(f"{pair.where}: error: expected a part, section or item of {pair.plan}, "
                            f"found '{pair.clause}'")
            continue
        if (pair.plan, pair.clause) in seen:
            problems.append(f"{pair.where}: error: expected one pair for {pair.plan} {pair.clause}, found a second "
                            f"(the first at line {seen[(pair.plan, pair.clause)].line})")
        seen.setdefault((pair.plan, pair.clause), pair.where)
        if reference is not None and pair.plan == reference[0]:
            problems.append(f"{pair.where}: error: expected a clause of another plan than the reference, "
                            f"found one of {pair.plan}")
        elif pair.to is not None and reference is not None:
            kind = targets.get(pair.to)
            if kind is None:
                problems.append(f"{pair.to_where}: error: expected an action of {reference[0]} or a task of one "
                                f"({', '.join(reference[1])}), found '{pair.to}'")
            elif kind == "task" and known[pair.clause] != "item":
                problems.append(f"{pair.to_where}: error: expected an action for {pair.plan} {pair.clause} "
                                f"(a {known[pair.clause]}), found the task '{pair.to}'")
    return problems


def _children(clauses: Mapping[str, str], parent: str, kind: str) -> list[str]:
    return sorted((i for i, k in clauses.items() if k == kind and i.rsplit(".", 1)[0] == parent and "." in i),
                  key=ids.sort_key)


def find_reference_in(curation: Curation, clauses: Mapping[str, Mapping[str, str]]) -> tuple[str, list[str]] | None:
    """The curated reference as (plan, its actions), where the plan is there and the part has sections."""
    plan, part = curation.reference_plan, curation.reference_part
    if plan is None or part is None or plan not in clauses or clauses[plan].get(part) != "part":
        return None
    actions = _children(clauses[plan], part, "section")
    return (plan, actions) if actions else None


# -- the alignment ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Match:
    """One clause of a plan aligned to a reference action or task, and on what basis."""

    clause: Clause
    to: str
    basis: str  # "auto" | "curated"
    score: float  # the automatic score of this pair (also where curation set it)


@dataclass
class AlignedTask:
    """A task of a plan's aligned action, with the reference task it matches (if any)."""

    clause: Clause
    match: Match | None
    reference: Clause | None


@dataclass
class Aligned:
    """A plan's clause aligned to a reference action, with what the action pages show of it."""

    match: Match
    tasks: list[AlignedTask]
    targets: list[Target]
    leads: list[Lead]

    @property
    def clause(self) -> Clause:
        return self.match.clause


@dataclass
class PlanColumn:
    """A plan of the site as a column of the matrix."""

    id: str
    title_zh: str
    title_en: str | None
    level: str | None
    home: str


@dataclass
class Action:
    """A reference action: its number (``actions/<n>/``), its clause and tasks, and what each plan
    aligns to it (plans in column order; a plan that aligns nothing to it has an empty list)."""

    n: int
    clause: Clause
    tasks: list[Clause]
    plans: list[tuple[PlanColumn, list[Aligned]]]

    @property
    def page(self) -> str:
        return f"{SECTION}/{self.n}/"


@dataclass
class Alignment:
    """The whole alignment of a site."""

    reference: PlanColumn | None
    part: Clause | None
    basis: str | None  # how the reference was chosen: "curated" | "auto"
    actions: list[Action]
    columns: list[PlanColumn]
    #: each plan's actions aligned to none, by plan id (column order)
    unaligned: dict[str, list[Clause]]

    @property
    def page(self) -> str:
        return f"{SECTION}/"

    def pairs(self) -> dict[tuple[str, str], Match]:
        """Every aligned clause, actions and tasks: (plan, clause id) → its match."""
        out: dict[tuple[str, str], Match] = {}
        for action in self.actions:
            for _, aligned in action.plans:
                for a in aligned:
                    out.setdefault((a.clause.plan, a.clause.id), a.match)
                    out.update(((t.clause.plan, t.clause.id), t.match) for t in a.tasks if t.match is not None)
        return out


def _column(summary: Any) -> PlanColumn:
    meta = summary.meta or {}
    return PlanColumn(summary.id, summary.title_zh, summary.title_en, meta.get("level"), urls.plan_page(summary.id))


def _clause_kinds(outlines: Mapping[str, Outline]) -> dict[str, dict[str, str]]:
    return {plan: {i: row["kind"] for i, row in o.rows.items()} for plan, o in outlines.items()}


def find_reference(summaries: Sequence[Any], outlines: Mapping[str, Outline],
                   curation: Curation) -> tuple[str, str, str] | None:
    """(plan, part, basis) of the reference actions: the curated one, else the national plan's
    part with the most sections whose headings end in 行动 (at least :data:`MIN_ACTIONS`)."""
    from builder.render.corpus import ordered

    curated = find_reference_in(curation, _clause_kinds(outlines))
    if curated is not None:
        return curated[0], str(curation.reference_part), "curated"
    best: tuple[int, int, str, str] | None = None
    for rank, summary in enumerate(ordered(list(summaries))):
        if (summary.meta or {}).get("level") != "national":
            continue
        outline = outlines[summary.id]
        for part in (i for i, row in outline.rows.items() if row["kind"] == "part"):
            count = sum(1 for s in outline.children.get(part, [])
                        if (outline.rows[s]["heading_zh"] or "").rstrip("。 ").endswith(ACTION_SUFFIX)
                        and outline.rows[s]["kind"] == "section")
            if count >= MIN_ACTIONS and (best is None or (-count, rank) < (-best[0], best[1])):
                best = (count, rank, summary.id, part)
    return (best[2], best[3], "auto") if best else None


class Matcher:
    """Scores of a plan's clauses against the reference's, at two levels: as actions (over the
    reference's sections and every plan's actions) and as tasks (over every item, and the actions
    too, compared with the reference's items). Vectors are computed once each."""

    def __init__(self, reader: Reader, outlines: Mapping[str, Outline], reference: str,
                 units: list[str], candidates: Mapping[str, list[str]]):
        self.reader = reader
        self.outlines = outlines
        self.reference = reference
        ref = outlines[reference]
        actions = [(reference, u) for u in units] + [(p, c) for p, cs in sorted(candidates.items()) for c in cs]
        tasks = [(reference, t) for u in units for t in ref.tasks(u)]
        tasks += [(p, t) for p, cs in sorted(candidates.items()) for c in cs for t in outlines[p].tasks(c)]
        self._bags: dict[tuple[str, str], Bags] = {}
        population = Space.of(self.bags(k) for k in [*actions, *tasks])
        self.spaces = {"action": population, "task": population}
        self._vectors: dict[tuple[str, str, str], dict[str, dict[str, float]]] = {}

    def bags(self, key: tuple[str, str]) -> Bags:
        if key not in self._bags:
            self._bags[key] = self.reader.features(self.outlines[key[0]], key[1])
        return self._bags[key]

    def vector(self, level: str, plan: str, clause: str) -> dict[str, dict[str, float]]:
        key = (level, plan, clause)
        if key not in self._vectors:
            self._vectors[key] = self.spaces[level].vector(self.bags((plan, clause)))
        return self._vectors[key]

    def task(self, plan: str, clause: str, ref_task: str) -> float:
        """How much a clause is about a task of the reference."""
        return similarity(self.vector("task", plan, clause), self.vector("task", self.reference, ref_task))

    def about(self, plan: str, clause: str, ref_unit: str) -> float:
        """How much a clause is about a section of the reference: as a whole, or as one of its
        tasks (a plan may write as an action what the reference writes as a task)."""
        whole = similarity(self.vector("action", plan, clause), self.vector("action", self.reference, ref_unit))
        return max([whole, *(self.task(plan, clause, t) for t in self.outlines[self.reference].tasks(ref_unit))])


def align(summaries: Sequence[Any], curation: Curation | None = None, glossary: Any = None) -> Alignment:
    """The alignment of every plan's actions to the reference's. Raises
    :class:`~builder.errors.ValidationError` where a curated pair names a clause that does not
    exist (with its file, line and column).

    A plan's action is compared with every section of the reference (and each part without
    sections), not with its actions alone: one that is most about a section that is no action
    (完善经济政策, 加强统筹协调 …) is aligned to none."""
    from builder.render.corpus import ordered

    curation = curation or Curation()
    plans = ordered(list(summaries))
    outlines = {s.id: Outline.of(s) for s in plans}
    stale = stale_pairs(curation, {p: {i: row["heading_zh"] for i, row in o.rows.items()} for p, o in outlines.items()})
    problems = curation_problems(curation, _clause_kinds(outlines), stale=stale)
    if problems:
        raise ValidationError(problems)
    found = find_reference(plans, outlines, curation)
    if found is None:
        return Alignment(None, None, None, [], [_column(s) for s in plans], {})
    ref_id, part, basis = found
    ref = outlines[ref_id]
    others = [s for s in plans if s.id != ref_id]
    columns = [_column(s) for s in others]
    ref_actions = [i for i in ref.children.get(part, []) if ref.rows[i]["kind"] == "section"]
    units = ref.actions() + [i for i, row in ref.rows.items() if row["kind"] == "part" and i != part
                             and not any(ref.rows[c]["kind"] == "section" for c in ref.children.get(i, []))]
    units = sorted(set(units) | set(ref_actions), key=ids.sort_key)
    candidates = {s.id: outlines[s.id].actions() for s in others}
    words = [form for term in (glossary.terms if glossary is not None else []) for form in term.forms]
    matcher = Matcher(Reader(words), outlines, ref_id, units, candidates)
    curated = {(p.plan, p.clause): p for p in curation.pairs if p.plan in outlines and p not in stale}
    task_of = {t: a for a in ref_actions for t in ref.tasks(a)}

    def score(plan: str, clause: str, to: str) -> float:
        return matcher.task(plan, clause, to) if to in task_of else matcher.about(plan, clause, to)

    def decide(plan: str, clause: str, options: list[str], keep: Iterable[str], threshold: float) -> Match | None:
        """The curated pair, else the option the clause is most about, if among ``keep`` and above
        ``threshold`` (ties: the first option)."""
        pair = curated.get((plan, clause))
        if pair is not None:
            return None if pair.to is None else Match(outlines[plan].clause(clause), pair.to, "curated",
                                                      score(plan, clause, pair.to))
        scored = [(score(plan, clause, o), -n, o) for n, o in enumerate(options)]
        if not scored:
            return None
        top, _, to = max(scored)
        return Match(outlines[plan].clause(clause), to, "auto", top) if top >= threshold and to in keep else None

    aligned: dict[str, dict[str, list[Aligned]]] = {a: {} for a in ref_actions}
    unaligned: dict[str, list[Clause]] = {}
    for summary in others:
        outline = outlines[summary.id]
        for clause in candidates[summary.id]:
            match = decide(summary.id, clause, units, ref_actions, ACTION_THRESHOLD)
            if match is None:
                unaligned.setdefault(summary.id, []).append(outline.clause(clause))
                continue
            options = ref.tasks(match.to)
            tasks = []
            for task in outline.tasks(clause):
                task_match = decide(summary.id, task, options, options, TASK_THRESHOLD)
                if task_match is not None and task_of.get(task_match.to) != match.to:
                    task_match = None  # curated to a task of another action: shown there, on its own
                tasks.append(AlignedTask(outline.clause(task), task_match,
                                         ref.clause(task_match.to) if task_match else None))
            aligned[match.to].setdefault(summary.id, []).append(_aligned(outline, match, tasks))
        # curated pairs of clauses that are not actions of the plan (an item, a part with sections),
        # and of tasks curated to a task of another action than their own's
        for (plan, clause), pair in sorted(curated.items(), key=lambda kv: ids.sort_key(kv[0][1])):
            if plan != summary.id or pair.to is None or clause in candidates[plan]:
                continue
            action = task_of.get(pair.to, pair.to)
            shown = [a for a in aligned[action].get(plan, []) for t in a.tasks if t.clause.id == clause and t.match]
            if shown:
                continue  # shown with its action's tasks
            match = Match(outline.clause(clause), action, "curated", score(plan, clause, action))
            tasks = []
            if pair.to != action:
                tasks = [AlignedTask(outline.clause(clause), Match(outline.clause(clause), pair.to, "curated",
                                                                   score(plan, clause, pair.to)), ref.clause(pair.to))]
            aligned[action].setdefault(plan, []).append(_aligned(outline, match, tasks, own=not tasks))
    actions = []
    for action in ref_actions:
        by_plan = aligned[action]
        plans_here = [(column, sorted(by_plan.get(column.id, []), key=lambda a: ids.sort_key(a.clause.id)))
                      for column in columns]
        clause = ref.clause(action)
        if not clause.heading_en and curation.names_en.get(action):
            clause = replace(clause, heading_en=curation.names_en[action])
        actions.append(Action(_number(action), clause, [ref.clause(t) for t in ref.tasks(action)], plans_here))
    reference = next(_column(s) for s in plans if s.id == ref_id)
    return Alignment(reference, ref.clause(part), basis, actions, columns,
                     {c.id: unaligned[c.id] for c in columns if c.id in unaligned})


def _number(clause_id: str) -> int:
    """An action's number: its section's own (section （三） of its part is action 3)."""
    return int(clause_id.rsplit(".", 1)[-1])


def _aligned(outline: Outline, match: Match, tasks: list[AlignedTask], own: bool = True) -> Aligned:
    """What the pages show of an aligned clause: its tasks, the targets and lead agencies of the
    clause and the clauses below it (``own``: the whole subtree; else only the clause itself)."""
    clause_id = match.clause.id
    subtree = [clause_id, *outline.below(clause_id)] if own else [clause_id]
    targets = [Target(outline.targets[t]) for c in subtree for t in outline.rows[c]["targets"]
               if t in outline.targets]
    leads: dict[str, Lead] = {}
    for c in subtree:
        for agency_id, name_zh, name_en in outline.rows[c]["leads"]:
            leads.setdefault(agency_id, Lead(agency_id, name_zh, name_en or None,
                                             urls.agency_page(outline.plan, agency_id)))
    return Aligned(match, tasks, targets, list(leads.values()))


# -- data/alignment.json -----------------------------------------------------------------------------------

def alignment_rows(alignment: Alignment) -> dict[str, Any]:
    """``data/alignment.json`` (schema ``builder/schemas/alignment.schema.json``)."""
    def match_row(m: Match) -> dict[str, Any]:
        return {"plan": m.clause.plan, "clause": m.clause.id, "kind": m.clause.kind, "heading_zh": m.clause.heading_zh,
                "heading_en": m.clause.heading_en, "url": m.clause.url, "url_en": m.clause.url_en,
                "basis": m.basis, "score": round(m.score, 3)}
    reference = alignment.reference
    return {
        "reference": None if reference is None or alignment.part is None else {
            "plan": reference.id, "part": alignment.part.id, "basis": alignment.basis,
            "url": alignment.part.url, "url_en": alignment.part.url_en},
        "actions": [{
            "id": action.clause.id, "n": action.n, "name_zh": action.clause.heading_zh,
            "name_en": action.clause.heading_en, "url": action.page, "url_en": urls.in_lang(action.page, "en"),
            "clause_url": action.clause.url, "clause_url_en": action.clause.url_en,
            "tasks": [{"id": t.id, "name_zh": t.heading_zh, "name_en": t.heading_en, "url": t.url, "url_en": t.url_en}
                      for t in action.tasks],
            "matches": [{**match_row(a.match), "tasks": [{**match_row(t.match), "task": t.match.to}
                                                        for t in a.tasks if t.match is not None]}
                        for _, aligned in action.plans for a in aligned],
        } for action in alignment.actions],
    }


# -- the pages -----------------------------------------------------------------------------------------------

def render_actions(renderer: Any, alignment: Alignment) -> None:
    """The pages of actions aligned in ``renderer``'s language (a ``_LangRenderer`` of
    :mod:`builder.render.site`): ``actions/``, the matrix of every reference action and every
    plan, and ``actions/<n>/`` for each reference action, the plans side by side."""
    t, language = renderer.t, renderer.language
    renderer.page("actions.md.j2", alignment.page, t("aligned_title"), alignment=alignment)
    for n, action in enumerate(alignment.actions):
        name = language.plain(action.clause.heading_zh, action.clause.heading_en)
        title = f"{t('aligned_action_n').replace('{n}', str(action.n))}{t('aligned_colon')}{name}"
        renderer.page("action.md.j2", action.page, title, alignment=alignment, action=action,
                      before=alignment.actions[n - 1] if n else None,
                      after=alignment.actions[n + 1] if n + 1 < len(alignment.actions) else None)
