"""The built site (real MkDocs + Material build, once per session) keeps the public contract."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema
import markupsafe
import pytest
import yaml

from builder.serialize import load_schema
from tests.conftest import CORPUS_PLANS, ROOT, file_tree, run_plansite, site_build_log
from tests.contract import SiteIndex, problems_in


def test_strict_build_has_no_warnings(site: Path) -> None:
    assert site_build_log and "WARNING" not in site_build_log[0]


def test_exports_keep_the_contract(site: Path) -> None:
    assert problems_in(site, "dongying") == []


def test_every_clause_and_sentence_is_citable(site: Path) -> None:
    plan = json.loads((site / "data/dongying/plan.json").read_text(encoding="utf-8"))
    cited = {row["id"] for row in json.loads((site / "data/dongying/citations.json").read_text(encoding="utf-8"))}

    def walk(units):
        for unit in units:
            yield unit
            yield from walk(unit.get("children", []))

    for unit in walk(plan["units"]):
        assert unit["id"] in cited
        if unit["kind"] not in ("title", "notice", "lead", "preface"):
            assert {f"{unit['id']}.s{n}" for n in range(1, len(unit["sentences"]) + 1)} <= cited


def test_citation_row_for_a_sentence(site: Path) -> None:
    rows = {r["id"]: r for r in json.loads((site / "data/dongying/citations.json").read_text(encoding="utf-8"))}
    row = rows["3.1.2.s4"]
    assert row["url"] == "dongying/3/1/2/#3.1.2.s4"
    assert row["url_en"] == "en/dongying/3/1/2/#3.1.2.s4"
    assert row["cite_zh"] == "《东营市碳达峰工作方案》三（一）2 第4句"
    assert row["cite_en"] == "Dongying Municipal Work Plan for Carbon Peaking, 三（一）2 (clause 3.1.2), sentence 4"
    assert row["cite_full_zh"] == "东营市人民政府《东营市碳达峰工作方案》三（一）2 第4句"  # no 文号 or date known
    assert row["cite_full_en"].startswith("Dongying Municipal People's Government, Dongying Municipal Work Plan for "
                                          "Carbon Peaking, 三（一）2 (clause 3.1.2), sentence 4. Unofficial English")
    assert row["text_zh"].startswith("坚持“替代优先、先立后破”的原则")
    assert row["text_en"].startswith("Adhere to the principle")
    assert rows["2.p1"]["url"] == "dongying/2/#2.p1"
    assert rows["lead"]["url"] == "dongying/text/#lead"


def test_json_is_not_ascii_escaped(site: Path) -> None:
    text = (site / "data/dongying/citations.json").read_text(encoding="utf-8")
    assert "东营市碳达峰工作方案" in text
    assert "\\u" not in text


def test_plan_json_and_yaml_agree_and_validate(site: Path) -> None:
    data = json.loads((site / "data/dongying/plan.json").read_text(encoding="utf-8"))
    assert yaml.safe_load((site / "data/dongying/plan.yaml").read_text(encoding="utf-8")) == data
    assert list(jsonschema.Draft202012Validator(load_schema("plan")).iter_errors(data)) == []
    assert json.loads((site / "data/plan.schema.json").read_text(encoding="utf-8")) == load_schema("plan")


def test_targets_csv_opens_with_bom(site: Path) -> None:
    raw = (site / "data/dongying/targets.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(json.loads((site / "data/dongying/targets.json").read_text(encoding="utf-8")))


def test_both_languages_have_every_page(site: Path) -> None:
    zh = {p.relative_to(site) for p in site.glob("dongying/**/index.html")}
    en = {p.relative_to(site / "en") for p in (site / "en").glob("dongying/**/index.html")}
    assert zh == en
    assert Path("dongying/3/10/1/index.html") in zh


def test_full_text_has_an_anchor_per_clause_and_sentence(site: Path) -> None:
    html = (site / "dongying/text/index.html").read_text(encoding="utf-8")
    for anchor in ('id="lead"', 'id="title"', 'id="preface"', 'id="3.1.1"', 'id="3.1.1.s1"', 'id="2.p1"',
                   'id="2.p1.s2"', 'id="5.3"'):
        assert anchor in html


def test_corpus_plans_build(tmp_path: Path) -> None:
    out = tmp_path / "site"
    plans = [str(p) for p in CORPUS_PLANS]
    result = run_plansite("build", *plans, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    for plan in ("national-2030", "shanghai-city", "industry-sector-national"):
        assert problems_in(out, plan) == []
    # a plan with no curated English still gets an English site that says so, with English names
    # from the registry, metric names and glossary links
    home = (out / "en/shanghai-city/index.html").read_text(encoding="utf-8")
    assert "No English translation of this text exists yet" in home
    agencies = (out / "en/shanghai-city/agencies/index.html").read_text(encoding="utf-8")
    assert "Municipal Development and Reform Commission" in agencies
    targets = json.loads((out / "data/shanghai-city/targets.json").read_text(encoding="utf-8"))
    assert any(t["metric_en"] == "forest coverage rate" for t in targets)
    task = (out / "en/shanghai-city/2/1/1/index.html").read_text(encoding="utf-8")
    assert 'class="ps-term"' in task and 'lang="zh-CN"' in task


def test_plan_file_name_that_makes_no_id_is_refused(tmp_path: Path) -> None:
    (tmp_path / "Some City.txt").write_bytes((ROOT / "tests/cases/runon-numbering/input.txt").read_bytes())
    result = run_plansite("build", str(tmp_path / "Some City.txt"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "expected a plan id of lower-case ASCII letters, digits and hyphens" in result.stderr


@pytest.mark.slow  # a site build and LinkChecker over every page: minutes
def test_link_checker_finds_no_broken_links(tmp_path: Path) -> None:
    """A real link checker (LinkChecker) over every page of both languages, anchors included, of a
    site of two plans where one names the other (Dongying's and the national plan, with every
    site-wide page: portal, glossary, actions aligned, targets compared). The whole corpus would
    take LinkChecker half an hour on two cores; its exports' URLs are followed by the contract test."""
    from tests.helpers import copy_project, plansite

    project = copy_project(tmp_path / "project")
    for other in ("shanghai", "national-industry"):
        (project / "seeds" / f"{other}.txt").unlink()
        shutil.rmtree(project / "content" / other)
    built = plansite("build", "--fresh", "-o", "site", cwd=project)
    assert built.returncode == 0, built.stderr
    # Run as root, LinkChecker drops to the user `nobody`, who must be able to read the site: a copy
    # outside pytest's own temporary folder, which pytest keeps private to its user (another pytest
    # session starting meanwhile would make it so again)
    readable = Path(tempfile.mkdtemp(prefix="plansite-linkcheck-"))
    try:
        readable.chmod(0o755)
        shutil.copytree(project / "site", readable / "site")
        result = subprocess.run(
            [str(Path(sys.executable).parent / "linkchecker"), "--config",
             str(Path(__file__).parent / "linkcheckerrc"), "--no-status", "--no-warnings", "--check-extern",
             # the 404 page links the theme by absolute path, for a server's root; it is reached only
             # because LinkChecker lists folders over file://
             "--ignore-url", r"/404\.html$",
             # a plan's source document on the web (source.yaml's url): no network in tests
             "--ignore-url", r"^https?://",
             str(readable / "site" / "index.html")],
            capture_output=True, text=True, timeout=1800,
        )
    finally:
        shutil.rmtree(readable, ignore_errors=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " 0 errors found" in result.stdout


# -- glossary and the two languages --------------------------------------------------------------------

def test_glossary_json_keeps_the_contract(site: Path) -> None:
    rows = json.loads((site / "data/glossary.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(load_schema("glossary")).iter_errors(rows)) == []
    index = SiteIndex(site)
    assert [r["id"] for r in rows if not (index.resolves(r["url"]) and index.resolves(r["url_en"]))] == []
    by_zh = {r["zh"]: r for r in rows}
    assert by_zh["碳普惠"]["en"].startswith("carbon inclusion")
    assert by_zh["三改联动"]["clauses"] == ["dongying:3.1.2"]
    assert len(rows) >= 120


def _glossary_definitions(page: Path) -> dict[str, tuple[str, str]]:
    """Term id → (the ``lang`` of its definition, the definition's text) on a built glossary page."""
    import html as htmllib

    text = page.read_text(encoding="utf-8")
    entries = re.findall(r'<dt id="([^"]+)">.*?</dt>\s*<dd><p lang="([^"]+)">(.*?)</p>', text, flags=re.S)
    return {term: (lang, htmllib.unescape(definition)) for term, lang, definition in entries}


def test_each_glossary_shows_the_definitions_in_its_own_language(site: Path) -> None:
    """The Chinese glossary gives each term its 释义 (marked Chinese), the English one its English
    definition (marked English), and each as the export has it."""
    rows = json.loads((site / "data/glossary.json").read_text(encoding="utf-8"))
    zh = _glossary_definitions(site / "glossary/index.html")
    en = _glossary_definitions(site / "en/glossary/index.html")
    assert zh == {r["id"]: ("zh-CN", r["definition_zh"]) for r in rows}
    assert en == {r["id"]: ("en", r["definition_en"]) for r in rows}
    assert zh["carbon-peaking"][1].startswith("一个国家或地区的二氧化碳排放量停止增长")
    assert len(rows) >= 244


def test_first_mention_of_a_term_links_to_the_glossary(site: Path) -> None:
    html = (site / "dongying/3/1/2/index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="ps-term" href="([^"]+)" title="([^"]+)">([^<]+)</a>', html)
    terms = [text for _, _, text in links]
    assert ("../../../../glossary/#three-retrofits", "三改联动") in {(h, text) for h, _, text in links}
    assert len(terms) == len(set(terms))  # each term linked once on the page's own text
    assert any(title.startswith("back-pressure units") for _, title, _ in links)


def test_english_pages_say_the_chinese_is_authoritative(site: Path) -> None:
    home = (site / "en/dongying/index.html").read_text(encoding="utf-8")
    assert "The Chinese text is the authoritative version" in home
    page = (site / "en/dongying/3/1/2/index.html").read_text(encoding="utf-8")
    assert "Focus on promoting energy conservation and carbon reduction in coal-fired power" in page
    assert 'lang="zh-CN"' in page  # the Chinese column is marked as Chinese


def test_english_target_pages_say_it_in_english(site: Path) -> None:
    """On an English target page the sentence that sets the target is in English with its Chinese
    original below it, the agencies are listed with English commas, and a target without agencies
    has no empty "Responsible agencies" heading."""
    targets = json.loads((site / "data/dongying/targets.json").read_text(encoding="utf-8"))
    citations = {r["id"]: r for r in json.loads((site / "data/dongying/citations.json").read_text(encoding="utf-8"))}
    assert any(not t["agencies"] for t in targets) and any(len(t["agencies"]) > 1 for t in targets)
    for target in targets:
        html = (site / target["url_en"] / "index.html").read_text(encoding="utf-8")
        quote = html.split('<blockquote class="ps-quote"', 1)[1].split("</blockquote>", 1)[0]
        sentence = citations[re.search(r'href="[^"#]*#([^"]+)"', quote).group(1)]
        assert quote.startswith(' lang="en"><p><a href=') and sentence["text_en"], target["id"]
        assert f'">{markupsafe.escape(sentence["text_en"])}</a></p>' in quote, target["id"]
        assert f'<p class="ps-quote__source" lang="zh-CN">{markupsafe.escape(target["text_zh"])}</p>' in quote
        facts = html.split('<dl class="ps-facts">', 1)[1].split("</dl>", 1)[0]
        assert ("Responsible agencies" in facts) == bool(target["agencies"]), target["id"]
        assert "</a>、" not in facts and ")、" not in facts
        if len(target["agencies"]) > 1:
            assert "</a>, <a" in facts or "), <a" in facts
    chinese = (site / targets[0]["url"] / "index.html").read_text(encoding="utf-8")
    assert '<blockquote class="ps-quote" lang="zh-CN">' in chinese and "ps-quote__source" not in chinese


def test_english_search_index_splits_chinese_words(site: Path) -> None:
    index = json.loads((site / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"] or "\u200b" in index["config"]["separator"]
    assert any("\u200b碳普惠\u200b" in doc["text"] for doc in index["docs"])


# -- walking the model -----------------------------------------------------------------------------------

def _walk(units):
    for unit in units:
        yield unit
        yield from _walk(unit.get("children", []))


def test_every_agency_referenced_has_a_page(site: Path) -> None:
    plan = json.loads((site / "data/dongying/plan.json").read_text(encoding="utf-8"))
    referenced = {a["id"] for u in _walk(plan["units"])
                  for a in [*u.get("responsibility", {}).get("agencies", []),
                            *u.get("responsibility", {}).get("standing", []), *u.get("inherited", [])]}
    assert len(referenced) == 41
    for lang in ("", "en/"):
        assert [i for i in sorted(referenced) if not (site / f"{lang}dongying/agencies/{i}/index.html").is_file()] == []


def test_every_target_is_on_its_clause_page_and_the_dashboard(site: Path) -> None:
    targets = json.loads((site / "data/dongying/targets.json").read_text(encoding="utf-8"))
    dashboard = (site / "dongying/targets/index.html").read_text(encoding="utf-8")
    assert len(targets) == 31
    for row in targets:
        clause_page = (site / f"dongying/{row['clause'].replace('.', '/')}/index.html")
        if not clause_page.is_file():  # a paragraph's targets are on its parent's page
            clause_page = site / "dongying" / "/".join(row["clause"].split(".")[:-1]) / "index.html"
        target_dir = row["url"].removeprefix("dongying/").rstrip("/").split("/")[-1]
        assert f'href="{target_dir}/"' in clause_page.read_text(encoding="utf-8") or \
            f'/{target_dir}/"' in clause_page.read_text(encoding="utf-8"), row["id"]
        assert f'id="{row["id"]}"' in dashboard, row["id"]
        assert f'data-year="{row["year"]}"' in dashboard


def test_every_linked_term_is_defined(site: Path) -> None:
    defined = {r["id"] for r in json.loads((site / "data/glossary.json").read_text(encoding="utf-8"))}
    linked = set()
    for page in (site / "dongying").rglob("index.html"):
        linked |= set(re.findall(r'class="ps-term" href="[^"#]*#([^"]+)"', page.read_text(encoding="utf-8")))
    assert linked and linked <= defined


def test_every_english_page_says_the_chinese_is_authoritative(site: Path) -> None:
    pages = sorted((site / "en").rglob("index.html"))
    assert len(pages) > 100
    assert [str(p) for p in pages if "The Chinese text is the authoritative version" not in
            p.read_text(encoding="utf-8")] == []
    assert "authoritative version" not in (site / "dongying/3/1/2/index.html").read_text(encoding="utf-8")


def test_a_plan_yaml_alone_builds_the_site_its_seed_builds(site: Path, tmp_path: Path) -> None:
    """The YAML is the contract between parsing and rendering: ``content/<plan>/plan.yaml``, with
    no seed, builds the same site byte for byte (the curated content of the plan's id applies):
    every plan's YAML, for the site of every seed."""
    yamls = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "content").glob("*/plan.yaml"))
    assert len(yamls) == len(list((ROOT / "seeds").glob("*.txt")))
    result = run_plansite("build", "--fresh", *yamls, "-o", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    built, expected = file_tree(tmp_path / "site"), file_tree(site)
    assert sorted(built) == sorted(expected)
    assert [name for name in built if built[name] != expected[name]] == []
