"""View models: everything a template shows, computed once, per plan and language.

Templates only lay out what these objects hold; they never compute ids, URLs, labels or roles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from builder import ids
from builder.agencies import AgencyRegistry
from builder.extract.terms import Glossary
from builder.model import AgencyRef, Plan, Target, Unit
from builder.render import urls
from builder.render.history import ClauseSide, HistoryRow, PlanHistory, build_history
from builder.render.labels import Labeller, Source
from builder.render.metrics import MetricRegistry
from builder.versions import IdMap, follows
from builder.meta import PlanMeta


@dataclass(frozen=True)
class TermLink:
    """A glossary term's first mention in a clause: linked to its entry, its English as a tooltip."""

    id: str
    en: str
    url: str  # site-relative, language-neutral: "glossary/#carbon-peaking"
    plan = False  # (a title naming another plan is a PlanLink)


@dataclass(frozen=True)
class PlanLink:
    """A title in the text that names another plan of the site: linked to that plan's home."""

    id: str
    title_zh: str
    title_en: str | None
    url: str  # site-relative, language-neutral: "national-2030/"
    plan = True  # (a glossary term's link is a TermLink)


@dataclass
class SentenceView:
    id: str
    n: int
    zh: str
    en: str | None
    url: str
    url_en: str
    cite_zh: str
    cite_en: str
    #: The Chinese text in pieces, a piece carrying its term where it is the clause's first mention.
    pieces: list[tuple[str, TermLink | PlanLink | None]] = field(default_factory=list)
    #: the full reference (:meth:`builder.render.labels.Labeller.reference`)
    full_zh: str = ""
    full_en: str = ""


@dataclass
class AgencyLink:
    id: str
    name_zh: str
    name_en: str | None
    url: str  # zh site-relative
    role: str  # lead | shared | standing
    generic: bool


@dataclass
class DeadlineView:
    """A deadline written with a responsibility list (``完成时限：2022年6月底前``): on its clause, or
    on the measure inside the clause that a note closes (``sentence``)."""

    clause: str  # the clause's id
    sentence: str | None  # the measure's sentence id, for a note inside the text
    text: str  # as written
    date: str | None  # ISO date: the last day of the period the text names
    agencies: list[AgencyLink]  # the list's agencies, leads first
    url: str  # the clause's (or the sentence's) page address, zh, site-relative
    label_zh: str
    label_en: str
    heading_zh: str | None
    heading_en: str | None
    #: the site's build date is after ``date`` (None: no date, or no build date)
    past: bool | None = None

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    @property
    def leads(self) -> list[AgencyLink]:
        return [a for a in self.agencies if a.role == "lead"]


class TargetValues:
    """A target's value as shown, from its ``value``, ``unit``, ``cmp``, ``value_si`` and ``unit_si``
    (a plan's :class:`TargetView`, and :class:`TargetRow` on the site-wide pages)."""

    value: float | None
    unit: str | None
    value_si: float | None
    unit_si: str | None
    cmp: str | None

    @property
    def value_number(self) -> str:
        """The value as written in a table: ``13``, ``16.2``; empty for a qualitative target."""
        if self.value is None:
            return ""
        return str(int(self.value) if float(self.value).is_integer() else self.value)

    @property
    def unit_is_chinese(self) -> bool:
        """Whether the unit as written is Chinese (万千瓦), to be marked as such on English pages."""
        return bool(self.unit) and any("\u4e00" <= c <= "\u9fff" for c in self.unit)

    @property
    def value_text_si(self) -> str:
        """Comparator, normalised value and unit (``≈13%``, ``25 GW``); as written where there is none."""
        if not self.has_si:
            return self.value_text
        unit = self.unit_text_si  # 4家 → 4: the metric names what is counted
        sep = "" if unit in ("", "%", "‰", "×") else " "
        return f"{self.value_number_si}{sep}{unit}"

    @property
    def has_si(self) -> bool:
        """Whether the value has a normalised form (``value_si`` and ``unit_si``)."""
        return self.value_si is not None and bool(self.unit_si)

    @property
    def value_number_si(self) -> str:
        """Comparator and normalised value, without the unit (``≈25`` for 2500万千瓦 ≈ 25 GW):
        a table's value cell beside its unit cell; as written where there is no normalised form."""
        if not self.has_si:
            return f"{self.cmp if self.cmp and self.cmp != '=' else ''}{self.value_number}"
        value = int(self.value_si) if float(self.value_si).is_integer() else self.value_si  # type: ignore[arg-type]
        return f"{self.cmp if self.cmp and self.cmp != '=' else ''}{value}"

    @property
    def unit_text_si(self) -> str:
        """The normalised unit as a table's unit cell shows it (``GW``; nothing for a count: the
        metric names what is counted)."""
        return "" if self.unit_si == "count" else (self.unit_si or "")

    @property
    def value_text(self) -> str:
        """Comparator, value and unit: ``≈13%``, ``≥40%``, ``2500万千瓦``."""
        if self.value is None:
            return ""
        return f"{self.cmp if self.cmp and self.cmp != '=' else ''}{self.value_number}{self.unit or ''}"


class TargetRow(TargetValues):
    """A target of some plan as the site-wide pages show it: its summary's row (the fields of
    :func:`builder.render.site.target_row`) as attributes, with :class:`TargetValues`' values."""

    def __init__(self, plan: str, row: Mapping[str, Any]):
        self.__dict__.update(row)
        self.plan = plan


@dataclass
class TargetView(TargetValues):
    id: str
    k: int
    clause: str
    sentence_id: str
    year: int
    period: str | None
    metric_zh: str
    metric_en: str | None
    value: float | None
    unit: str | None
    value_si: float | None
    unit_si: str | None
    cmp: str | None
    baseline_year: int | None
    kind: str
    quote: str
    text_zh: str
    url: str
    clause_url: str
    sentence_url: str
    agencies: list[AgencyLink]
    cite_zh: str
    cite_en: str
    label_zh: str
    label_en: str
    #: the page comparing the target's metric across plans (``metrics/<id>/``), where the metric
    #: registry knows its metric
    metric_url: str | None = None
    #: the English of the sentence that sets it, where it is translated
    text_en: str | None = None
    #: the full reference (:meth:`builder.render.labels.Labeller.reference`)
    full_zh: str = ""
    full_en: str = ""


@dataclass
class Crumb:
    label_zh: str
    label_en: str
    url: str
    heading_zh: str | None = None
    heading_en: str | None = None

    @classmethod
    def of(cls, clause: ClauseView) -> Crumb:
        return cls(clause.label_zh, clause.label_en, clause.url, clause.heading_zh, clause.heading_en)


@dataclass
class ClauseView:
    id: str
    kind: str
    marker: str
    heading_zh: str | None
    heading_en: str | None
    label_zh: str
    label_en: str
    url: str
    page: str  # folder of the page that shows it
    cite_zh: str
    cite_en: str
    sentences: list[SentenceView]
    responsibility_zh: str | None
    agencies: list[AgencyLink]
    inherited_from: str | None
    targets: list[TargetView]
    paragraphs: list[ClauseView] = field(default_factory=list)
    #: where this address showed another clause in an earlier version (``ids.yaml``): that clause
    #: as it is now, or ``None`` with :attr:`reused` set where it was removed
    earlier: ClauseView | None = None
    reused: bool = False
    #: for a reused address: the clause it showed, on its page in the newest version that had it
    earlier_version: ClauseSide | None = None
    #: the clause in each published version, newest first (:class:`builder.render.history.HistoryRow`)
    history: list[HistoryRow] = field(default_factory=list)
    children: list[ClauseView] = field(default_factory=list)
    #: deadlines written in the clause: its list's, and those of the measures inside its text
    deadlines: list[DeadlineView] = field(default_factory=list)
    crumbs: list[Crumb] = field(default_factory=list)
    prev: ClauseView | None = None
    next: ClauseView | None = None
    quotes: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    line: int = 0
    #: The id of the field this clause belongs to: its section (action), or its part where it has none.
    group: str = ""
    #: the full reference (:meth:`builder.render.labels.Labeller.reference`)
    full_zh: str = ""
    full_en: str = ""

    @property
    def translated(self) -> bool:
        return all(s.en for s in self.sentences)

    @property
    def partly_translated(self) -> bool:
        """Some sentences have English and some not (new, or reworded since they were translated)."""
        return not self.translated and any(s.en for s in self.sentences)

    @property
    def has_page(self) -> bool:
        return urls.has_own_page(self.id)

    def walk(self):
        yield self
        for p in self.paragraphs:
            yield from p.walk()
        for c in self.children:
            yield from c.walk()


@dataclass
class AgencyGroup:
    """An agency's clauses within one field (action) of the plan."""

    field: ClauseView
    lead: list[ClauseView]
    shared: list[ClauseView]
    standing: list[ClauseView]


@dataclass
class MatrixView:
    """Responsibility matrix: agencies (rows) × fields (columns); ``cells[(row, col)] = (lead, shared)``,
    shared counting standing rules too. Only non-empty cells are present."""

    rows: list[AgencyView]
    columns: list[ClauseView]
    cells: dict[tuple[int, int], tuple[int, int]]


@dataclass
class Lane:
    """The targets of one field of the plan, for the targets dashboard."""

    field: ClauseView
    targets: list[TargetView]


@dataclass
class AgencyView:
    id: str
    name_zh: str
    name_en: str | None
    generic: bool
    url: str
    lead: list[ClauseView]
    shared: list[ClauseView]
    standing: list[ClauseView]
    targets: list[TargetView]
    deadlines: list[DeadlineView] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.lead) + len(self.shared) + len(self.standing)

    def groups(self, clauses: dict[str, ClauseView]) -> list[AgencyGroup]:
        """Its clauses grouped by field, fields in reading order."""
        out: dict[str, AgencyGroup] = {}
        for role, rows in (("lead", self.lead), ("shared", self.shared), ("standing", self.standing)):
            for clause in rows:
                group = out.setdefault(clause.group, AgencyGroup(clauses[clause.group], [], [], []))
                getattr(group, role).append(clause)
        order = list(clauses)
        return sorted(out.values(), key=lambda g: order.index(g.field.id))


@dataclass
class Document:
    """The document a plan's text was imported from (``source.yaml``): a reader checks the site
    against the official file by its SHA-256."""

    file: str
    sha256: str
    format: str
    pages: int | None
    url: str | None  # where it was published, if known
    linked: bool  # whether ``url`` is a web address a page may link to (http or https)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Document:
        url = data.get("url")
        return cls(str(data["file"]), str(data["sha256"]), str(data["format"]), data.get("pages"), url,
                   bool(url) and str(url).lower().startswith(("https://", "http://")))


@dataclass
class PlanView:
    id: str
    title_zh: str
    title_en: str | None
    source: str
    translated: bool
    special: dict[str, ClauseView]
    parts: list[ClauseView]
    clauses: dict[str, ClauseView]
    targets: list[TargetView]
    agencies: list[AgencyView]
    labeller: Labeller
    issuer: str | None = None
    document: Document | None = None  # where the text came from (``plansite import``)
    #: every deadline, in reading order; ``as_of``: the build date they are judged past against
    deadlines: list[DeadlineView] = field(default_factory=list)
    as_of: str | None = None
    basis: list[str] = field(default_factory=list)
    meta: PlanMeta | None = None  # ``meta.yaml``, where curated
    #: the other plans of the site it names and that name it (:mod:`builder.render.corpus`)
    links: Any = None
    #: for each title of :attr:`basis`, the plan of the site it names (a ``PlanLink``-like ref) or None
    basis_links: list[Any] = field(default_factory=list)
    goals: ClauseView | None = None
    matrix: MatrixView | None = None
    lanes: list[Lane] = field(default_factory=list)
    #: the published version whose text this is (:class:`builder.versions.Version`), if any
    version: Any = None
    #: its published versions and what changed between them (:mod:`builder.render.history`), if any
    history: PlanHistory | None = None

    def versioned(self, url: str) -> str | None:
        """``url`` (of this plan's current text) at its version's address, which never changes."""
        if self.version is None:
            return None
        if self.id.endswith(f"/v/{self.version.id}"):
            return url  # a version's own build: its addresses are the version's
        return f"{self.id}/v/{self.version.id}/" + url.removeprefix(f"{self.id}/")

    @property
    def partly_translated(self) -> bool:
        """Some sentences have English and some not (new, or reworded since they were translated)."""
        return not self.translated and any(s.en for c in self.clauses.values() for s in c.sentences)

    @property
    def home(self) -> str:
        return urls.plan_page(self.id)

    @property
    def timeline(self) -> list[tuple[str | None, list[DeadlineView]]]:
        """The deadlines by year, soonest first (those with no date last), each year's by date."""
        ordered = sorted(self.deadlines, key=lambda d: (d.date is None, d.date or ""))
        years: dict[str | None, list[DeadlineView]] = {}
        for deadline in ordered:
            years.setdefault(deadline.year, []).append(deadline)
        return list(years.items())

    @property
    def past_due(self) -> int:
        return sum(1 for d in self.deadlines if d.past)

    @property
    def headline(self) -> list[TargetView]:
        """The plan's numeric targets, in reading order (its home page's table)."""
        return [t for t in self.targets if t.kind == "numeric"]

    def ordered(self) -> list[ClauseView]:
        """Every clause in reading order (``special`` keeps the document's order)."""
        out = list(self.special.values())
        for part in self.parts:
            out.extend(part.walk())
        return out

    def text_order(self) -> list[ClauseView]:
        """The order the full text shows: as :meth:`ordered`, but a news lead (the publisher's
        words about the plan, which a news report opens with before the plan's title) comes
        right after the title. A covering notice keeps its place."""
        out = self.ordered()
        kinds = [c.kind for c in out]
        if "lead" not in kinds or "title" not in kinds or kinds.index("lead") > kinds.index("title"):
            return out
        lead = out.pop(kinds.index("lead"))
        out.insert(out.index(next(c for c in out if c.kind == "title")) + 1, lead)
        return out


def build_plan_view(plan: Plan, registry: AgencyRegistry, translation: dict[str, str],
                    glossary: Glossary | None = None, *, strings: Mapping[str, Mapping[str, str]],
                    source: Mapping[str, Any] | None = None, as_of: str | None = None,
                    meta: PlanMeta | None = None, metrics: MetricRegistry | None = None,
                    id_map: IdMap | None = None, version: Any = None, texts: Any = ()) -> PlanView:
    """Compute every view of one plan: clause tree, targets, agencies, with both languages' URLs,
    and the first mention of each glossary term in each clause."""
    glossary = glossary or Glossary()
    title_en = translation.get("title.s1") or (meta.title_en if meta else None)
    issuer = meta.issuer_zh if meta else _issuer(plan)
    labeller = Labeller(plan, title_en, strings, (version.label_zh, version.label_en) if version else None,
                        Source(issuer, meta.issuer_en if meta else None, meta.document_number if meta else None,
                               meta.date_issued if meta else None))
    clauses: dict[str, ClauseView] = {}
    target_views: list[TargetView] = []

    def agency_link(ref: AgencyRef, role: str) -> AgencyLink:
        return AgencyLink(ref.id, ref.name, registry.english(ref.id), urls.agency_page(plan.id, ref.id),
                          role, ref.generic)

    def view(unit: Unit) -> ClauseView:
        url = urls.unit_url(plan.id, unit.id)
        page = urls.unit_page(plan.id, unit.id)
        sentences = []
        seen: set[str] = set()  # terms already linked in this clause
        for n, text in enumerate(unit.sentences, start=1):
            sid = unit.sentence_id(n)
            pieces = [(piece, TermLink(term.id, term.en, urls.glossary_url(term.id)) if term else None)
                      for piece, term in glossary.segments(text, seen)]
            sentences.append(SentenceView(
                sid, n, text, translation.get(sid), urls.unit_url(plan.id, sid),
                urls.unit_url(plan.id, sid, "en"), labeller.cite_zh(sid), labeller.cite_en(sid), pieces,
                labeller.full_zh(sid), labeller.full_en(sid)))
        agencies: list[AgencyLink] = []
        if unit.responsibility:
            agencies += [agency_link(a, a.role) for a in unit.responsibility.agencies]
        agencies += [agency_link(a, "standing") for a in unit.inherited]
        heading_en = None
        if unit.heading is not None and sentences and sentences[0].en:
            heading_en = sentences[0].en.rstrip(". ") if unit.kind != "part" else sentences[0].en
        clause = ClauseView(
            id=unit.id, kind=unit.kind, marker=unit.marker, heading_zh=unit.heading, heading_en=heading_en,
            label_zh=labeller.zh(unit.id), label_en=labeller.en(unit.id), url=url, page=page,
            cite_zh=labeller.cite_zh(unit.id), cite_en=labeller.cite_en(unit.id), sentences=sentences,
            full_zh=labeller.full_zh(unit.id), full_en=labeller.full_en(unit.id),
            # a list as written under the text; notes inside the text are read in its sentences
            responsibility_zh=unit.responsibility.text if unit.responsibility and not unit.responsibility.inline
            else None,
            agencies=agencies, inherited_from=unit.inherited_from, targets=[],
            quotes=list(unit.quotes), meta=dict(unit.meta), line=unit.line,
        )
        for k, target in enumerate(unit.targets, start=1):
            clause.targets.append(_target_view(plan, unit, target, k, labeller, agencies, metrics,
                                               clause.sentences[target.sentence - 1].en))
        for deadline, listed in unit.deadlines():
            sid = unit.sentence_id(listed.sentence) if listed.sentence else None
            where = sid or unit.id
            clause.deadlines.append(DeadlineView(
                unit.id, sid, deadline.text, deadline.date, [agency_link(a, a.role) for a in listed.agencies],
                urls.unit_url(plan.id, where), labeller.zh(where), labeller.en(where), unit.heading, heading_en,
                (deadline.date < as_of) if deadline.date and as_of else None))
        target_views.extend(clause.targets)
        clauses[unit.id] = clause
        for child in unit.children:
            (clause.paragraphs if child.kind == "paragraph" else clause.children).append(view(child))
        return clause

    special: dict[str, ClauseView] = {}
    parts: list[ClauseView] = []
    for unit in plan.units:
        clause = view(unit)
        if unit.kind == "part":
            parts.append(clause)
        else:
            special[unit.id] = clause
    _link_tree(parts, labeller)
    _mark_reused(clauses, id_map)
    history = build_history(plan.id, texts, strings) if texts else None
    if history is not None:
        for clause_id, rows in history.rows.items():
            if clause_id in clauses:
                clauses[clause_id].history = rows
        for clause_id, side in history.earlier.items():
            if clause_id in clauses and clauses[clause_id].reused:
                clauses[clause_id].earlier_version = side
    agencies = _agency_views(plan, registry, clauses, target_views)
    translated = bool(translation) and all(s.en for c in clauses.values() for s in c.sentences)
    view_ = PlanView(plan.id, plan.title, title_en, plan.source, translated, special, parts, clauses,
                     target_views, agencies, labeller)
    view_.meta = meta
    view_.version = version
    view_.history = history
    view_.issuer = issuer
    view_.deadlines = [d for c in clauses.values() for d in c.deadlines]
    view_.as_of = as_of
    by_id = {a.id: a for a in agencies}
    for deadline in view_.deadlines:
        for link in deadline.agencies:
            if link.id in by_id:
                by_id[link.id].deadlines.append(deadline)
    view_.document = Document.from_data(source) if source else None
    preface = plan.find("preface")
    view_.basis = _unique(re.findall(r"《([^《》]+)》", preface.text)) if preface else []
    view_.goals = next((p for p in parts if p.heading_zh and "目标" in p.heading_zh), None)
    view_.matrix = _matrix(agencies, clauses)
    view_.lanes = _lanes(target_views, clauses)
    return view_


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


_ISSUER = re.compile(r"(?P<issuer>[^，。“”《》\s]{2,40}?(?:人民政府|政府办公厅|政府办公室|委员会|部|局|厅))(?:关于)?印发")


def _issuer(plan: Plan) -> str | None:
    """Who issued the plan: the covering notice's issuer, else the body a news lead names."""
    notice = plan.find("notice")
    if notice is not None and notice.meta.get("issuer"):
        return notice.meta["issuer"]
    lead = plan.find("lead")
    match = _ISSUER.search(lead.text) if lead is not None else None
    return match.group("issuer") if match else None


def _matrix(agencies: list[AgencyView], clauses: dict[str, ClauseView]) -> MatrixView | None:
    cells: dict[tuple[int, int], tuple[int, int]] = {}
    columns: list[ClauseView] = []
    for agency in agencies:
        for group in agency.groups(clauses):
            if group.field not in columns:
                columns.append(group.field)
    order = list(clauses)
    columns.sort(key=lambda c: order.index(c.id))
    if not columns:
        return None
    index = {c.id: j for j, c in enumerate(columns)}
    for i, agency in enumerate(agencies):
        for group in agency.groups(clauses):
            cells[(i, index[group.field.id])] = (len(group.lead), len(group.shared) + len(group.standing))
    return MatrixView(list(agencies), columns, cells)


def _lanes(targets: list[TargetView], clauses: dict[str, ClauseView]) -> list[Lane]:
    lanes: dict[str, Lane] = {}
    for target in targets:
        group = clauses[target.clause].group
        lanes.setdefault(group, Lane(clauses[group], [])).targets.append(target)
    return list(lanes.values())


def _mark_reused(clauses: dict[str, ClauseView], id_map: IdMap | None) -> None:
    """A page whose address held another clause in an earlier version says so (the old clause is
    listed in ``ids.yaml`` but its id is a live page again): where that clause is now, or that it
    was removed."""
    for old, new in (id_map.moved if id_map else {}).items():
        clause = clauses.get(old)
        if clause is None or not clause.has_page or ids.child(old, "st"):
            continue
        clause.reused = True
        clause.earlier = clauses.get(new) if new is not None and follows(old, new) else None


def _target_view(plan: Plan, unit: Unit, target: Target, k: int, labeller: Labeller,
                 agencies: list[AgencyLink], metrics: MetricRegistry | None, text_en: str | None) -> TargetView:
    sid = unit.sentence_id(target.sentence)
    found = metrics.match(target.metric_zh or "") if metrics else None
    return TargetView(
        id=target.id, k=k, clause=unit.id, sentence_id=sid, year=target.year, period=target.period,
        metric_zh=target.metric_zh, metric_en=target.metric_en, value=target.value, unit=target.unit,
        value_si=target.value_si, unit_si=target.unit_si, cmp=target.cmp,
        baseline_year=target.baseline_year, kind=target.kind, quote=target.quote,
        text_zh=unit.sentences[target.sentence - 1], url=urls.unit_url(plan.id, target.id),
        clause_url=urls.unit_url(plan.id, unit.id), sentence_url=urls.unit_url(plan.id, sid),
        agencies=agencies, cite_zh=labeller.cite_zh(target.id), cite_en=labeller.cite_en(target.id),
        label_zh=labeller.zh(target.id), label_en=labeller.en(target.id),
        metric_url=found[0].url if found else None, text_en=text_en,
        full_zh=labeller.full_zh(target.id), full_en=labeller.full_en(target.id),
    )


def _link_tree(parts: list[ClauseView], labeller: Labeller) -> None:
    """Breadcrumbs and previous/next among the pages of the same kind, in reading order."""
    paged: list[ClauseView] = []

    def visit(clause: ClauseView, crumbs: list[Crumb], group: str) -> None:
        clause.crumbs = list(crumbs)
        clause.group = group or clause.id
        paged.append(clause)
        for p in clause.paragraphs:
            p.crumbs = crumbs + [Crumb.of(clause)]
            p.group = clause.group
        for child in clause.children:
            # a part's sections are fields of their own; anything else belongs to its part's field
            child_group = "" if clause.kind == "part" and child.kind == "section" else clause.group
            visit(child, crumbs + [Crumb.of(clause)], child_group)

    for part in parts:
        visit(part, [], "")
    by_kind: dict[str, list[ClauseView]] = {}
    for clause in paged:
        by_kind.setdefault(clause.kind, []).append(clause)
    for same in by_kind.values():
        for a, b in zip(same, same[1:]):
            a.next, b.prev = b, a


def _agency_views(plan: Plan, registry: AgencyRegistry, clauses: dict[str, ClauseView],
                  targets: list[TargetView]) -> list[AgencyView]:
    views: dict[str, AgencyView] = {}
    for unit in plan.walk():
        refs = [(a, a.role) for a in unit.responsibility.agencies] if unit.responsibility else []
        refs += [(a, "standing") for a in unit.inherited]
        for ref, role in refs:
            agency = views.get(ref.id)
            if agency is None:
                agency = views[ref.id] = AgencyView(ref.id, ref.name, registry.english(ref.id), ref.generic,
                                                    urls.agency_page(plan.id, ref.id), [], [], [], [])
            {"lead": agency.lead, "shared": agency.shared, "standing": agency.standing}[role].append(
                clauses[unit.id])
    for target in targets:
        for link in target.agencies:
            views[link.id].targets.append(target)
    return sorted(views.values(), key=lambda a: (-len(a.lead), -a.count, a.id))
