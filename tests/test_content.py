"""Committed content: plan.yaml is regenerated from seeds/ and valid; `plansite check` reports problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.check import check_content, yaml_path
from builder.project import Project
from builder.serialize import dump_yaml, plan_to_data
from tests.conftest import ROOT, SEEDS, run_plansite


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_committed_yaml_is_fresh(seed: Path) -> None:
    """Fails when content/<plan>/plan.yaml is stale against seeds/: run `make content`."""
    project = Project(ROOT)
    plan = project.parse(seed)
    committed = (project.content / plan.id / "plan.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(committed) == plan_to_data(plan)


def test_plansite_parse_prints_the_committed_yaml() -> None:
    result = run_plansite("parse", "seeds/dongying.txt")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (ROOT / "content/dongying/plan.yaml").read_text(encoding="utf-8")


def test_check_passes_on_the_repository() -> None:
    problems, checked = check_content(Project(ROOT))
    assert problems == []
    assert checked >= 1


def test_check_reports_every_problem_with_its_yaml_path(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    content = tmp_path / "content" / "demo"
    content.mkdir(parents=True)
    data = yaml.safe_load((ROOT / "content/dongying/plan.yaml").read_text(encoding="utf-8"))
    data["plan"] = "demo"
    data["units"][3]["children"][0]["id"] = "not an id"
    data["units"][4]["kind"] = "chapter"
    (content / "plan.yaml").write_text(dump_yaml(data), encoding="utf-8")
    result = run_plansite("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "content/demo/plan.yaml: units[3].children[0].id: 'not an id' does not match "
        "'^(title|notice|lead|preface|[0-9]+(\\\\.[0-9]+)*(\\\\.p[0-9]+)?)$'",
        "content/demo/plan.yaml: units[4].kind: 'chapter' is not one of ['notice', 'lead', 'title', 'preface', "
        "'part', 'section', 'item', 'subitem', 'point', 'paragraph']",
        "2 problems in 1 files",
    ]


def test_yaml_paths() -> None:
    assert yaml_path(["units", 3, "children", 0, "id"]) == "units[3].children[0].id"
    assert yaml_path([]) == "(top)"


# -- curated content ---------------------------------------------------------------------------------

def _plans_with_translation() -> list[Path]:
    return [s for s in sorted(SEEDS.glob("*.txt")) if (ROOT / "content" / s.stem / "translation.en.yaml").is_file()]


@pytest.mark.parametrize("seed", _plans_with_translation(), ids=lambda p: p.stem)
def test_translation_covers_every_sentence_and_nothing_else(seed: Path) -> None:
    project = Project(ROOT)
    plan = project.parse(seed, extract=False)
    ids = [u.sentence_id(n) for u in plan.walk() for n in range(1, len(u.sentences) + 1)]
    translation = project.translation(plan.id).current(plan)  # English beside the Chinese it translates
    assert [i for i in ids if not translation.get(i, "").strip()] == []  # sentences without English
    assert sorted(set(project.translation(plan.id).entries) - set(ids)) == []  # English for sentences that do not exist


def test_dongying_is_translated() -> None:
    assert len(_plans_with_translation()) >= 1
    assert Project(ROOT).translation("dongying").entries["title.s1"].en == "Dongying Municipal Work Plan for Carbon Peaking"


def test_glossary_pinyin_is_pypinyins_unless_explained() -> None:
    from pypinyin import Style, pinyin

    terms = yaml.safe_load((ROOT / "content/glossary.yaml").read_text(encoding="utf-8"))["terms"]
    assert len(terms) >= 120
    unexplained = []
    for term in terms:
        expected = " ".join(s[0] for s in pinyin(term["zh"], style=Style.TONE, errors=lambda c: [c]))
        if term["pinyin"].replace(" ", "") != expected.replace(" ", "") and not term.get("pinyin_note"):
            unexplained.append((term["zh"], term["pinyin"], expected))
    assert unexplained == []


def test_glossary_terms_occur_in_a_plan_and_ids_are_unique() -> None:
    terms = yaml.safe_load((ROOT / "content/glossary.yaml").read_text(encoding="utf-8"))["terms"]
    texts = "".join(p.read_text(encoding="utf-8") for p in [*SEEDS.glob("*.txt"), *(ROOT / "tests/corpus").glob("*.txt")])
    assert [t["zh"] for t in terms if t["zh"] not in texts] == []
    assert len({t["id"] for t in terms}) == len(terms)
    for required in ("碳达峰", "碳中和", "光储直柔", "CCUS", "三改联动", "碳普惠", "海洋牧场", "双随机、一公开"):
        assert required in {t["zh"] for t in terms}


def test_every_dongying_agency_has_an_english_name() -> None:
    project = Project(ROOT)
    plan = project.parse(SEEDS / "dongying.txt", extract=False)
    registry = project.registry("dongying")
    names = {a.id: a.name for u in plan.walk() if u.responsibility
             for a in u.responsibility.agencies + u.responsibility.standing}
    assert len(names) == 41
    assert [n for i, n in names.items() if not registry.english(i)] == []
    assert registry.english("drc") == "Dongying Municipal Development and Reform Commission"


def test_broken_curated_yaml_is_reported_with_its_position(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "content/agencies.yaml").write_text("agencies:\n  - id: drc\n    zh: [unclosed\n", encoding="utf-8")
    result = run_plansite("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("content/agencies.yaml:4:1: error: expected valid YAML, found ")
    assert "Traceback" not in result.stderr


def test_glossary_terms_have_a_chinese_definition() -> None:
    terms = yaml.safe_load((ROOT / "content/glossary.yaml").read_text(encoding="utf-8"))["terms"]
    assert [t["id"] for t in terms if not str(t.get("definition_zh") or "").strip()] == []
    # a 释义 in Chinese: mostly Han characters, and short
    assert [t["id"] for t in terms if sum("\u4e00" <= c <= "\u9fff" for c in t["definition_zh"])
            < len(t["definition_zh"]) / 2] == []
    assert [t["id"] for t in terms if len(t["definition_zh"]) > 100] == []


def test_check_reports_a_term_without_a_chinese_definition_at_its_position(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "content/glossary.yaml").write_text(
        "terms:\n"
        "  - id: carbon-peaking\n    zh: 碳达峰\n    pinyin: tàn dá fēng\n    en: carbon peaking\n"
        "    definition_en: The point at which emissions stop rising.\n"
        "  - id: carbon-neutrality\n    zh: 碳中和\n    pinyin: tàn zhōng hé\n    en: carbon neutrality\n"
        "    definition_en: Net zero emissions.\n    definition_zh: ''\n", encoding="utf-8")
    result = run_plansite("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "content/glossary.yaml:2:5: error: at terms[0], 'definition_zh' is a required property",
        "content/glossary.yaml:12:20: error: at terms[1].definition_zh, '' should be non-empty",
        "2 problems in 1 files",
    ]
