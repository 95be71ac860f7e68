"""Many plans on one site: each plan's curated metadata, the portal, ``data/plans.json``, and a
title in one plan's text that names another plan of the site, linked to it."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml

from builder.errors import ValidationError
from builder.meta import PlanMeta
from builder.render.corpus import Catalogue, _cut, link_plans, reference_spans, title_key
from builder.serialize import load_schema
from tests.contract import SiteIndex
from tests.helpers import copy_project, plansite

NATIONAL = "2030年前碳达峰行动方案"


def summary(plan_id: str, title: str, references: list[tuple[str, str]] = (), **meta: object) -> SimpleNamespace:
    """A plan's summary as the site-wide pages read it; ``references``: (sentence id, text)."""
    refs = tuple((sid, a, b, key) for sid, text in references for a, b, key in reference_spans(text))
    return SimpleNamespace(id=plan_id, title_zh=title, title_en=None, meta=meta or None, references=refs)


# -- naming another plan -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    f"根据国家《{NATIONAL}》和《山东省碳达峰实施方案》，制定本方案。",
    f"贯彻落实《国务院{NATIONAL}》。",                       # with its issuer
    f"国务院关于印发{NATIONAL}的通知",                      # the covering notice, without 《》
    f"按照《国务院关于印发{NATIONAL}的通知》要求。",          # the notice, quoted
    f"国务院关于印发《{NATIONAL}》的通知",                  # the notice, the title quoted
    f"根据《 2030年前碳达峰行动方案 》",                     # spaces inside the marks
])
def test_the_usual_forms_of_a_title_name_the_plan(text: str) -> None:
    catalogue = Catalogue.of([summary("national", NATIONAL)])
    found = [catalogue.find(key) for _, _, key in reference_spans(text)]
    assert [f.id for f in found if f] == ["national"]


@pytest.mark.parametrize("text", [
    "根据《湖北省2030年前碳达峰行动方案》。",    # another region's plan of a like name
    "根据《2030年前碳达峰行动方案实施细则》。",   # a longer title that begins with it
    "按照2030年前碳达峰行动方案的要求。",         # named without any mark: not a citation we can place
    "《巴黎协定》",
])
def test_a_title_that_only_looks_alike_names_no_plan(text: str) -> None:
    catalogue = Catalogue.of([summary("national", NATIONAL)])
    assert [catalogue.find(key) for _, _, key in reference_spans(text)] in ([], [None])


def test_a_curated_alias_names_the_plan() -> None:
    catalogue = Catalogue.of([summary("national", NATIONAL, aliases=["碳达峰行动方案（国家）"])])
    assert catalogue.find(title_key("《碳达峰行动方案（国家）》")).id == "national"


def test_plans_cite_and_are_cited_and_a_plan_naming_itself_is_no_citation() -> None:
    plans = [
        summary("national", NATIONAL, [("notice.s1", f"现将《{NATIONAL}》印发给你们")]),
        summary("city", "某市碳达峰工作方案", [("preface.s1", f"根据《{NATIONAL}》"), ("3.1.s2", f"落实《{NATIONAL}》")]),
        summary("sector", "工业领域碳达峰实施方案", [("preface.s1", f"根据《{NATIONAL}》和《某市碳达峰工作方案》")]),
    ]
    links = link_plans(plans)
    assert links["national"].cites == []
    assert [c.plan.id for c in links["national"].cited_by] == ["city", "sector"]
    assert links["city"].cites[0].sentences == [["preface.s1", "city/text/#preface.s1"], ["3.1.s2", "city/3/1/#3.1.s2"]]
    assert [c.plan.id for c in links["sector"].cites] == ["national", "city"]
    assert [c.plan.id for c in links["city"].cited_by] == ["sector"]


def test_a_link_takes_the_whole_title_even_over_a_glossary_term() -> None:
    pieces = [("根据《2030年前", None), ("碳达峰", "term"), ("行动方案》制定。", None)]
    assert _cut(pieces, [(2, 17, "plan")]) == [("根据", None), (f"《{NATIONAL}》", "plan"), ("制定。", None)]
    # a term outside the title keeps its link
    assert _cut([("碳达峰", "term"), (f"《{NATIONAL}》", None)], [(3, 18, "plan")]) == \
        [("碳达峰", "term"), (f"《{NATIONAL}》", "plan")]


# -- meta.yaml -------------------------------------------------------------------------------------------


def test_meta_reads_a_curated_file_and_refuses_a_bad_one() -> None:
    good = {"title": {"zh": NATIONAL, "en": "Action Plan"}, "issuer": {"zh": "国务院", "en": "State Council"},
            "level": "national", "region": {"zh": "全国", "en": "China"}, "status": "final",
            "document_number": "国发〔2021〕23号", "date_issued": yaml.safe_load("2021-10-24")}
    meta = PlanMeta.from_data(good, "meta.yaml")
    assert (meta.level, meta.date_issued, meta.year) == ("national", "2021-10-24", "2021")
    with pytest.raises(ValidationError) as error:
        PlanMeta.from_data({**good, "level": "city", "status": None}, "content/x/meta.yaml")
    text = str(error.value)
    assert "content/x/meta.yaml: error: at level, 'city' is not one of" in text and "at status" in text


def test_plansite_check_reports_a_bad_meta_file(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    meta = root / "content" / "dongying" / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("level: municipal", "level: town"), encoding="utf-8")
    result = plansite("check", cwd=root)
    assert result.returncode == 2
    assert "content/dongying/meta.yaml: level: 'town' is not one of" in result.stderr
    assert "Traceback" not in result.stderr


# -- the built site (the real corpus) ----------------------------------------------------------------------


PLANS = {"dongying", "national-2030", "national-industry", "shanghai"}


def test_plans_json_keeps_its_contract_and_every_url_resolves(site: Path) -> None:
    rows = json.loads((site / "data" / "plans.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema("plans")).validate(rows)
    assert {r["id"] for r in rows} == PLANS
    index = SiteIndex(site)
    for row in rows:
        for key in ("url", "url_en"):
            assert index.resolves(row[key]), row[key]
        assert (site / row["data"] / "plan.json").is_file()
        targets = {t["id"] for t in json.loads((site / row["data"] / "targets.json").read_text(encoding="utf-8"))}
        assert set(row["headline"]) <= targets
    by_id = {r["id"]: r for r in rows}
    assert by_id["national-2030"]["document_number"] == "国发〔2021〕23号"
    assert by_id["national-2030"]["date_issued"] == "2021-10-24"
    assert by_id["shanghai"]["level"] == "provincial" and by_id["dongying"]["within_zh"] == "山东省"
    assert by_id["national-2030"]["source"]["sha256"] == \
        yaml.safe_load((Path(__file__).parent.parent / "content" / "national-2030" / "source.yaml").read_text(
            encoding="utf-8"))["sha256"]
    # Dongying's preface and the industry plan's name the national plan; it names none of them
    assert by_id["dongying"]["cites"] == ["national-2030"]
    assert by_id["national-industry"]["cites"] == ["national-2030"]
    assert set(by_id["national-2030"]["cited_by"]) == {"dongying", "national-industry"}
    assert by_id["national-2030"]["cites"] == []
    # widest level first
    assert [r["level"] for r in rows][:2] == ["national", "sector"]


def test_each_plans_home_lists_the_plans_it_cites_and_that_cite_it(site: Path) -> None:
    home = (site / "national-2030" / "index.html").read_text(encoding="utf-8")
    assert "引用本方案的方案" in home and 'href="../dongying/"' in home and 'href="../national-industry/"' in home
    english = (site / "en" / "dongying" / "index.html").read_text(encoding="utf-8")
    assert "Plans this plan cites" in english and 'href="../national-2030/"' in english


@pytest.mark.browser
def test_dongyings_preface_link_lands_on_the_national_plan(page, server: str) -> None:
    page.goto(server + "dongying/")
    link = page.locator("#preface a.ps-planref")
    assert link.count() == 1 and link.inner_text() == f"《{NATIONAL}》"
    link.click()
    page.wait_for_url(server + "national-2030/")
    assert page.locator("h1").first.inner_text() == NATIONAL


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_portal_lists_every_plan_and_filters_and_sorts_them(page, server: str, lang: str) -> None:
    page.goto(server + lang)
    cards = page.locator(".ps-plan-card")
    assert cards.count() == 4
    form = page.locator("form[data-ps-filters]")
    assert form.is_visible()  # plansite.js shows it
    visible = lambda: [c.get_attribute("id") for c in cards.all() if c.is_visible()]  # noqa: E731
    page.select_option("select[name=level]", "municipal")
    assert visible() == ["plan-dongying"]
    assert page.locator("[data-ps-shown]").inner_text() == "1"
    page.select_option("select[name=level]", "")
    page.select_option("select[name=year]", "2022")
    assert sorted(visible()) == ["plan-national-industry", "plan-shanghai"]
    page.select_option("select[name=year]", "")
    page.select_option("select[name=sort]", "newest")
    order = [c.get_attribute("id") for c in cards.all()]
    assert order[:3] == ["plan-shanghai", "plan-national-industry", "plan-national-2030"]
    assert order[-1] == "plan-dongying"  # no date issued: last
    first = cards.first
    if lang:  # the English portal says it in English, the Chinese title beside
        assert first.locator("h2").inner_text() == "Shanghai Carbon Peaking Implementation Plan"
        assert "Provincial" in first.inner_text() and "Issued" in first.inner_text()
    else:
        assert first.locator("h2").inner_text() == "上海市碳达峰实施方案"
        assert "沪府发〔2022〕7号" in first.inner_text()


@pytest.mark.browser
def test_without_javascript_every_plan_is_listed_and_the_filters_are_hidden(browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server)
    assert page.locator(".ps-plan-card").count() == 4
    assert not page.locator("form[data-ps-filters]").is_visible()
    context.close()
