"""Targets compared across plans: the metric registry, which target joins which metric, and the
site-wide pages ``metrics/`` and ``metrics/<id>/`` with ``data/metrics.json``.

The registry (``content/metrics.yaml``, schema ``metrics-content``) lists metrics, each with a
stable ASCII ``id``, an English name and the Chinese forms plans write it in. Guarantees:

* **Curation, never similarity.** A target joins a metric only when its ``metric_zh``, with
  whitespace removed, *is* one of the metric's forms (a level: 非化石能源消费比重), or one of them
  followed by a verb of decrease (单位国内生产总值能源消耗 + 下降: a reduction). Two metrics whose
  names look alike (煤炭消费比重, 煤炭消费占一次能源消费比重) stay apart until a curator lists
  both as forms of one metric; every name of a numeric target the registry does not know is
  listed on ``metrics/`` for that curator.
* **Only like beside like.** A target's *scale* is its relation (``level``; ``reduction``;
  ``change``: another value against a baseline year), its normalised unit and its baseline year.
  Targets of one scale are drawn on one axis; each other scale gets a chart of its own, and
  qualitative targets or values without a normalised unit are listed in a table, never drawn.
* **Summaries only.** Everything here is computed from the plans' summaries
  (:class:`~builder.render.site.PlanSummary`: ``targets`` and ``meta``), so these pages cost the
  same whatever the number of plans, and no plan is loaded to render them.
* **Deterministic.** Metrics in registry order; plans national first (:data:`builder.meta.LEVELS`),
  then by id; targets in each plan's reading order; unknown names by their text.

============================  =========================  ========================
a target's ``metric_zh``      registry forms of ``x``    joins ``x`` as
============================  =========================  ========================
``非化石能源消费比重``          ``非化石能源消费比重``        level
``单位生产总值能耗下降``        ``单位生产总值能耗``          reduction
``非化石能源消费比重进一步提高``  ``非化石能源消费比重``        (not joined)
``煤炭消费比重``                ``煤炭消费占一次能源消费比重``  (not joined)
============================  =========================  ========================
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import jsonschema
import markupsafe

from builder.errors import ValidationError
from builder.meta import LEVELS
from builder.render import charts, urls
from builder.serialize import dump_json, load_schema

#: Verbs that, after a metric's form, make a target a reduction of it (as extraction names them:
#: "reduction in <metric>").
DECREASE = ("下降", "降低", "减少", "削减")
RELATIONS = ("level", "reduction", "change")
INDEX = "metrics/"
EXPORT = "data/metrics.json"


def form_key(text: str) -> str:
    """A metric's name as compared: without whitespace (full-width spaces included)."""
    return "".join(str(text).split())


# -- the registry ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Metric:
    """One metric of the registry."""

    id: str
    en: str
    zh: tuple[str, ...]

    @property
    def name_zh(self) -> str:
        return self.zh[0]

    @property
    def name_en(self) -> str:
        return self.en

    @property
    def url(self) -> str:
        return f"{INDEX}{self.id}/"


@dataclass(frozen=True)
class MetricRegistry:
    """``content/metrics.yaml``: the metrics, and each form → its metric."""

    metrics: tuple[Metric, ...] = ()
    forms: dict[str, Metric] = field(default_factory=dict, compare=False)

    @classmethod
    def from_data(cls, data: Any, shown: str = "content/metrics.yaml") -> MetricRegistry:
        """The registry from its YAML data (``None``: an empty registry). A registry that breaks
        its schema, repeats an id, or gives one form to two metrics is a
        :class:`~builder.errors.ValidationError` naming the file and the path of every problem."""
        if data is None:
            return cls()
        problems = registry_problems(data, shown)
        if problems:
            raise ValidationError(problems)
        metrics = tuple(Metric(str(m["id"]), str(m["en"]), tuple(str(z) for z in m["zh"])) for m in data["metrics"])
        return cls(metrics, {form_key(z): m for m in metrics for z in m.zh})

    def english_names(self) -> dict[str, str]:
        """Each form as written → the metric's English name (extraction's ``metric_en``)."""
        return {z: m.en for m in self.metrics for z in m.zh}

    def match(self, metric_zh: str) -> tuple[Metric, str] | None:
        """The metric a target's ``metric_zh`` names and how: ``"level"`` (one of its forms) or
        ``"reduction"`` (a form followed by a verb of decrease); ``None`` where it names none."""
        key = form_key(metric_zh)
        if key in self.forms:
            return self.forms[key], "level"
        for verb in DECREASE:
            if key.endswith(verb) and key[: -len(verb)] in self.forms:
                return self.forms[key[: -len(verb)]], "reduction"
        return None


def registry_problems(data: Any, shown: str, schema: bool = True) -> list[str]:
    """Every problem of the registry's data, as ``FILE: PATH: message``: its schema (unless
    ``schema`` is false: the caller checks it), then ids used twice, a form given to two metrics
    (after whitespace is removed), and a form that is another metric's form followed by a verb of
    decrease (a target could not say which it names)."""
    problems: list[str] = []
    if schema:
        validator = jsonschema.Draft202012Validator(load_schema("metrics-content"))
        for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
            problems.append(f"{shown}: {_path(list(error.absolute_path))}: {error.message}")
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), list):
        return problems
    ids: dict[str, int] = {}
    forms: dict[str, tuple[int, str]] = {}  # form → (index, id) of its metric
    for i, metric in enumerate(data["metrics"]):
        if not isinstance(metric, dict):
            continue
        metric_id = str(metric.get("id"))
        if metric_id in ids:
            problems.append(f"{shown}: metrics[{i}].id: '{metric_id}' is already the id of metrics[{ids[metric_id]}]")
        ids.setdefault(metric_id, i)
        for j, form in enumerate(metric.get("zh") if isinstance(metric.get("zh"), list) else []):
            if not isinstance(form, str):
                continue
            key = form_key(form)
            if key in forms and forms[key][0] != i:
                problems.append(f"{shown}: metrics[{i}].zh[{j}]: '{form}' is already a form of metric "
                                f"'{forms[key][1]}' (metrics[{forms[key][0]}])")
            forms.setdefault(key, (i, metric_id))
    for key, (i, metric_id) in forms.items():
        for verb in DECREASE:
            if key.endswith(verb) and key[: -len(verb)] in forms and forms[key[: -len(verb)]][0] != i:
                other = forms[key[: -len(verb)]]
                j = [form_key(z) if isinstance(z, str) else None for z in data["metrics"][i]["zh"]].index(key)
                problems.append(f"{shown}: metrics[{i}].zh[{j}]: '{key}' reads as a reduction in metric "
                                f"'{other[1]}' (metrics[{other[0]}]): a target could not say which metric it names")
    return problems


def _path(parts: list[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


# -- the comparison -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanRef:
    """A plan as these pages name it."""

    id: str
    title_zh: str
    title_en: str | None
    level: str | None

    @property
    def home(self) -> str:
        return urls.plan_page(self.id)

    @property
    def order(self) -> tuple[int, str]:
        """National first (:data:`builder.meta.LEVELS`), a plan without a level last; then by id."""
        return (LEVELS.index(self.level) if self.level in LEVELS else len(LEVELS), self.id)


@dataclass(frozen=True)
class Entry:
    """One target of one plan, as the comparison shows it."""

    plan: PlanRef
    target: dict[str, Any]  # the summary's target row (:func:`builder.render.site.target_row`)
    relation: str

    @property
    def drawn(self) -> bool:
        """Whether it has a normalised value to draw (a numeric target with ``value_si``)."""
        return self.target["kind"] == "numeric" and self.target["value_si"] is not None and bool(self.target["unit_si"])

    @property
    def scale(self) -> tuple[str, str, int | None]:
        return (self.relation, self.target["unit_si"] or "", self.target["baseline_year"])

    @property
    def url(self) -> str:
        return self.target["url"]

    @property
    def clause_url(self) -> str:
        return urls.unit_url(self.plan.id, self.target["clause"])

    @property
    def value_text(self) -> str:
        """As written: comparator, value and unit (``≈13%``, ``2500万千瓦``); empty for a qualitative target."""
        t = self.target
        if t["value"] is None:
            return ""
        return f"{_cmp(t['cmp'])}{number(t['value'])}{t['unit'] or ''}"

    @property
    def value_text_si(self) -> str:
        """Normalised: ``≈13%``, ``25 GW``; empty where there is no normalised value."""
        t = self.target
        if t["value_si"] is None or not t["unit_si"]:
            return ""
        unit = "" if t["unit_si"] == "count" else t["unit_si"]
        return f"{_cmp(t['cmp'])}{number(t['value_si'])}{'' if unit in ('', '%', '‰', '×') else ' '}{unit}"

    @property
    def written_is_chinese(self) -> bool:
        return any("\u4e00" <= c <= "\u9fff" for c in self.value_text)


def number(value: float) -> str:
    """``13``, ``16.2``, ``0.000392``: a value without float noise or a trailing ``.0``."""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.10g}" if "e" not in f"{value:.10g}" else f"{value:.12f}".rstrip("0").rstrip(".")


def _cmp(cmp: str | None) -> str:
    return cmp if cmp and cmp != "=" else ""


@dataclass(frozen=True)
class Scale:
    """Targets that can stand on one axis: one relation, one normalised unit, one baseline year."""

    relation: str
    unit: str
    baseline_year: int | None
    entries: tuple[Entry, ...]

    @property
    def plans(self) -> list[PlanRef]:
        return list(dict.fromkeys(e.plan for e in self.entries))

    @property
    def key(self) -> str:
        """For element ids: ``level-pct``, ``reduction-2020-pct``."""
        unit = "".join(c if c.isascii() and c.isalnum() else "-" for c in self.unit.replace("%", "pct")).strip("-")
        return "-".join(p for p in (self.relation, str(self.baseline_year or ""), unit.lower()) if p) or "scale"


@dataclass(frozen=True)
class Comparison:
    """A metric of the registry and every target of every plan that names it."""

    metric: Metric
    plans: tuple[PlanRef, ...]
    entries: tuple[Entry, ...]  # plan by plan (national first), each plan's in reading order

    @property
    def scales(self) -> list[Scale]:
        """The drawable targets by scale: the scale most plans share first."""
        groups: dict[tuple[str, str, int | None], list[Entry]] = {}
        for entry in self.entries:
            if entry.drawn:
                groups.setdefault(entry.scale, []).append(entry)
        scales = [Scale(relation, unit, baseline, tuple(entries))
                  for (relation, unit, baseline), entries in groups.items()]
        return sorted(scales, key=lambda s: (-len(s.plans), RELATIONS.index(s.relation), s.baseline_year or 0, s.unit))

    @property
    def not_drawn(self) -> list[Entry]:
        return [e for e in self.entries if not e.drawn]

    def by_plan(self, plan: PlanRef) -> list[Entry]:
        return [e for e in self.entries if e.plan == plan]


@dataclass(frozen=True)
class Unmatched:
    """A metric name the plans set numeric targets for that the registry does not know."""

    metric_zh: str
    uses: tuple[tuple[PlanRef, tuple[dict[str, Any], ...]], ...]


@dataclass(frozen=True)
class Corpus:
    """What the metric pages show: compared metrics (two plans or more), metrics of the registry
    set by one plan, and names the registry does not know."""

    compared: tuple[Comparison, ...]
    single: tuple[Comparison, ...]
    unmatched: tuple[Unmatched, ...]


def plan_ref(summary: Any) -> PlanRef:
    meta = summary.meta or {}
    return PlanRef(summary.id, summary.title_zh, summary.title_en or meta.get("title_en"), meta.get("level"))


def compare(summaries: Sequence[Any], registry: MetricRegistry) -> Corpus:
    """Every target of every plan matched to the registry (:meth:`MetricRegistry.match`)."""
    plans = sorted((plan_ref(s) for s in summaries), key=lambda p: p.order)
    by_id = {s.id: s for s in summaries}
    matched: dict[str, list[Entry]] = {}
    unknown: dict[str, dict[PlanRef, list[dict[str, Any]]]] = {}
    for plan in plans:
        for target in by_id[plan.id].targets:
            found = registry.match(target["metric_zh"] or "")
            if found is None:
                if target["kind"] == "numeric" and form_key(target["metric_zh"] or ""):
                    unknown.setdefault(target["metric_zh"], {}).setdefault(plan, []).append(target)
                continue
            metric, relation = found
            if relation == "level" and target["baseline_year"] is not None:
                relation = "change"  # 比2020年提高…: a change against a baseline, not a level
            matched.setdefault(metric.id, []).append(Entry(plan, target, relation))
    compared, single = [], []
    for metric in registry.metrics:
        entries = tuple(matched.get(metric.id, ()))
        setters = tuple(dict.fromkeys(e.plan for e in entries))
        if setters:
            (compared if len(setters) > 1 else single).append(Comparison(metric, setters, entries))
    unmatched = tuple(Unmatched(name, tuple((plan, tuple(targets)) for plan, targets in uses.items()))
                      for name, uses in sorted(unknown.items()))
    return Corpus(tuple(compared), tuple(single), unmatched)


# -- the export -----------------------------------------------------------------------------------

def export_rows(corpus: Corpus) -> list[dict[str, Any]]:
    """``data/metrics.json``: every compared metric with each plan's targets (schema ``metrics``)."""
    rows = []
    for c in corpus.compared:
        rows.append({
            "id": c.metric.id, "name_zh": c.metric.name_zh, "name_en": c.metric.name_en, "forms": list(c.metric.zh),
            "url": c.metric.url, "url_en": urls.in_lang(c.metric.url, "en"),
            "plans": [{
                "plan": plan.id, "title_zh": plan.title_zh, "title_en": plan.title_en, "level": plan.level,
                "url": plan.home, "url_en": urls.in_lang(plan.home, "en"),
                "targets": [{
                    "id": e.target["id"], "metric_zh": e.target["metric_zh"], "relation": e.relation,
                    "year": e.target["year"], "value": e.target["value"], "unit": e.target["unit"],
                    "value_si": e.target["value_si"], "unit_si": e.target["unit_si"], "cmp": e.target["cmp"],
                    "baseline_year": e.target["baseline_year"], "kind": e.target["kind"],
                    "url": e.url, "url_en": urls.in_lang(e.url, "en"),
                } for e in c.by_plan(plan)],
            } for plan in c.plans],
        })
    return rows


# -- the pages ------------------------------------------------------------------------------------

class Renderer(Protocol):
    """What the metric pages need of a language's renderer (:class:`builder.render.site._LangRenderer`)."""

    lang: str
    language: Any

    def t(self, key: str) -> str: ...
    def linker(self, page: str) -> Callable[[str], str]: ...
    def page(self, template: str, page: str, title: str, **context: Any) -> None: ...


def render_metric_pages(summaries: Sequence[Any], registry: MetricRegistry | None, renderers: Sequence[Renderer],
                        add: Callable[[str, str], None]) -> None:
    """``metrics/`` and ``metrics/<id>/`` in each renderer's language, and ``data/metrics.json``
    (through ``add``, with the Chinese tree: data files are not translated)."""
    corpus = compare(summaries, registry or MetricRegistry())
    for renderer in renderers:
        _MetricPages(renderer, corpus).render()
    add(f"zh/{EXPORT}", dump_json(export_rows(corpus)))


@dataclass(frozen=True)
class Row:
    """One line of a metric page's table: everything shown, computed here (no logic in templates)."""

    entry: Entry
    first_of_plan: bool

    @property
    def plan(self) -> PlanRef:
        return self.entry.plan

    @property
    def t(self) -> dict[str, Any]:
        return self.entry.target


@dataclass(frozen=True)
class Section:
    """A scale of a metric page: its heading, its chart (or none) and its rows."""

    id: str
    heading: str
    chart: markupsafe.Markup | None
    rows: tuple[Row, ...]


class _MetricPages:
    def __init__(self, renderer: Renderer, corpus: Corpus):
        self.r = renderer
        self.corpus = corpus

    def render(self) -> None:
        self.r.page("metrics.md.j2", INDEX, self.r.t("metrics"), corpus=self.corpus, export=EXPORT)
        for comparison in (*self.corpus.compared, *self.corpus.single):  # every target of a metric leads here
            name = self._plain(comparison.metric.name_zh, comparison.metric.name_en)
            self.r.page("metric.md.j2", comparison.metric.url, f"{name} · {self.r.t('metrics')}",
                        comparison=comparison, metric=comparison.metric, sections=self._sections(comparison),
                        not_drawn=_rows(comparison.not_drawn), export=EXPORT, index=INDEX)

    def _plain(self, zh: str, en: str | None) -> str:
        return self.r.language.plain(zh, en)

    def scale_label(self, scale: Scale) -> str:
        if scale.relation == "reduction" and scale.baseline_year is None:
            words = self.r.t("scale_reduction_unstated")
        else:
            words = self.r.t(f"scale_{scale.relation}").format(year=scale.baseline_year)
        unit = self.r.t("scale_count") if scale.unit == "count" else scale.unit
        return f"{words} ({unit})" if self.r.lang == "en" else f"{words}（{unit}）"

    def _sections(self, comparison: Comparison) -> list[Section]:
        link = self.r.linker(comparison.metric.url)
        name = self._plain(comparison.metric.name_zh, comparison.metric.name_en)
        sections = []
        for scale in comparison.scales:
            label = self.scale_label(scale)
            chart = self._chart(scale, name, label, link, f"ps-metric-{scale.key}")
            sections.append(Section(f"scale-{scale.key}", label, chart, _rows(list(scale.entries))))
        return sections

    def _chart(self, scale: Scale, name: str, label: str, link: Callable[[str], str], prefix: str) -> markupsafe.Markup:
        series = []
        for plan in scale.plans:
            own = self.r.lang == "zh" or bool(plan.title_en)
            title = self._plain(plan.title_zh, plan.title_en)
            marks = [charts.Mark(e.target["year"], float(e.target["value_si"]), e.value_text_si,
                                 _tooltip(title, e), link(e.url))
                     for e in scale.entries if e.plan == plan]
            series.append(charts.Series(title, link(plan.home), marks, None if own else "zh-CN"))
        svg = charts.metric_chart(
            series, axis_title=label, title=f"{name}: {label}",
            description=self.r.t("metric_chart_description").format(plans=len(series), axis=label),
            caption=self.r.t("metric_chart_caption"), id_prefix=prefix)
        return markupsafe.Markup(svg)  # every text in it is escaped by the chart module


def _tooltip(title: str, entry: Entry) -> str:
    """A marker's tooltip: plan, year and value (as written too, where that differs)."""
    shown = f"{title} · {entry.target['year']} · {entry.value_text_si}"
    return shown + (f" ({entry.value_text})" if entry.value_text != entry.value_text_si else "")


def _rows(entries: list[Entry]) -> tuple[Row, ...]:
    rows, last = [], None
    for entry in entries:
        rows.append(Row(entry, entry.plan != last))
        last = entry.plan
    return tuple(rows)
