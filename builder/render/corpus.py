"""The site's plans together: which plan names which, and what each plan's pages need to know of
the others. Everything here is computed from the plans' summaries alone
(:class:`~builder.render.site.PlanSummary`), so no plan is loaded to link it to another.

A plan names another by its title, in the forms the genre uses: 《2030年前碳达峰行动方案》, the
title with its issuer (《国务院2030年前碳达峰行动方案》), the covering notice's title
(国务院关于印发2030年前碳达峰行动方案的通知, with or without 《》). :func:`reference_spans` finds the
titles a sentence names (no catalogue needed: the spans travel in each plan's summary);
:class:`Catalogue` says which plan of the site, if any, each one is; :func:`link_plans` gives each
plan the plans it cites and those that cite it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from builder.render import urls

#: A quoted title: 《…》 (no nesting; 〈〉 inside is kept).
_QUOTED = re.compile(r"《([^《》\n]{2,120})》")
#: A covering notice named without 《》: …关于印发X的通知 (X may itself be quoted).
_NOTICE = re.compile(r"关于印发(?:《([^《》\n]{2,100})》|([^《》，。；：、\n]{2,100}?))的通知")
_STRIP = str.maketrans("", "", " \u3000\t《》〈〉<>“”‘’\"'")
#: What an issuer's name ends with, before the title it issued (国务院2030年前…, 上海市人民政府…).
_ISSUER_END = re.compile(r"^(?:.{0,40}?(?:国务院|人民政府|办公厅|办公室|委员会|[部局厅委])(?:关于)?(?:印发)?)")


def title_key(text: str) -> str:
    """A title as compared: without 《》, quotes or spaces, without a notice's wrapping
    (…关于印发X的通知 → X)."""
    key = text.translate(_STRIP)
    if "关于印发" in key:
        key = key.split("关于印发", 1)[1]
    if key.endswith("的通知"):
        key = key[: -len("的通知")]
    return key


def reference_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, key)`` of each title ``text`` names: the span to link (the 《…》 with its
    marks, or the notice's title) and the title as compared (:func:`title_key`). In reading
    order, never overlapping."""
    spans: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _QUOTED.finditer(text):
        spans.append((match.start(), match.end(), title_key(match.group(1))))
        taken.append((match.start(), match.end()))
    for match in _NOTICE.finditer(text):
        group = 2 if match.group(2) else 1
        if any(a < match.end(group) and match.start(group) < b for a, b in taken):
            continue  # its title is quoted, and found as such
        spans.append((match.start(group), match.end(group), title_key(match.group(group))))
    return sorted(spans)


@dataclass(frozen=True)
class PlanRef:
    """A plan of the site as a link to it names it."""

    id: str
    title_zh: str
    title_en: str | None
    url: str  # its home page, site-relative ("national-2030/")


@dataclass
class Catalogue:
    """The titles of the site's plans, each a key → the plan."""

    by_key: dict[str, PlanRef] = field(default_factory=dict)

    @classmethod
    def of(cls, summaries: list[Any]) -> Catalogue:
        catalogue = cls()
        for summary in summaries:
            ref = PlanRef(summary.id, summary.title_zh, summary.title_en, urls.plan_page(summary.id))
            meta = summary.meta or {}
            titles = [summary.title_zh, meta.get("title_zh") or "", *(meta.get("aliases") or [])]
            for title in titles:
                key = title_key(title)
                if len(key) >= 4:
                    catalogue.by_key.setdefault(key, ref)
        return catalogue

    def find(self, key: str) -> PlanRef | None:
        """The plan a title names: the title itself, or an issuer's name before it
        (《国务院2030年前碳达峰行动方案》)."""
        found = self.by_key.get(key)
        if found is not None:
            return found
        for title, ref in self.by_key.items():
            if key.endswith(title) and _ISSUER_END.fullmatch(key[: -len(title)]):
                return ref
        return None


@dataclass
class Citation:
    """One plan naming another, and where: the citing plan's sentences (``[id, url]``, in reading
    order; the url site-relative, Chinese)."""

    plan: PlanRef
    sentences: list[list[str]]


@dataclass
class PlanLinks:
    """What one plan's pages need of the others: the titles its text names that are plans of the
    site (key → plan), the plans it cites and those that cite it, each with where."""

    titles: dict[str, PlanRef] = field(default_factory=dict)
    cites: list[Citation] = field(default_factory=list)
    cited_by: list[Citation] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        """Plain data: what the plan's build depends on (its reuse key hashes it)."""
        def ref(r: PlanRef) -> list[Any]:
            return [r.id, r.title_zh, r.title_en, r.url]
        return {"titles": {k: ref(v) for k, v in sorted(self.titles.items())},
                "cites": [[ref(c.plan), c.sentences] for c in self.cites],
                "cited_by": [[ref(c.plan), c.sentences] for c in self.cited_by]}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PlanLinks:
        return cls({k: PlanRef(*v) for k, v in data["titles"].items()},
                   [Citation(PlanRef(*r), [list(p) for p in s]) for r, s in data["cites"]],
                   [Citation(PlanRef(*r), [list(p) for p in s]) for r, s in data["cited_by"]])


def link_plans(summaries: list[Any]) -> dict[str, PlanLinks]:
    """Every plan's :class:`PlanLinks`, by plan id. A plan naming itself (its covering notice
    names its own title) is no citation."""
    catalogue = Catalogue.of(summaries)
    by_id = {s.id: s for s in summaries}
    refs = {s.id: PlanRef(s.id, s.title_zh, s.title_en, urls.plan_page(s.id)) for s in summaries}
    links = {s.id: PlanLinks() for s in summaries}
    for summary in summaries:
        cited: dict[str, list[list[str]]] = {}
        for sentence, _start, _end, key in summary.references:
            target = catalogue.find(key)
            if target is None or target.id == summary.id:
                continue
            links[summary.id].titles[key] = target
            sentences = cited.setdefault(target.id, [])
            place = [sentence, urls.unit_url(summary.id, sentence)]
            if place not in sentences:
                sentences.append(place)
        for target_id, sentences in cited.items():
            links[summary.id].cites.append(Citation(refs[target_id], sentences))
            links[target_id].cited_by.append(Citation(refs[summary.id], sentences))
    for plan_links in links.values():
        plan_links.cited_by.sort(key=lambda c: _order(by_id[c.plan.id]))
    return links


def _order(summary: Any) -> tuple[Any, ...]:
    """Plans from the widest level down, then by date issued, then by id."""
    from builder.meta import LEVELS

    meta = summary.meta or {}
    level = meta.get("level")
    return (LEVELS.index(level) if level in LEVELS else len(LEVELS), meta.get("date_issued") or "9999", summary.id)


def ordered(summaries: list[Any]) -> list[Any]:
    """The site's plans in the portal's default order: widest level first, then oldest first."""
    return sorted(summaries, key=_order)


def apply_links(view: Any, links: PlanLinks) -> None:
    """Link each title in ``view``'s text that names a plan of the site (:attr:`PlanLinks.titles`)
    to it, and give the view its links (the home page lists them). A glossary term inside the
    title is then part of the title's link."""
    from builder.render.views import PlanLink

    view.links = links
    view.basis_links = [links.titles.get(title_key(title)) for title in view.basis]
    if not links.titles:
        return
    for clause in view.clauses.values():
        for sentence in clause.sentences:
            spans = [(a, b, links.titles[key]) for a, b, key in reference_spans(sentence.zh) if key in links.titles]
            if spans:
                sentence.pieces = _cut(sentence.pieces, [(a, b, PlanLink(r.id, r.title_zh, r.title_en, r.url))
                                                         for a, b, r in spans])


def _cut(pieces: list[tuple[str, Any]], spans: list[tuple[int, int, Any]]) -> list[tuple[str, Any]]:
    """``pieces`` (text, link) re-cut so that each span is one piece with its own link; a piece a
    span overlaps keeps what is outside the span, without its link (a term cut in two is no term)."""
    text = "".join(p for p, _ in pieces)
    cut: list[tuple[int, int, Any]] = [(a, b, link) for a, b, link in spans]
    at = 0
    for piece, link in pieces:
        start, end = at, at + len(piece)
        at = end
        rest = [(start, end)]
        for a, b, _ in spans:
            rest = [r for lo, hi in rest for r in ((lo, min(hi, a)), (max(lo, b), hi)) if r[0] < r[1]]
        whole = rest == [(start, end)]
        cut += [(lo, hi, link if whole else None) for lo, hi in rest]
    out: list[tuple[str, Any]] = []
    for a, b, link in sorted(cut, key=lambda c: c[0]):
        if out and link is None and out[-1][1] is None:
            out[-1] = (out[-1][0] + text[a:b], None)
        else:
            out.append((text[a:b], link))
    return out


# --------------------------------------------------------------------------------------------
# The portal and data/plans.json


@dataclass
class Card:
    """A plan on the portal: its metadata, headline figures and counts."""

    summary: Any
    meta: Any  # builder.meta.PlanMeta, or None
    headline: list[Any]  # TargetRow
    links: PlanLinks

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def home(self) -> str:
        return self.summary.home

    @property
    def title_zh(self) -> str:
        return self.summary.title_zh

    @property
    def title_en(self) -> str | None:
        return self.summary.title_en

    @property
    def level(self) -> str:
        return self.meta.level if self.meta else "unknown"

    @property
    def year(self) -> str:
        return (self.meta.year if self.meta else None) or ""

    @property
    def date(self) -> str:
        return (self.meta.date_issued if self.meta else None) or ""

    @property
    def region_key(self) -> str:
        return self.meta.region_zh if self.meta else ""


@dataclass
class Option:
    """One choice of a portal filter: the value cards carry, and its label in each language."""

    value: str
    label_zh: str
    label_en: str | None
    count: int


#: how many headline figures a card shows
CARD_FIGURES = 3


def portal_cards(summaries: list[Any], links: dict[str, PlanLinks]) -> list[Card]:
    """The portal's cards, widest level first, then oldest first."""
    from builder.render.views import TargetRow

    cards = []
    for summary in ordered(summaries):
        rows = {row["id"]: row for row in summary.targets}
        headline = [TargetRow(summary.id, rows[i]) for i in summary.headline if i in rows][:CARD_FIGURES]
        cards.append(Card(summary, summary.plan_meta, headline, links.get(summary.id) or PlanLinks()))
    return cards


def filter_options(cards: list[Card], strings: dict[str, dict[str, str]]) -> dict[str, list[Option]]:
    """The portal's filters: levels (widest first), regions (by their Chinese name), years (newest
    first), each with the number of plans it selects."""
    from builder.meta import LEVELS

    levels: dict[str, int] = {}
    regions: dict[str, tuple[str | None, int]] = {}
    years: dict[str, int] = {}
    for card in cards:
        levels[card.level] = levels.get(card.level, 0) + 1
        if card.meta:
            en, count = regions.get(card.meta.region_zh, (card.meta.region_en, 0))
            regions[card.meta.region_zh] = (en, count + 1)
        if card.year:
            years[card.year] = years.get(card.year, 0) + 1
    order = list(LEVELS) + ["unknown"]
    return {
        "level": [Option(level, strings[f"level_{level}"]["zh"], strings[f"level_{level}"]["en"], n)
                  for level, n in sorted(levels.items(), key=lambda kv: order.index(kv[0]))],
        "region": [Option(zh, zh, en, n) for zh, (en, n) in sorted(regions.items())],
        "year": [Option(year, year, year, n) for year, n in sorted(years.items(), reverse=True)],
    }


def plans_rows(summaries: list[Any], links: dict[str, PlanLinks]) -> list[dict[str, Any]]:
    """``data/plans.json``: every plan's metadata, counts and addresses, and the plans it cites and
    that cite it (schema ``builder/schemas/plans.schema.json``)."""
    rows = []
    for summary in ordered(summaries):
        meta = summary.plan_meta
        document = summary.document or {}
        plan_links = links.get(summary.id) or PlanLinks()
        rows.append({
            "id": summary.id,
            "title_zh": summary.title_zh,
            "title_en": summary.title_en,
            "issuer_zh": meta.issuer_zh if meta else summary.issuer,
            "issuer_en": meta.issuer_en if meta else None,
            "level": meta.level if meta else None,
            "region_zh": meta.region_zh if meta else None,
            "region_en": meta.region_en if meta else None,
            "within_zh": meta.within_zh if meta else None,
            "within_en": meta.within_en if meta else None,
            "document_number": meta.document_number if meta else None,
            "date_issued": meta.date_issued if meta else None,
            "status": meta.status if meta else None,
            "source": {
                "name": (meta.source_name if meta else None) or document.get("file"),
                "url": document.get("url") or (meta.source_url if meta else None),
                "sha256": document.get("sha256") or (meta.source_sha256 if meta else None),
            },
            "url": summary.home,
            "url_en": urls.in_lang(summary.home, "en"),
            "data": f"data/{summary.id}/",
            "counts": {"clauses": summary.clause_count, "targets": summary.target_count,
                       "agencies": summary.agency_count, "deadlines": summary.deadline_count},
            "headline": list(summary.headline),
            "cites": [c.plan.id for c in plan_links.cites],
            "cited_by": [c.plan.id for c in plan_links.cited_by],
        })
    return rows
