"""The parser on real plans: losslessness, the Dongying plan's shape, and the pieces it is made of."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from builder.agencies import AgencyRegistry, derive_agency_id
from builder.parse import parse_plan
from builder.parse.decode import decode_plan_bytes
from builder.parse.outline import read_numbering
from builder.parse.responsibility import parse_responsibility
from builder.parse.sentences import split_sentences
from builder.project import Project
from tests.conftest import ALL_PLANS, CASES, ROOT

PROJECT = Project(ROOT)
CASE_INPUTS = sorted(CASES.glob("*/input.txt"))


def _parse(path: Path):
    return PROJECT.parse(path, extract=False)


def _rebuilt(plan) -> str:
    pieces = []
    for unit in plan.walk():
        own = unit.responsibility.text if unit.responsibility and not unit.responsibility.inline else ""
        pieces.append(unit.marker + unit.text + own)
    return "".join(pieces)


def _no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path", ALL_PLANS + CASE_INPUTS, ids=lambda p: p.parent.name if p.name == "input.txt" else p.stem)
def test_units_give_back_every_character(path: Path) -> None:
    plan = _parse(path)
    source = decode_plan_bytes(path.read_bytes(), path.name)
    assert _no_space(_rebuilt(plan)) == _no_space(source)


@pytest.mark.parametrize("path", ALL_PLANS + CASE_INPUTS, ids=lambda p: p.parent.name if p.name == "input.txt" else p.stem)
def test_sentences_give_back_each_unit(path: Path) -> None:
    for unit in _parse(path).walk():
        assert "".join(unit.sentences) == unit.text.replace("\n", ""), unit.id


@pytest.fixture(scope="module")
def dongying():
    return _parse(ROOT / "seeds" / "dongying.txt")


def test_dongying_has_five_parts(dongying) -> None:
    assert [p.id for p in dongying.parts] == ["1", "2", "3", "4", "5"]


def test_dongying_actions_and_tasks(dongying) -> None:
    actions = [c for c in dongying.find("3").children if c.kind == "section"]
    assert [len([i for i in a.children if i.kind == "item"]) for a in actions] == [5, 4, 4, 4, 3, 4, 3, 4, 5, 4]


def test_dongying_policy_sections(dongying) -> None:
    assert len(dongying.find("4").children) == 5
    assert len(dongying.find("5").children) == 3


def test_dongying_responsibility_lists(dongying) -> None:
    lists = [u for u in dongying.walk() if u.responsibility]
    leads = Counter(u.responsibility.agencies[0].name for u in lists)
    assert len(lists) == 48
    assert leads["市发展改革委"] == 20


def test_dongying_front_matter(dongying) -> None:
    assert [u.id for u in dongying.units][:3] == ["lead", "title", "preface"]
    assert dongying.title == "东营市碳达峰工作方案"
    assert dongying.find("lead").quotes == ["3.4.3", "3.4.4"]


def test_dongying_headings(dongying) -> None:
    assert dongying.find("3").heading == "实施“碳达峰十大行动”"
    assert dongying.find("3.1").heading == "能源绿色低碳转型行动"
    assert dongying.find("3.10.1").heading == "打造CCUS全产业链示范基地"


def test_standing_rule_applies_to_later_tasks(dongying) -> None:
    rule = dongying.find("3.1.1").responsibility
    later = dongying.find("3.2.1")
    assert rule.standing_text == "以下任务均需各县区政府、市属开发区管委会、省黄三角农高区管委会负责落实，不再列出"
    assert [a.name for a in later.inherited] == ["各县区政府", "市属开发区管委会", "省黄三角农高区管委会"]
    assert later.inherited_from == "3.1.1"
    assert dongying.find("3.1.1").inherited == []


def test_generic_agencies_are_marked(dongying) -> None:
    refs = {a.name: a for a in dongying.find("5.1").responsibility.agencies}
    assert refs["各有关部门"].generic is True
    assert refs["市碳达峰碳中和工作领导小组办公室"].generic is False


def test_covering_notice_is_read() -> None:
    plan = _parse(ROOT / "tests" / "corpus" / "national-2030.txt")
    notice = plan.find("notice")
    assert notice.meta == {
        "title": "国务院关于印发2030年前碳达峰行动方案的通知",
        "number": "国发〔2021〕23号",
        "addressees": "各省、自治区、直辖市人民政府，国务院各部委、各直属机构",
        "text": "现将《2030年前碳达峰行动方案》印发给你们，请认真贯彻执行。",
        "issuer": "国务院",
        "date": "2021年10月24日",
        "note": "本文有删减",
    }
    assert plan.title == "2030年前碳达峰行动方案"


def test_sections_numbered_across_parts() -> None:
    plan = _parse(ROOT / "tests" / "corpus" / "industry-sector-national.txt")
    assert [s.id for s in plan.find("2").children if s.kind == "section"][:2] == ["2.4", "2.5"]


# -- table tests: one assertion a line -------------------------------------------------------------

def test_sentence_splitting() -> None:
    assert split_sentences("甲。乙。") == ["甲。", "乙。"]
    assert split_sentences("甲；乙！丙？丁") == ["甲；", "乙！", "丙？", "丁"]
    assert split_sentences("实施“千家万户沐光行动。”推进") == ["实施“千家万户沐光行动。”推进"]
    assert split_sentences("支持碳捕集利用与封存（CCUS。示范）一体化。") == ["支持碳捕集利用与封存（CCUS。示范）一体化。"]
    assert split_sentences("《关于A。B的意见》印发。") == ["《关于A。B的意见》印发。"]
    assert split_sentences("总体要求") == ["总体要求"]


def test_numbering_ranks() -> None:
    assert read_numbering("一、总体要求").kind == "part"
    assert read_numbering("十二、附则").number == 12
    assert read_numbering("（一）能源").kind == "section"
    assert read_numbering("(十一)其他").number == 11
    assert read_numbering("1．大力发展").kind == "item"
    assert read_numbering("１２．全角").number == 12
    assert read_numbering("3.构建").number == 3
    assert read_numbering("（2）光伏").kind == "subitem"
    assert read_numbering("③风电").number == 3
    assert read_numbering("1.5倍以上") is None
    assert read_numbering("2030年前碳达峰") is None
    assert read_numbering("（国发〔2021〕23号）") is None


def _names(text: str) -> list[tuple[str, str]]:
    return [(a.name, a.role) for a in parse_responsibility(text, AgencyRegistry().resolve).agencies]


def test_responsibility_forms() -> None:
    assert _names("（责任单位：A局、B局，C委）") == [("A局", "lead"), ("B局", "shared"), ("C委", "shared")]
    assert _names("（A局牵头，B局、C委按职责分工负责）") == [("A局", "lead"), ("B局", "shared"), ("C委", "shared")]
    assert _names("（A部、B部、C局等按职责分工负责）") == [("A部", "lead"), ("B部", "shared"), ("C局", "shared")]
    assert _names("（责任单位：A厅、B局；各市政府。列首位的为牵头单位，下同）") == [("A厅", "lead"), ("B局", "shared"), ("各市政府", "lead")]
    assert _names("（责任单位：市委党校（行政学院）、B局）") == [("市委党校（行政学院）", "lead"), ("B局", "shared")]


def test_standing_rule_is_read() -> None:
    resp = parse_responsibility("（责任单位：A局，各县区政府。以下任务均需各县区政府负责落实，不再列出）", AgencyRegistry().resolve)
    assert [a.name for a in resp.standing] == ["各县区政府"]


def test_derived_agency_ids() -> None:
    assert derive_agency_id("市发展改革委") == "shi4-fa1-zhan3-gai3-ge2-wei3"
    assert derive_agency_id("市水务局") != derive_agency_id("市税务局")
    assert derive_agency_id("市委党校（行政学院）") == "shi4-wei3-dang3-xiao4-xing2-zheng4-xue2-yuan4"


def test_registry_ids_win_over_derived() -> None:
    registry = AgencyRegistry.from_data({"agencies": [{"id": "drc", "zh": "市发展改革委"}]})
    assert registry.resolve("市发展改革委") == ("drc", False)
    assert registry.resolve("各有关部门") == (derive_agency_id("各有关部门"), True)


def test_parse_is_deterministic() -> None:
    text = (ROOT / "seeds" / "dongying.txt").read_text(encoding="utf-8")
    assert parse_plan(text, "a", "x") == parse_plan(text, "a", "x")
