"""The offline bundles (`plansite build --offline` → dist/offline.zip, the whole site, and
dist/<plan>-offline.zip, each plan with the plans it cites) and printing.

The bundles are built once per session with the real command line (every plan of seeds/),
unzipped into a temporary folder and opened from file:// in headless Debian Chromium, as a reader
who double-clicked index.html would: nothing may be requested from outside the folder, and
navigation, both languages, anchors, the cite buttons and search must work; a link to a plan the
bundle leaves out is no dead link. The full text must print cleanly.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from benchmarks.search_relevance import ask, site_path
from builder.offline import rewrite_outside_links, write_zip
from builder.project import Project
from builder.render.corpus import link_plans
from builder.summaries import read_summary
from tests.conftest import ROOT, run_plansite, search

PLAN = "dongying"
ZIP_NAME = f"{PLAN}-offline.zip"
CORPUS_ZIP = "offline.zip"
MAX_BYTES = 10 * 1024 * 1024
PLAN_IDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
ZIPS = [CORPUS_ZIP, *(f"{plan}-offline.zip" for plan in PLAN_IDS)]


# --- fixtures -------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def offline_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """`plansite build --offline -o <tmp>/site`, once: (the site folder, the folder of copies of
    the zips it wrote)."""
    work = tmp_path_factory.mktemp("offline")
    result = run_plansite("build", "--offline", "-o", str(work / "site"))
    assert result.returncode == 0, result.stderr
    wrote = re.findall(r"^wrote dist/(\S+\.zip) ", result.stderr, re.M)
    assert wrote == ZIPS, result.stderr  # the whole site's first, then each plan's
    (work / "zips").mkdir()
    for name in wrote:
        shutil.copyfile(ROOT / "dist" / name, work / "zips" / name)  # dist/ is shared: keep this build's bytes
    return work / "site", work / "zips"


@pytest.fixture(scope="session")
def bundle_zip(offline_build: tuple[Path, Path]) -> Path:
    return offline_build[1] / ZIP_NAME


@pytest.fixture(scope="session")
def unzipped(offline_build: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every bundle unzipped into a temporary folder: zip name → the folder that holds its index.html."""
    folders = {}
    for name in ZIPS:
        folder = tmp_path_factory.mktemp("unzipped")
        with zipfile.ZipFile(offline_build[1] / name) as archive:
            archive.extractall(folder)
        (root,) = folder.iterdir()
        assert root.name == name.removesuffix(".zip") and (root / "index.html").is_file()
        folders[name] = root
    return folders


@pytest.fixture(scope="session")
def bundle(unzipped: dict[str, Path]) -> Path:
    """Dongying's bundle, unzipped."""
    return unzipped[ZIP_NAME]


@pytest.fixture(scope="session")
def cited(offline_build: tuple[Path, Path]) -> dict[str, list[str]]:
    """Plan id → the plans it cites, from the summaries the build kept (the links of its pages)."""
    project = Project.find(ROOT)
    links = link_plans([read_summary(project, plan_id) for plan_id in PLAN_IDS])
    return {plan_id: sorted({c.plan.id for c in links[plan_id].cites}) for plan_id in PLAN_IDS}


@dataclass
class OfflinePage:
    """A page whose every request is watched: anything not file: is recorded and refused."""

    page: object
    base: str
    outside: list[str] = field(default_factory=list)

    def open(self, rel: str) -> None:
        self.page.goto(self.base + rel)

    def assert_stayed_inside(self) -> None:
        assert self.outside == [], f"requests left the bundle: {self.outside}"


@pytest.fixture()
def offline(browser, bundle: Path) -> Iterator[OfflinePage]:
    yield from _watched(browser, bundle)


@pytest.fixture()
def offline_corpus(browser, unzipped: dict[str, Path]) -> Iterator[OfflinePage]:
    yield from _watched(browser, unzipped[CORPUS_ZIP])


def _watched(browser, bundle: Path) -> Iterator[OfflinePage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = OfflinePage(page=None, base=bundle.as_uri() + "/")

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith("file:"):
            request_route.continue_()
        else:
            watched.outside.append(url)
            request_route.abort()

    def seen(request) -> None:
        if not request.url.startswith("file:"):
            watched.outside.append(request.url)

    context.route("**/*", route)
    context.on("request", seen)
    watched.page = context.new_page()
    yield watched
    context.close()


# --- the zip --------------------------------------------------------------------------------------

def test_zip_is_small(bundle_zip: Path) -> None:
    size = bundle_zip.stat().st_size
    print(f"\n{ZIP_NAME}: {size:,} bytes ({size / 1e6:.2f} MB)")
    assert size < MAX_BYTES


def test_two_builds_give_the_same_zips(offline_build: tuple[Path, Path], tmp_path: Path) -> None:
    result = run_plansite("build", "--offline", "-o", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    for name in ZIPS:
        assert (ROOT / "dist" / name).read_bytes() == (offline_build[1] / name).read_bytes(), name


def test_site_goes_to_the_output_folder_and_the_zip_to_dist(offline_build: tuple[Path, Path]) -> None:
    site, _ = offline_build
    assert (site / "index.html").is_file() and (site / "en" / "index.html").is_file()
    assert (site / "search" / "search_index.js").is_file()
    assert not (site / "dist").exists()


def test_zip_holds_the_plan_in_both_languages_with_data_and_search(bundle_zip: Path) -> None:
    with zipfile.ZipFile(bundle_zip) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert all(n.startswith(f"{PLAN}-offline/") for n in names)
    files = {n.split("/", 1)[1] for n in names}
    for expected in ["index.html", "en/index.html",
                     f"{PLAN}/index.html", f"{PLAN}/text/index.html", f"{PLAN}/3/1/2/index.html",
                     f"en/{PLAN}/index.html", f"en/{PLAN}/text/index.html", f"en/{PLAN}/3/1/2/index.html",
                     f"data/{PLAN}/plan.json", f"data/{PLAN}/targets.csv", f"data/{PLAN}/citations.json",
                     "search/search_index.js", "en/search/search_index.js",
                     "assets/javascripts/vendor/iframe-worker-shim.js",
                     "assets/javascripts/vendor/iframe-worker.LICENSE"]:
        assert expected in files, expected
    assert not [f for f in files if f.endswith((".map", ".xml", ".xml.gz", "404.html"))]
    assert {i.date_time for i in infos} and all(i.external_attr >> 16 == 0o100644 for i in infos)


def test_the_corpus_bundle_is_the_whole_site(offline_build: tuple[Path, Path], unzipped: dict[str, Path]) -> None:
    site, _ = offline_build
    corpus = unzipped[CORPUS_ZIP]
    for plan in PLAN_IDS:
        for expected in [f"{plan}/index.html", f"{plan}/text/index.html", f"en/{plan}/index.html",
                         f"data/{plan}/plan.json", f"{plan}/search/search_index.js"]:
            assert (corpus / expected).is_file(), expected
    shipped = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file())
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
                   and not p.name.endswith((".map", ".xml", ".xml.gz")) and p.name != "404.html")
    assert shipped == built
    assert (corpus / "dongying/3/1/1/index.html").read_bytes() == (site / "dongying/3/1/1/index.html").read_bytes()


def test_each_plans_bundle_holds_the_plans_it_cites(unzipped: dict[str, Path], cited: dict[str, list[str]]) -> None:
    assert "national-2030" in cited[PLAN]  # Dongying's preface names 《2030年前碳达峰行动方案》
    for plan in PLAN_IDS:
        folder = unzipped[f"{plan}-offline.zip"]
        held = sorted(p.parent.name for p in (folder / "data").glob("*/plan.json"))
        assert held == sorted([plan, *cited[plan]]), plan
        for member in held:
            assert (folder / member / "index.html").is_file() and (folder / "en" / member / "index.html").is_file()
        portal = (folder / "index.html").read_text(encoding="utf-8")
        assert sorted(re.findall(r'<h2 class="ps-plan-card__title"><a href="([a-z0-9-]+)/index.html">', portal)) == held
        for lang in ("", "en/"):  # the portal's search holds the bundled plans' documents, and only theirs
            script = (folder / lang / "search/search_index.js").read_text(encoding="utf-8")
            index = json.loads(script[script.index("{"):].rstrip().rstrip(";"))
            tops = {doc["location"].split("/", 1)[0] for doc in index["docs"]}
            assert set(held) <= tops and not (set(PLAN_IDS) - set(held)) & tops, (plan, lang)


def test_a_link_to_a_plan_left_out_is_plain_text_that_says_so(unzipped: dict[str, Path]) -> None:
    """national-2030 is in Dongying's bundle; its home lists the plans that cite it, of which
    national-industry is not in the bundle: named, not linked, and said to be left out."""
    folder = unzipped[ZIP_NAME]
    for lang, said in (("", "不在本离线包中"), ("en/", "Not in this offline bundle")):
        text = (folder / lang / "national-2030/index.html").read_text(encoding="utf-8")
        assert "national-industry/" not in " ".join(_REF_URLS.findall(text))
        spans = re.findall(r'<span class="ps-not-bundled" title="([^"]*)">(.*?)</span>', text)
        assert spans and {title for title, _ in spans} == {said}
        assert any("工业领域碳达峰实施方案" in inner or "Industrial Sector" in inner for _, inner in spans)
        assert 'href="../dongying/index.html"' in text  # a plan that is in the bundle stays linked
    # in the whole site's bundle nothing is left out
    corpus = unzipped[CORPUS_ZIP]
    assert not [p for p in corpus.rglob("*.html") if "ps-not-bundled" in p.read_text(encoding="utf-8")]


_REF_URLS = re.compile(r'\shref="([^"]*)"')


# --- links out of a bundle, without a build ----------------------------------------------------------

_PAGE = ('<p><a class="ps-planref" href="../../b/index.html" title="B">《B》</a> '
         '<a href="../../b/text/index.html#preface.s1">preface.s1</a> '
         '<a href="../2/index.html">next</a> <a href="https://example.org/">web</a> '
         '<a href="../../nowhere/index.html">broken</a> <a href="#x">here</a></p>')
_INSIDE = {"a/1/index.html", "a/2/index.html"}
_SITE = _INSIDE | {"b/index.html", "b/text/index.html"}


def test_links_out_of_a_bundle_lead_to_the_published_site_with_an_address() -> None:
    out = rewrite_outside_links("a/1/index.html", _PAGE, _INSIDE, _SITE, "https://plans.example.org/cn",
                                True, "not here")
    assert out == _PAGE.replace('href="../../b/index.html"', 'href="https://plans.example.org/cn/b/"').replace(
        'href="../../b/text/index.html#preface.s1"', 'href="https://plans.example.org/cn/b/text/#preface.s1"')
    files = rewrite_outside_links("a/1/index.html", _PAGE, _INSIDE, _SITE, "https://plans.example.org/", False, "x")
    assert 'href="https://plans.example.org/b/text/index.html#preface.s1"' in files


def test_links_out_of_a_bundle_become_text_without_an_address() -> None:
    hostile = 'ZQ<img src=x onerror=alert(1)>"'
    page = _PAGE.replace("《B》", "《B&lt;img&gt;》") + f'<a href="../../b/index.html">{hostile}</a>'
    out = rewrite_outside_links("a/1/index.html", page, _INSIDE, _SITE, None, True, 'not "here" <b>')
    title = 'title="not &#34;here&#34; &lt;b&gt;"'
    assert f'<span class="ps-not-bundled" {title}>《B&lt;img&gt;》</span>' in out
    assert f'<span class="ps-not-bundled" {title}>preface.s1</span>' in out
    assert f'<span class="ps-not-bundled" {title}>{hostile}</span>' in out  # the link's text as it was
    for kept in ('<a href="../2/index.html">next</a>', '<a href="https://example.org/">web</a>',
                 '<a href="../../nowhere/index.html">broken</a>', '<a href="#x">here</a>'):
        assert kept in out
    assert "../../b/" not in out


def test_zip_timestamps_come_from_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "b" / "z.html").write_text("z")
    (site / "a.html").write_text("a")
    (site / "sitemap.xml").write_text("<urlset/>")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    first = write_zip(site, tmp_path / "one.zip", "x-offline")
    (site / "a.html").touch()
    second = write_zip(site, tmp_path / "two.zip", "x-offline")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist() == ["x-offline/a.html", "x-offline/b/z.html"]
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with zipfile.ZipFile(write_zip(site, tmp_path / "three.zip", "x-offline")) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- the unzipped folder, without a browser -------------------------------------------------------

_REF = re.compile(r'\s(href|src)="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')
#: Tags that make the browser fetch what they point at (an <a href> to the web is only a link).
_FETCHING = re.compile(r'<(?:script|img|iframe|source|video|audio|embed|object)\b[^>]*\s(?:src|data)="(?:https?:)?//'
                       r'|<link\b(?=[^>]*\brel="(?:stylesheet|preconnect|preload|prefetch|dns-prefetch|'
                       r'modulepreload|icon|manifest)")[^>]*\shref="(?:https?:)?//', re.I)


@pytest.mark.parametrize("name", ZIPS)
def test_every_link_in_the_bundle_resolves_to_a_file_and_anchor(unzipped: dict[str, Path], name: str) -> None:
    bundle = unzipped[name]
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in sorted(bundle.rglob("*.html")):
        for _, url in _REF.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(html.unescape(url))
            if parts.scheme or url.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            rel = page.relative_to(bundle).as_posix()
            if not target.is_file():  # a folder would show a listing from file://, not its index.html
                broken.append(f"{rel}: {url}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {html.unescape(i) for i in _ID.findall(target.read_text(encoding="utf-8"))}
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{rel}: {url} (no such anchor)")
    assert broken == []


@pytest.mark.parametrize("name", ZIPS)
def test_nothing_in_the_bundle_fetches_from_outside(unzipped: dict[str, Path], name: str) -> None:
    bundle = unzipped[name]
    offenders = [f"{p.relative_to(bundle)}: {m.group(0)[:120]}" for p in sorted(bundle.rglob("*.html"))
                 for m in _FETCHING.finditer(p.read_text(encoding="utf-8"))]
    offenders += [f"{p.relative_to(bundle)}: {m.group(0)}" for p in sorted(bundle.rglob("*.css"))
                  for m in re.finditer(r"(?:@import|url\()\s*[\"']?(?:https?:)?//[^\"')\s]*", p.read_text(encoding="utf-8"))]
    assert offenders == []
    assert "unpkg.com" not in (bundle / "index.html").read_text(encoding="utf-8")


# --- the bundle in a browser, from file:// --------------------------------------------------------


@pytest.mark.browser
def test_nav_links_work_from_the_folder(offline: OfflinePage) -> None:
    page = offline.page
    offline.open("index.html")
    page.locator(f'.ps-plan-card__title a[href="{PLAN}/index.html"]').click()  # the portal lists every plan
    page.wait_for_url(f"**/{PLAN}/index.html")
    page.locator('.md-sidebar--primary a.md-nav__link[href="text/index.html"]').first.click()
    page.wait_for_url(f"**/{PLAN}/text/index.html")
    assert "全文" in page.locator("h1").inner_text()
    page.locator('.md-sidebar--primary a.md-nav__link[href="../3/1/index.html"]').first.click()
    page.wait_for_url(f"**/{PLAN}/3/1/index.html")
    assert page.locator('[id="3.1"], [id="3.1.s1"]').count() >= 1
    offline.assert_stayed_inside()


@pytest.mark.browser
def test_the_corpus_bundles_portal_lists_every_plan_from_the_folder(offline_corpus: OfflinePage) -> None:
    page = offline_corpus.page
    offline_corpus.open("index.html")
    listed = page.locator(".ps-plan-card__title a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(listed) == sorted(f"{plan}/index.html" for plan in PLAN_IDS)
    for plan in PLAN_IDS:
        offline_corpus.open("index.html")
        page.locator(f'.ps-plan-card__title a[href="{plan}/index.html"]').click()
        page.wait_for_url(offline_corpus.base + f"{plan}/index.html")
        assert page.locator("h1").count() == 1
    offline_corpus.assert_stayed_inside()


@pytest.mark.browser
def test_dongyings_bundle_opens_the_plan_its_preface_cites(offline: OfflinePage) -> None:
    page = offline.page
    offline.open(f"{PLAN}/text/index.html")
    link = page.locator('[id^="preface"] a.ps-planref[href$="national-2030/index.html"]').first
    assert "2030年前碳达峰行动方案" in link.inner_text()
    link.click()
    page.wait_for_url(offline.base + "national-2030/index.html")
    assert "2030" in page.locator("h1").inner_text()
    # the plans it lists as citing it: Dongying's is a link, the others plain text
    assert page.locator('a[href="../dongying/index.html"]').count() >= 1
    assert page.locator(".ps-not-bundled").count() >= 1
    offline.assert_stayed_inside()


@pytest.mark.browser
def test_language_switch_lands_on_the_same_clause(offline: OfflinePage) -> None:
    page = offline.page
    offline.open(f"{PLAN}/3/1/1/index.html")
    page.locator("a.ps-lang-switch").click()
    page.wait_for_url(f"**/en/{PLAN}/3/1/1/index.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator('[id="3.1.1.s2"]').count() == 1
    page.locator("a.ps-lang-switch").click()
    page.wait_for_url(offline.base + f"{PLAN}/3/1/1/index.html")
    assert page.locator("html").get_attribute("lang") == "zh"
    offline.assert_stayed_inside()


@pytest.mark.browser
@pytest.mark.parametrize("rel, anchor", [(f"{PLAN}/3/1/1/index.html", "3.1.1.s2"), ("glossary/index.html", "hydrogen-energy"),
                                         (f"{PLAN}/text/index.html", "3.1.1")])
def test_language_switch_keeps_the_place(offline: OfflinePage, rel: str, anchor: str) -> None:
    """From the folder the switch lands on the same sentence, term or clause, scrolled to it."""
    page = offline.page
    for there, lang in ((f"en/{rel}", "en"), (rel, "zh")):
        if lang == "en":
            offline.open(f"{rel}#{anchor}")
        page.locator("a.ps-lang-switch").click()
        page.wait_for_url(f"{offline.base}{there}#{anchor}")
        assert page.locator("html").get_attribute("lang") == lang
        page.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                               " return r.top >= 0 && r.top < innerHeight; }", arg=anchor, timeout=5_000)
    offline.assert_stayed_inside()


@pytest.mark.browser
def test_sentence_anchor_is_the_target(offline: OfflinePage) -> None:
    page = offline.page
    offline.open(f"{PLAN}/3/1/2/index.html#3.1.2.s4")
    sentence = page.locator('[id="3.1.2.s4"]')
    assert sentence.is_visible()
    assert sentence.evaluate("el => el.matches(':target')")
    box = sentence.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    offline.assert_stayed_inside()


@pytest.mark.browser
def test_cite_button_gives_citation_and_url(offline: OfflinePage) -> None:
    page = offline.page
    offline.open(f"{PLAN}/3/1/1/index.html")
    button = page.locator(".ps-unit__head button.ps-cite--short")
    button.click()
    copied = page.evaluate("window.plansiteLastCitation")
    assert copied.startswith("《东营市碳达峰工作方案》三（一）1 ")
    assert copied.endswith(f"{PLAN}/3/1/1/")
    offline.assert_stayed_inside()


def _search(offline: OfflinePage, start: str, query: str):
    page = offline.page
    offline.open(start)
    return search(page, query)


@pytest.mark.browser
@pytest.mark.parametrize(("start", "query"), [
    (f"{PLAN}/index.html", "光伏"),
    (f"{PLAN}/index.html", "碳中和"),
    (f"en/{PLAN}/index.html", "photovoltaic"),
])
def test_search_works_from_the_folder(offline: OfflinePage, start: str, query: str) -> None:
    results = _search(offline, start, query)
    assert results.count() >= 1
    text = offline.page.locator(".md-search-result__list").inner_text().replace("\u200b", "")
    assert query.lower() in text.lower()
    # a result opens its page inside the folder
    href = results.first.locator("a").first.get_attribute("href")
    assert href and href.startswith("file:") and ".html" in href, href
    results.first.locator("a").first.click()
    offline.page.wait_for_load_state("load")
    assert offline.page.url.startswith(offline.base)
    offline.assert_stayed_inside()


@pytest.mark.browser
@pytest.mark.parametrize(("start", "query", "first"), [
    (f"{PLAN}/index.html", "分布式光伏", f"{PLAN}/3/1/1/#3.1.1.s3"),  # a part of a long term, the sentence
    (f"{PLAN}/index.html", "三（一）1", f"{PLAN}/3/1/1/"),  # a clause's number as the plan writes it
    (f"{PLAN}/index.html", "ccus", f"{PLAN}/3/10/1/"),  # an acronym, in any case
    (f"{PLAN}/index.html", "海上风电 海洋牧场", f"{PLAN}/3/1/1/"),  # every word needed
    (f"en/{PLAN}/index.html", "offshore wind", f"en/{PLAN}/3/1/1/"),
    (f"en/{PLAN}/index.html", "3.1.1.s2", f"en/{PLAN}/3/1/1/#3.1.1.s2"),
    ("glossary/index.html", "tanzhonghe", "glossary/#carbon-neutrality"),  # pinyin of a term
])
def test_each_kind_of_query_works_from_the_folder(offline: OfflinePage, start: str, query: str, first: str) -> None:
    """The search's own reading of queries (builder/search_worker.js) runs in the iframe that
    stands in for a worker from file:// as it does in a worker."""
    offline.open(start)
    shown = [[site_path(link, offline.base) for link in links] for links in ask(offline.page, query)]
    assert shown and any(link == first or link.startswith(first) and first.endswith("/") for link in shown[0]), shown[:3]
    offline.assert_stayed_inside()


# --- print ----------------------------------------------------------------------------------------

_HIDDEN_IN_PRINT = [".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-footer", ".ps-cite",
                    ".ps-show", ".ps-lang-switch"]


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.browser
@pytest.mark.parametrize("text_page", [f"{PLAN}/text/index.html", f"en/{PLAN}/text/index.html"])
def test_full_text_prints_cleanly(offline: OfflinePage, text_page: str, tmp_path: Path) -> None:
    page = offline.page
    offline.open(text_page)
    page.emulate_media(media="print")
    shown = page.evaluate("""selectors => selectors.flatMap(s => Array.from(document.querySelectorAll(s))
        .filter(el => getComputedStyle(el).display !== 'none').map(el => s))""", _HIDDEN_IN_PRINT)
    assert shown == [], f"visible in print: {sorted(set(shown))}"
    # clause numbers and headings stay, each heading followed by its clause's address
    marker = page.locator('h2.ps-h[id="3"] a.ps-marker')
    assert marker.is_visible()
    after = marker.evaluate("el => getComputedStyle(el, '::after').content")
    # the clause's permanent address: this bundle has no published address (no site_url), and
    # says so before the site path (tests/test_citations.py prints the https address of one that has)
    path = ("en/" if text_page.startswith("en/") else "") + f"{PLAN}/3/"
    no_address = yaml.safe_load((ROOT / "templates/strings.yaml").read_text(encoding="utf-8"))["cite_no_address"]
    assert after.strip('"') == no_address["en" if text_page.startswith("en/") else "zh"].format(path=path), after
    assert page.locator('[id="3.1.2.s4"] .ps-sn').is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    (tmp_path / "text.pdf").write_bytes(pdf)
    assert _pdf_pages(pdf) > 10
    boxes = {tuple(round(float(x)) for x in box.split())
             for box in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+\s+[\d.]+)\s*\]", pdf)}
    assert boxes == {(595, 842)}  # A4 (210 × 297 mm in points), from the stylesheet's @page
    offline.assert_stayed_inside()
