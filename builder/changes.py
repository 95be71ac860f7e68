"""What changed between the published versions of a plan, clause by clause and sentence by sentence.

A plan's published versions (``content/<plan>/versions.yaml``, oldest first) and, where it is not
one of them, the current text make a chain; each :class:`Step` is one link of it (a version and
the one before). :func:`history` compares each pair with :func:`builder.versions.compare` (the
matching ``plansite ids`` records in ``ids.yaml``) and sorts what it found into what a reader asks:

- **added**: a clause with no clause of the version before (only the outermost of a new block is
  listed; what it holds is counted);
- **removed**: the same the other way;
- **moved**: a clause matched to one under another parent, or out of order among its siblings
  (a clause whose number changed only because one before it came or went is *renumbered*,
  listed apart: its text and place are the same);
- **reworded**: a matched clause whose text changed: each sentence added, removed or reworded,
  with the words that changed marked (jieba's words, ``difflib`` over them), and its list of
  responsible agencies where that changed.

:func:`traces` follows each clause of the newest text back through the versions (its id in each,
or where it was added), which each clause page shows as its history and which says where a reused
address's earlier clause can still be read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from builder.model import Plan, Unit
from builder.versions import assign, clauses_of, clause_text, compare

KINDS = ("added", "removed", "moved", "reworded")


@dataclass(frozen=True)
class Piece:
    """A run of words of a reworded sentence: kept (``same``), taken out (``del``) or put in (``ins``)."""

    op: str
    text: str


@dataclass
class SentenceChange:
    """One sentence of a reworded clause (``responsibility``: its list of agencies as written)."""

    kind: str  # "added" | "removed" | "reworded" | "responsibility"
    old_id: str | None
    new_id: str | None
    old_zh: str | None
    new_zh: str | None
    old_en: str | None = None
    new_en: str | None = None
    pieces: list[Piece] = field(default_factory=list)
    #: the sentence's address in each version (set by the views)
    old_url: str | None = None
    new_url: str | None = None

    @property
    def has_english(self) -> bool:
        """Whether either version of the sentence has English."""
        return bool(self.old_en or self.new_en)


@dataclass
class ClauseChange:
    """One clause that was added, removed, moved or reworded."""

    kind: str  # one of KINDS
    old_id: str | None
    new_id: str | None
    old_unit: Unit | None
    new_unit: Unit | None
    #: a moved clause whose words changed too
    reworded: bool = False
    sentences: list[SentenceChange] = field(default_factory=list)
    #: clauses inside an added or removed one
    within: int = 0

    @property
    def id(self) -> str:
        """The id it is listed under: its id in the newer version, else in the older one."""
        return self.new_id or self.old_id or ""


@dataclass
class Step:
    """The changes from one version of the plan to the next."""

    old: Any  # the older version (:class:`builder.versions.Version`)
    new: Any  # the newer one, or None: the current text, not (yet) a published version
    changes: list[ClauseChange]
    #: ``(old id, new id)`` of each clause whose number alone changed
    renumbered: list[tuple[str, str]]
    #: new clause id → old clause id, for every matched clause
    origin: dict[str, str]

    def of_kind(self, kind: str) -> list[ClauseChange]:
        return [c for c in self.changes if c.kind == kind]

    def counts(self) -> dict[str, int]:
        return {kind: len(self.of_kind(kind)) for kind in KINDS}


@dataclass(frozen=True)
class Text:
    """One version's text: the version (None for the current text), the plan, its English."""

    version: Any
    plan: Plan
    english: Mapping[str, str]


def history(texts: Sequence[Text]) -> list[Step]:
    """The steps between consecutive texts (oldest first)."""
    return [step(a, b) for a, b in zip(texts, texts[1:])]


def step(old: Text, new: Text) -> Step:
    """What changed from ``old`` to ``new``."""
    found = compare(old.plan, new.plan)
    old_units, old_parents = clauses_of(old.plan)
    new_units, new_parents = clauses_of(new.plan)
    old_by_id = {u.id: u for u in old_units}
    new_by_id = {u.id: u for u in new_units}
    match = {o: found.clauses[o] for o in found.matched}  # old id → new id
    origin = {n: o for o, n in match.items()}
    moved = _moved(old_units, old_parents, new_units, new_parents, match)
    changes: list[ClauseChange] = []
    renumbered: list[tuple[str, str]] = []
    for unit in old_units:  # removed: the outermost of each removed block
        if unit.id not in match and (old_parents[unit.id] is None or old_parents[unit.id] in match):
            changes.append(ClauseChange("removed", unit.id, None, unit, None, False, [
                SentenceChange("removed", unit.sentence_id(n), None, text, None, old.english.get(unit.sentence_id(n)))
                for n, text in enumerate(unit.sentences, start=1)], _count_within(unit.id, old_parents, match)))
    for unit in new_units:
        if unit.id not in origin:
            if new_parents[unit.id] is None or new_parents[unit.id] in origin:
                changes.append(ClauseChange("added", None, unit.id, None, unit, False, [
                    SentenceChange("added", None, unit.sentence_id(n), None, text, None,
                                   new.english.get(unit.sentence_id(n)))
                    for n, text in enumerate(unit.sentences, start=1)], _count_within(unit.id, new_parents, origin)))
            continue
        was = old_by_id[origin[unit.id]]
        sentences = _sentences(was, unit, old.english, new.english) if clause_text(was) != clause_text(unit) else []
        if unit.id in moved:
            changes.append(ClauseChange("moved", was.id, unit.id, was, unit, bool(sentences), sentences))
        elif sentences:
            changes.append(ClauseChange("reworded", was.id, unit.id, was, unit, False, sentences))
        elif was.id != unit.id:
            renumbered.append((was.id, unit.id))
    return Step(old.version, new.version, changes, renumbered, origin)


def _count_within(ident: str, parents: Mapping[str, str | None], matched: Mapping[str, str]) -> int:
    """How many unmatched clauses lie inside the clause ``ident`` (not counting itself)."""
    def inside(other: str) -> bool:
        parent = parents[other]
        while parent is not None:
            if parent == ident:
                return True
            parent = parents[parent]
        return False
    return sum(1 for other in parents if other not in matched and inside(other))


def _moved(old_units: list[Unit], old_parents: Mapping[str, str | None], new_units: list[Unit],
           new_parents: Mapping[str, str | None], match: Mapping[str, str]) -> set[str]:
    """New ids of the matched clauses that moved: to another parent, or out of their siblings'
    order (those off the longest run that kept its order, so that one clause moved is one change)."""
    origin = {n: o for o, n in match.items()}
    old_order = {u.id: i for i, u in enumerate(old_units)}
    moved: set[str] = set()
    siblings: dict[str | None, list[str]] = {}
    for unit in new_units:
        if unit.id not in origin:
            continue
        parent, old_parent = new_parents[unit.id], old_parents[origin[unit.id]]
        if (parent is None) != (old_parent is None) or (old_parent is not None and match.get(old_parent) != parent):
            moved.add(unit.id)
        else:
            siblings.setdefault(parent, []).append(unit.id)
    for group in siblings.values():
        kept = _longest_increasing([old_order[origin[n]] for n in group])
        moved.update(n for i, n in enumerate(group) if i not in kept)
    return moved


def _longest_increasing(values: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence of ``values`` (the first found)."""
    import bisect

    tails: list[int] = []  # index into values of the smallest tail of each length
    tail_values: list[int] = []  # their values, for the search
    previous: list[int] = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect.bisect_left(tail_values, value)
        previous[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k], tail_values[k] = i, value
    out: set[int] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        out.add(i)
        i = previous[i]
    return out


def _sentences(old: Unit, new: Unit, old_en: Mapping[str, str], new_en: Mapping[str, str]) -> list[SentenceChange]:
    """The sentences of a matched clause that changed, in the newer text's order (a removed
    sentence after the one it followed), and its agencies' list where that changed."""
    def near(i: int, j: int) -> tuple[Any, ...]:
        return (i != j, abs(i - j))

    pairs = assign(old.sentences, new.sentences, lambda i, j: True, near)
    back = {j: i for i, j in pairs.items()}
    out: list[SentenceChange] = []
    removed_after: dict[int, list[int]] = {}  # new index before which each unmatched old one sits
    for i in range(len(old.sentences)):
        if i not in pairs:
            later = [j for k, j in pairs.items() if k > i]
            removed_after.setdefault(min(later) if later else len(new.sentences), []).append(i)

    def removed(i: int) -> SentenceChange:
        sid = old.sentence_id(i + 1)
        return SentenceChange("removed", sid, None, old.sentences[i], None, old_en.get(sid))

    for j, text in enumerate(new.sentences):
        out.extend(removed(i) for i in removed_after.get(j, []))
        sid = new.sentence_id(j + 1)
        if j not in back:
            out.append(SentenceChange("added", None, sid, None, text, None, new_en.get(sid)))
            continue
        i = back[j]
        if old.sentences[i] != text:
            osid = old.sentence_id(i + 1)
            out.append(SentenceChange("reworded", osid, sid, old.sentences[i], text, old_en.get(osid),
                                      new_en.get(sid), words(old.sentences[i], text)))
    out.extend(removed(i) for i in removed_after.get(len(new.sentences), []))
    before = old.responsibility.text if old.responsibility and not old.responsibility.inline else ""
    after = new.responsibility.text if new.responsibility and not new.responsibility.inline else ""
    if before != after:
        out.append(SentenceChange("responsibility", None, None, before or None, after or None,
                                  pieces=words(before, after)))
    return out


def words(old: str, new: str) -> list[Piece]:
    """The words of ``new`` against ``old``: kept, taken out and put in, in reading order (a run
    taken out comes before the run that replaced it)."""
    import difflib

    import jieba

    a, b = jieba.lcut(old), jieba.lcut(new)
    pieces: list[Piece] = []

    def put(op: str, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            put("same", "".join(a[i1:i2]))
        else:
            put("del", "".join(a[i1:i2]))
            put("ins", "".join(b[j1:j2]))
    return pieces


# ---------------------------------------------------------------------------------------------
# Each clause back through the versions


@dataclass(frozen=True)
class Trace:
    """A clause of the newest text in one version: its id there, and what that step did to it."""

    step: Step | None  # the step into this version (None: the first version)
    version: Any  # the version (None: the current text)
    id: str
    kind: str  # "first" | "added" | "moved" | "reworded" | "renumbered" | "same"


def traces(steps: Sequence[Step], first: Any, newest: Plan) -> dict[str, list[Trace]]:
    """For each clause of ``newest`` (the last step's newer text), its id in each version, newest
    first, back to the version it was added in (or the first)."""
    units, _ = clauses_of(newest)
    out: dict[str, list[Trace]] = {}
    for unit in units:
        rows: list[Trace] = []
        ident: str | None = unit.id
        for st in reversed(steps):
            assert ident is not None
            change = next((c for c in st.changes if c.new_id == ident), None)
            was = st.origin.get(ident)
            if change is not None:
                kind = change.kind
            elif was is not None and was != ident:
                kind = "renumbered"
            else:
                kind = "same"
            rows.append(Trace(st, st.new, ident, kind))
            ident = was
            if ident is None:
                break
        else:
            if ident is not None:
                rows.append(Trace(None, first, ident, "first"))
        out[unit.id] = rows
    return out


def earlier_holder(steps: Sequence[Step], rows: Sequence[Trace], ident: str,
                   ids_in: Mapping[Any, set[str]]) -> Any:
    """The newest earlier version in which the address ``ident`` held another clause than the
    newest text's ``ident`` (``rows``: that clause's :func:`traces`), or None."""
    own = {row.version: row.id for row in rows}
    versions = [st.old for st in reversed(steps)]
    for version in versions:
        if ident in ids_in.get(version, set()) and own.get(version) != ident:
            return version
    return None
