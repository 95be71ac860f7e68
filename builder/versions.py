"""Versions of a plan: the map of old ids to new ones (``ids.yaml``), matching and history.

When a new version of a plan's text renumbers its clauses (a task inserted, one deleted), the
addresses that reports cite must keep working. ``content/<plan>/ids.yaml`` (curated content,
written by ``plansite ids PLAN.txt``) lists every id of an earlier version that now belongs to
another clause or is gone, with the id that holds its text now::

    version: 3f0c2a9e1b7d4c55        # fingerprint of the version the new ids belong to
    moved:
      "3.1.3": "3.1.4"              # the clause was renumbered
      "3.1.9": "3.1"                # the clause was removed: its nearest surviving parent
      "3.1.4.s2": "3.1.5.s3"        # a sentence that does not simply follow its clause
      "5": null                     # a removed part: the plan's home page

Rules, in one place (:func:`resolve`):

- An id listed in ``moved`` goes where it says.
- A sentence (``.sN``) or target (``.tN``) id that is not listed follows its clause: when the
  clause was renumbered (``3.1.3`` → ``3.1.4``, an id at least as deep), ``3.1.3.s2`` →
  ``3.1.4.s2``; when it was removed (mapped to a shallower parent id), the sentence lands on that
  parent, without an anchor.
- Every other id is unchanged.

:func:`compare` matches two versions' clauses by their text (exact text first, then the most
similar text of the same kind, ``difflib`` ratio ≥ 0.6), their sentences and targets within each
matched clause; :func:`merge` folds the result into the existing map so that the ids of every
earlier version keep resolving (``a → b`` then ``b → c`` gives ``a → c``; where an old id is
reused, the newest version's meaning wins).

The redirect pages that serve the old addresses are rendered by :mod:`builder.render.redirects`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


from builder import ids
from builder.errors import RenderError, ValidationError
from builder.model import Plan, Unit

#: Any id the map may hold: clauses (``3``, ``3.1.2``, ``2.p1``), their sentences and targets.
#: Clause kinds that get ids from the numbering (special units keep their names across versions).
CLAUSE_KINDS = ("part", "section", "item", "subitem", "point", "paragraph")
#: The least ``difflib`` ratio for two texts to count as one clause (or sentence) edited.
SIMILARITY = 0.6

HEADER = """\
# Ids of earlier versions of this plan that now belong to another clause or are gone, and where
# each one's text is now (null: the plan's home page). Written by `plansite ids PLAN.txt`, which
# compares the text with content/<plan>/plan.yaml (the previous version); edit by hand only to
# correct a match. Sentence (.sN) and target (.tN) ids follow their clause unless listed. The
# site serves a redirect page at every listed address that is not a live page of this version.
# version: fingerprint of the version the new ids belong to (its clause ids, texts and targets).
"""


# ---------------------------------------------------------------------------------------------
# The map


@dataclass
class IdMap:
    """``content/<plan>/ids.yaml``: old id → new id (``None``: the plan's home page)."""

    moved: dict[str, str | None] = field(default_factory=dict)
    version: str | None = None

    @classmethod
    def from_data(cls, data: Any, where: str) -> IdMap:
        """The map from the YAML data of ``where``; raises :class:`ValidationError` if it is malformed."""
        if data is None:
            return cls()
        problems = schema_problems(data)
        if problems:
            raise ValidationError([f"{where}: {path}: {message}" for path, message in problems])
        return cls(moved=dict(data.get("moved") or {}), version=data.get("version"))

    def to_yaml(self, plan_id: str) -> str:
        """The file's text: keys in id order, one ``"old": "new"`` per line, so diffs stay small."""
        lines = [HEADER, f"plan: {json.dumps(plan_id)}\n"]
        if self.version:
            lines.append(f"version: {self.version}\n")
        if not self.moved:
            lines.append("moved: {}\n")
        else:
            lines.append("moved:\n")
            for key in sorted(self.moved, key=ids.sort_key):
                value = self.moved[key]
                lines.append(f"  {json.dumps(key)}: {'null' if value is None else json.dumps(value)}\n")
        return "".join(lines)


def schema_problems(data: Any) -> list[tuple[str, str]]:
    """``(yaml path, message)`` for every way ``data`` breaks ``schemas/ids.schema.json``."""
    from builder.serialize import load_schema

    import jsonschema  # loaded where an ids.yaml is read, not by every command

    validator = jsonschema.Draft202012Validator(load_schema("ids"))
    out = []
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = ".".join(str(p) for p in error.absolute_path) or "(top)"
        out.append((path, error.message))
    return out


def follows(old: str, new: str | None) -> bool:
    """Whether the sentences and targets of clause ``old`` follow it to ``new``: the clause was
    renumbered (``new`` at least as deep), not removed (``new`` is a shallower parent, or home)."""
    return new is not None and new.count(".") >= old.count(".")


def resolve(moved: Mapping[str, str | None], ident: str) -> str | None:
    """Where ``ident`` of an earlier version is now (see the module's rules); ``None``: home."""
    if ident in moved:
        return moved[ident]
    return by_clause(moved, ident)


def by_clause(moved: Mapping[str, str | None], ident: str) -> str | None:
    """Where an unlisted sentence or target id goes: with its clause (any other id stays)."""
    child = ids.child(ident, "st")
    if child and child.group("base") in moved:
        clause = child.group("base")
        new = moved[clause]
        if follows(clause, new):
            return f"{new}.{child.group('kind')}{child.group('n')}"
        return new
    return ident


def fingerprint(plan: Plan) -> str:
    """What identifies a version for the map: its clause ids, texts and target ids."""
    rows = [[u.id, u.text, [t.id for t in u.targets]] for u in plan.walk()]
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Comparing two versions


@dataclass
class Changes:
    """Where every id of an old version is in a new one (identity included)."""

    #: old clause id → new clause id; for a removed clause, its nearest surviving parent's new id
    #: (``None``: no parent survived, the plan's home page)
    clauses: dict[str, str | None]
    #: old clause ids matched to a clause of the new version (the rest were removed)
    matched: set[str]
    #: old sentence / target id → new sentence / target id, or the new clause id where it is gone
    children: dict[str, str | None]
    #: new clause ids with no old clause
    new: list[str]

    def where(self, ident: str | None) -> str | None:
        """Where an id of the old version is now; an id the old version lacked follows its clause."""
        if ident is None:
            return None
        if ident in self.clauses:
            return self.clauses[ident]
        if ident in self.children:
            return self.children[ident]
        return resolve(self.clauses, ident)

    @property
    def moved(self) -> dict[str, str | None]:
        return {k: v for k, v in self.clauses.items() if k in self.matched and k != v}

    @property
    def removed(self) -> dict[str, str | None]:
        return {k: v for k, v in self.clauses.items() if k not in self.matched}


def clauses_of(plan: Plan) -> tuple[list[Unit], dict[str, str | None]]:
    """The plan's numbered clauses and paragraphs in reading order, and each one's parent id."""
    units: list[Unit] = []
    parents: dict[str, str | None] = {}

    def visit(unit: Unit, parent: str | None) -> None:
        if unit.kind in CLAUSE_KINDS:
            units.append(unit)
            parents[unit.id] = parent
            parent = unit.id
        for child in unit.children:
            visit(child, parent)

    for unit in plan.units:
        visit(unit, None)
    return units, parents


def clause_text(unit: Unit) -> str:
    return unit.text + (unit.responsibility.text if unit.responsibility else "")


def _ratio(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
        return 0.0
    return matcher.ratio()


def assign(old: list[str], new: list[str], same: Callable[[int, int], bool],
            prefer: Callable[[int, int], tuple[Any, ...]]) -> dict[int, int]:
    """Pair old items with new ones one to one: equal texts first, then the most similar texts
    (ratio ≥ :data:`SIMILARITY`); ties go to ``prefer`` (smaller first), then reading order.
    ``same(i, j)`` says whether the two may pair at all. Returns old index → new index."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    by_text: dict[str, list[int]] = {}
    for j, text in enumerate(new):
        by_text.setdefault(text, []).append(j)
    exact = sorted(((prefer(i, j), i, j) for i, text in enumerate(old) for j in by_text.get(text, [])
                    if same(i, j)))
    for _, i, j in exact:
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    similar = []
    for i, a in enumerate(old):
        if i in pairs:
            continue
        for j, b in enumerate(new):
            if j in taken or not same(i, j):
                continue
            ratio = _ratio(a, b)
            if ratio >= SIMILARITY:
                similar.append((-ratio, prefer(i, j), i, j))
    for _, _, i, j in sorted(similar):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


def compare(old: Plan, new: Plan) -> Changes:
    """Match every clause, sentence and target of ``old`` to ``new`` (see the module's docstring)."""
    old_units, old_parents = clauses_of(old)
    new_units, new_parents = clauses_of(new)
    match: dict[str, str] = {}
    # kind by kind from the top, so that a clause can prefer a candidate under its parent's match
    for kind in CLAUSE_KINDS:
        olds = [u for u in old_units if u.kind == kind]
        news = [u for u in new_units if u.kind == kind]

        def prefer(i: int, j: int, olds: list[Unit] = olds, news: list[Unit] = news) -> tuple[Any, ...]:
            parent = old_parents[olds[i].id]
            same_parent = parent is not None and match.get(parent) == new_parents[news[j].id]
            return (not same_parent, olds[i].id != news[j].id, abs(i - j))

        pairs = assign([clause_text(u) for u in olds], [clause_text(u) for u in news], lambda i, j: True, prefer)
        for i, j in pairs.items():
            match[olds[i].id] = news[j].id

    clauses: dict[str, str | None] = {}
    for unit in old_units:  # reading order: a parent is settled before its children
        if unit.id in match:
            clauses[unit.id] = match[unit.id]
        else:
            parent = old_parents[unit.id]
            clauses[unit.id] = clauses[parent] if parent is not None else None

    children: dict[str, str | None] = {}
    new_by_id = {u.id: u for u in new_units}
    for unit in old_units:
        if unit.id in match:
            children.update(_match_children(unit, new_by_id[match[unit.id]]))
        else:
            for n in range(1, len(unit.sentences) + 1):
                children[unit.sentence_id(n)] = clauses[unit.id]
            for target in unit.targets:
                children[target.id] = clauses[unit.id]
    matched_new = set(match.values())
    return Changes(clauses=clauses, matched=set(match), children=children,
                   new=[u.id for u in new_units if u.id not in matched_new])


def _match_children(old: Unit, new: Unit) -> dict[str, str]:
    """Sentences and targets of a matched clause: by text within it; one that is gone → the clause."""
    out: dict[str, str] = {}

    def near(i: int, j: int) -> tuple[Any, ...]:
        return (i != j, abs(i - j))

    sentences = assign(old.sentences, new.sentences, lambda i, j: True, near)
    for i in range(len(old.sentences)):
        out[old.sentence_id(i + 1)] = new.sentence_id(sentences[i] + 1) if i in sentences else new.id

    def key(t: Any) -> str:
        return json.dumps([t.year, t.period, t.metric_zh, t.value, t.unit, t.cmp, t.kind, t.quote], ensure_ascii=False)

    # a target pairs first with one that says the same thing, then with the most similar quote
    exact = assign([key(t) for t in old.targets], [key(t) for t in new.targets], lambda i, j: True, near)
    rest_old = [i for i in range(len(old.targets)) if i not in exact]
    rest_new = [j for j in range(len(new.targets)) if j not in exact.values()]
    similar = assign([old.targets[i].quote for i in rest_old], [new.targets[j].quote for j in rest_new],
                      lambda i, j: old.targets[rest_old[i]].year == new.targets[rest_new[j]].year, near)
    pairs = {**exact, **{rest_old[i]: rest_new[j] for i, j in similar.items()}}
    for i, target in enumerate(old.targets):
        out[target.id] = new.targets[pairs[i]].id if i in pairs else new.id
    return out


# ---------------------------------------------------------------------------------------------
# Folding one version's changes into the map


@dataclass
class Report:
    """What :func:`merge` did, for the person running ``plansite ids``."""

    moved: dict[str, str | None]
    removed: dict[str, str | None]
    new: list[str]
    #: old ids (with own pages) that are live pages again, showing another clause: id → its old clause's new id
    reused: dict[str, str | None]
    #: entries of earlier versions replaced by this version's meaning: id → (was, now)
    replaced: dict[str, tuple[str | None, str | None]]
    #: sentence and target entries written explicitly (they do not simply follow their clause)
    explicit: int

    def lines(self) -> list[str]:
        def pairs(items: Mapping[str, Any]) -> str:
            ordered = sorted(items.items(), key=lambda kv: ids.sort_key(kv[0]))
            return ", ".join(f"{k} → {'home' if v is None else v}" for k, v in ordered)

        out = [f"moved: {len(self.moved)}" + (f" ({pairs(self.moved)})" if self.moved else ""),
               f"removed: {len(self.removed)}" + (f" ({pairs(self.removed)})" if self.removed else ""),
               f"new: {len(self.new)}" + (f" ({', '.join(self.new)})" if self.new else "")]
        if self.explicit:
            out.append(f"sentences and targets listed on their own: {self.explicit}")
        if self.reused:
            out.append(f"reused addresses (a live page again, showing another clause; not redirected): "
                       f"{pairs(self.reused)}")
        for key, (was, now) in sorted(self.replaced.items(), key=lambda kv: ids.sort_key(kv[0])):
            out.append(f"note: {key} pointed to {was} (an earlier version); it now points to {now}")
        return out


def plan_ids(plan: Plan) -> tuple[dict[str, Unit], set[str]]:
    """The clauses of a plan by id, and every id the map may point to (clauses, sentences, targets)."""
    units, _ = clauses_of(plan)
    by_id = {u.id: u for u in units}
    every = set(by_id)
    for unit in units:
        every.update(unit.sentence_id(n) for n in range(1, len(unit.sentences) + 1))
        every.update(t.id for t in unit.targets)
    return by_id, every


def merge(existing: IdMap, old: Plan, new: Plan, changes: Changes | None = None) -> tuple[IdMap, Report]:
    """The map after the step ``old`` → ``new``, folded into ``existing`` (whose new ids are ``old``'s)."""
    changes = changes or compare(old, new)
    old_units, _ = plan_ids(old)
    # 1. the existing map, its implicit sentences and targets spelled out against the old version
    expanded: dict[str, str | None] = dict(existing.moved)
    for key, value in existing.moved.items():
        if value in old_units and not ids.child(key, "st") and follows(key, value):
            unit = old_units[value]
            for n in range(1, len(unit.sentences) + 1):
                expanded.setdefault(f"{key}.s{n}", unit.sentence_id(n))
            for target in unit.targets:
                expanded.setdefault(f"{key}.t{target.id.rsplit('.t', 1)[1]}", target.id)
    # 2. carried through this step: a → b, b → c gives a → c
    result = {key: changes.where(value) for key, value in expanded.items()}
    # 3. this step's own changes; where an old id was reused, the newest meaning wins
    replaced: dict[str, tuple[str | None, str | None]] = {}
    this_step = {**changes.clauses, **changes.children}
    for key, value in this_step.items():
        if value == key:
            continue
        if key in result and result[key] != value and key in existing.moved:
            replaced[key] = (result[key], value)
        result[key] = value
    # 4. minimal: no entry that says what the rules say anyway
    result = {k: v for k, v in result.items() if k != v}
    new_targets = {t.id for _, t in new.targets()}
    for key in sorted(result, key=ids.sort_key):
        child = ids.child(key, "st")
        if not child:
            continue
        clause, value = child.group("base"), result[key]
        if child.group("kind") == "s":
            if by_clause(result, key) == value:
                del result[key]
        elif clause in result and follows(clause, result[clause]) and value in new_targets \
                and value == f"{result[clause]}.t{child.group('n')}":
            del result[key]  # the target page follows its clause's redirect
    explicit = sum(1 for k in result if ids.child(k, "st"))
    new_clauses, _ = plan_ids(new)
    reused = {k: v for k, v in result.items() if k in new_clauses or k in new_targets}
    report = Report(moved=changes.moved, removed=changes.removed, new=changes.new, reused=reused,
                    replaced=replaced, explicit=explicit)
    return IdMap(moved=result, version=fingerprint(new)), report


def check_targets(plan: Plan, moved: Mapping[str, str | None], where: str) -> None:
    """Every id the map points to must be a clause, sentence or target of the plan's current text."""
    _, current = plan_ids(plan)
    bad = [f"{where}: moved.{key}: expected an id of the plan's current text, found '{value}' "
           f"(run `plansite ids` on the plan's text)"
           for key, value in sorted(moved.items(), key=lambda kv: ids.sort_key(kv[0]))
           if value is not None and value not in current]
    if bad:
        raise RenderError("\n".join(bad))


# ---------------------------------------------------------------------------------------------
# Published versions (``content/<plan>/versions.yaml``)

VERSIONS_HEADER = """\
# The published versions of this plan, oldest first. Written by `plansite version PLAN.txt`, which
# keeps each version's text in versions/<id>/plan.yaml (and its English in
# versions/<id>/translation.en.yaml), so that its pages stay published at <plan>/v/<id>/ and what
# an address of a version shows never changes. The version whose fingerprint is the current
# text's is the current version.
"""
VERSION_KINDS = ("draft", "final", "revision")
#: no version has this id: ``<plan>/changes/current/`` shows what the current text changed where
#: it is not a published version
RESERVED_ID = "current"


@dataclass(frozen=True)
class Version:
    """One published version of a plan."""

    id: str
    label_zh: str
    label_en: str | None
    date: str
    kind: str
    fingerprint: str

    def to_data(self) -> dict[str, Any]:
        return {"id": self.id, "label_zh": self.label_zh, "label_en": self.label_en, "date": self.date,
                "kind": self.kind, "fingerprint": self.fingerprint}


@dataclass
class Versions:
    """``versions.yaml``: every published version, oldest first."""

    versions: list[Version] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: Any, where: str) -> Versions:
        """The versions from the YAML data of ``where``; raises :class:`ValidationError` naming each
        problem (the schema's, and ids or fingerprints given twice)."""
        if data is None:
            return cls()
        from builder.serialize import load_schema

        import jsonschema

        data = _iso_dates(data)
        validator = jsonschema.Draft202012Validator(load_schema("versions-content"))
        problems = [f"{where}: {'.'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
                    for e in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])]
        if problems:
            raise ValidationError(problems)
        versions = [Version(str(v["id"]), str(v["label_zh"]), v.get("label_en"), str(v["date"]), str(v["kind"]),
                            str(v["fingerprint"])) for v in data["versions"]]
        for n, version in enumerate(versions):
            if version.id == RESERVED_ID:
                problems.append(f"{where}: versions.{n}.id: expected another id than '{RESERVED_ID}', the name of "
                                f"the changes page of a current text that is not a published version")
            for other in versions[:n]:
                if other.id == version.id:
                    problems.append(f"{where}: versions.{n}.id: '{version.id}' is the id of an earlier version")
                if other.fingerprint == version.fingerprint:
                    problems.append(f"{where}: versions.{n}.fingerprint: the text of version '{other.id}' "
                                    f"(a version is recorded once)")
        if problems:
            raise ValidationError(problems)
        return cls(versions)

    def to_yaml(self) -> str:
        import yaml

        body = yaml.safe_dump({"versions": [v.to_data() for v in self.versions]}, allow_unicode=True,
                              sort_keys=False, width=1_000_000)
        return VERSIONS_HEADER + body

    def find(self, version_id: str) -> Version | None:
        return next((v for v in self.versions if v.id == version_id), None)

    def of_text(self, fingerprint_: str) -> Version | None:
        """The version whose text this is (the current one, given the current text's fingerprint)."""
        return next((v for v in self.versions if v.fingerprint == fingerprint_), None)

    def add(self, version: Version, where: str = "versions.yaml") -> Versions:
        """The versions with ``version`` added last; raises :class:`ValidationError` where its id or
        its text is already recorded, or its date is before the last version's."""
        problems = []
        if self.find(version.id):
            problems.append(f"expected a new version id, found '{version.id}', which is already recorded")
        same = self.of_text(version.fingerprint)
        if same:
            problems.append(f"expected a text not yet recorded, found the text of version '{same.id}'")
        if self.versions and version.date < self.versions[-1].date:
            problems.append(f"expected a date on or after the last version's ({self.versions[-1].date}), "
                            f"found {version.date}")
        if problems:
            raise ValidationError([f"{where}: error: {p}" for p in problems])
        return Versions.from_data({"versions": [v.to_data() for v in [*self.versions, version]]}, where)


def _iso_dates(data: Any) -> Any:
    """YAML reads 2023-05-10 as a date: the schema describes it as ISO text."""
    import datetime

    if isinstance(data, dict):
        return {k: _iso_dates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_iso_dates(v) for v in data]
    return data.isoformat() if isinstance(data, datetime.date) else data
