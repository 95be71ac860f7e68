"""The built site (real MkDocs + Material build, once per session) keeps the public contract."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema
import pytest
import yaml

from builder.serialize import load_schema
from tests.conftest import CORPUS, ROOT, run_plansite, site_build_log
from tests.contract import problems_in


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
    assert row["cite_en"] == "Dongying Municipal Work Plan for Carbon Peaking, clause 3.1.2, sentence 4"
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
    plans = sorted(str(p) for p in CORPUS.glob("*.txt"))
    result = run_plansite("build", *plans, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    for plan in ("national-2030", "shanghai-city", "industry-sector-national"):
        assert problems_in(out, plan) == []


def test_plan_file_name_that_makes_no_id_is_refused(tmp_path: Path) -> None:
    (tmp_path / "Some City.txt").write_bytes((ROOT / "tests/cases/runon-numbering/input.txt").read_bytes())
    result = run_plansite("build", str(tmp_path / "Some City.txt"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "expected a plan id of lower-case ASCII letters, digits and hyphens" in result.stderr


def test_link_checker_finds_no_broken_links(site: Path) -> None:
    """A real link checker (LinkChecker) over every page of both languages, anchors included."""
    # Run as root, LinkChecker drops to the user `nobody`, who must be able to read the site.
    for folder in [site, *site.parents]:
        if folder == Path(tempfile.gettempdir()) or folder == folder.parent:
            break
        folder.chmod(folder.stat().st_mode | 0o055)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "linkchecker"), "--config", str(Path(__file__).parent / "linkcheckerrc"),
         "--no-status", "--no-warnings", "--check-extern",
         # the 404 page links the theme by absolute path, for a server's root; it is reached only
         # because LinkChecker lists folders over file://
         "--ignore-url", r"/404\.html$", str(site / "index.html")],
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " 0 errors found" in result.stdout
