"""Sitemaps for many plans, and each page's hreflang alternates.

With ``site_url``, the root's ``sitemap.xml`` is a ``<sitemapindex>`` of the root's own sitemap
(``sitemap-root.xml``: portal, glossary) and every build's (``<plan>/``, ``en/<plan>/``, ``en/``),
each ``<url>`` with ``<xhtml:link rel="alternate" hreflang>`` for zh-CN, en and x-default. A
sitemap over the protocol's limits is split into parts (tested here with small limits passed in,
not with a huge site). Without ``site_url`` nothing is listed (as MkDocs does). Every page's head
names the page in both languages and ``x-default``: absolute with ``site_url``, relative without.

The site with an address is built once (a copy of the project with ``site_url``); the site
without one is the session's ``site``.
"""

from __future__ import annotations

import gzip
import html
import re
import shutil
import struct
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from builder import sitemap
from builder.errors import BuildError
from tests.conftest import ROOT
from tests.helpers import EPOCH, LANGUAGES, PAGE_KINDS, copy_project, plansite

SITE_URL = "https://plans.example.org/cn/"
NS = {"s": sitemap.SITEMAP_NS, "x": sitemap.XHTML_NS}
HREFLANGS = ["zh-CN", "en", "x-default"]
EPOCH_DAY = datetime.fromtimestamp(EPOCH, timezone.utc).strftime("%Y-%m-%d")
EPOCH_MIDNIGHT = int(datetime.fromisoformat(EPOCH_DAY).replace(tzinfo=timezone.utc).timestamp())
PLAN_IDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))


# -- fixtures ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every plan of seeds/, built from a copy of the project whose mkdocs.yml has ``site_url``."""
    project = copy_project(tmp_path_factory.mktemp("sitemaps") / "project")
    config = project / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    out = project.parent / "site"
    result = plansite("build", "-o", str(out), "--fresh", cwd=project)
    assert result.returncode == 0, result.stderr
    return out


def _file(site: Path, url: str) -> Path | None:
    """The built file an absolute URL of the site names (a folder's index.html), if any."""
    assert url.startswith(SITE_URL), url
    rel = unquote(urlsplit(url).path)[len(urlsplit(SITE_URL).path):]
    path = site / rel
    if rel == "" or rel.endswith("/"):
        path = path / "index.html"
    return path if path.is_file() else None


def _read_index(site: Path) -> list[str]:
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{{{sitemap.SITEMAP_NS}}}sitemapindex"
    return [loc.text or "" for loc in root.findall("s:sitemap/s:loc", NS)]


def _urls(path: Path) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{sitemap.SITEMAP_NS}}}urlset", path
    return root.findall("s:url", NS)


def _alternates(url: ET.Element) -> dict[str, str]:
    links = url.findall("x:link", NS)
    assert all(link.get("rel") == "alternate" for link in links)
    return {link.get("hreflang", ""): link.get("href", "") for link in links}


# -- the built site, with an address ---------------------------------------------------------------------

@pytest.mark.slow
def test_the_root_sitemap_is_an_index_of_every_builds_sitemap(site_with_url: Path) -> None:
    listed = _read_index(site_with_url)
    expected = [SITE_URL + "sitemap-root.xml", *sorted(
        SITE_URL + f"{prefix}{plan}sitemap.xml" for prefix in ("", "en/") for plan in ["", *(f"{p}/" for p in PLAN_IDS)]
        if f"{prefix}{plan}" != "")]
    assert listed == expected
    for loc in listed:
        path = _file(site_with_url, loc)
        assert path is not None, f"{loc} is not a built file"
        assert _urls(path), f"{loc} lists no page"
    assert "national-2030/" in {p.name + "/" for p in site_with_url.iterdir()}
    # the root's own sitemap: the site-wide pages in Chinese, nothing of a plan
    own = [u.findtext("s:loc", namespaces=NS) for u in _urls(site_with_url / "sitemap-root.xml")]
    assert SITE_URL in own and SITE_URL + "glossary/" in own
    assert not [loc for loc in own if loc.startswith(SITE_URL + "en/") or loc.startswith(SITE_URL + "dongying/")]


@pytest.mark.slow
def test_every_page_is_listed_once_with_its_date(site_with_url: Path) -> None:
    locs: list[str] = []
    for loc in _read_index(site_with_url):
        for url in _urls(_file(site_with_url, loc)):  # type: ignore[arg-type]
            locs.append(url.findtext("s:loc", namespaces=NS) or "")
            assert url.findtext("s:lastmod", namespaces=NS) == EPOCH_DAY
    pages = {SITE_URL + p.relative_to(site_with_url).parent.as_posix().removeprefix(".").strip("/") + "/"
             for p in site_with_url.rglob("index.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")}
    pages = {p.replace(SITE_URL + "/", SITE_URL) for p in pages}
    assert len(locs) == len(set(locs))
    assert set(locs) == pages
    assert len(locs) > 500
    # each plan's own sitemap lists that plan's pages of its language only (the protocol's rule:
    # a sitemap lists addresses in its own folder)
    for loc in _read_index(site_with_url)[1:]:
        folder = loc.removesuffix("sitemap.xml")
        assert all((u.findtext("s:loc", namespaces=NS) or "").startswith(folder)
                   for u in _urls(_file(site_with_url, loc)))  # type: ignore[arg-type]


@pytest.mark.slow
def test_every_url_names_its_pages_in_both_languages_and_they_name_each_other(site_with_url: Path) -> None:
    text = (site_with_url / "dongying" / "sitemap.xml").read_text(encoding="utf-8")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in text
    entries: dict[str, dict[str, str]] = {}
    for loc in _read_index(site_with_url):
        for url in _urls(_file(site_with_url, loc)):  # type: ignore[arg-type]
            entries[url.findtext("s:loc", namespaces=NS) or ""] = _alternates(url)
    problems = []
    for loc, alternates in sorted(entries.items()):
        if list(alternates) != HREFLANGS:
            problems.append(f"{loc}: {list(alternates)}")
            continue
        zh, en = alternates["zh-CN"], alternates["en"]
        own = en if loc.startswith(SITE_URL + "en/") else zh
        if own != loc or alternates["x-default"] != zh or en != zh.replace(SITE_URL, SITE_URL + "en/", 1):
            problems.append(f"{loc}: {alternates}")
        for href in alternates.values():
            if _file(site_with_url, href) is None:
                problems.append(f"{loc}: {href} is not a built page")
        twin = en if own == zh else zh
        if entries.get(twin) != alternates:  # the twin is listed, and names the same pages
            problems.append(f"{loc}: its twin {twin} says {entries.get(twin)}")
    assert problems == []
    assert entries[SITE_URL + "dongying/3/1/1/"]["en"] == SITE_URL + "en/dongying/3/1/1/"
    assert entries[SITE_URL + "en/"]["zh-CN"] == SITE_URL


@pytest.mark.slow
def test_every_sitemap_has_a_gzip_twin_dated_by_source_date_epoch(site_with_url: Path) -> None:
    names = sorted(p.relative_to(site_with_url).as_posix() for p in site_with_url.rglob("*.xml"))
    assert {"sitemap.xml", "sitemap-root.xml", "dongying/sitemap.xml", "en/dongying/sitemap.xml"} <= set(names)
    for name in names:
        plain = (site_with_url / name).read_bytes()
        packed = (site_with_url / f"{name}.gz").read_bytes()
        assert gzip.decompress(packed) == plain, name
        assert struct.unpack("<I", packed[4:8])[0] == EPOCH_MIDNIGHT, name


@pytest.mark.slow
def test_the_index_is_the_same_when_made_again(site_with_url: Path, tmp_path: Path) -> None:
    """Idempotent (a merge makes it again with the copied plans) and deterministic."""
    copy = tmp_path / "site"
    shutil.copytree(site_with_url, copy)
    assert sitemap.index(copy, SITE_URL) == len(_read_index(site_with_url))
    for name in ("sitemap.xml", "sitemap.xml.gz", "sitemap-root.xml", "sitemap-root.xml.gz"):
        assert (copy / name).read_bytes() == (site_with_url / name).read_bytes(), name


@pytest.mark.slow
def test_a_merged_site_has_the_same_sitemaps(site_with_url: Path, tmp_path: Path) -> None:
    """``plansite merge`` copies each plan's folders (their sitemaps with them) and indexes them again."""
    merged = tmp_path / "merged"
    result = plansite("merge", str(site_with_url), "-o", str(merged), cwd=site_with_url.parent / "project")
    assert result.returncode == 0, result.stderr
    names = sorted(p.relative_to(site_with_url).as_posix() for p in site_with_url.rglob("*")
                   if sitemap.FILE_NAME.fullmatch(p.name))
    assert len(names) == 2 * (3 + 2 * len(PLAN_IDS))  # the index, the root's own, en/, each plan's two; .gz
    assert sorted(p.relative_to(merged).as_posix() for p in merged.rglob("*") if sitemap.FILE_NAME.fullmatch(p.name)) \
        == names
    assert [n for n in names if (merged / n).read_bytes() != (site_with_url / n).read_bytes()] == []


@pytest.mark.slow
def test_a_built_plans_sitemap_over_the_limit_is_split_into_parts(site_with_url: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site_with_url, copy)
    before = [u.findtext("s:loc", namespaces=NS) for u in _urls(copy / "dongying" / "sitemap.xml")]
    assert len(before) > 120
    assert sitemap.split(copy / "dongying" / "sitemap.xml", SITE_URL + "dongying/sitemap.xml", max_urls=50) == \
        -(-len(before) // 50)
    listed = _read_index(copy) if sitemap.index(copy, SITE_URL) else []
    parts = [loc for loc in listed if loc.startswith(SITE_URL + "dongying/")]
    assert parts == [SITE_URL + f"dongying/sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    after = []
    for loc in parts:
        urls = _urls(_file(copy, loc))  # type: ignore[arg-type]
        assert 0 < len(urls) <= 50
        assert all(list(_alternates(u)) == HREFLANGS for u in urls)
        after += [u.findtext("s:loc", namespaces=NS) for u in urls]
    assert after == before  # every page, in order, once
    assert SITE_URL + "dongying/sitemap.xml" not in listed  # the plan's own is now the index of its parts
    assert sitemap.is_index(copy / "dongying" / "sitemap.xml")


# -- split and index, with small limits ---------------------------------------------------------------

def _fake_urlset(n: int, prefix: str = SITE_URL) -> bytes:
    return sitemap.urlset(sitemap.Url(f"{prefix}p{i:03d}/", EPOCH_DAY, [("zh-CN", f"{prefix}p{i:03d}/"),
                                                                       ("en", f"{prefix}en/p{i:03d}/")])
                          for i in range(n))


def test_split_by_count_keeps_every_url_in_order(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_bytes(_fake_urlset(7))
    assert sitemap.split(path, SITE_URL + "sitemap.xml", max_urls=3) == 3
    assert sitemap.is_index(path)
    parts = [tmp_path / f"sitemap-{n}.xml" for n in (1, 2, 3)]
    assert [s.loc for s in sitemap.read(path)] == [SITE_URL + p.name for p in parts]  # type: ignore[union-attr]
    counts = [len(sitemap.read(p)) for p in parts]
    assert counts == [3, 3, 1]
    locs = [u.loc for p in parts for u in sitemap.read(p)]  # type: ignore[union-attr]
    assert locs == [f"{SITE_URL}p{i:03d}/" for i in range(7)]
    assert sitemap.read(parts[0])[0].alternates == [("zh-CN", SITE_URL + "p000/"), ("en", SITE_URL + "en/p000/")]
    for p in [path, *parts]:
        assert gzip.decompress(p.with_name(p.name + ".gz").read_bytes()) == p.read_bytes()
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sitemap.split(path, SITE_URL + "sitemap.xml", max_urls=3) == 0  # an index already: as it is
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == first


def test_split_by_size(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_bytes(_fake_urlset(10))
    limit = 1200
    assert path.stat().st_size > limit
    n = sitemap.split(path, SITE_URL + "sitemap.xml", max_bytes=limit)
    assert n > 1
    for i in range(1, n + 1):
        assert len((tmp_path / f"sitemap-{i}.xml").read_bytes()) <= limit


def test_a_sitemap_within_the_limits_is_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    data = _fake_urlset(3)
    path.write_bytes(data)
    assert sitemap.split(path, SITE_URL + "sitemap.xml", max_urls=3) == 0
    assert path.read_bytes() == data and sorted(p.name for p in tmp_path.iterdir()) == ["sitemap.xml"]


def _fake_site(root: Path, plans: list[str]) -> None:
    (root / "sitemap.xml").write_bytes(_fake_urlset(2))
    for plan in plans:
        for prefix in ("", "en/"):
            folder = root / f"{prefix}{plan}"
            folder.mkdir(parents=True)
            (folder / "sitemap.xml").write_bytes(_fake_urlset(4, f"{SITE_URL}{prefix}{plan}/"))


def test_index_lists_the_roots_own_and_every_builds_sitemap_flattening_parts(tmp_path: Path) -> None:
    _fake_site(tmp_path, ["b", "a"])
    sitemap.split(tmp_path / "a" / "sitemap.xml", SITE_URL + "a/sitemap.xml", max_urls=3)
    assert sitemap.index(tmp_path, SITE_URL) == 6
    listed = [s.loc for s in sitemap.read(tmp_path / "sitemap.xml")]  # type: ignore[union-attr]
    assert listed == [SITE_URL + "sitemap-root.xml", SITE_URL + "a/sitemap-1.xml", SITE_URL + "a/sitemap-2.xml",
                      SITE_URL + "b/sitemap.xml", SITE_URL + "en/a/sitemap.xml", SITE_URL + "en/b/sitemap.xml"]
    assert all(s.lastmod == EPOCH_DAY for s in sitemap.read(tmp_path / "sitemap.xml"))  # type: ignore[union-attr]
    assert len(sitemap.read(tmp_path / "sitemap-root.xml")) == 2


def test_an_index_over_the_limit_is_an_error(tmp_path: Path) -> None:
    _fake_site(tmp_path, ["a", "b"])
    with pytest.raises(BuildError, match=r"expected at most 4 sitemaps .* in the sitemap index, found 5"):
        sitemap.index(tmp_path, SITE_URL, max_urls=4)


def test_without_an_address_the_sitemap_stays_an_empty_urlset(tmp_path: Path) -> None:
    empty = sitemap.urlset([])
    (tmp_path / "sitemap.xml").write_bytes(empty)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "sitemap.xml").write_bytes(empty)
    assert sitemap.index(tmp_path, SITE_URL) == 0
    assert sitemap.index(tmp_path, None) == 0
    assert (tmp_path / "sitemap.xml").read_bytes() == empty
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "sitemap.xml"]


# -- hreflang in each page's head --------------------------------------------------------------------

_HEAD_LINK = re.compile(r'<link rel="alternate" hreflang="([^"]*)" href="([^"]*)">')


def _head_links(page: Path) -> list[tuple[str, str]]:
    head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
    return [(lang, html.unescape(href)) for lang, href in _HEAD_LINK.findall(head)]


@pytest.mark.parametrize("path", list(PAGE_KINDS.values()))
@pytest.mark.parametrize("prefix", list(LANGUAGES))
def test_every_page_names_itself_in_both_languages_relative_without_an_address(site: Path, prefix: str,
                                                                                 path: str) -> None:
    page = site / prefix / path / "index.html"
    links = _head_links(page)
    assert [lang for lang, _ in links] == HREFLANGS
    targets = {lang: (page.parent / href / "index.html").resolve() for lang, href in links}
    assert targets["zh-CN"] == (site / path / "index.html").resolve()
    assert targets["en"] == (site / "en" / path / "index.html").resolve()
    assert targets["x-default"] == targets["zh-CN"]
    assert all(t.is_file() for t in targets.values())
    assert dict(links)["zh-CN" if prefix == "" else "en"] == "./"


@pytest.mark.slow
@pytest.mark.parametrize("path", list(PAGE_KINDS.values()))
@pytest.mark.parametrize("prefix", list(LANGUAGES))
def test_every_page_names_itself_in_both_languages_absolute_with_an_address(site_with_url: Path, prefix: str,
                                                                              path: str) -> None:
    links = _head_links(site_with_url / prefix / path / "index.html")
    assert links == [("zh-CN", SITE_URL + path), ("en", SITE_URL + "en/" + path), ("x-default", SITE_URL + path)]
    canonical = re.search(r'<link rel="canonical" href="([^"]*)">',
                          (site_with_url / prefix / path / "index.html").read_text(encoding="utf-8"))
    assert canonical and canonical.group(1) == SITE_URL + prefix + path


def test_the_themes_script_is_unhooked_from_hreflang_links() -> None:
    import material

    bundles = sorted((Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert len(bundles) == 1 and sitemap.THEME_BUNDLE.fullmatch(
        bundles[0].relative_to(bundles[0].parents[2]).as_posix())
    source = bundles[0].read_text(encoding="utf-8")
    fixed = sitemap.unhook_alternates(source)
    assert fixed is not None and fixed != source
    assert '"link[rel=alternate]"' not in fixed and fixed.count('"link[rel=alternate]:not([hreflang])"') == 1
    assert sitemap.unhook_alternates("no selector here") is None


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "dongying/3/1/1/", "en/dongying/3/1/1/", "en/glossary/"])
def test_a_page_view_requests_no_sitemap(page, server: str, path: str) -> None:
    """The theme's script would fetch a sitemap beside each hreflang link; the site's copy does not."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    hreflangs = page.locator('head link[rel="alternate"][hreflang]')
    assert hreflangs.count() == 3
    assert page.evaluate("() => Array.from(document.querySelectorAll('head link[hreflang]'))"
                         ".map(l => l.hreflang)") == HREFLANGS
    assert [u for u in requested if "sitemap" in u] == []
    assert len(requested) > 3  # the page, its styles and scripts were seen
