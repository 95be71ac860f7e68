"""Targets compared across plans (``metrics/``, ``metrics/<id>/``, ``data/metrics.json``).

A target joins a metric only through the registry (``content/metrics.yaml``): its metric must be
one of the metric's forms, exactly (whitespace aside), or one of them followed by a verb of
decrease. Made-up summaries check that names which look alike are never merged, that what the
registry does not know is listed, and that a level and a reduction are never drawn on one axis;
the real site's export validates and resolves; Chromium reads the non-fossil share's comparison.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from builder.check import check_content
from builder.errors import ValidationError
from builder.project import Project
from builder.render import charts
from builder.render.metrics import MetricRegistry, compare, export_rows, registry_problems
from builder.render.site import PlanSummary, make_environment, render_root
from builder.serialize import load_schema
from tests.conftest import ROOT, SEEDS
from tests.contract import SiteIndex

# -- made-up plans --------------------------------------------------------------------------------

#: Two metrics whose names look alike but are not the same forms: the registry keeps them apart.
REGISTRY = {"metrics": [
    {"id": "coal-share", "en": "share of coal in total energy consumption", "zh": ["煤炭消费比重"]},
    {"id": "coal-share-primary", "en": "share of coal in primary energy consumption", "zh": ["煤炭消费占一次能源消费比重"]},
    {"id": "energy-intensity", "en": "energy consumption per unit of GDP", "zh": ["单位生产总值能耗", "单位地区生产总值能耗"]},
]}


def target(tid: str, metric: str, year: int, value: float | None, unit: str | None = "%",
           baseline: int | None = None, cmp: str | None = "=", plan: str = "x") -> dict[str, Any]:
    clause = tid.rsplit(".", 1)[0]
    return {"id": tid, "clause": clause, "year": year, "period": None, "metric_zh": metric, "metric_en": None,
            "value": value, "unit": unit if value is not None else None, "value_si": value,
            "unit_si": unit if value is not None else None, "cmp": cmp if value is not None else None,
            "baseline_year": baseline, "kind": "numeric" if value is not None else "qualitative", "quote": metric,
            "url": f"{plan}/{clause.replace('.', '/')}/t{tid.rsplit('t', 1)[1]}/", "text_zh": metric,
            "label_zh": f"{clause} 目标", "label_en": f"{clause}, target"}


def summary(plan: str, level: str | None, title: str, *targets: dict[str, Any]) -> PlanSummary:
    meta = None if level is None else {"title_zh": title, "title_en": None, "issuer_zh": "某地人民政府", "issuer_en": None,
                                       "level": level, "region_zh": "某地", "region_en": None, "status": "final"}
    return PlanSummary(plan, title, None, 10, len(targets), meta=meta,
                       targets=tuple({**t, "url": t["url"].replace("x/", f"{plan}/", 1)} for t in targets))


def made_up() -> list[PlanSummary]:
    return [
        summary("city", "municipal", "某市方案",
                target("2.1.t1", "煤炭消费比重", 2025, 50),
                target("2.1.t2", "单位地区生产总值能耗下降", 2025, 15, baseline=2020),
                target("2.1.t3", "煤炭消费比重进一步提高", 2030, 55)),
        summary("province", "provincial", "某省方案",
                target("1.1.t1", "煤炭消费 比重", 2025, 45, cmp="≤"),  # whitespace aside: the same form
                target("1.1.t2", "煤炭消费占一次能源消费比重", 2025, 40),
                target("1.1.t3", "单位生产总值能耗下降", 2025, 14, baseline=2020),
                target("1.1.t4", "单位生产总值能耗下降", 2030, 60, baseline=2005)),
        summary("nation", "national", "全国方案",
                target("2.p1.t1", "单位生产总值能耗", 2030, 0.4, unit="tce/10k yuan"),
                target("2.p1.t2", "单位生产总值能耗下降", 2025, 13.5, baseline=2020),
                target("2.p1.t3", "煤炭消费比重", 2030, None)),
    ]


def test_names_that_look_alike_are_never_merged() -> None:
    corpus = compare(made_up(), MetricRegistry.from_data(REGISTRY))
    compared = {c.metric.id: c for c in corpus.compared}
    assert set(compared) == {"coal-share", "energy-intensity"}
    coal = compared["coal-share"]
    assert [p.id for p in coal.plans] == ["nation", "province", "city"]  # national first
    assert [(e.plan.id, e.target["id"]) for e in coal.entries] == [
        ("nation", "2.p1.t3"), ("province", "1.1.t1"), ("city", "2.1.t1")]
    # 煤炭消费占一次能源消费比重 looks like 煤炭消费比重 but is another metric: set by one plan only
    assert [(c.metric.id, [p.id for p in c.plans]) for c in corpus.single] == [("coal-share-primary", ["province"])]
    # 煤炭消费比重进一步提高 is not a form, nor a form and a verb of decrease: listed for a curator
    assert [(u.metric_zh, [(p.id, [t["id"] for t in ts]) for p, ts in u.uses]) for u in corpus.unmatched] == [
        ("煤炭消费比重进一步提高", [("city", ["2.1.t3"])])]


def test_a_level_and_reductions_against_different_years_are_never_on_one_axis() -> None:
    corpus = compare(made_up(), MetricRegistry.from_data(REGISTRY))
    (energy,) = [c for c in corpus.compared if c.metric.id == "energy-intensity"]
    scales = [(s.relation, s.unit, s.baseline_year, [(e.plan.id, e.target["value_si"]) for e in s.entries])
              for s in energy.scales]
    assert scales == [
        ("reduction", "%", 2020, [("nation", 13.5), ("province", 14), ("city", 15)]),
        ("level", "tce/10k yuan", None, [("nation", 0.4)]),
        ("reduction", "%", 2005, [("province", 60)]),
    ]
    (coal,) = [c for c in corpus.compared if c.metric.id == "coal-share"]
    assert [e.target["id"] for e in coal.not_drawn] == ["2.p1.t3"]  # qualitative: in a table, not drawn
    assert [(s.relation, [e.target["cmp"] for e in s.entries]) for s in coal.scales] == [("level", ["≤", "="])]


def test_the_export_of_made_up_plans_validates() -> None:
    rows = export_rows(compare(made_up(), MetricRegistry.from_data(REGISTRY)))
    jsonschema.validate(rows, load_schema("metrics"))
    energy = next(r for r in rows if r["id"] == "energy-intensity")
    assert energy["url"] == "metrics/energy-intensity/" and energy["url_en"] == "en/metrics/energy-intensity/"
    assert [p["plan"] for p in energy["plans"]] == ["nation", "province", "city"]
    assert [(t["id"], t["relation"], t["baseline_year"]) for t in energy["plans"][1]["targets"]] == [
        ("1.1.t3", "reduction", 2020), ("1.1.t4", "reduction", 2005)]


# -- the registry ---------------------------------------------------------------------------------

@pytest.mark.parametrize("data, problem", [
    ({"metrics": [{"id": "a", "en": "A", "zh": ["甲"]}, {"id": "a", "en": "B", "zh": ["乙"]}]},
     "x.yaml: metrics[1].id: 'a' is already the id of metrics[0]"),
    ({"metrics": [{"id": "a", "en": "A", "zh": ["煤炭消费比重"]}, {"id": "b", "en": "B", "zh": ["煤炭 消费比重"]}]},
     "x.yaml: metrics[1].zh[0]: '煤炭 消费比重' is already a form of metric 'a' (metrics[0])"),
    ({"metrics": [{"id": "a", "en": "A", "zh": ["能耗"]}, {"id": "b", "en": "B", "zh": ["能耗下降"]}]},
     "x.yaml: metrics[1].zh[0]: '能耗下降' reads as a reduction in metric 'a' (metrics[0]): "
     "a target could not say which metric it names"),
    ({"metrics": [{"id": "Non Fossil", "en": "A", "zh": ["甲"]}]},
     "x.yaml: metrics[0].id: 'Non Fossil' does not match '^[a-z0-9]+(-[a-z0-9]+)*$'"),
    ({"metrics": [{"zh": "非化石能源消费比重", "en": "share"}]}, "x.yaml: metrics[0]: 'id' is a required property"),
])
def test_a_bad_registry_is_reported_with_its_file_and_path(data: Any, problem: str) -> None:
    assert problem in registry_problems(data, "x.yaml")
    with pytest.raises(ValidationError) as error:
        MetricRegistry.from_data(data, "x.yaml")
    assert problem in error.value.problems


def test_plansite_check_reports_a_bad_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "metrics.yaml").write_text(
        "metrics:\n  - {id: a, en: A, zh: [甲, 乙]}\n  - {id: b, en: B, zh: [乙]}\n  - {id: c, zh: [丙]}\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    problems, checked = check_content(Project(tmp_path))
    assert checked == 1
    assert problems == ["content/metrics.yaml: metrics[2]: 'en' is a required property",
                        "content/metrics.yaml: metrics[1].zh[0]: '乙' is already a form of metric 'a' (metrics[0])"]


def test_the_registry_names_every_form_as_extraction_did() -> None:
    """Every plan's targets keep the English names they were extracted with (``content/<plan>/plan.yaml``,
    written before the registry had ids): the registry changed shape, not names."""
    project = Project(ROOT)
    registry = project.metric_registry()
    names = project.metric_names()
    assert len(registry.metrics) > 60
    for metric in registry.metrics:
        for form in metric.zh:
            assert names.english(form) == metric.en
            assert names.english(form + "下降") == f"reduction in {metric.en}"
    for seed in sorted(SEEDS.glob("*.txt")):
        stored = yaml.safe_load((ROOT / "content" / seed.stem / "plan.yaml").read_text(encoding="utf-8"))
        before = {t["id"]: t["metric_en"] for t in _targets(stored)}
        after = {t.id: t.metric_en for _, t in project.parse(seed).targets()}
        assert after == before, seed.stem


def _targets(data: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(data, dict):
        if "metric_en" in data and "id" in data:
            found.append(data)
        for value in data.values():
            found += _targets(value)
    elif isinstance(data, list):
        for value in data:
            found += _targets(value)
    return found


# -- the chart ------------------------------------------------------------------------------------

def test_the_chart_puts_one_year_on_one_x_and_links_every_marker() -> None:
    series = [charts.Series("全国<方案>", "../../national/", [charts.Mark(2025, 20, "≈20%", "全国 · 2025 · ≈20%", "../../n/t7/"),
                                                            charts.Mark(2030, 25, "≈25%", "全国 · 2030", "../../n/t10/")]),
              charts.Series("某市&方案", "../../city/", [charts.Mark(2025, 13, "≈13%", "某市 · 2025", "../../c/t4/")])]
    svg = charts.metric_chart(series, axis_title="数值（%）", title="非化石 <能源>", description="d", caption="c",
                              id_prefix="ps-metric-level-pct")
    assert svg == charts.metric_chart(series, axis_title="数值（%）", title="非化石 <能源>", description="d",
                                      caption="c", id_prefix="ps-metric-level-pct")
    root = ET.fromstring(svg)  # well-formed XML, every text escaped
    ns = {"s": charts.SVG_NS}
    assert root.find("s:svg/s:title", ns).text == "非化石 <能源>"
    marks = root.findall(".//s:a[@class='ps-chart__mark']", ns)
    assert [m.get("href") for m in marks] == ["../../n/t7/", "../../n/t10/", "../../c/t4/"]
    assert all(m[0].tag == f"{{{charts.SVG_NS}}}title" for m in marks)
    markers = root.findall(".//*[@class='ps-chart__marker']", ns)
    x = {(m.get("data-series"), m.get("data-year")): m.get("data-x") for m in markers}
    assert x[("0", "2025")] == x[("1", "2025")] != x[("0", "2030")]
    y = {m.get("data-value"): float(m.get("data-y")) for m in markers}
    assert y["25"] < y["20"] < y["13"]  # higher values higher up
    legend = [t.text for t in root.findall(".//s:g[@class='ps-chart__legend']//s:text", ns)]
    assert legend == ["全国<方案>", "某市&方案"]
    assert {m.tag.split("}")[1] for m in markers} == {"circle", "rect"}  # a shape per plan, not only a colour


@pytest.mark.parametrize("mark, message", [
    (charts.Mark(2025, 1, "1", "t", "javascript:alert(1)"), "without a scheme"),
    (charts.Mark(2025, float("nan"), "1", "t", None), "finite number"),
    (charts.Mark("2025", 1, "1", "t", None), "must be an int"),  # type: ignore[arg-type]
])
def test_the_chart_refuses_what_it_cannot_draw_safely(mark: charts.Mark, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        charts.metric_chart([charts.Series("p", None, [mark])], axis_title="a", title="t", description="d",
                            caption="c", id_prefix="p")


def test_hostile_names_reach_pages_chart_and_json_as_text() -> None:
    hostile = "<script>window.__pwned=1</script>&amp;"
    registry = MetricRegistry.from_data({"metrics": [{"id": "solar", "en": f"solar {hostile}", "zh": ["光伏装机"]}]})
    plans = [summary("a", "municipal", f"甲{hostile}", target("1.t1", "光伏装机", 2025, 10, unit="GW")),
             summary("b", None, f"乙{hostile}", target("1.t1", "光伏装机", 2025, 20, unit="GW"))]
    strings = yaml.safe_load((ROOT / "templates" / "strings.yaml").read_text(encoding="utf-8"))
    files = render_root(plans, make_environment(ROOT / "templates"), strings, None, True, registry)
    escaped = "&lt;script&gt;window.__pwned=1&lt;/script&gt;&amp;amp;"
    for page in ("zh/metrics/solar/index.md", "en/metrics/solar/index.md", "zh/metrics/index.md"):
        assert "<script>" not in files[page]
        assert f"甲{escaped}" in files[page] and f"乙{escaped}" in files[page]
    assert f"solar {escaped}" in files["en/metrics/solar/index.md"].split("<svg", 1)[1]  # the chart's title
    rows = json.loads(files["zh/data/metrics.json"])
    assert rows[0]["name_en"] == f"solar {hostile}"
    assert [p["title_zh"] for p in rows[0]["plans"]] == [f"甲{hostile}", f"乙{hostile}"]  # a plan without a level last


# -- the real site --------------------------------------------------------------------------------

def test_the_export_validates_and_every_url_resolves(site: Path) -> None:
    rows = json.loads((site / "data" / "metrics.json").read_text(encoding="utf-8"))
    jsonschema.validate(rows, load_schema("metrics"))
    index = SiteIndex(site)
    urls = [u for r in rows for u in (r["url"], r["url_en"])]
    urls += [u for r in rows for p in r["plans"] for u in (p["url"], p["url_en"])]
    urls += [u for r in rows for p in r["plans"] for t in p["targets"] for u in (t["url"], t["url_en"])]
    assert len(urls) > 50
    assert [u for u in urls if not index.resolves(u)] == []
    assert index.resolves("metrics/") and index.resolves("en/metrics/")
    ids = {r["id"] for r in rows}
    assert {"non-fossil-share", "energy-intensity", "carbon-intensity"} <= ids
    for row in rows:
        assert len(row["plans"]) >= 2
        levels = [p["level"] for p in row["plans"]]
        order = ["national", "sector", "provincial", "municipal", "district", None]
        assert levels == sorted(levels, key=order.index), row["id"]  # national first


def test_the_index_lists_what_the_registry_does_not_know(site: Path) -> None:
    html = (site / "metrics" / "index.html").read_text(encoding="utf-8")
    unmatched = html.split('id="unmatched"', 1)[1]
    # a quantitative target of Shanghai's whose metric the registry lacks, linked to its target page
    assert "主力运输船型新船设计能效水平" in unmatched
    assert 'href="../shanghai/2/5/2/t6/"' in unmatched
    # the comparisons are linked from the site's navigation
    assert 'href="metrics/"' in (site / "index.html").read_text(encoding="utf-8")


def test_every_target_of_a_registered_metric_leads_to_its_comparison(site: Path) -> None:
    """A target page links the page of its metric (metrics/<id>/), in both languages, where the
    registry knows the metric; a metric only one plan sets has its page too, which says so."""
    registry = Project(ROOT).metric_registry()
    linked = unlinked = 0
    for plan in ("dongying", "shanghai"):
        for target in json.loads((site / "data" / plan / "targets.json").read_text(encoding="utf-8")):
            found = registry.match(target["metric_zh"] or "")
            for lang in ("", "en/"):
                page = (site / lang / target["url"] / "index.html").read_text(encoding="utf-8")
                links = re.findall(r'<a class="ps-metric-link" href="([^"]+)">', page)
                if found is None:
                    assert links == [], target["id"]
                    unlinked += 1
                    continue
                assert links == ["../" * target["url"].count("/") + f"metrics/{found[0].id}/"], target["id"]
                assert (site / lang / "metrics" / found[0].id / "index.html").is_file()
                linked += 1
    assert linked > 40 and unlinked > 10  # both kinds are seen
    compared = (site / "metrics/non-fossil-share/index.html").read_text(encoding="utf-8")
    assert 'class="ps-notice" role="note">本站目前只有这一个方案' not in compared
    index = (site / "metrics" / "index.html").read_text(encoding="utf-8")
    single = re.findall(r'<tr id="([a-z0-9-]+)"><td><a href="\1/">', index.split('id="single"', 1)[1])
    assert single
    for metric in single:
        html = (site / "metrics" / metric / "index.html").read_text(encoding="utf-8")
        assert "本站目前只有这一个方案设定该指标" in html, metric
    assert "Only one plan of this site sets this metric" in (site / "en/metrics" / single[0] / "index.html").read_text(encoding="utf-8")


#: Every plan's 非化石能源消费比重 target, as its text writes it (seeds/):
#: 国务院《2030年前碳达峰行动方案》"到2025年，非化石能源消费比重达到20%左右" and "到2030年，非化石能源消费比重达到25%左右";
#: 《上海市碳达峰实施方案》"到2025年，…非化石能源占能源消费总量比重力争达到20%" and "到2030年，非化石能源占能源消费总量比重力争达到25%"
#: (another form of the same metric in the registry);
#: 《东营市碳达峰工作方案》"到2025年，非化石能源消费比重提高至13%左右".
NON_FOSSIL = [("national-2030", "2025", "≈20%"), ("national-2030", "2030", "≈25%"),
              ("shanghai", "2025", "20%"), ("shanghai", "2030", "25%"), ("dongying", "2025", "≈13%")]
QUOTES = {"national-2030": ["到2025年，非化石能源消费比重达到20%左右", "到2030年，非化石能源消费比重达到25%左右"],
          "shanghai": ["非化石能源占能源消费总量比重力争达到20%", "到2030年，非化石能源占能源消费总量比重力争达到25%"],
          "dongying": ["到2025年，非化石能源消费比重提高至13%左右"]}


def test_the_values_expected_are_the_plans_own_words() -> None:
    for plan, quotes in QUOTES.items():
        text = (SEEDS / f"{plan}.txt").read_text(encoding="utf-8")
        for quote in quotes:
            assert quote in text, (plan, quote)
    assert "到2025年，单位生产总值能源消耗比2020年下降14%，非化石能源占能源消费总量比重力争达到20%" in \
        (SEEDS / "shanghai.txt").read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_non_fossil_share_compares_three_plans_with_their_values(page, server: str, lang: str) -> None:
    page.goto(server + lang + "metrics/non-fossil-share/")
    rows = page.locator("table.ps-metric-table tbody tr")
    shown = [(rows.nth(i).get_attribute("data-plan"), rows.nth(i).locator("td").nth(2).inner_text(),
              rows.nth(i).locator("td").nth(4).inner_text()) for i in range(rows.count())]
    assert shown == NON_FOSSIL
    # the chart: one marker series per plan, national first, each marker at its value and a link
    chart = page.locator("figure.ps-chart--metric").first
    markers = chart.locator(".ps-chart__marker")
    drawn = [(markers.nth(i).get_attribute("data-series"), markers.nth(i).get_attribute("data-year"),
              markers.nth(i).get_attribute("data-value")) for i in range(markers.count())]
    assert drawn == [("0", "2025", "20"), ("0", "2030", "25"), ("1", "2025", "20"), ("1", "2030", "25"),
                     ("2", "2025", "13")]
    legend = chart.locator(".ps-chart__legend text").all_text_contents()
    assert len(legend) == 3 and ("2030年前碳达峰行动方案" in legend[0] or "Before 2030" in legend[0])
    assert chart.locator("a.ps-chart__mark").first.get_attribute("href").endswith("national-2030/2/p1/t7/")
    # x: the markers of 2025 share one x
    xs = {markers.nth(i).get_attribute("data-x") for i in range(markers.count())
          if markers.nth(i).get_attribute("data-year") == "2025"}
    assert len(xs) == 1
    page.locator("a.ps-chart__mark").first.click()
    page.wait_for_load_state("load")
    assert re.search(r"national-2030/2/p1/t7/$", page.url)


@pytest.mark.browser
def test_a_metric_page_fits_or_scrolls_on_a_phone(browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        phone.goto(server + "en/metrics/energy-intensity/")
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390  # the page itself never scrolls
        for selector in ("figure.ps-chart--metric", "table.ps-metric-table"):
            box = phone.locator(selector).first
            box.scroll_into_view_if_needed()
            fits = phone.evaluate("e => e.scrollWidth <= e.clientWidth", box.element_handle())
            scroller = box if selector.startswith("figure") else phone.locator(".ps-scroll").filter(has=box).first
            scrolls = phone.evaluate("e => getComputedStyle(e).overflowX === 'auto' && e.scrollWidth > e.clientWidth",
                                     scroller.element_handle())
            assert fits or scrolls, selector
    finally:
        context.close()
