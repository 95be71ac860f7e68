"""Search across plans (builder/search_index.py): the portal's and the glossary's search holds every
plan's documents, each result naming its plan; a plan's page searches that plan alone and offers
to search them all."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import jsonschema
import pytest

from builder import search_index
from builder.render.site import PlanSummary
from builder.serialize import load_schema
from tests import helpers
from tests.conftest import search
from tests.contract import SiteIndex

LANG_ROOTS = {"zh": "", "en": "en/"}


def summary(plan_id: str, title_zh: str, title_en: str | None, level: str = "municipal") -> PlanSummary:
    meta = {"level": level, "date_issued": None}
    return PlanSummary(plan_id, title_zh, title_en, 0, 0, meta=meta)


STRINGS = {"language_name": {"zh": "中文", "en": "English"}, "list_separator": {"zh": "、", "en": ", "}}


def plans_of(site: Path) -> list[str]:
    return sorted(p.parent.name for p in (site / "data").glob("*/plan.json"))


def read_index(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# -- the index, as data ---------------------------------------------------------------------------------

def test_labels_follow_the_portals_order_and_are_escaped_html() -> None:
    labels = search_index.plan_labels([summary("b-city", "乙市<b>方案</b>", None),
                                       summary("a-nation", "全国方案", "National plan & more", level="national")],
                                      STRINGS)
    assert [label.id for label in labels] == ["a-nation", "b-city"]  # widest level first
    assert labels[0].html == {"zh": "全国方案", "en": "National plan &amp; more"}
    assert labels[1].html == {"zh": "乙市&lt;b&gt;方案&lt;/b&gt;",
                              "en": '<span lang="zh-CN">乙市&lt;b&gt;方案&lt;/b&gt;</span>'}


def without_pinyin(doc: dict) -> dict:
    """A plan's document as the portal's index holds it: without the pinyin of the glossary terms
    it mentions (the portal has the glossary's own entries)."""
    return {k: v for k, v in doc.items() if k != "pinyin"}


def test_a_plans_documents_are_relocated_and_its_pages_tagged() -> None:
    label = search_index.PlanLabel("city", {"zh": "某市方案", "en": "City plan"})
    own = [{"location": "", "title": "首页", "text": ""}, {"location": "glossary/", "title": "术语表", "text": ""},
           {"location": "city/3/", "title": "left by an earlier run", "text": ""}]
    docs = [{"location": "", "title": "方案", "text": "t"}, {"location": "#lead", "title": "导语", "text": "t"},
            {"location": "3/1/", "title": "（一）", "text": "t", "tags": ["own"]},
            {"location": "3/1/#c3-1-2", "title": "2．", "text": "t", "pinyin": "tanpuhui"}]
    combined = search_index.combined_docs(own, [(label, docs)], "en")
    assert [d["location"] for d in combined] == ["", "glossary/", "city/", "city/#lead", "city/3/1/", "city/3/1/#c3-1-2"]
    assert [d.get("tags") for d in combined] == [None, None, ["City plan"], None, ["City plan", "own"], None]
    assert docs[0] == {"location": "", "title": "方案", "text": "t"}  # the plan's own documents are not changed
    assert "pinyin" in docs[3] and not any("pinyin" in d for d in combined)  # the plan's own search's alone


def fake_site(root: Path) -> Path:
    """A site of two plans as the builds leave it: the root's index and each plan's, both languages;
    the English root's also inlined for file:// (as the offline plugin writes it)."""
    config = {"lang": ["en"], "separator": "[\\s]+", "pipeline": [],
              "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1e6}}}
    for lang, prefix in LANG_ROOTS.items():
        (root / prefix / "search").mkdir(parents=True)
        index = {"config": config, "docs": [{"location": "", "title": "portal", "text": ""}]}
        (root / prefix / search_index.INDEX).write_text(json.dumps(index), encoding="utf-8")
        for plan in ("a", "b"):
            (root / prefix / plan / "search").mkdir(parents=True)
            docs = [{"location": "", "title": f"{plan} {lang}", "text": "光伏"},
                    {"location": "#x", "title": "x", "text": "光伏"}]
            (root / prefix / plan / search_index.INDEX).write_text(json.dumps({"config": config, "docs": docs}),
                                                                  encoding="utf-8")
    (root / "en" / search_index.SCRIPT).write_text("var __index = {}", encoding="utf-8")
    return root


def test_combine_writes_each_languages_root_index_once_whatever_the_runs(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    plans = [search_index.PlanLabel("a", {"zh": "甲", "en": "A"}), search_index.PlanLabel("b", {"zh": "乙", "en": "B"})]
    plan_files = {p: p.read_bytes() for prefix in LANG_ROOTS.values() for plan in "ab"
                  for p in [site / prefix / plan / search_index.INDEX]}
    old = tmp_path / "old-index.json"  # the root's index as a hard link into another site: left as it was
    os.link(site / search_index.INDEX, old)
    before = old.read_bytes()
    assert search_index.combine(site, plans) == [site / search_index.INDEX, site / "en" / search_index.INDEX]
    first = {p: p.read_bytes() for p in sorted(site.rglob("search_index.*"))}
    search_index.combine(site, plans)  # a second run (a merge of sites) replaces, never adds twice
    assert {p: p.read_bytes() for p in sorted(site.rglob("search_index.*"))} == first
    assert old.read_bytes() == before
    assert {p: p.read_bytes() for p in plan_files} == plan_files
    zh = read_index(site / search_index.INDEX)
    assert [(d["location"], d.get("tags")) for d in zh["docs"]] == [
        ("", None), ("a/", ["甲"]), ("a/#x", None), ("b/", ["乙"]), ("b/#x", None)]
    assert set(zh["config"]["fields"]) == {"title", "text"}
    en_script = (site / "en" / search_index.SCRIPT).read_text(encoding="utf-8")
    assert en_script == "var __index = " + (site / "en" / search_index.INDEX).read_text(encoding="utf-8")
    assert not (site / search_index.SCRIPT).exists()  # the offline plugin writes it, where it runs
    assert "光伏" in (site / search_index.INDEX).read_text(encoding="utf-8")  # UTF-8, not \\u-escaped


def test_the_plans_may_come_from_another_site(tmp_path: Path) -> None:
    """An offline bundle's site-wide pages are built apart from the plans they go with."""
    plans = fake_site(tmp_path / "plans")
    alone = tmp_path / "alone"
    for prefix in LANG_ROOTS.values():
        (alone / prefix / "search").mkdir(parents=True)
        shutil.copy(plans / prefix / search_index.INDEX, alone / prefix / search_index.INDEX)
    search_index.combine(alone, [search_index.PlanLabel("b", {"zh": "乙", "en": "B"})], source=plans)
    assert [d["location"] for d in read_index(alone / "en" / search_index.INDEX)["docs"]] == ["", "b/", "b/#x"]


def test_a_site_without_search_or_plans_is_left_alone(tmp_path: Path) -> None:
    assert search_index.combine(tmp_path, [search_index.PlanLabel("a", {"zh": "甲", "en": "A"})]) == []


# -- the built site -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_portals_index_holds_every_plans_documents_and_each_resolves(site: Path, lang: str) -> None:
    root = site / LANG_ROOTS[lang]
    combined = read_index(root / search_index.INDEX)
    jsonschema.validate(combined, load_schema("search-index"))
    plans = plans_of(site)
    assert len(plans) >= 2
    by_plan: dict[str, list[dict]] = {}
    for doc in combined["docs"]:
        by_plan.setdefault(doc["location"].split("/", 1)[0], []).append(doc)
    assert set(plans) <= set(by_plan)
    for plan in plans:
        own = read_index(root / plan / search_index.INDEX)
        assert all("tags" not in d and not d["location"].startswith(plan + "/") for d in own["docs"])  # unchanged
        relocated = [{k: v for k, v in d.items() if k != "tags"} for d in by_plan[plan]]
        # the pinyin of the terms a sentence mentions stays in the plan's own index
        assert relocated == [{**without_pinyin(d), "location": f"{plan}/{d['location']}"} for d in own["docs"]]
        assert any("pinyin" in d for d in own["docs"]) and not any("pinyin" in d for d in by_plan[plan])
        heads = [d for d in by_plan[plan] if "#" not in d["location"]]
        labels = {d["tags"][0] for d in heads}
        assert len(labels) == 1 and all(d.get("tags") is None for d in by_plan[plan] if "#" in d["location"])
    index = SiteIndex(root)
    unresolved = [d["location"] for d in combined["docs"] if not index.resolves(d["location"])]
    assert unresolved == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_plan_is_labelled_with_the_title_its_home_page_shows(site: Path, lang: str) -> None:
    titles = plan_titles(site, lang)
    assert sorted(titles) == plans_of(site)
    for plan, title in titles.items():
        home = html.unescape(re.sub(r"<[^>]+>", "", (site / LANG_ROOTS[lang] / plan / "index.html")
                                    .read_text(encoding="utf-8")))
        assert title and title in home
    if lang == "en":  # the English site names a plan in English where it has an English title
        assert any(re.fullmatch(r"[ -~]+", title) for title in titles.values())


# -- in the browser ---------------------------------------------------------------------------------------

def results(page) -> list[tuple[str, list[str]]]:
    """Each result's page (the path its link leads to) and the labels under its title."""
    items = page.locator(".md-search-result__list > li")
    items.first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(300)  # the rest of the first page of results
    return [(unquote(urlsplit(item.locator("a").first.evaluate("a => a.href")).path),
             item.locator(".md-tag").all_inner_texts()) for item in items.all()]


def plan_titles(site: Path, lang: str) -> dict[str, str]:
    """Each plan's label as a reader sees it (the text of its tag in the combined index)."""
    combined = read_index(site / LANG_ROOTS[lang] / search_index.INDEX)
    return {d["location"].split("/")[0]: html.unescape(re.sub(r"<[^>]+>", "", d["tags"][0]))
            for d in combined["docs"] if "tags" in d}


@pytest.mark.browser
@pytest.mark.parametrize("lang, query", [("zh", "光伏"), ("en", "photovoltaic")])
def test_the_portals_search_finds_every_plan_and_names_each(page, site: Path, server: str, lang: str,
                                                           query: str) -> None:
    titles = plan_titles(site, lang)
    prefix = "/" + LANG_ROOTS[lang]
    page.goto(server + LANG_ROOTS[lang])
    search(page, query)
    found = results(page)
    plans = set()
    for path, tags in found:
        plan = path.removeprefix(prefix).split("/")[0]
        if plan in titles:
            assert tags == [titles[plan]], path  # a plan's result names that plan, and only it
            plans.add(plan)
    assert len(plans) >= 2
    first = next(n for n, (_, tags) in enumerate(found) if tags)  # the first result from a plan opens its page
    page.locator(".md-search-result__list > li").nth(first).locator("a").first.click()
    page.wait_for_load_state("load")
    assert unquote(urlsplit(page.url).path) == found[first][0]
    assert found[first][1][0] in page.inner_text("body")  # the plan it named (its navigation's title)


@pytest.mark.browser
@pytest.mark.parametrize("lang, query", [("zh", "光伏"), ("en", "photovoltaic")])
def test_a_plans_search_stays_in_the_plan_and_widens_to_every_plan(page, site: Path, server: str, lang: str,
                                                                  query: str) -> None:
    prefix = LANG_ROOTS[lang]
    page.goto(server + prefix + "dongying/3/1/")
    search(page, query)
    found = results(page)
    assert found and all(path.startswith(f"/{prefix}dongying/") and tags == [] for path, tags in found)
    widen = page.locator("a[data-ps-search-widen]")
    assert widen.is_visible()
    assert widen.inner_text() == {"zh": "在所有方案中搜索", "en": "Search all plans"}[lang]
    assert widen.get_attribute("href") == "../../../?q=" + quote(query, safe="")
    widen.click()
    page.wait_for_load_state("load")
    assert unquote(urlsplit(page.url).path) == "/" + prefix
    assert page.input_value("input.md-search__input") == query
    plans = {path.removeprefix("/" + prefix).split("/")[0] for path, tags in results(page) if tags}
    assert len(plans) >= 2


@pytest.mark.browser
def test_the_portal_has_no_widen_link(page, server: str) -> None:
    page.goto(server)
    assert page.locator("a[data-ps-search-widen]").count() == 0


# -- reuse ---------------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_portals_index_is_current_when_plans_are_reused(tmp_path: Path) -> None:
    """A plan reused from the last build and a plan built anew are both in the portal's index as
    their own indexes are now."""
    project = helpers.copy_project(tmp_path / "project")
    for seed in sorted((project / "seeds").glob("*.txt")):
        if seed.stem not in ("dongying", "national-2030"):
            seed.unlink()
    assert helpers.plansite("build", "-o", "site", cwd=project).returncode == 0
    site = project / "site"

    def in_portal(word: str) -> int:
        """How often ``word`` is in the national plan's documents in the portal's index."""
        return sum(json.dumps(d, ensure_ascii=False).count(word) for d in read_index(site / search_index.INDEX)["docs"]
                   if d["location"].startswith("national-2030/"))
    before = in_portal("能量")
    seed = project / "seeds" / "national-2030.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("能源", "能量", 1), encoding="utf-8")
    result = helpers.plansite("build", "-o", "site", cwd=project)
    assert result.returncode == 0, result.stderr
    assert re.search(r"\(2 plan builds (and the English site-wide pages )?unchanged, reused",  # Dongying's
                     result.stderr.strip().splitlines()[-1])
    for prefix in LANG_ROOTS.values():
        combined = read_index(site / prefix / search_index.INDEX)
        for plan in ("dongying", "national-2030"):
            own = read_index(site / prefix / plan / search_index.INDEX)["docs"]
            mine = [{k: v for k, v in d.items() if k != "tags"} for d in combined["docs"]
                    if d["location"].split("/", 1)[0] == plan]
            assert mine == [{**without_pinyin(d), "location": f"{plan}/{d['location']}"} for d in own]
    assert in_portal("能量") > before  # the plan built anew, as it is now
    shutil.rmtree(site)
