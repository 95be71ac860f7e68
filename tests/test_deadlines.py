"""Deadlines (完成时限) as data and on the pages: on the clause and on the measure a note inside the
text closes, in plan.yaml, citations.json, agencies.json and deadlines.json/.csv, on task and
agency pages, and as a timeline on the plan's deadlines page (past or to come as of the build).

The case ``tests/cases/deadline-lists`` is made up in the shapes the genre uses (no real plan in
the repository has deadlines): lists on lines of their own followed by ``完成时限：…``, the plan's
rule that the first named leads, and notes closing measures inside a paragraph."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from builder.project import Project
from builder.render.exports import deadline_rows, export_files
from builder.render.site import make_environment, plan_views, render_plan
from builder.serialize import load_schema
from tests.conftest import CASES, ROOT
from tests.contract import problems_in
from tests.helpers import plansite

CASE = CASES / "deadline-lists" / "input.txt"
AS_OF = "2023-11-14"  # the build date the tests pin (tests.helpers.EPOCH)


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The case as ``deadline-lists.txt`` (its plan id)."""
    path = tmp_path_factory.mktemp("deadlines") / "deadline-lists.txt"
    path.write_bytes(CASE.read_bytes())
    return path


@pytest.fixture(scope="module")
def rendered(plan_file: Path) -> tuple[object, object, dict[str, str]]:
    project = Project(ROOT)
    item = project.load_inputs([plan_file])[0]
    item.as_of = AS_OF
    strings = project.strings()
    view = plan_views([item], project.glossary(), strings=strings)[0]
    pages = render_plan(item, view, make_environment(ROOT / "templates"), strings)
    return item, view, pages


def test_every_deadline_is_read_with_its_date_agencies_and_place(rendered) -> None:
    _, view, _ = rendered
    rows = deadline_rows(view)
    jsonschema.validate(rows, load_schema("deadlines"))
    assert [(r["clause"], r["sentence"], r["text"], r["date"]) for r in rows] == [
        ("2.1.1", None, "2022年6月底前", "2022-06-30"),
        ("2.1.2", None, "2021年底前", "2021-12-31"),
        ("2.2.1", "2.2.1.s2", "2023年底", "2023-12-31"),
        ("2.2.1", "2.2.1.s3", "2024年6月底前", "2024-06-30"),
        ("2.2.2", None, "“十四五”期间", "2025-12-31"),
    ]
    first = rows[0]
    assert first["lead"] == ["drc"] and first["agencies"][0] == "drc" and len(first["agencies"]) == 3
    measure = rows[3]  # a note closing a measure: its own agencies, not the clause's
    assert measure["lead"] == ["industry-it"] and measure["agencies"] == ["industry-it", "market-regulation"]
    assert measure["url"] == "deadline-lists/2/2/1/#2.2.1.s3"


def test_past_or_to_come_is_judged_against_the_build_date(rendered) -> None:
    _, view, _ = rendered
    assert [d.past for d in view.deadlines] == [True, True, False, False, False]
    assert view.past_due == 2
    assert [year for year, _ in view.timeline] == ["2021", "2022", "2023", "2024", "2025"]


def test_the_exports_carry_them(rendered) -> None:
    item, view, _ = rendered
    files = export_files(item.plan, view, item.registry)
    base = "data/deadline-lists/"
    citations = {r["id"]: r for r in json.loads(files[base + "citations.json"])}
    jsonschema.validate(list(citations.values()), load_schema("citations"))
    assert citations["2.2.1"]["deadlines"] == [{"text": "2023年底", "date": "2023-12-31", "sentence": "2.2.1.s2"},
                                               {"text": "2024年6月底前", "date": "2024-06-30", "sentence": "2.2.1.s3"}]
    agencies = {r["id"]: r for r in json.loads(files[base + "agencies.json"])}
    jsonschema.validate(list(agencies.values()), load_schema("agencies"))
    assert [(d["clause"], d["role"]) for d in agencies["industry-it"]["deadlines"]] == \
        [("2.2.1", "shared"), ("2.2.1", "lead"), ("2.2.2", "shared")]
    table = list(csv.DictReader(io.StringIO(files[base + "deadlines.csv"].lstrip("\ufeff"))))
    assert table[0]["agencies"] == "drc;shi4-neng2-yuan2-ju2;shi4-zi4-ran2-zi1-yuan2-ju2"
    assert [r["date"] for r in table] == [r["date"] for r in json.loads(files[base + "deadlines.json"])]

    def units(unit: dict) -> list[dict]:
        return [unit, *(u for child in unit.get("children", []) for u in units(child))]

    plan = {u["id"]: u for top in json.loads(files[base + "plan.json"])["units"] for u in units(top)}
    assert plan["2.1.1"]["responsibility"]["deadline"] == {"text": "2022年6月底前", "date": "2022-06-30"}


def test_task_agency_and_deadlines_pages_show_them(rendered) -> None:
    _, _, pages = rendered
    task = pages["zh/deadline-lists/2/1/2/index.md"]
    assert '<time class="ps-due" datetime="2021-12-31">2021年底前</time> <span class="ps-due--past">已过期限</span>' in task
    measures = pages["zh/deadline-lists/2/2/1/index.md"]
    assert '<a href="#2.2.1.s3">二（二）1 第3句</a>: <time class="ps-due" datetime="2024-06-30">2024年6月底前</time>' \
        in measures
    english = pages["en/deadline-lists/2/2/1/index.md"]
    assert '<time class="ps-due" datetime="2024-06-30"><span lang="zh-CN">2024年6月底前</span></time>' in english
    agency = pages["zh/deadline-lists/agencies/industry-it/index.md"]
    assert '<h2 id="deadlines">完成时限</h2>' in agency and agency.count('class="ps-due"') == 3
    timeline = pages["en/deadline-lists/deadlines/index.md"]
    assert timeline.index('<h2 id="y2021">2021</h2>') < timeline.index('<h2 id="y2025">2025</h2>')
    assert "past due: 2" in timeline and f'<time datetime="{AS_OF}">{AS_OF}</time>' in timeline
    home = pages["zh/deadline-lists/index.md"]
    assert "deadlines/\">完成时限 (5)</a>" in home


def test_a_plan_without_deadlines_has_no_deadlines_page() -> None:
    project = Project(ROOT)
    item = project.load_inputs([ROOT / "seeds/dongying.txt"])[0]
    strings = project.strings()
    view = plan_views([item], project.glossary(), strings=strings)[0]
    pages = render_plan(item, view, make_environment(ROOT / "templates"), strings)
    assert not any("/deadlines/" in p for p in pages) and view.deadlines == []
    assert deadline_rows(view) == []


@pytest.mark.slow
def test_a_built_site_keeps_the_contract_for_them(tmp_path: Path, plan_file: Path) -> None:
    result = plansite("build", str(plan_file), "-o", str(tmp_path / "site"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert problems_in(site, "deadline-lists") == []
    rows = json.loads((site / "data/deadline-lists/deadlines.json").read_text(encoding="utf-8"))
    assert len(rows) == 5
    home = (site / "deadline-lists/index.html").read_text(encoding="utf-8")
    assert 'href="deadlines/"' in home
    nav = (site / "deadline-lists/deadlines/index.html").read_text(encoding="utf-8")
    assert "完成时限" in nav and "已过期限" in nav


def test_a_notes_deadline_is_never_a_targets_year(tmp_path: Path) -> None:
    """``（责任部门：…；完成时限：2023年底）`` dates a measure; a target before it keeps its own year."""
    text = CASE.read_text(encoding="utf-8").replace(
        "开展重点用能单位节能诊断（", "到2025年，建成零碳园区5个（")
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    plan = Project(ROOT).parse(path)
    unit = next(u for u in plan.walk() if u.id == "2.2.1")
    assert [(t.year, t.kind, t.value, t.unit, t.quote) for t in unit.targets] == [
        (2025, "numeric", 5, "个", "建成零碳园区5个")]
    assert [d.text for d, _ in unit.deadlines()] == ["2023年底", "2024年6月底前"]
