"""Every English page reads right, and the language switch keeps the reader's place.

* The switch (templates/theme/partials/alternate.html, kept up to date by
  templates/theme/assets/javascripts/plansite.js) carries the page's anchor to the other language:
  from a sentence of a task page, from a glossary term and from a clause of the full text, the
  other language's page opens scrolled to the same element, and the switch back does the same;
  from the site's folder (file://) too. In headless Chromium.
* A scan of every English page of the built site (its HTML parsed, not opened in a browser): no
  heading, table header, label or definition term is Chinese outside an element marked
  ``lang="zh…"`` (the plan's own text shown for want of a translation is marked so); no Chinese
  text at all outside such an element (a list joined with 、, a Chinese word in an English
  sentence); no heading followed by nothing and no definition term without its description.
* The English targets table gives each value with its unit in English (25 beside GW, never beside
  万千瓦), the value that unit measures (data/<plan>/targets.json's value_si, unit_si), and names
  five-year-plan periods in English.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest

pytestmark = pytest.mark.browser

#: Chinese characters and the punctuation written with them (、《》「」，（） …).
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
#: Elements that name what follows them: a reader of the English site must be able to read them.
LABELS = ("h1", "h2", "h3", "h4", "h5", "h6", "th", "label", "dt", "caption", "legend")
HEADINGS = {f"h{n}": n for n in range(1, 7)}
#: Text no reader sees as the page's words (``<title>`` cannot mark a language: it is checked apart).
UNSEEN = {"script", "style", "title", "noscript"}
VIEWPORT = {"width": 1280, "height": 900}


# -- the scan (plain functions: they also run against any built site folder) -----------------------

def with_class(root: lxml.html.HtmlElement, tag: str, cls: str) -> list[lxml.html.HtmlElement]:
    """The ``tag`` elements under ``root`` whose class list holds ``cls`` (lxml without cssselect)."""
    return root.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def _is_chinese_marked(el: lxml.html.HtmlElement) -> bool:
    return (el.get("lang") or "").lower().startswith("zh")


def unmarked_text(el: lxml.html.HtmlElement) -> str:
    """The text of ``el`` outside any descendant marked ``lang="zh…"``."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and not _is_chinese_marked(child) and child.tag not in UNSEEN:
            parts.append(unmarked_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _inside_chinese(el: lxml.html.HtmlElement) -> bool:
    return any(_is_chinese_marked(a) for a in [el, *el.iterancestors()])


def _where(el: lxml.html.HtmlElement) -> str:
    return f"<{el.tag} class={el.get('class')!r}> {' '.join(el.text_content().split())[:80]!r}"


def parse(html: bytes) -> lxml.html.HtmlElement:
    """A page's HTML (UTF-8, as every page of the site is) as a tree."""
    return lxml.html.fromstring(html.decode("utf-8"))


def page_problems(html: bytes) -> list[str]:
    """What is wrong with one English page (empty when it reads right)."""
    root = parse(html)
    body = root.find("body")
    problems = []
    for el in body.iter(*LABELS):
        if not _inside_chinese(el) and CHINESE.search(unmarked_text(el)):
            problems.append(f"Chinese label {_where(el)}")
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in UNSEEN or _inside_chinese(el):
            continue
        for text in (el.text, *(c.tail for c in el if not (isinstance(c.tag, str) and _is_chinese_marked(c)))):
            if text and CHINESE.search(text):
                problems.append(f"Chinese text {' '.join(text.split())[:60]!r} in {_where(el)}")
    for el in body.iter(*HEADINGS):
        if (el.tail or "").strip():
            continue
        after = el.getnext()
        while after is not None and not isinstance(after.tag, str):  # a comment
            after = after.getnext()
        if after is None or (after.tag in HEADINGS and HEADINGS[after.tag] <= HEADINGS[el.tag]):
            problems.append(f"empty section under {_where(el)}")
    for el in body.iter("dt"):
        after = el.getnext()
        if after is None or after.tag != "dd" or not (after.text_content().strip() or len(after)):
            problems.append(f"label without content {_where(el)}")
    return problems


def site_problems(site: Path) -> dict[str, list[str]]:
    """Every English page of ``site`` that does not read right → its problems."""
    found = {}
    for path in sorted((site / "en").rglob("*.html")):
        problems = page_problems(path.read_bytes())
        if problems:
            found[path.relative_to(site).as_posix()] = problems
    return found


@dataclass(frozen=True)
class Row:
    """One row of a targets table, as shown: the year, value and unit cells' text."""

    id: str
    year: str
    value: str
    unit: str
    unit_html: str


def targets_rows(page: Path) -> dict[str, Row]:
    root = parse(page.read_bytes())
    rows = {}
    for tr in [tr for table in with_class(root, "table", "ps-targets-table") for tr in table.find("tbody")]:
        cells = tr.findall("td")
        rows[tr.get("id")] = Row(tr.get("id"), " ".join(cells[0].text_content().split()),
                                 cells[2].text_content().strip(), cells[3].text_content().strip(),
                                 lxml.html.tostring(cells[3], encoding="unicode"))
    return rows


def _number(value: float) -> str:
    return str(int(value) if float(value).is_integer() else value)


def targets_table_problems(site: Path, plan: str) -> list[str]:
    """Where the English targets table of ``plan`` shows a unit that is not the value's, or Chinese."""
    problems = []
    rows = targets_rows(site / "en" / plan / "targets" / "index.html")
    for t in json.loads((site / "data" / plan / "targets.json").read_text(encoding="utf-8")):
        row = rows[t["id"]]
        if CHINESE.search(row.unit) or CHINESE.search(row.year):
            problems.append(f"{t['id']}: Chinese in the year {row.year!r} or unit {row.unit!r}")
        if t["value"] is None:
            if row.value or row.unit:
                problems.append(f"{t['id']}: a qualitative target shows {row.value!r} {row.unit!r}")
            continue
        written_in_chinese = bool(t["unit"]) and CHINESE.search(t["unit"])
        if written_in_chinese and t["unit_si"]:
            unit, value = ("" if t["unit_si"] == "count" else t["unit_si"]), t["value_si"]
        else:
            unit, value = (t["unit"] or ""), t["value"]
        if row.unit != unit:
            problems.append(f"{t['id']}: unit {row.unit!r}, the value's unit is {unit!r}")
        if re.sub(r"^[≈≥≤<>]", "", row.value) != _number(value):
            problems.append(f"{t['id']}: value {row.value!r} beside unit {row.unit!r}, expected {_number(value)}")
    return problems


# -- tests: the scan ---------------------------------------------------------------------------------

def _page(body: str) -> bytes:
    return f'<!doctype html><html lang="en"><head><title>标题</title></head><body>{body}</body></html>'.encode()


@pytest.mark.parametrize("body, problem", [
    ("<h1>1 总体要求</h1><p>x</p>", "Chinese label <h1"),
    ("<h1>1 <span lang='zh-CN'>总体要求</span></h1><p>x</p>", None),
    ("<table><tr><th>单位</th></tr></table>", "Chinese label <th"),
    ("<dl><dt>Issued by</dt><dd>山东省东营市人民政府</dd></dl>", "Chinese text '山东省东营市人民政府'"),
    ("<dl><dt>Issued by</dt><dd lang='zh-CN'>山东省东营市人民政府</dd></dl>", None),
    ("<p>Leads: <a>A</a>、<a>B</a></p>", "Chinese text '、'"),
    ("<p>Leads: <a>A</a>, <a>B</a></p>", None),
    ("<h2>Responsible agencies</h2><h2>Clause</h2><p>3.1</p>", "empty section under <h2"),
    ("<h2>Responsible agencies</h2>", "empty section under <h2"),
    ("<h2>Targets</h2><h3>2025</h3><p>x</p>", None),
    ("<dl><dt>Responsible agencies</dt><dd></dd></dl>", "label without content <dt"),
    ("<svg><text>2 主要目标</text></svg>", "Chinese text '2 主要目标'"),
    ("<svg><a lang='zh-CN'><text>2 主要目标</text></a></svg>", None),
    ("<script>var s = '中文';</script><p>English</p>", None),
])
def test_the_page_scan_finds_each_kind_of_problem(body: str, problem: str | None) -> None:
    found = page_problems(_page(body))
    if problem is None:
        assert found == []
    else:
        assert any(p.startswith(problem) for p in found), found


@pytest.fixture(scope="module")
def english_problems(site: Path) -> dict[str, list[str]]:
    return site_problems(site)


def test_the_scan_sees_every_english_page(site: Path) -> None:
    pages = list((site / "en").rglob("*.html"))
    assert len(pages) > 500 and any(p.match("en/dongying/2/p1/t6/index.html") for p in pages)


def test_no_english_page_has_chinese_outside_text_marked_as_chinese(english_problems: dict[str, list[str]]) -> None:
    """Headings, table headers, labels and every other text: English, or marked lang="zh-CN"."""
    shown = {page: problems[:3] for page, problems in list(english_problems.items())[:20]}
    assert english_problems == {}, f"{len(english_problems)} pages, among them: {shown}"


@pytest.mark.parametrize("page, heading", [
    ("en/dongying/2/p1/t6/index.html", "2.p1.t6 · Qualitative target for 2025"),
    ("en/dongying/3/1/1/t1/index.html", "3.1.1.t1 · installed renewable power capacity"),
    ("en/dongying/3/1/1/index.html", "3.1.1 Vigorously develop new energy"),
])
def test_english_page_headings(site: Path, page: str, heading: str) -> None:
    root = parse((site / page).read_bytes())
    assert " ".join(root.find(".//h1").text_content().split()) == heading


def test_an_untranslated_heading_is_marked_as_chinese(site: Path) -> None:
    """A plan without an English translation: its headings are its own words, marked as Chinese,
    in the page's heading, the navigation, the header and the footer's links."""
    root = parse((site / "en/national-2030/1/index.html").read_bytes())
    h1 = root.find(".//h1")
    assert [(s.get("lang"), s.text) for s in h1.findall("span")] == [("zh-CN", "总体要求")]
    topic = with_class(root.xpath('.//*[@data-md-component="header-topic"]')[0], "span", "md-ellipsis")[0]
    assert topic.get("lang") == "zh-CN"


def test_the_home_page_names_its_issuer_and_basis_in_english(site: Path) -> None:
    root = parse((site / "en/dongying/index.html").read_bytes())
    facts = {" ".join(dt.text_content().split()): dt.getnext() for dt in with_class(root, "dl", "ps-plan-facts")[0].findall("dt")}
    assert facts["Issued by"].text_content() == "Dongying Municipal People's Government"
    basis = [" ".join(li.text_content().split()) for li in facts["Based on"].findall(".//li")]
    assert basis == ["Action Plan for Carbon Dioxide Peaking Before 2030", "《山东省碳达峰实施方案》 (no English title)"]
    assert facts["Based on"].find(".//li/span").get("lang") == "zh-CN"


def test_a_qualitative_target_page_says_its_metric_has_no_english_name(site: Path) -> None:
    root = parse((site / "en/dongying/2/p1/t6/index.html").read_bytes())
    metric = with_class(root, "dl", "ps-facts")[0].find("dd")
    assert metric.find("span").get("lang") == "zh-CN"
    assert "no English name yet" in metric.text_content()
    assert "Responsible agencies" not in [dt.text_content() for dt in with_class(root, "dl", "ps-facts")[0].findall("dt")]


@pytest.mark.parametrize("plan", ["dongying", "national-2030", "national-industry", "shanghai"])
def test_the_english_targets_table_gives_each_value_its_own_unit(site: Path, plan: str) -> None:
    assert targets_table_problems(site, plan) == []


def test_the_english_targets_table_in_figures(site: Path) -> None:
    """2500万千瓦 → 25 GW, 295 克标准煤/千瓦时 → 295 gce/kWh, 十四五 → the 14th Five-Year Plan."""
    en = targets_rows(site / "en/dongying/targets/index.html")
    zh = targets_rows(site / "dongying/targets/index.html")
    assert (en["3.1.1.t1"].value, en["3.1.1.t1"].unit) == ("25", "GW")
    assert (zh["3.1.1.t1"].value, zh["3.1.1.t1"].unit) == ("2500", "万千瓦")
    assert (en["3.1.2.t2"].value, en["3.1.2.t2"].unit) == ("≤295", "gce/kWh")
    assert (en["3.4.1.t3"].value, en["3.4.1.t3"].unit) == ("12", "million m²")
    assert en["3.1.3.t1"].year == "2025 14th Five-Year Plan" and zh["3.1.3.t1"].year == "2025 十四五"
    assert en["2.p2.t1"].year == "2030 15th Five-Year Plan"


def test_english_target_and_portal_figures_carry_english_units(site: Path) -> None:
    target = parse((site / "en/dongying/3/1/1/t1/index.html").read_bytes())
    value = [dt.getnext() for dt in with_class(target, "dl", "ps-facts")[0].findall("dt") if dt.text_content() == "Value"][0]
    assert unmarked_text(value).startswith("25 GW") and not CHINESE.search(unmarked_text(value))
    portal = parse((site / "en/index.html").read_bytes())
    figures = [unmarked_text(v) for v in with_class(portal, "*", "ps-figure__value")]
    assert figures and not any(CHINESE.search(f) for f in figures)


# -- tests: the language switch keeps the place ------------------------------------------------------

@pytest.fixture()
def tab(browser) -> Iterator:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    yield page
    context.close()


def _switch(page, expect_url: str) -> None:
    page.locator("a.ps-lang-switch").click()
    page.wait_for_url(expect_url)
    page.wait_for_load_state("load")


def _assert_at(page, anchor: str, lang: str, scrolled: bool) -> None:
    assert page.locator("html").get_attribute("lang") == lang
    assert page.evaluate("location.hash") == "#" + anchor
    el = page.locator(f'[id="{anchor}"]')
    assert el.evaluate("el => el.matches(':target')")
    page.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                           " return r.top >= 0 && r.top < innerHeight; }", arg=anchor, timeout=5_000)
    if scrolled:  # a place far down the page, not its top
        assert page.evaluate("scrollY") > 2 * VIEWPORT["height"]


@pytest.mark.parametrize("path, anchor, scrolled", [
    ("dongying/3/1/1/", "3.1.1.s2", False),
    ("glossary/", "hydrogen-energy", True),
    ("dongying/text/", "3.1.1", True),
])
def test_the_language_switch_keeps_the_place(tab, server: str, path: str, anchor: str, scrolled: bool) -> None:
    tab.goto(f"{server}{path}#{anchor}")
    _assert_at(tab, anchor, "zh", scrolled)
    _switch(tab, f"{server}en/{path}#{anchor}")
    _assert_at(tab, anchor, "en", scrolled)
    _switch(tab, f"{server}{path}#{anchor}")
    _assert_at(tab, anchor, "zh", scrolled)


def test_the_switch_follows_the_anchor_the_reader_moves_to(tab, server: str) -> None:
    """A sentence number clicked on the page (a hashchange) is where the switch then leads."""
    tab.goto(server + "dongying/text/")
    tab.locator('[id="3.2.1.s2"] a.ps-sn').click()
    tab.wait_for_function("location.hash === '#3.2.1.s2'")
    assert tab.locator("a.ps-lang-switch").get_attribute("href").endswith("/en/dongying/text/#3.2.1.s2")
    _switch(tab, server + "en/dongying/text/#3.2.1.s2")
    _assert_at(tab, "3.2.1.s2", "en", True)


def test_without_an_anchor_the_switch_opens_the_page(tab, server: str) -> None:
    tab.goto(server + "en/dongying/3/1/1/")
    _switch(tab, server + "dongying/3/1/1/")
    assert tab.evaluate("location.hash") == "" and tab.evaluate("scrollY") == 0


@pytest.mark.parametrize("path, anchor, scrolled", [
    ("dongying/3/1/1/", "3.1.1.s2", False),
    ("glossary/", "hydrogen-energy", True),
])
def test_the_switch_keeps_the_place_from_the_folder(tab, site: Path, path: str, anchor: str, scrolled: bool) -> None:
    """Opened from the site's folder (file://): the switch leads to the other page's index.html."""
    base = site.as_uri() + "/"
    tab.goto(f"{base}{path}index.html#{anchor}")
    _switch(tab, f"{base}en/{path}index.html#{anchor}")
    _assert_at(tab, anchor, "en", scrolled)
    _switch(tab, f"{base}{path}index.html#{anchor}")
    _assert_at(tab, anchor, "zh", scrolled)


def test_without_javascript_the_switch_still_leads_to_the_page(site: Path) -> None:
    """The server-side part: the link itself names the other language's page (no anchor: the
    reader's place is known only in the browser)."""
    root = parse((site / "dongying/3/1/1/index.html").read_bytes())
    (link,) = with_class(root, "a", "ps-lang-switch")
    assert link.get("href") == "../../../../en/dongying/3/1/1/" and link.get("hreflang") == "en"
