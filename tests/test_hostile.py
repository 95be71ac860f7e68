"""Hostile text: no text of a plan, or of the curated content, can run or break a page.

A test project holds two plans whose every slot carries a payload of its own — title, covering
notice, news lead, preface, part, section and item headings, body sentences, a responsibility
list, a renumbered clause (so a redirect page names it), a published version's labels (its pages,
its citations, the changes pages and changes.json), a curated translation, an agency
registry name, a glossary term and definition, a metric name (on its target pages and where it is
compared across plans: metrics/<id>/, its chart, data/metrics.json) — each payload opened by a marker
(``ZQ01`` …) so that wherever it appears it can be found. The site and the offline bundle are
built once. Then **every** HTML page is opened in headless Chromium with a trap installed before
any page script runs (``add_init_script``): a payload that ran would set ``window.__pwned`` or call
``alert``. Each page is waited for (the load event; the search worker where the page has search),
and its rendered text (``document.title``, the text a reader sees, the attributes a screen reader
reads, the citation a cite button copies) must show every payload as its literal text wherever
its marker appears. The CSV export is read with :mod:`csv`, cell by cell.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from builder.render.exports import join_sentences
from tests.conftest import search, serve, wait_for_search
from tests.helpers import copy_project, plansite

# -- the payloads, each opened by its marker ---------------------------------------------------------

P = {
    "ZQ01": "ZQ01</title><script>window.__pwned=1</script>&amp;lt;b&amp;gt;",     # plan title
    "ZQ02": "ZQ02<img src=x onerror=window.__pwned=2>",                            # notice title
    "ZQ03": "ZQ03</textarea><script>window.__pwned=3</script>",                    # notice text
    "ZQ04": "ZQ04[点我](javascript:window.__pwned=4) *斜体* | 表 | `代码`",           # preface
    "ZQ05": "ZQ05<svg onload=window.__pwned=5>",                                  # part heading
    "ZQ06": "ZQ06<script>window.__pwned=6</script>",                               # section heading
    "ZQ07": "ZQ07<img src=x onerror=window.__pwned=7>",                            # item heading
    "ZQ08": "ZQ08{{ 7*7 }}{% if 1 %}真{% endif %}{# 注 #}",                          # body: Jinja
    "ZQ10": "ZQ10\u202e反向\u202c零\u200b宽\u200d字",                                # body: bidi, zero width
    "ZQ11": "ZQ11<img src=x onerror=window.__pwned=11>",                           # an agency's name
    "ZQ12": "ZQ12<a href=javascript:window.__pwned=12>链接</a>",                     # a target's sentence
    "ZQ13": "ZQ13<script>window.__pwned=13</script>",                              # news lead
    "ZQ14": 'ZQ14"><img src=x onerror=window.__pwned=14>',                         # second plan's title
    "ZQ15": "ZQ15</title><script>window.__pwned=15</script>",                      # translation: title
    "ZQ16": "ZQ16<img src=x onerror=window.__pwned=16> [x](javascript:window.__pwned=16) *em* {{ 7*7 }}",
    "ZQ17": "ZQ17<svg onload=window.__pwned=17>",                                 # translation: section
    "ZQ18": "ZQ18<svg onload=window.__pwned=18> &amp; &lt;b&gt; Commission",       # registry: English name
    "ZQ19": "ZQ19<script>window.__pwned=19</script>",                              # glossary: English term
    "ZQ20": 'ZQ20"><img src=x onerror=window.__pwned=20> {{ 7*7 }}',               # glossary: definition
    "ZQ21": "ZQ21</textarea><script>window.__pwned=21</script>",                   # metric: English name
    "ZQ22": "ZQ22<img src=x onerror=window.__pwned=22>",                           # an agency with a deadline
    "ZQ23": "ZQ23<script>window.__pwned=23</script>.pdf",                          # source.yaml: file name
    "ZQ25": "ZQ25</title><script>window.__pwned=25</script>",                      # meta.yaml: English title
    "ZQ26": "ZQ26<img src=x onerror=window.__pwned=26>",                           # meta.yaml: issuer (also in the full citation: data-cite, citations.json)
    "ZQ27": 'ZQ27"><svg onload=window.__pwned=27>',                                # meta.yaml: region
    "ZQ28": "ZQ28<script>window.__pwned=28</script>",                              # meta.yaml: 文号 (also in the full citation: data-cite, citations.json)
    "ZQ29": "ZQ29<img src=x onerror=window.__pwned=29>年版",                        # a version's label
    "ZQ30": 'ZQ30"><svg onload=window.__pwned=30> edition',                        # its English label
    "ZQ31": 'ZQ31"><img src=x onerror=window.__pwned=31> {{ 7*7 }}释义',           # glossary: 释义
}
#: source.yaml's address: a javascript: URL is shown as text, never linked (its own check below)
SOURCE_URL = "javascript:window.__pwned=24"

FORMULA = "=SUM(1+1)"  # a sentence that opens with a spreadsheet formula


def plan_a(version: int) -> str:
    """The first plan: a covering notice, and in version 1 two more tasks before the item that
    version 2 numbers 1 (so its old address, 2/1/3/, becomes a redirect page naming it)."""
    new_energy = (f"大力发展新能源{P['ZQ07']}。推进零碳示范区建设。{P['ZQ08']}。{P['ZQ10']}。"
                  f"{FORMULA}{P['ZQ12']}，到2025年，光伏发电装机达到100万千瓦。"
                  f"（责任单位：市发展改革委、市{P['ZQ11']}局）")
    storage = "推进储能建设。到2030年，新型储能装机达到50万千瓦。（责任单位：市能源局）"
    pilots = "开展试点示范。（责任单位：市发展改革委）"
    items = [pilots, storage, new_energy] if version == 1 else [new_energy, storage]
    return "\n".join([
        f"某市人民政府关于印发{P['ZQ02']}方案的通知",
        "各县区人民政府：",
        f"现将方案{P['ZQ03']}印发给你们，请认真贯彻执行。",
        "某市人民政府",
        "2023年1月5日",
        f"某市{P['ZQ01']}碳达峰实施方案",
        f"为做好碳达峰工作{P['ZQ04']}，根据《某区{P['ZQ14']}碳达峰行动方案》，制定本方案。",
        f"一、总体要求{P['ZQ05']}",
        "坚持PM2.5<35与R&D并重的原则。",
        "二、重点任务",
        f"（一）能源绿色低碳转型行动{P['ZQ06']}",
        *[f"{n}．{text}" for n, text in enumerate(items, 1)],
    ]) + "\n"


PLAN_B = "\n".join([
    f"近日，某区印发方案{P['ZQ13']}，部署碳达峰工作。",
    f"某区{P['ZQ14']}碳达峰行动方案",
    "一、主要目标",
    "到2025年，光伏发电装机达到20万千瓦。",
    "二、重点任务",
    "（一）能源行动",
    "1．推进屋顶光伏。推广分布式光伏。",
    f"责任单位：区发展改革委、区{P['ZQ22']}局（排在第一为牵头单位，下同）",
    "完成时限：2022年6月底前",
]) + "\n"
SOURCE = {"plan": "hostile-b", "file": P["ZQ23"], "sha256": "0" * 64, "bytes": 1, "format": "pdf",
          "url": SOURCE_URL, "pages": 1, "title": None, "date": None, "text": "hostile-b.txt",
          "text_sha256": "0" * 64}

#: the second plan's curated metadata: on the portal's card, its home page and plans.json
META = {"title": {"zh": f"某区{P['ZQ14']}碳达峰行动方案", "en": f"District plan {P['ZQ25']}"},
        "issuer": {"zh": f"某区{P['ZQ26']}人民政府", "en": None}, "level": "district",
        "region": {"zh": f"某区{P['ZQ27']}", "en": None}, "document_number": f"{P['ZQ28']}〔2023〕1号",
        "date_issued": "2023-01-05", "status": "draft"}

TRANSLATION = {
    "title.s1": f"Work plan {P['ZQ15']} for carbon peaking",
    "2.1.s1": f"Energy transition {P['ZQ17']}",
    "2.1.1.s2": f"Build zero-carbon zones {P['ZQ16']}.",
}
AGENCIES = {"agencies": [{"id": "drc", "zh": "市发展改革委", "en": P["ZQ18"], "level": "municipal"}]}
TERM = {"id": "zero-carbon-zone", "zh": "零碳示范区", "pinyin": "líng tàn shì fàn qū",
        "en": f"zero-carbon zone {P['ZQ19']}", "definition_en": f"A zone {P['ZQ20']} with no net emissions.",
        "definition_zh": f"净排放为零的{P['ZQ31']}区域。"}
#: both plans set 光伏发电装机, so it is compared on metrics/solar-capacity/ (chart, table, data/metrics.json)
METRIC = {"id": "solar-capacity", "en": f"solar capacity {P['ZQ21']}", "zh": ["光伏发电装机"]}

#: Where each payload must be shown (a page path under the site root), at least.
SHOWN_ON = {
    "ZQ01": "hostile-a/", "ZQ02": "hostile-a/text/", "ZQ03": "hostile-a/text/", "ZQ04": "hostile-a/text/",
    "ZQ05": "hostile-a/1/", "ZQ06": "hostile-a/2/1/", "ZQ07": "hostile-a/2/1/1/", "ZQ08": "hostile-a/2/1/1/",
    "ZQ10": "hostile-a/2/1/1/", "ZQ11": "hostile-a/2/1/1/", "ZQ12": "hostile-a/2/1/1/t1/",
    "ZQ13": "hostile-b/text/", "ZQ14": "", "ZQ15": "en/hostile-a/", "ZQ16": "en/hostile-a/2/1/1/",
    "ZQ17": "en/hostile-a/2/1/", "ZQ18": "en/hostile-a/agencies/drc/", "ZQ19": "en/glossary/",
    "ZQ20": "en/glossary/", "ZQ21": "en/hostile-a/targets/", "ZQ22": "hostile-b/deadlines/", "ZQ23": "hostile-b/",
    "ZQ25": "en/", "ZQ26": "", "ZQ27": "", "ZQ28": "hostile-b/", "ZQ29": "hostile-a/changes/",
    "ZQ30": "en/hostile-a/changes/", "ZQ31": "glossary/",
}


def _yaml(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)  # JSON is YAML


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test project, built (with ``--offline``) into ``site/`` and ``dist/``."""
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (root / "seeds" / "dongying.txt").unlink()
    shutil.rmtree(root / "content" / "dongying")
    seed = root / "seeds" / "hostile-a.txt"
    seed.write_text(plan_a(1), encoding="utf-8")
    assert plansite("parse", str(seed), "--write", cwd=root).returncode == 0
    # version 1 is published (its label on its pages, in its citations and on the changes pages)
    recorded = plansite("version", str(seed), "--id", "v1", "--label", P["ZQ29"], "--label-en", P["ZQ30"],
                        "--date", "2023-01-05", cwd=root)
    assert recorded.returncode == 0, recorded.stderr
    seed.write_text(plan_a(2), encoding="utf-8")
    renumbered = plansite("ids", str(seed), cwd=root)
    assert renumbered.returncode == 0, renumbered.stderr
    (root / "seeds" / "hostile-b.txt").write_text(PLAN_B, encoding="utf-8")
    (root / "content" / "hostile-b").mkdir(parents=True)
    (root / "content" / "hostile-b" / "source.yaml").write_text(_yaml(SOURCE), encoding="utf-8")
    (root / "content" / "hostile-b" / "meta.yaml").write_text(_yaml(META), encoding="utf-8")
    content = root / "content" / "hostile-a"
    # the older form (id → English), then keyed on the sentences it translates
    (content / "translation.en.yaml").write_text(_yaml({"sentences": TRANSLATION}), encoding="utf-8")
    synced = plansite("translate", "sync", str(seed), cwd=root)
    assert synced.returncode == 0, synced.stderr
    (content / "agencies.yaml").write_text(_yaml(AGENCIES), encoding="utf-8")
    glossary = root / "content" / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "  - " + _yaml(TERM).replace("\n", " ") + "\n",
                        encoding="utf-8")
    metrics = root / "content" / "metrics.yaml"
    metrics.write_text(metrics.read_text(encoding="utf-8") + "  - " + _yaml(METRIC).replace("\n", " ") + "\n",
                       encoding="utf-8")
    result = plansite("build", "--offline", "-o", "site", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root


@pytest.fixture(scope="module")
def hostile_server(hostile: Path) -> Iterator[str]:
    with serve(hostile / "site") as base:
        yield base


# -- in the browser ------------------------------------------------------------------------------------

#: Installed before any script of the page: anything that runs a payload is recorded.
TRAP = """
(() => {
  const hits = [];
  Object.defineProperty(window, "__hits", {value: hits});
  Object.defineProperty(window, "__pwned", {get: () => undefined, set: v => hits.push(String(v))});
  for (const name of ["alert", "confirm", "prompt"]) window[name] = m => hits.push(name + ":" + m);
})();
"""

#: What a reader sees or hears of a page: its title, its rendered text, the attributes that name
#: things (tooltips, screen-reader labels, SVG titles) and the citation each cite button copies.
READ = """
() => {
  const parts = [document.title, document.body ? document.body.innerText : ""];
  for (const el of document.querySelectorAll("[title], [aria-label], [alt], [data-cite]"))
    for (const a of ["title", "aria-label", "alt", "data-cite"]) if (el.hasAttribute(a)) parts.push(el.getAttribute(a));
  for (const el of document.querySelectorAll("svg title, svg desc, svg text")) parts.push(el.textContent);
  return parts;
}
"""

#: The same from a page's HTML parsed by the browser (a redirect page, which leaves at once).
READ_PARSED = """
html => {
  const doc = new DOMParser().parseFromString(html, "text/html");
  return [doc.title, doc.body.textContent];
}
"""


def _squash(text: str) -> str:
    return " ".join(text.split())


def misshown(texts: list[str], segmented: bool = False) -> list[str]:
    """Every place a marker appears without its payload's literal text right after it (a payload
    cut short must say so with …). ``segmented``: search previews, where the index put a zero-width
    space between words and the preview may end inside a payload."""
    wrong = []
    for text in texts:
        text = _squash(text.replace("\u200b", "") if segmented else text)
        for found in re.finditer(r"ZQ\d\d", text):
            payload = _squash(P[found.group()].replace("\u200b", "") if segmented else P[found.group()])
            shown = text[found.start():found.start() + len(payload)]
            if shown != payload:
                cut = shown.split("…")[0]
                ends = segmented and found.start() + len(shown) == len(text) and payload.startswith(shown)
                if not ends and not ("…" in shown and payload.startswith(cut)):
                    wrong.append(f"{found.group()}: {shown!r}")
    return wrong


def markers(texts: list[str]) -> set[str]:
    return {m for text in texts for m in re.findall(r"ZQ\d\d", _squash(text))}


def html_pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def is_redirect(path: Path) -> bool:
    return 'http-equiv="refresh"' in path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def trapped(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(TRAP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page, errors
    context.close()


def open_and_read(page, errors: list[str], url: str, file: Path) -> tuple[list[str], list[str]]:
    """Open ``url``, wait for it (and its search worker), and return (what ran, what it shows)."""
    errors.clear()
    page.goto(url, wait_until="load")
    if is_redirect(file):
        page.wait_for_load_state("load")  # the redirect has gone on to the page it names
        shown = page.evaluate(READ_PARSED, file.read_text(encoding="utf-8"))
    else:
        if page.locator("input.md-search__input").count():  # the search worker has read its index
            wait_for_search(page)
            page.keyboard.press("Escape")
        shown = page.evaluate(READ)
    ran = page.evaluate("() => window.__hits.slice()") + errors
    ran += [f"element: {n}" for n in page.evaluate(
        "() => Array.from(document.querySelectorAll('img[src=x], svg[onload], script'))"
        ".filter(e => /__pwned/.test(e.outerHTML)).map(e => e.outerHTML)")]
    return ran, shown


@pytest.mark.browser
def test_every_page_runs_nothing_and_shows_every_payload_as_text(trapped, hostile: Path, hostile_server: str) -> None:
    page, errors = trapped
    site = hostile / "site"
    problems: list[str] = []
    seen: dict[str, set[str]] = {}
    pages = html_pages(site)
    assert len(pages) > 40
    for name in pages:
        ran, shown = open_and_read(page, errors, hostile_server + name, site / name)
        problems += [f"{name}: ran {r}" for r in ran]
        problems += [f"{name}: shows {w}" for w in misshown(shown)]
        seen[name.removesuffix("index.html")] = markers(shown)
    assert problems == []
    for marker, where in SHOWN_ON.items():
        assert marker in seen[where], f"{marker} is not shown on {where or 'the portal'}"
    redirects = [n for n in pages if is_redirect(site / n)]
    assert "hostile-a/2/1/3/index.html" in redirects
    assert {"ZQ01", "ZQ07"} <= seen["hostile-a/2/1/3/"]  # the plan's title, the heading it moved to


#: The texts of a page's charts (titles, descriptions, labels, legends), as the browser parsed them.
READ_CHARTS = ("() => Array.from(document.querySelectorAll('figure.ps-chart svg title, figure.ps-chart svg desc,"
               " figure.ps-chart svg text')).map(e => e.textContent)")


@pytest.mark.browser
def test_a_metric_compared_shows_its_name_and_the_plans_titles_as_text(trapped, hostile: Path,
                                                                      hostile_server: str) -> None:
    page, errors = trapped
    # Chinese: the plans' titles in the chart's legend and tooltips; English: the metric's name too
    # (the second plan's English title is its meta.yaml's, ZQ25)
    for path, in_chart, title in (("metrics/solar-capacity/", {"ZQ01", "ZQ14"}, "ZQ14"),
                                  ("en/metrics/solar-capacity/", {"ZQ21", "ZQ15", "ZQ25"}, "ZQ25")):
        ran, shown = open_and_read(page, errors, hostile_server + path, hostile / "site" / path / "index.html")
        chart = page.evaluate(READ_CHARTS)
        assert ran == []
        assert misshown(shown) == [] and misshown(chart) == []
        assert {"ZQ21", title} <= markers(shown)
        assert in_chart <= markers(chart), path
    ran, shown = open_and_read(page, errors, hostile_server + "metrics/", hostile / "site" / "metrics" / "index.html")
    assert ran == [] and misshown(shown) == [] and {"ZQ01", "ZQ14"} <= markers(shown)


def test_the_metrics_export_keeps_the_names_as_text(hostile: Path) -> None:
    rows = json.loads((hostile / "site" / "data" / "metrics.json").read_text(encoding="utf-8"))
    (row,) = [r for r in rows if r["id"] == "solar-capacity"]
    assert row["name_en"] == METRIC["en"]
    titles = {p["plan"]: p["title_zh"] for p in row["plans"]}
    assert titles == {"hostile-a": f"某市{P['ZQ01']}碳达峰实施方案", "hostile-b": f"某区{P['ZQ14']}碳达峰行动方案"}


@pytest.mark.browser
@pytest.mark.parametrize("plan", ["hostile-a", "hostile-b"])
def test_the_offline_bundle_runs_nothing_from_a_folder(trapped, hostile: Path, tmp_path: Path, plan: str) -> None:
    """hostile-a's bundle holds the plan it cites, hostile-b; hostile-b's leaves out the plan that
    cites it, whose title (a payload) its home then shows as text that is no link."""
    page, errors = trapped
    with zipfile.ZipFile(hostile / "dist" / f"{plan}-offline.zip") as archive:
        archive.extractall(tmp_path)
    bundle = tmp_path / f"{plan}-offline"
    problems: list[str] = []
    seen: dict[str, set[str]] = {}
    for name in html_pages(bundle):
        ran, shown = open_and_read(page, errors, (bundle / name).as_uri(), bundle / name)
        problems += [f"{name}: ran {r}" for r in ran] + [f"{name}: shows {w}" for w in misshown(shown)]
        seen[name] = markers(shown)
    assert problems == []
    assert (bundle / "hostile-b" / "index.html").is_file()
    if plan == "hostile-b":
        assert not (bundle / "hostile-a").exists()
        assert "ZQ01" in seen["hostile-b/index.html"]
        assert "ps-not-bundled" in (bundle / "hostile-b" / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_copied_citation_is_the_literal_text(trapped, hostile_server: str) -> None:
    page, errors = trapped
    page.goto(hostile_server + "hostile-a/2/1/1/")
    page.locator("button.ps-cite--short").first.click()
    citation = page.evaluate("() => window.plansiteLastCitation")
    assert citation.startswith(f"《某市{P['ZQ01']}碳达峰实施方案》二（一）1 http")
    # the full reference: the issuer and 文号 of meta.yaml, as text, in the button's data and the copy
    page.goto(hostile_server + "hostile-b/2/1/1/")
    page.locator("button.ps-cite[data-form=full]").first.click()
    citation = page.evaluate("() => window.plansiteLastCitation")
    assert citation.startswith(f"{META['issuer']['zh']}《{META['title']['zh']}》（{META['document_number']}，2023年1月5日印发）二（一）1。http")
    assert page.evaluate("() => window.__hits.slice()") == []


@pytest.mark.browser
@pytest.mark.parametrize("start, query, marker", [
    ("hostile-a/", "光伏", None),
    ("hostile-a/", "零碳示范区", None),
    ("hostile-a/", "zq12", "ZQ12"),  # a sentence's own document (builder/search_docs.py)
    ("hostile-a/", "zq11", "ZQ11"),  # an agency, found by its name
    ("en/hostile-a/", "zq18", "ZQ18"),  # its English name, on the English site
    ("en/hostile-a/", "zq16", "ZQ16"),  # an English sentence with its Chinese twin
    ("glossary/", "zq19", "ZQ19"),  # a glossary term's English name
    ("en/glossary/", "zq20", "ZQ20"),  # its English definition
])
def test_search_results_show_the_text_and_run_nothing(trapped, hostile_server: str, start: str, query: str,
                                                      marker: str | None) -> None:
    """Every kind of document the search index holds shows its payload as text in a result."""
    page, errors = trapped
    errors.clear()
    page.goto(hostile_server + start)
    results = search(page, query)
    assert results.count() > 0
    page.wait_for_timeout(300)  # the previews are drawn after the list appears
    assert page.evaluate("() => window.__hits.slice()") == []
    assert errors == []
    assert page.locator(".md-search-result img, .md-search-result script, .md-search-result svg[onload]").count() == 0
    previews = page.locator(".md-search-result__article").all_inner_texts()
    assert marker in markers(previews) if marker else markers(previews)  # the previews show payloads: as their text
    assert misshown(previews, segmented=True) == []


@pytest.mark.browser
# the second plan's English title is its meta.yaml's (ZQ25), as on every English page that names it
@pytest.mark.parametrize("prefix, titles", [("", {"ZQ01", "ZQ14"}), ("en/", {"ZQ15", "ZQ25"})])
def test_the_portals_search_names_each_plan_by_its_title_as_text(trapped, hostile_server: str, prefix: str,
                                                                 titles: set[str]) -> None:
    """The portal's search holds both plans (builder/search_index.py): each result's label is its
    plan's title (the English one, else the Chinese), shown as text."""
    page, errors = trapped
    errors.clear()
    page.goto(hostile_server + prefix)
    search(page, "光伏")
    page.wait_for_timeout(300)  # the previews are drawn after the list appears
    assert page.evaluate("() => window.__hits.slice()") == []
    assert errors == []
    assert page.locator(".md-search-result img, .md-search-result script, .md-search-result svg[onload]").count() == 0
    labels = page.locator(".md-search-result .md-tag").all_inner_texts()
    assert markers(labels) == titles
    assert misshown(labels) == []


# -- in the data -----------------------------------------------------------------------------------------

def test_the_exports_keep_every_character(hostile: Path) -> None:
    data = hostile / "site" / "data" / "hostile-a"
    rows = {r["id"]: r for r in json.loads((data / "citations.json").read_text(encoding="utf-8"))}
    assert rows["title"]["text_zh"] == f"某市{P['ZQ01']}碳达峰实施方案"
    assert rows["2.1.1.s3"]["text_zh"] == f"{P['ZQ08']}。"
    assert rows["2.1.1.s4"]["text_zh"] == f"{P['ZQ10']}。"
    assert rows["2.1.1.s2"]["text_en"] == TRANSLATION["2.1.1.s2"]
    agencies = {a["name_zh"]: a for a in json.loads((data / "agencies.json").read_text(encoding="utf-8"))}
    assert agencies["市发展改革委"]["name_en"] == P["ZQ18"]
    assert f"市{P['ZQ11']}局" in agencies
    # the YAML export reads back as the JSON one: every character kept
    assert yaml.safe_load((data / "plan.yaml").read_text(encoding="utf-8")) == \
        json.loads((data / "plan.json").read_text(encoding="utf-8"))
    other = hostile / "site" / "data" / "hostile-b"
    assert json.loads((other / "source.json").read_text(encoding="utf-8"))["file"] == P["ZQ23"]
    deadline = json.loads((other / "deadlines.json").read_text(encoding="utf-8"))[0]
    assert deadline["text"] == "2022年6月底前" and len(deadline["agencies"]) == 2
    plans = {p["id"]: p for p in json.loads((hostile / "site" / "data" / "plans.json").read_text(encoding="utf-8"))}
    assert plans["hostile-b"]["title_en"] == META["title"]["en"]
    assert plans["hostile-b"]["issuer_zh"] == META["issuer"]["zh"]
    assert plans["hostile-b"]["document_number"] == META["document_number"]
    cited = {r["id"]: r for r in json.loads((other / "citations.json").read_text(encoding="utf-8"))}
    assert cited["2.1.1"]["cite_full_zh"].startswith(f"{META['issuer']['zh']}《{META['title']['zh']}》（{META['document_number']}，")
    assert META["issuer"]["zh"] in cited["2.1.1"]["cite_full_en"] and META["document_number"] in cited["2.1.1"]["cite_full_en"]
    assert plans["hostile-a"]["cites"] == ["hostile-b"] and plans["hostile-b"]["cited_by"] == ["hostile-a"]
    changes = json.loads((data / "changes.json").read_text(encoding="utf-8"))
    assert (changes["versions"][0]["label_zh"], changes["versions"][0]["label_en"]) == (P["ZQ29"], P["ZQ30"])
    assert any(c["old"] and c["old"]["heading_zh"] == "开展试点示范" for c in changes["steps"][0]["changes"])
    term = {t["id"]: t for t in json.loads((hostile / "site" / "data" / "glossary.json").read_text(encoding="utf-8"))}
    assert term[TERM["id"]]["definition_zh"] == TERM["definition_zh"]
    assert term[TERM["id"]]["definition_en"] == TERM["definition_en"]


def test_a_title_naming_another_plan_links_to_it_as_text(hostile: Path) -> None:
    """The preface's 《…》 names the second plan, whose title is a payload: one link, whose text
    and tooltip are the title as written."""
    html = (hostile / "site" / "hostile-a" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="ps-planref" href="([^"]+)" title="([^"]*)">([^<]*)</a>', html)
    assert links and {href for href, _, _ in links} == {"../hostile-b/index.html"}  # an offline build


def test_a_source_address_that_is_not_a_web_address_is_never_a_link(hostile: Path) -> None:
    for page in ("hostile-b/index.html", "en/hostile-b/index.html"):
        html = (hostile / "site" / page).read_text(encoding="utf-8")
        assert 'href="javascript:' not in html and SOURCE_URL in html


def test_no_csv_cell_runs_as_a_formula_and_numbers_stay_numbers(hostile: Path) -> None:
    data = hostile / "site" / "data" / "hostile-a"
    targets = json.loads((data / "targets.json").read_text(encoding="utf-8"))
    text = (data / "targets.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(targets)
    formula = [r for r in targets if r["text_zh"].startswith(FORMULA)]
    assert formula, "the hostile plan's formula sentence is a target's sentence"
    for row, expected in zip(rows, targets):
        for key, cell in row.items():
            if key == "cmp":
                assert cell == (expected["cmp"] or "")
                continue
            value = expected[key]
            if isinstance(value, (int, float)):
                assert float(cell) == value  # numbers stay numbers
            elif value is None:
                assert cell == ""
            else:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (key, cell)
                plain = ";".join(value) if isinstance(value, list) else value
                assert cell == ("'" + plain if plain.startswith(("=", "+", "-", "@", "\t", "\r")) else plain)
    assert any(r["text_zh"] == "'" + f["text_zh"] for r in rows for f in formula)


def test_english_sentences_are_joined_with_a_space() -> None:
    assert join_sentences(["Promote heat pumps.", "Raise electrification."], "en") == \
        "Promote heat pumps. Raise electrification."
    assert join_sentences(["推广热泵。", "提高电气化水平。"], "zh") == "推广热泵。提高电气化水平。"
    assert join_sentences(["A. ", None, "B."], "en") == "A. B."
