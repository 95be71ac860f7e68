"""The views of a plan's versions and what changed between them (:mod:`builder.changes`): the
changes pages (``<plan>/changes/`` and ``<plan>/changes/<version>/``), each clause page's history,
the earlier version a reused address links to, and ``data/<plan>/changes.json``.

Every address here is a version-qualified one (``<plan>/v/<version>/…``), whose meaning never
changes, except for the current text where it is not a published version (its plain address).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from builder import changes as ch, ids
from builder.render import urls
from builder.render.labels import Labeller
from builder.versions import RESERVED_ID, clauses_of

CURRENT = RESERVED_ID  # the current text's step, where it is not a published version


@dataclass(frozen=True)
class VersionRef:
    """A version as the pages name it (``id`` None: the current text, not a published version)."""

    id: str | None
    label_zh: str
    label_en: str
    date: str | None
    kind: str | None
    home: str  # its home page (zh, site-relative)

    @property
    def key(self) -> str:
        return self.id or CURRENT


@dataclass
class ClauseSide:
    """A clause in one version: its id, label, heading and page there."""

    id: str
    label_zh: str
    label_en: str
    heading_zh: str | None
    heading_en: str | None
    url: str
    version: VersionRef | None = None  # the version it is in


@dataclass
class ChangeView:
    kind: str
    anchor: str
    old: ClauseSide | None
    new: ClauseSide | None
    reworded: bool
    within: int
    sentences: list[ch.SentenceChange]

    @property
    def side(self) -> ClauseSide:
        """The clause as it is listed: in the newer version, else the older."""
        return self.new or self.old  # type: ignore[return-value]


@dataclass
class StepView:
    key: str
    old: VersionRef
    new: VersionRef
    url: str  # its changes page (zh, site-relative)
    changes: list[ChangeView]
    renumbered: list[tuple[ClauseSide, ClauseSide]]

    def of_kind(self, kind: str) -> list[ChangeView]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def counts(self) -> dict[str, int]:
        return {kind: len(self.of_kind(kind)) for kind in ch.KINDS}


@dataclass(frozen=True)
class HistoryRow:
    """A clause of the current text in one version: where it was and what that version did to it."""

    version: VersionRef
    id: str
    label_zh: str
    label_en: str
    url: str
    kind: str  # "first" | "added" | "moved" | "reworded" | "renumbered" | "same"
    change_url: str | None  # the change's entry on its changes page


@dataclass
class PlanHistory:
    versions: list[VersionRef]  # oldest first, the current text last where it is not a version
    steps: list[StepView]  # newest first
    rows: dict[str, list[HistoryRow]] = field(default_factory=dict)  # clause id → its history
    #: a reused address → the page, in the newest earlier version, of the clause it showed then
    earlier: dict[str, ClauseSide] = field(default_factory=dict)
    #: the version (or None) the current text is
    current: VersionRef | None = None

    @property
    def url(self) -> str:
        return self.steps[0].url.rsplit("/", 2)[0] + "/" if self.steps else ""


def version_ref(plan_id: str, version: Any, strings: Mapping[str, Mapping[str, str]]) -> VersionRef:
    if version is None:
        return VersionRef(None, strings["current_text"]["zh"], strings["current_text"]["en"], None, None,
                          urls.plan_page(plan_id))
    return VersionRef(version.id, version.label_zh, version.label_en or version.label_zh, version.date,
                      version.kind, urls.plan_page(plan_id, "v", version.id))


def version_base(plan_id: str, version: VersionRef) -> str:
    """The plan id its pages are built under: ``dongying/v/2023`` (``dongying``: the current text)."""
    return f"{plan_id}/v/{version.id}" if version.id else plan_id


def build_history(plan_id: str, texts: Sequence[ch.Text], strings: Mapping[str, Mapping[str, str]]) -> PlanHistory | None:
    """The history of a plan whose ``texts`` (oldest first, the current last) are more than one."""
    if len(texts) < 2:
        return None
    steps = ch.history(texts)
    refs = {id(t): version_ref(plan_id, t.version, strings) for t in texts}
    labellers = {id(t): Labeller(t.plan, None, strings) for t in texts}
    units = {id(t): {u.id: u for u in clauses_of(t.plan)[0]} for t in texts}

    def side(text: ch.Text, ident: str) -> ClauseSide:
        unit = units[id(text)][ident]
        labeller = labellers[id(text)]
        heading_en = text.english.get(unit.sentence_id(1)) if unit.heading is not None and unit.sentences else None
        return ClauseSide(ident, labeller.zh(ident), labeller.en(ident), unit.heading,
                          heading_en.rstrip(". ") if heading_en else None,
                          urls.unit_url(version_base(plan_id, refs[id(text)]), ident), refs[id(text)])

    views: list[StepView] = []
    anchors: dict[tuple[str, str], str] = {}  # (step key, new id) → its change's anchor
    for (old, new), st in zip(zip(texts, texts[1:]), steps):
        key = refs[id(new)].key
        url = urls.plan_page(plan_id, "changes", key)
        rows = []
        for change in sorted(st.changes, key=lambda c: (ch.KINDS.index(c.kind), ids.sort_key(c.id))):
            anchor = f"{change.kind}-{change.id}"
            if change.new_id:
                anchors[(key, change.new_id)] = anchor
            sentences = [dataclasses.replace(
                s, old_url=urls.unit_url(version_base(plan_id, refs[id(old)]), s.old_id) if s.old_id else None,
                new_url=urls.unit_url(version_base(plan_id, refs[id(new)]), s.new_id) if s.new_id else None)
                for s in change.sentences]
            rows.append(ChangeView(change.kind, anchor, side(old, change.old_id) if change.old_id else None,
                                   side(new, change.new_id) if change.new_id else None, change.reworded,
                                   change.within, sentences))
        renumbered = [(side(old, a), side(new, b)) for a, b in st.renumbered]
        views.append(StepView(key, refs[id(old)], refs[id(new)], url, rows, renumbered))
    history = PlanHistory([refs[id(t)] for t in texts], list(reversed(views)))
    history.current = refs[id(texts[-1])]
    by_version = {st.new: t for st, t in zip(steps, texts[1:])}
    by_version[texts[0].version] = texts[0]
    ids_in = {t.version: set(units[id(t)]) for t in texts}
    for clause_id, trace in ch.traces(steps, texts[0].version, texts[-1].plan).items():
        rows_: list[HistoryRow] = []
        for row in trace:
            text = by_version[row.version]
            there = side(text, row.id)
            ref = refs[id(text)]
            change_url = None
            if row.kind in ch.KINDS:
                change_url = f"{urls.plan_page(plan_id, 'changes', ref.key)}#{anchors[(ref.key, row.id)]}"
            rows_.append(HistoryRow(ref, row.id, there.label_zh, there.label_en, there.url, row.kind, change_url))
        history.rows[clause_id] = rows_
        holder = ch.earlier_holder(steps, trace, clause_id, ids_in)
        if holder is not None:
            history.earlier[clause_id] = side(by_version[holder], clause_id)
    return history


def changes_rows(plan_id: str, history: PlanHistory | None) -> dict[str, Any]:
    """``data/<plan>/changes.json``: the versions, and each step's changes (newest first)."""
    def version(v: VersionRef) -> dict[str, Any]:
        return {"id": v.id, "label_zh": v.label_zh, "label_en": v.label_en, "date": v.date, "kind": v.kind,
                "url": v.home, "url_en": urls.in_lang(v.home, "en")}

    def clause(c: ClauseSide | None) -> dict[str, Any] | None:
        if c is None:
            return None
        return {"id": c.id, "label_zh": c.label_zh, "label_en": c.label_en, "heading_zh": c.heading_zh,
                "heading_en": c.heading_en, "url": c.url, "url_en": urls.in_lang(c.url, "en")}

    def sentence(s: ch.SentenceChange) -> dict[str, Any]:
        return {"kind": s.kind, "old_id": s.old_id, "new_id": s.new_id, "old_zh": s.old_zh, "new_zh": s.new_zh,
                "old_en": s.old_en, "new_en": s.new_en, "words": [[p.op, p.text] for p in s.pieces]}

    if history is None:
        return {"plan": plan_id, "current": None, "versions": [], "steps": []}
    return {
        "plan": plan_id,
        "current": history.current.id if history.current else None,
        "versions": [version(v) for v in history.versions],
        "steps": [{
            "from": st.old.id, "to": st.new.id, "url": st.url, "url_en": urls.in_lang(st.url, "en"),
            "counts": st.counts,
            "changes": [{"kind": c.kind, "anchor": c.anchor, "reworded": c.reworded, "within": c.within,
                         "old": clause(c.old), "new": clause(c.new),
                         "sentences": [sentence(s) for s in c.sentences]} for c in st.changes],
            "renumbered": [{"old": clause(a), "new": clause(b)} for a, b in st.renumbered],
        } for st in history.steps],
    }
