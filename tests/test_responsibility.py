"""Responsibility lists and deadlines: one row per form the genre writes them in.

Rows marked *made up* stand for forms that no plan of the corpus has (the lists on lines of their
own with 完成时限, the notes inside a paragraph, the plan's first-leads rule): they follow the
shapes of real plans of the genre, with agency names of a province.
"""

from __future__ import annotations

import pytest

from builder.agencies import AgencyRegistry
from builder.model import Deadline
from builder.parse import parse_plan
from builder.parse.responsibility import inline_lists, list_line, parse_deadline, parse_responsibility

RESOLVE = AgencyRegistry().resolve


def roles(written: str, first_leads: bool = False) -> tuple[list[tuple[str, str]], str]:
    read = parse_responsibility(written, RESOLVE, first_leads)
    return [(a.name, a.role) for a in read.agencies], read.lead_basis


@pytest.mark.parametrize("written, agencies, basis", [
    # real (Dongying 3.1.2, industry 2.4.2, the two-governments case)
    ("（责任单位：市发展改革委、市住房城建管理局、市生态环境局）",
     [("市发展改革委", "lead"), ("市住房城建管理局", "shared"), ("市生态环境局", "shared")], "order"),
    ("（国家发展改革委、工业和信息化部、生态环境部等按职责分工负责）",
     [("国家发展改革委", "lead"), ("工业和信息化部", "shared"), ("生态环境部", "shared")], "order"),
    ("（A局、B局；C委、D委。列首位的为牵头单位，下同）",
     [("A局", "lead"), ("B局", "shared"), ("C委", "lead"), ("D委", "shared")], "rule"),
    # made up: leads named in words, local governments leading
    ("（省发展改革委牵头，省工业和信息化厅等配合）", [("省发展改革委", "lead"), ("省工业和信息化厅", "shared")], "stated"),
    ("（省发展改革委牵头，省能源局等按职责分工负责）", [("省发展改革委", "lead"), ("省能源局", "shared")], "stated"),
    ("（各地级以上市政府牵头，省发展改革委等配合）", [("各地级以上市政府", "lead"), ("省发展改革委", "shared")], "stated"),
    ("（责任部门：省发展改革委、省统计局牵头，省工业和信息化厅配合；完成时限：2023年底）",
     [("省发展改革委", "lead"), ("省统计局", "lead"), ("省工业和信息化厅", "shared")], "stated"),
    # made up: a list on a line of its own, the rule stated in it
    ("责任单位：省发展改革委、省能源局（排在第一为牵头单位，下同）\n完成时限：2022年6月底前",
     [("省发展改革委", "lead"), ("省能源局", "shared")], "rule"),
])
def test_list_forms(written: str, agencies: list[tuple[str, str]], basis: str) -> None:
    assert roles(written) == (agencies, basis)


def test_a_rule_stated_before_holds_for_later_lists() -> None:
    assert roles("（省能源局、省生态环境厅等按职责分工负责）", first_leads=True)[1] == "rule"


def test_local_governments_are_agencies_of_their_kind() -> None:
    read = parse_responsibility("（各地级以上市政府牵头，省发展改革委等配合）", RESOLVE)
    assert [(a.name, a.generic) for a in read.agencies] == [("各地级以上市政府", True), ("省发展改革委", False)]


def test_standing_rule_names_no_one_else() -> None:
    read = parse_responsibility("（责任单位：市发展改革委、市科技局。以下任务均需各县区政府负责落实，不再列出）", RESOLVE)
    assert [a.name for a in read.agencies] == ["市发展改革委", "市科技局"]
    assert [a.name for a in read.standing] == ["各县区政府"]


@pytest.mark.parametrize("written, deadline", [
    ("（责任部门：省发展改革委牵头；完成时限：2023年底）", Deadline("2023年底", "2023-12-31")),
    ("责任单位：省能源局\n完成时限：2022年6月底前", Deadline("2022年6月底前", "2022-06-30")),
    ("责任单位：省能源局\n完成期限：2022年上半年", Deadline("2022年上半年", "2022-06-30")),
    ("责任单位：省能源局\n完成时间：“十四五”期间", Deadline("“十四五”期间", "2025-12-31")),
    ("（省交通运输厅牵头，省公安厅等按职责分工负责，2021年底前完成）", Deadline("2021年底前", "2021-12-31")),
    ("（责任单位：市发展改革委、市科技局）", None),
])
def test_deadlines(written: str, deadline: Deadline | None) -> None:
    assert parse_responsibility(written, RESOLVE).deadline == deadline


@pytest.mark.parametrize("written, date", [
    ("2022年6月底前", "2022-06-30"), ("2024年2月底", "2024-02-29"), ("2022年6月30日前", "2022-06-30"),
    ("2022年上半年", "2022-06-30"), ("2023年第三季度", "2023-09-30"), ("2023年底前", "2023-12-31"),
    ("2025年", "2025-12-31"), ("“十五五”期间", "2030-12-31"), ("长期坚持", None),
])
def test_deadline_dates(written: str, date: str | None) -> None:
    assert parse_deadline(written) == Deadline(written, date)


@pytest.mark.parametrize("line, is_list", [
    ("责任单位：省发展改革委、省能源局", True), ("完成时限：2022年6月底前", True), ("（完成时限：2022年底）", True),
    ("加快推进新能源汽车推广应用。", False), ("（一）指导思想", False),
])
def test_list_lines(line: str, is_list: bool) -> None:
    assert list_line(line) is is_list


@pytest.mark.parametrize("text, found", [
    ("建立能耗双控制度（责任部门：省发展改革委牵头，省统计局配合；完成时限：2023年底）。完善节能审查制度。",
     ["（责任部门：省发展改革委牵头，省统计局配合；完成时限：2023年底）"]),
    ("完善节能审查制度（各地级以上市政府牵头，省发展改革委等配合）。", ["（各地级以上市政府牵头，省发展改革委等配合）"]),
    ("推广液化天然气（LNG）等清洁能源动力船舶。", []),  # an abbreviation, not a list
    ("推动市委党校（行政学院）开展培训。", []),  # an agency's own bracket mid-sentence
])
def test_lists_inside_the_text(text: str, found: list[str]) -> None:
    assert [words for _, words in inline_lists(text)] == found


# -- in a plan (made up: the corpus has none of these forms) -----------------------------------------

PLAN = """某省碳达峰实施方案
一、重点任务
（一）推进能源绿色低碳转型
1．大力发展非化石能源。到2025年，非化石能源消费比重达到20%。
责任单位：省发展改革委、省能源局、省自然资源厅（排在第一为牵头单位，下同）
完成时限：2022年6月底前
2．推进煤炭消费替代。严格控制煤炭消费。
责任单位：省能源局、省生态环境厅
完成时限：2023年底前
（二）推进节能降碳
建立能耗双控制度（责任部门：省发展改革委、省统计局牵头，省工业和信息化厅配合；完成时限：2023年底）。完善节能审查制度（各地级以上市政府牵头，省发展改革委等配合）。推进重点行业节能改造。
"""


@pytest.fixture(scope="module")
def plan():
    return parse_plan(PLAN, "plan.txt", "plan")


def test_a_list_on_its_own_lines_belongs_to_the_task_before(plan) -> None:
    task = plan.find("1.1.1")
    assert task.text == "大力发展非化石能源。到2025年，非化石能源消费比重达到20%。"
    assert [(a.name, a.role) for a in task.responsibility.agencies] == [
        ("省发展改革委", "lead"), ("省能源局", "shared"), ("省自然资源厅", "shared")]
    assert task.responsibility.lead_basis == "rule"
    assert [(d.text, d.date, r.sentence) for d, r in task.deadlines()] == [("2022年6月底前", "2022-06-30", None)]


def test_the_plans_rule_holds_for_every_later_list(plan) -> None:
    assert plan.find("1.1.2").responsibility.lead_basis == "rule"
    assert [a.name for a in plan.find("1.1.2").responsibility.stated_leads] == ["省能源局"]


def test_lists_inside_a_paragraph_close_their_measures(plan) -> None:
    paragraph = plan.find("1.2.p1")
    assert [(m.sentence, [a.name for a in m.stated_leads]) for m in paragraph.measures] == [
        (1, ["省发展改革委", "省统计局"]), (2, ["各地级以上市政府"])]
    assert [(d.date, r.sentence) for d, r in paragraph.deadlines()] == [("2023-12-31", 1)]
    clause = paragraph.responsibility
    assert clause.inline
    assert [a.name for a in clause.agencies] == ["省发展改革委", "省统计局", "各地级以上市政府", "省工业和信息化厅"]
    assert paragraph.sentences[0].endswith("完成时限：2023年底）。")  # the words stay in the text


def test_the_plan_round_trips_through_yaml(plan) -> None:
    from builder.serialize import load_schema, plan_from_data, plan_to_data
    import jsonschema

    data = plan_to_data(plan)
    jsonschema.validate(data, load_schema("plan"))
    assert plan_from_data(data) == plan
