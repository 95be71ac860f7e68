"""Search as a reader uses it, in headless Chromium on the built site: queries typed key by key into
the search box, in both languages (builder/search_docs.py, builder/search_worker.js). From the
folder of the offline bundle: tests/test_offline.py. The relevance benchmark
(benchmarks/search_relevance.py) runs here too: recall@3 stays at or above 0.9."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks import search_relevance
from benchmarks.search_relevance import ask, site_path

pytestmark = pytest.mark.browser

LIST = ".md-search-result__list > li"


def results(page, server: str, query: str) -> list[list[str]]:
    """The results shown for ``query`` typed on the open page: per result, its links (site paths)."""
    return [[site_path(link, server) for link in links] for links in ask(page, query)]


def item_texts(page) -> list[str]:
    items = page.locator(LIST)
    return [items.nth(i).inner_text().replace("\u200b", "") for i in range(items.count())]


def test_every_word_is_needed_and_or_asks_for_any(page, server: str) -> None:
    page.goto(server + "dongying/")
    one = results(page, server, "海上风电")
    both = results(page, server, "海上风电 海洋牧场")
    texts = item_texts(page)
    either = results(page, server, "海上风电 OR 海洋牧场")
    other = results(page, server, "海洋牧场")
    assert 0 < len(both) < len(one), (both, one)
    assert all("海上风电" in t and "海洋牧场" in t for t in texts), texts
    assert len(either) >= max(len(one), len(other)) > len(both)


def test_a_quoted_phrase_is_kept_together(page, server: str) -> None:
    page.goto(server + "dongying/")
    apart = results(page, server, "海上风电 融合")
    together = results(page, server, '"海上风电与海洋牧场融合"')
    assert together == [["dongying/3/1/1/", "dongying/3/1/1/#3.1.1.s4"]]
    assert "海上风电与海洋牧场融合" in item_texts(page)[0]
    assert len(apart) > 1
    words = results(page, server, "低碳 交通")
    phrase = results(page, server, '"低碳交通"')
    assert 0 < len(phrase) < len(words)
    assert all("低碳交通" in t for t in item_texts(page))


@pytest.mark.parametrize("query, first", [
    ("整县制屋顶分布式光伏", "dongying/3/1/1/#3.1.1.s3"),  # the glossary's term, whole
    ("分布式光伏", "dongying/3/1/1/#3.1.1.s3"),  # a part of it: the whole term's sentence first
    ("驱油", "dongying/3/10/1/"),  # inside 二氧化碳驱油
    ("CCUS", "dongying/3/10/1/"),  # Latin inside Chinese, as written
    ("ccus", "dongying/3/10/1/"),  # and in any case
    ("2500万千瓦", "dongying/3/1/1/#3.1.1.s2"),  # a figure with its unit
    ("三（一）1", "dongying/3/1/1/"),  # a clause's number as the plan writes it
    ("三(一)1", "dongying/3/1/1/"),
    ("3.1.1", "dongying/3/1/1/"),  # as the site shows it
    ("3.1.1.s2", "dongying/3/1/1/#3.1.1.s2"),  # a sentence's address
])
def test_each_kind_of_query_finds_its_clause_first(page, server: str, query: str, first: str) -> None:
    page.goto(server + "dongying/")
    shown = results(page, server, query)
    assert shown and first in shown[0], shown[:3]


def test_a_word_kept_inside_a_longer_one_is_found(page, server: str) -> None:
    """风电: the text says 海上风电 (a word of the index), never 风电 alone."""
    page.goto(server + "dongying/")
    shown = results(page, server, "风电")
    assert any(link.startswith("dongying/3/1/1/") for links in shown[:3] for link in links), shown[:3]


def test_a_clause_number_finds_the_clause_not_its_neighbours(page, server: str) -> None:
    page.goto(server + "dongying/")
    assert results(page, server, "3.1.1") == [["dongying/3/1/1/"]]  # not 3.1.10, not its targets


def test_a_result_leads_to_the_sentence_and_shows_it_with_the_heading_once(page, server: str) -> None:
    page.goto(server + "dongying/")
    shown = results(page, server, "整县制屋顶分布式光伏")
    assert shown[0][:2] == ["dongying/3/1/1/", "dongying/3/1/1/#3.1.1.s3"]
    first = item_texts(page)[0]
    assert first.count("大力发展新能源") == 1, first  # the heading, once
    assert "推进河口区国家级整县制屋顶分布式光伏规模化开发试点" in first  # the sentence that matched
    assert "2500万千瓦" not in first  # not the clause's other sentences
    marked = page.locator(LIST).first.locator("mark").all_inner_texts()
    assert [m.replace("\u200b", "") for m in marked] == ["整县制屋顶分布式光伏"]
    results(page, server, "分布式光伏")  # found inside the term: marked there too
    marked = page.locator(LIST).first.locator("mark").all_inner_texts()
    assert [m.replace("\u200b", "") for m in marked] == ["分布式光伏"]
    page.locator("input.md-search__input").press("Enter")  # the best result: the sentence
    page.wait_for_url(re.compile(r"/dongying/3/1/1/.*#3\.1\.1\.s3$"))
    assert page.locator('[id="3.1.1.s3"]').evaluate("el => el.matches(':target')")


def test_index_pages_do_not_outrank_the_clauses_they_list(page, server: str) -> None:
    page.goto(server + "dongying/")
    shown = results(page, server, "光伏")
    pages = [links[0] for links in shown[:5]]
    assert not {"dongying/", "dongying/agencies/", "dongying/targets/", "dongying/text/"} & set(pages), pages
    assert all(re.search(r"dongying/\d+(/\d+)*/", p) for p in pages[:3]), pages
    assert not any(re.search(r"\d{7,}", t) for t in item_texts(page))  # no run-together table text
    agencies = results(page, server, "责任单位")
    assert ["dongying/agencies/"] in agencies  # found by its title


def test_an_agency_is_found_by_its_name_as_readers_shorten_it(page, server: str) -> None:
    page.goto(server + "dongying/")
    assert results(page, server, "生态环境局")[0] == ["dongying/agencies/ecology-environment/"]


def test_english_finds_the_english_text_and_its_chinese_twin(page, server: str) -> None:
    page.goto(server + "en/dongying/")
    shown = results(page, server, "offshore wind")
    assert any(link.startswith("en/dongying/3/1/1/#3.1.1.s") for link in shown[0]), shown[:3]
    first = item_texts(page)[0]
    assert "offshore wind" in first.lower() and "海上风电" in first  # the sentence and its Chinese
    emissions = results(page, server, "emissions")
    assert emissions and all("emission" in t.lower() for t in item_texts(page)[:5])  # emission(s): one stem
    assert results(page, server, "Photovoltaic") == results(page, server, "photovoltaics")


@pytest.mark.parametrize("lang, query", [("", "tanzhonghe"), ("", "tan zhong he"), ("en/", "tanzhonghe")])
def test_pinyin_finds_the_glossary_term(page, server: str, lang: str, query: str) -> None:
    page.goto(server + lang + "glossary/")
    shown = results(page, server, query)
    assert f"{lang}glossary/#carbon-neutrality" in shown[0], shown[:3]


@pytest.mark.parametrize("lang", ["", "en/"])
def test_pinyin_finds_the_plans_clause_from_the_plans_search(page, server: str, lang: str) -> None:
    """A plan's search holds no glossary: the sentence that mentions 碳普惠 carries its pinyin."""
    page.goto(server + lang + "dongying/")
    shown = results(page, server, "tanpuhui")
    assert shown and shown[0][0] == f"{lang}dongying/3/9/3/", shown[:3]


@pytest.mark.parametrize("lang, query", [("", "碳中和"), ("en/", "carbon neutrality")])
def test_the_term_a_query_names_comes_before_the_terms_that_hold_it(page, server: str, lang: str, query: str) -> None:
    """碳中和 names a term of the glossary; 碳中和债 and 碳达峰碳中和 only hold it."""
    page.goto(server + lang + "glossary/")
    shown = results(page, server, query)
    assert shown[0][:2] == [f"{lang}glossary/", f"{lang}glossary/#carbon-neutrality"], shown[:2]


def test_the_portal_finds_the_plans_clauses(page, server: str) -> None:
    page.goto(server)
    shown = results(page, server, "光伏")
    plans = {links[0].split("/")[0] for links in shown[:10]}
    assert len(plans - {"glossary", "metrics", "actions"}) >= 2, shown[:10]


def test_the_relevance_benchmark_keeps_recall_at_three_of_nine_tenths(browser, server: str) -> None:
    """benchmarks/search_queries.yaml: the queries readers type, with the results that must come
    in the first three; recall@3 ≥ 0.9 (the figures per kind are in the closing note)."""
    outcomes = search_relevance.run(browser, server, search_relevance.load())
    figures = search_relevance.summary(outcomes)["all"]
    missed = [(o.query.query, o.rank, o.shown[:3]) for o in outcomes if o.rank > 3]
    assert figures["queries"] >= 40
    assert figures["recall@3"] >= 0.9, missed


def test_the_benchmark_ranks_by_result_and_counts_a_sentence_only_where_shown() -> None:
    shown = [["a/", "a/#1.s1"], ["b/"], ["c/", "c/#2.s3"]]
    assert search_relevance.rank(shown, ["c/"]) == 3
    assert search_relevance.rank(shown, ["a/#1.s2", "b/"]) == 2
    assert search_relevance.rank(shown, ["c/#2.s1"]) == search_relevance.NOT_FOUND
    assert search_relevance.site_path("file:///x/site/en/a/index.html?h=1#s", "file:///x/site/") == "en/a/#s"


def test_the_queries_name_pages_of_the_site(site: Path) -> None:
    for query in search_relevance.load():
        for wanted in query.expect:
            path, _, anchor = wanted.partition("#")
            page = site / path / "index.html"
            assert page.is_file(), wanted
            assert not anchor or f'id="{anchor}"' in page.read_text(encoding="utf-8"), wanted
