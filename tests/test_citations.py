"""Citations in the forms reports use (issue 20).

Fast tests: the strings :class:`builder.render.labels.Labeller` makes, full and short, in both
languages, with and without the plan's metadata. Browser tests (slow: they use the session's
site, or build one with an address): what the cite buttons copy (the full form with the published
address and the reader's date, the short form), from a server and from a folder (file://), the
addresses on paper, and the skip link.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest
import yaml

from builder.render.labels import Labeller, Source, written_date
from tests.conftest import ROOT
from tests.helpers import copy_project, make_plan, plansite

STRINGS = yaml.safe_load((ROOT / "templates/strings.yaml").read_text(encoding="utf-8"))
SOURCE = Source("国务院", "State Council", "国发〔2021〕23号", "2021-10-24")


def labeller(source: Source | None = SOURCE, version: tuple[str, str | None] | None = None) -> Labeller:
    plan = make_plan([("能源绿色低碳转型行动", ["大力发展新能源。推进光伏发电。"])])
    return Labeller(plan, "City Carbon Peaking Plan", STRINGS, version, source)


# -- the strings (fast) ------------------------------------------------------------------------------

def test_the_full_chinese_reference_names_issuer_title_number_date_and_unit() -> None:
    assert labeller().reference("2.1.1.s2", "zh") == \
        "国务院《某市碳达峰实施方案》（国发〔2021〕23号，2021年10月24日印发）二（一）1 第2句"


def test_the_full_english_reference_gives_both_numberings_and_says_it_is_a_translation() -> None:
    assert labeller().reference("2.1.1.s2", "en") == (
        "State Council, City Carbon Peaking Plan (国发〔2021〕23号, issued 24 October 2021), "
        "二（一）1 (clause 2.1.1), sentence 2. Unofficial English translation of 《某市碳达峰实施方案》; "
        "the Chinese text is authoritative.")


def test_a_field_the_metadata_lacks_is_left_out_with_its_punctuation() -> None:
    bare = labeller(Source())
    assert bare.reference("2.1.1", "zh") == "《某市碳达峰实施方案》二（一）1"
    assert bare.reference("2.1.1", "en") == ("City Carbon Peaking Plan, 二（一）1 (clause 2.1.1). Unofficial English "
                                             "translation of 《某市碳达峰实施方案》; the Chinese text is authoritative.")
    issuer_only = labeller(Source("某市人民政府", None))
    assert issuer_only.reference("2.1", "zh") == "某市人民政府《某市碳达峰实施方案》二（一）"
    assert issuer_only.reference("2.1", "en").startswith("某市人民政府, City Carbon Peaking Plan, 二（一） (section 2.1). ")
    dated = labeller(Source("某市人民政府", None, None, "2022-07-08"))
    assert dated.reference("2", "zh") == "某市人民政府《某市碳达峰实施方案》（2022年7月8日印发）二"
    assert dated.reference("2", "en").startswith("某市人民政府, City Carbon Peaking Plan (issued 8 July 2022), 二 (part 2). ")


def test_the_short_forms_name_title_and_unit_and_english_gives_both_numberings() -> None:
    plain = labeller()
    assert plain.citation("2.1.1.s2", "zh") == "《某市碳达峰实施方案》二（一）1 第2句"
    assert plain.citation("2.1.1.s2", "en") == "City Carbon Peaking Plan, 二（一）1 (clause 2.1.1), sentence 2"
    assert plain.citation("preface", "en") == "City Carbon Peaking Plan, preface"
    assert plain.citation("2.1.1.t1", "zh") == "《某市碳达峰实施方案》二（一）1 目标1"


def test_a_published_version_is_named_in_both_forms() -> None:
    versioned = labeller(version=("2023年版", "2023 edition"))
    assert versioned.citation("2.1.1", "zh") == "《某市碳达峰实施方案》（2023年版）二（一）1"
    assert versioned.reference("2.1.1", "zh") == \
        "国务院《某市碳达峰实施方案》（2023年版，国发〔2021〕23号，2021年10月24日印发）二（一）1"
    assert versioned.reference("2.1.1", "en").startswith(
        "State Council, City Carbon Peaking Plan (2023 edition, 国发〔2021〕23号, issued 24 October 2021), ")


@pytest.mark.parametrize(("iso", "zh", "en"), [
    ("2021-10-24", "2021年10月24日", "24 October 2021"),
    ("2022-01-05", "2022年1月5日", "5 January 2022"),
    ("2022-12-31", "2022年12月31日", "31 December 2022"),
])
def test_dates_are_written_as_each_language_writes_them(iso: str, zh: str, en: str) -> None:
    assert written_date(iso, "zh", STRINGS) == zh
    assert written_date(iso, "en", STRINGS) == en


# -- in the browser (slow) ----------------------------------------------------------------------------

SITE_URL = "https://plans.example.org/"
TODAY = dt.date.today().isoformat()  # the reader's today (the browser runs in this machine's zone)
NATIONAL = "national-2030/3/1/1/"  # a plan whose meta.yaml gives issuer, 文号 and date


@pytest.fixture()
def clip(browser):
    """A page whose script may write and read the clipboard."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


def copied(page, selector: str) -> str:
    """Click a cite button and read what it put on the clipboard."""
    page.locator(selector).first.click()
    page.wait_for_function("() => window.plansiteLastCitation")
    text = page.evaluate("() => navigator.clipboard.readText()")
    assert text == page.evaluate("() => window.plansiteLastCitation")
    return text


@pytest.mark.browser
def test_the_full_chinese_citation_has_issuer_number_date_clause_address_and_today(clip, server: str) -> None:
    clip.goto(server + NATIONAL)
    assert copied(clip, ".ps-unit__head button.ps-cite[data-form=full]") == (
        "国务院《2030年前碳达峰行动方案》（国发〔2021〕23号，2021年10月24日印发）三（一）1。"
        f"{server}{NATIONAL}（访问日期：{TODAY}）")


@pytest.mark.browser
def test_the_full_english_citation_gives_both_numberings_and_says_it_is_unofficial(clip, server: str) -> None:
    clip.goto(server + "en/" + NATIONAL)
    assert copied(clip, ".ps-unit__head button.ps-cite[data-form=full]") == (
        "State Council, Action Plan for Carbon Dioxide Peaking Before 2030 (国发〔2021〕23号, issued 24 October 2021), "
        "三（一）1 (clause 3.1.1). Unofficial English translation of 《2030年前碳达峰行动方案》; the Chinese text is "
        f"authoritative. {server}en/{NATIONAL} (accessed {TODAY}).")


@pytest.mark.browser
@pytest.mark.parametrize(("prefix", "expected"), [
    ("", "《2030年前碳达峰行动方案》三（一）1 {url}"),
    ("en/", "Action Plan for Carbon Dioxide Peaking Before 2030, 三（一）1 (clause 3.1.1), {url}"),
])
def test_the_short_citation_is_title_clause_and_address(clip, server: str, prefix: str, expected: str) -> None:
    clip.goto(server + prefix + NATIONAL)
    assert copied(clip, ".ps-unit__head button.ps-cite--short") == expected.format(url=server + prefix + NATIONAL)


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_sentences_button_copies_its_full_reference_without_missing_fields(clip, server: str, prefix: str) -> None:
    """Dongying's meta.yaml knows no 文号 or date: the reference leaves them out, with their brackets."""
    clip.goto(server + prefix + "dongying/3/1/1/")
    clip.locator('[id="3.1.1.s2"]').first.hover()  # a sentence's button shows on hover and focus
    text = copied(clip, 'button.ps-cite--s[data-url$="#3.1.1.s2"]')
    url = f"{server}{prefix}dongying/3/1/1/#3.1.1.s2"
    if prefix:
        assert text == ("Dongying Municipal People's Government, Dongying Municipal Work Plan for Carbon Peaking, "
                        "三（一）1 (clause 3.1.1), sentence 2. Unofficial English translation of 《东营市碳达峰工作方案》; "
                        f"the Chinese text is authoritative. {url} (accessed {TODAY}).")
    else:
        assert text == f"东营市人民政府《东营市碳达峰工作方案》三（一）1 第2句。{url}（访问日期：{TODAY}）"


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_first_tab_focuses_the_skip_link_and_enter_moves_to_the_content(page, server: str, prefix: str) -> None:
    page.goto(server + prefix + "dongying/3/1/1/")
    page.keyboard.press("Tab")
    skip = page.locator("a.ps-skip")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.inner_text() == ("Skip to content" if prefix else "跳到正文")
    # shown while it has the focus (the theme fades it in), on the page, not under the header
    page.wait_for_function("el => getComputedStyle(el).opacity === '1'", arg=skip.element_handle(), timeout=3000)
    box = skip.bounding_box()
    assert box is not None and box["width"] > 20 and 0 <= box["y"] < 200
    assert skip.evaluate("el => document.elementFromPoint(el.getBoundingClientRect().x + 5,"
                         " el.getBoundingClientRect().y + 5) === el")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "ps-content"
    page.keyboard.press("Tab")  # on from the content's start: the clause's own link, not the header
    assert page.evaluate("() => document.activeElement.closest('.md-content') !== null")


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_from_a_folder_without_an_address_the_citation_says_so_and_gives_no_file_url(page, site: Path,
                                                                                      prefix: str) -> None:
    """The session's site has no site_url: opened from its folder, it has no address to give."""
    page.goto(site.as_uri() + f"/{prefix}dongying/3/1/1/index.html")
    page.locator(".ps-unit__head button.ps-cite--short").click()
    text = page.evaluate("() => window.plansiteLastCitation")
    no_address = STRINGS["cite_no_address"]["en" if prefix else "zh"].format(path=f"{prefix}dongying/3/1/1/")
    assert text.endswith(no_address) and "file:" not in text, text


# -- the offline bundle of a site with an address ----------------------------------------------------

@pytest.fixture(scope="module")
def bundle_with_address(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Dongying alone, built with ``site_url`` and ``--offline``; its bundle unzipped."""
    project = copy_project(tmp_path_factory.mktemp("cite") / "project")
    for seed in (project / "seeds").glob("*.txt"):
        if seed.stem != "dongying":
            seed.unlink()
            shutil.rmtree(project / "content" / seed.stem, ignore_errors=True)
    config = project / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    result = plansite("build", "--offline", "-o", str(project.parent / "site"), cwd=project)
    assert result.returncode == 0, result.stderr
    folder = project.parent / "unzipped"
    shutil.unpack_archive(project / "dist" / "dongying-offline.zip", folder)
    return folder / "dongying-offline"


@pytest.fixture()
def offline_page(browser, bundle_with_address: Path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^(?!file:)"), lambda route: route.abort())  # nothing from outside
    page = context.new_page()
    yield page, bundle_with_address.as_uri() + "/"
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_from_a_folder_the_citation_carries_the_published_address(offline_page, prefix: str) -> None:
    page, base = offline_page
    page.goto(base + prefix + "dongying/3/1/1/index.html")
    assert page.url.startswith("file:")
    for form in ("full", "short"):
        page.evaluate("() => { window.plansiteLastCitation = ''; }")
        page.locator(f".ps-unit__head button.ps-cite[data-form={form}]").click()
        text = page.evaluate("() => window.plansiteLastCitation")
        assert f"{SITE_URL}{prefix}dongying/3/1/1/" in text and "file:" not in text, text


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_printed_pages_give_addresses_in_full(offline_page, prefix: str) -> None:
    page, base = offline_page
    page.goto(base + prefix + "dongying/text/index.html")
    page.emulate_media(media="print")
    after = page.locator('h2.ps-h[id="3"] a.ps-marker').evaluate("el => getComputedStyle(el, '::after').content")
    assert after == f'"{SITE_URL}{prefix}dongying/3/"'
    page.pdf(path=f"/tmp/i20cite-print-text{'-en' if prefix else ''}.pdf", prefer_css_page_size=True)
    # a task page: its place in the full text, and its own address
    page.goto(base + prefix + "dongying/3/1/1/index.html")
    page.emulate_media(media="print")
    link = page.locator("a.ps-unit__text-link")
    assert link.evaluate("el => getComputedStyle(el, '::after').content") == f'" {SITE_URL}{prefix}dongying/text/#3.1.1"'
    own = page.locator(".ps-unit__head a.ps-unit__id")
    assert own.evaluate("el => getComputedStyle(el, '::after').content") == f'" {SITE_URL}{prefix}dongying/3/1/1/"'
    page.screenshot(path=f"/tmp/i20cite-print-task{'-en' if prefix else ''}.png", full_page=True)


# -- every page reads right: glossary links (fast) --------------------------------------------------

def test_a_glossary_link_never_splits_a_longer_word() -> None:
    from builder.extract.terms import Glossary, Term

    glossary = Glossary([Term("ocean-energy", "海洋能", "hǎi yáng néng", "ocean energy", "…", "…"),
                         Term("peaking", "碳达峰", "tàn dá fēng", "carbon peaking", "…", "…"),
                         Term("dual-control", "能耗双控", "néng hào shuāng kòng", "dual control", "…", "…")])
    assert [piece for piece, term in glossary.segments("推进海洋文化与海洋能源产业跨界融合", set()) if term] == []
    assert [piece for piece, term in glossary.segments("积极开展海洋能利用研究", set()) if term] == ["海洋能"]
    assert [piece for piece, term in glossary.segments("实现碳达峰目标", set()) if term] == ["碳达峰"]
    assert [piece for piece, term in glossary.segments("完善能耗双控制度", set()) if term] == ["能耗双控"]
    # the literal occurrences stay available (the alignment of actions weighs them)
    assert [t.id for _, _, t in glossary.find("海洋能源", whole_words=False)] == ["ocean-energy"]


# -- every page reads right: the built pages (slow: the session's site) -------------------------------

def _text(html_fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_fragment)).strip())


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("path", "expected"), [
    ("dongying/3/1/1", "东营市碳达峰工作方案 › 三 实施“碳达峰十大行动” › 三（一） 能源绿色低碳转型行动 › 三（一）1 大力发展新能源"),
    ("en/dongying/3/1/1", "Dongying Municipal Work Plan for Carbon Peaking › Part 3 Implement the “Ten Actions for "
                          "Carb… › Section 3.1 Action for the green and low-carbon… › Clause 3.1.1 Vigorously develop new energy"),
    # target and agency pages too (on a phone the sidebar is in the drawer: the crumbs are the way up)
    ("dongying/3/1/1/t1", "东营市碳达峰工作方案 › 目标 › 三（一）1 大力发展新能源 › 三（一）1 目标1"),
    ("en/dongying/agencies/drc", "Dongying Municipal Work Plan for Carbon Peaking › Responsible agencies › "
                                 "Dongying Municipal Development and Reform Commission"),
])
def test_breadcrumbs_give_each_clause_its_heading(site: Path, path: str, expected: str) -> None:
    crumbs = re.search(r'<nav data-search-exclude class="ps-crumbs"[^>]*>(.*?)</nav>', _page(site, path), re.S)
    assert crumbs is not None
    assert _text(crumbs.group(1)) == expected


def test_a_long_heading_is_shortened_in_breadcrumbs(site: Path) -> None:
    crumbs = re.search(r'class="ps-crumbs"[^>]*>(.*?)</nav>', _page(site, "national-2030/3/1/1"), re.S).group(1)
    last = _text(crumbs).split(" › ")[-1]
    assert last.startswith("三（一）1 ") and last.endswith("…") and len(last) <= len("三（一）1 ") + 12


@pytest.mark.parametrize("path", ["dongying", "dongying/3/1", "en/dongying/3/1"])
def test_lists_of_numbered_clauses_draw_no_numbers_of_their_own(site: Path, path: str) -> None:
    """The plan's own 1． and （一） open each item: an <ol> of them is ps-numbered, whose markers
    plansite.css turns off (no 「1. 1．」, no 「a. （一）」)."""
    page = _page(site, path)
    numbered = re.findall(r'<ol class="([^"]*)">\s*<li[^>]*><a[^>]*><span class="ps-marker">', page)
    assert numbered, "no list of clauses on the page"
    assert all("ps-numbered" in classes.split() for classes in numbered), numbered
    css = (site / "assets/stylesheets/plansite.css").read_text(encoding="utf-8")
    assert re.search(r"ol\.ps-numbered\s*\{[^}]*list-style:\s*none", css)


@pytest.mark.parametrize("path", ["dongying/3/1/1", "en/dongying/3/1/1", "dongying/3/1"])
def test_a_clause_page_has_one_previous_next_bar(site: Path, path: str) -> None:
    page = _page(site, path)
    assert page.count('class="ps-prevnext"') == 1
    theirs = re.search(r'<nav class="md-footer__inner md-grid"[^>]*>', page)
    assert theirs is None or " hidden" in theirs.group(0)


@pytest.mark.parametrize(("path", "expected"), [
    ("dongying/3/1/1", ["东营市碳达峰工作方案", "三 实施“碳达峰十大行动”", "三（一） 能源绿色低碳转型行动", "三（一）1 大力发展新能源"]),
    ("dongying/3/1/1/t1", ["东营市碳达峰工作方案", "目标", "三 实施“碳达峰十大行动”", "三（一） 能源绿色低碳转型行动",
                           "三（一）1 大力发展新能源", "三（一）1 目标1"]),
    ("en/dongying/agencies/drc", ["Dongying Municipal Work Plan for Carbon Peaking", "Responsible agencies"]),
])
def test_task_target_and_agency_pages_show_where_they_are_in_the_plan(site: Path, path: str,
                                                                      expected: list[str]) -> None:
    page = _page(site, path)
    nav = re.search(r'<nav class="md-nav ps-context-nav"[^>]*>(.*?)</nav>', page, re.S)
    assert nav is not None
    items = [_text(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", nav.group(1), re.S)]
    assert items[:len(expected)] == expected
    assert nav.group(1).count('aria-current="page"') == (0 if "agencies" in path else 1)


@pytest.mark.parametrize(("path", "label"), [("dongying/text", "发布方导语（非方案正文）"),
                                             ("en/dongying/text", "The publisher's lead (not part of the plan)")])
def test_the_full_text_opens_with_the_title_and_labels_the_publishers_lead(site: Path, path: str, label: str) -> None:
    page = _page(site, path)
    title, lead = page.index('id="title"'), page.index('id="lead"')
    assert title < lead
    assert _text(re.search(r'id="lead"><h2>(.*?)</h2>', page).group(1)) == label


def test_no_cite_button_names_its_unit_in_the_other_languages_script(site: Path) -> None:
    """A button's accessible name is in the page's language: the English citation quotes the plan's
    own numbers (三（一）1), so the name gives the sentence's number instead."""
    page = _page(site, "en/dongying/3/1/1")
    labels = re.findall(r'<button[^>]*class="ps-cite[^"]*"[^>]*aria-label="([^"]*)"', page)
    assert labels and not [label for label in labels if re.search(r"[\u3400-\u9fff]", label)]


def test_a_glossary_link_never_splits_a_word_on_the_page(site: Path) -> None:
    page = _page(site, "dongying/3/1/1")
    assert "海洋能源" in _text(page)
    assert not re.search(r'<a class="ps-term"[^>]*>海洋能</a>源', page)

