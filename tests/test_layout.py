"""Every page reads right, in headless Chromium, on a phone (390 px) and a desktop (1280 px), in both
languages: no page is wider than the screen, charts put every value where it is, a label cut short
keeps its whole text, clause numbers stay on one line, a table cut by its box shows that it scrolls,
and the English home says once that the Chinese is authoritative."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_plansite, serve
from tests.helpers import BUILDING, ENERGY, INDUSTRY, NEW_TASK, make_project, plan_text

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: one page of each kind (plan home, action, task, target, targets list, agency, agencies list,
#: glossary, full text, downloads, portal, actions aligned and one aligned action, metrics compared
#: and one metric); the changes page is built apart (it needs published versions)
PAGES = ["dongying/", "dongying/3/1/", "dongying/3/1/1/", "dongying/3/1/1/t1/", "dongying/targets/",
         "dongying/agencies/housing-urban-rural/", "dongying/agencies/", "glossary/", "dongying/text/",
         "dongying/downloads/", "", "actions/", "actions/1/", "metrics/", "metrics/carbon-intensity/"]
LANGS = ["", "en/"]

#: per marker of the targets time line: its year, its centre's x read from its geometry (a circle's
#: or diamond's box), and the x of its year's tick on the axis
MARKERS_AND_TICKS = """() => [...document.querySelectorAll('.ps-chart--timeline .ps-chart__marker')].map(m => {
  const box = m.getBBox(), year = m.getAttribute('data-year');
  const tick = m.ownerSVGElement.querySelector(`line.ps-chart__tick[data-year="${year}"]`);
  return [year, box.x + box.width / 2, tick ? tick.x1.baseVal.value : null]; })"""
#: every chart text that shows "…", with the text of the tooltips (<title>) and aria-labels around it
CUT_LABELS = """() => [...document.querySelectorAll('.ps-chart svg text')].filter(t => t.textContent.includes('…'))
  .map(t => { const tips = []; for (let e = t.parentElement; e && e.tagName !== 'svg'; e = e.parentElement) {
      const title = [...e.children].find(c => c.tagName === 'title'); if (title) tips.push(title.textContent);
      if (e.getAttribute('aria-label')) tips.push(e.getAttribute('aria-label')); }
    return [t.textContent, tips]; })"""
#: every clause number in the responsibility matrix and in the actions aligned: how many lines it takes
CLAUSE_NUMBERS = """() => [...document.querySelectorAll('table.ps-matrix thead th a, table.ps-aligned-matrix .ps-marker')]
  .map(e => [e.textContent, e.getClientRects().length])"""
#: every scrolling box cut by its width, and whether it draws a cue (its edge shadow)
CUT_BOXES = """() => [...document.querySelectorAll('.ps-scroll, .ps-chart')].filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => [e.className, getComputedStyle(e).overflowX, getComputedStyle(e).backgroundImage.includes('gradient')])"""


@pytest.fixture(scope="module")
def phone(browser) -> Iterator:
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def desktop(browser) -> Iterator:
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def changes_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small plan published in two versions, served: it has a changes page in both languages."""
    root = make_project(tmp_path_factory.mktemp("layout") / "p", plan_text([ENERGY, INDUSTRY, BUILDING]), "city")
    v2 = plan_text([(ENERGY[0], [NEW_TASK, *ENERGY[1]]), INDUSTRY, BUILDING])
    for step in (("ids", "seeds/city.txt"), ("version", "seeds/city.txt", "--id", "2023", "--label", "2023年版",
                                               "--label-en", "2023 edition", "--date", "2023-05-10")):
        assert run_plansite(*step, cwd=root).returncode == 0
    (root / "seeds/city.txt").write_text(v2, encoding="utf-8")
    for step in (("ids", "seeds/city.txt"), ("version", "seeds/city.txt", "--id", "2024", "--label", "2024年版",
                                               "--label-en", "2024 edition", "--date", "2024-03-01"),
                 ("build", "-o", "site")):
        result = run_plansite(*step, cwd=root)
        assert result.returncode == 0, result.stderr
    assert (root / "site/city/changes/index.html").is_file()
    with serve(root / "site") as base:
        yield base


# -- no page is wider than a phone -----------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_wider_than_a_phone(phone, server: str, lang: str, path: str) -> None:
    phone.goto(server + lang + path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_changes_page_is_not_wider_than_a_phone(phone, changes_site: str, lang: str) -> None:
    phone.goto(changes_site + lang + "city/changes/")
    assert phone.locator("h1").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# -- the targets time line: every value where it is ------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_timeline_marker_is_at_its_years_tick(desktop, server: str, lang: str) -> None:
    desktop.goto(server + lang + "dongying/targets/")
    markers = desktop.evaluate(MARKERS_AND_TICKS)
    assert len(markers) == 31
    assert [(year, round(x, 2)) for year, x, _ in markers] == [
        (year, round(tick, 2) if tick is not None else None) for year, _, tick in markers]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["metrics/carbon-intensity/", "metrics/non-fossil-share/"])
def test_every_metric_marker_is_at_its_years_x(desktop, server: str, lang: str, path: str) -> None:
    desktop.goto(server + lang + path)
    markers = desktop.evaluate("""() => [...document.querySelectorAll('.ps-chart--metric .ps-chart__marker')].map(m => {
      const box = m.getBBox(), year = m.getAttribute('data-year');
      const label = m.ownerSVGElement.querySelector(`text[data-axis-year="${year}"]`);
      return [year, box.x + box.width / 2, label ? label.x.baseVal[0].value : null]; })""")
    assert len(markers) >= 2
    assert [(year, round(x, 1)) for year, x, _ in markers] == [
        (year, round(label, 1) if label is not None else None) for year, _, label in markers]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["dongying/targets/", "dongying/agencies/", "metrics/carbon-intensity/",
                                  "metrics/natural-gas-supply-capacity/"])
def test_a_chart_label_cut_short_keeps_its_whole_text(desktop, server: str, lang: str, path: str) -> None:
    desktop.goto(server + lang + path)
    assert desktop.locator(".ps-chart svg").count() >= 1
    for text, tips in desktop.evaluate(CUT_LABELS):
        pieces = [p.strip() for p in text.split("…") if p.strip()]
        assert any(all(p in tip for p in pieces) for tip in tips), (text, tips)


@pytest.mark.parametrize("lang", LANGS)
def test_the_timeline_shows_whole_labels_where_there_is_room(desktop, server: str, lang: str) -> None:
    desktop.goto(server + lang + "dongying/targets/")
    labels = desktop.eval_on_selector_all(".ps-chart--timeline .ps-chart__target text", "ts => ts.map(t => t.textContent)")
    assert labels and not [t for t in labels if t.endswith("…")]


def test_english_heat_map_rows_can_be_told_apart(desktop, server: str) -> None:
    desktop.goto(server + "en/dongying/agencies/")
    rows = desktop.eval_on_selector_all(".ps-chart--heatmap .ps-chart__rows > *",
                                        "rs => rs.map(r => [...r.querySelectorAll('text')].map(t => t.textContent).join(' '))")
    assert len(rows) > 30 and len(set(rows)) == len(rows)


# -- tables ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["dongying/agencies/", "actions/"])
def test_clause_numbers_stay_on_one_line(browser, server: str, viewport: dict[str, int], path: str) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(server + path)
    numbers = page.evaluate(CLAUSE_NUMBERS)
    context.close()
    assert numbers and [n for n in numbers if n[1] != 1] == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["dongying/targets/", "dongying/agencies/", "actions/", "metrics/carbon-intensity/"])
def test_a_box_cut_by_the_phone_scrolls_and_shows_it(phone, server: str, lang: str, path: str) -> None:
    phone.goto(server + lang + path)
    boxes = phone.evaluate(CUT_BOXES)
    assert boxes and [b for b in boxes if b[1:] != ["auto", True]] == []


@pytest.mark.parametrize("lang", LANGS)
def test_targets_table_cells_keep_their_words_whole_on_a_phone(phone, server: str, lang: str) -> None:
    """No word is split inside (「consum ption」) and short cells (year, value, unit, kind, clause) are
    one line (not 「类/型」)."""
    phone.goto(server + lang + "dongying/targets/")
    split = phone.evaluate("""() => { const SHORT_CELLS = 'table.ps-targets-table tr > :is(:nth-child(1), :nth-child(3), :nth-child(4), :nth-child(5), :nth-child(6))';
      return [...document.querySelectorAll(SHORT_CELLS)].filter(c => {
        const lines = new Set(), walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          const range = document.createRange(); range.selectNodeContents(n);
          for (const r of range.getClientRects()) lines.add(Math.round(r.bottom)); }
        return lines.size > 1; })
      .map(c => c.textContent); }""")
    assert split == []
    words = phone.evaluate("""() => { const out = [];
      for (const a of document.querySelectorAll('table.ps-targets-table td a')) {
        const range = document.createRange(), text = a.firstChild;
        if (!text || text.nodeType !== 3) continue;
        for (const m of text.textContent.matchAll(/[A-Za-z]{4,}/g)) {
          range.setStart(text, m.index); range.setEnd(text, m.index + m[0].length);
          if (range.getClientRects().length > 1) out.push(m[0]); } }
      return out; }""")
    assert words == []


# -- the English home ------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_english_home_says_once_that_the_chinese_is_authoritative(browser, server: str,
                                                                       viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(server + "en/dongying/")
    said = page.get_by_text("The Chinese text is the authoritative version")
    shown = [said.nth(i).is_visible() for i in range(said.count())]
    context.close()
    assert shown.count(True) == 1
