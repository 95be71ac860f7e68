"""What changed between versions of a plan (builder/changes.py): clause by clause and sentence by
sentence, a renumbering told apart from a change, the words that changed marked."""

from __future__ import annotations

from builder.changes import Text, history, traces, words
from tests.helpers import BUILDING, ENERGY, INDUSTRY, NEW_TASK, make_plan

V1 = [ENERGY, INDUSTRY, BUILDING]
COAL = ENERGY[1][1]


def step(old_sections, new_sections):
    return history([Text("v1", make_plan(old_sections), {}), Text(None, make_plan(new_sections), {})])[0]


def summary(st):
    return [(c.kind, c.old_id, c.new_id) for c in st.changes]


def test_a_task_inserted_one_deleted_and_a_sentence_reworded_are_exactly_three_changes() -> None:
    energy = (ENERGY[0], [NEW_TASK, ENERGY[1][0], COAL.replace("50%以下", "45%以下"), ENERGY[1][2]])
    st = step(V1, [energy, (INDUSTRY[0], [INDUSTRY[1][0]]), BUILDING])
    assert sorted(summary(st)) == [("added", None, "2.1.1"), ("removed", "2.2.2", None), ("reworded", "2.1.2", "2.1.3")]
    assert st.counts() == {"added": 1, "removed": 1, "moved": 0, "reworded": 1}
    # the tasks after the inserted one kept their words and place: renumbered, not changed
    assert st.renumbered == [("2.1.1", "2.1.2"), ("2.1.3", "2.1.4")]
    reworded = st.of_kind("reworded")[0]
    assert [(s.kind, s.old_id, s.new_id) for s in reworded.sentences] == [("reworded", "2.1.2.s2", "2.1.3.s2")]
    assert [(p.op, p.text) for p in reworded.sentences[0].pieces] == [
        ("same", "到2025年，煤炭消费比重下降到"), ("del", "50%"), ("ins", "45%"), ("same", "以下。")]
    added = st.of_kind("added")[0]
    assert [(s.kind, s.new_zh) for s in added.sentences] == [
        ("added", "加快建设新型电力系统。"), ("added", "推进源网荷储一体化和多能互补发展。")]


def test_an_unchanged_text_has_no_changes() -> None:
    st = step(V1, V1)
    assert st.changes == [] and st.renumbered == []


def test_a_clause_out_of_its_siblings_order_is_one_move() -> None:
    tasks = ENERGY[1]
    st = step(V1, [(ENERGY[0], [tasks[2], tasks[0], tasks[1]]), INDUSTRY, BUILDING])
    assert summary(st) == [("moved", "2.1.3", "2.1.1")]  # not three: the other two kept their order
    assert st.renumbered == [("2.1.1", "2.1.2"), ("2.1.2", "2.1.3")]


def test_a_clause_under_another_parent_is_moved_and_may_be_reworded_too() -> None:
    hydrogen = ENERGY[1][2]
    st = step(V1, [(ENERGY[0], ENERGY[1][:2]),
                   (INDUSTRY[0], [*INDUSTRY[1], hydrogen.replace("一批", "10座")]), BUILDING])
    assert summary(st) == [("moved", "2.1.3", "2.2.3")]
    moved = st.changes[0]
    assert moved.reworded and [s.kind for s in moved.sentences] == ["reworded"]
    assert ("ins", "10座") in [(p.op, p.text) for p in moved.sentences[0].pieces]


def test_a_new_section_is_one_addition_that_counts_what_it_holds() -> None:
    transport = ("交通运输绿色低碳行动。推进交通转型。", ["推广新能源汽车。（责任单位：市交通运输局）",
                                               "建设充电基础设施。（责任单位：市交通运输局）"])
    st = step(V1, [ENERGY, INDUSTRY, transport, BUILDING])
    assert summary(st) == [("added", None, "2.3")]
    assert st.changes[0].within == 2
    assert ("2.3", "2.4") in st.renumbered and ("2.3.1", "2.4.1") in st.renumbered


def test_a_sentence_added_one_removed_and_a_list_of_agencies_changed() -> None:
    hydrogen = ENERGY[1][2].replace("（责任单位", "开展氢能示范应用。（责任单位")
    coal = COAL.replace("以下。", "以下。严控新上耗煤项目。").replace("市发展改革委）", "市发展改革委、市能源局）")
    st = step([(ENERGY[0], [ENERGY[1][0], COAL, hydrogen])], [(ENERGY[0], [ENERGY[1][0], coal, ENERGY[1][2]])])
    assert summary(st) == [("reworded", "2.1.2", "2.1.2"), ("reworded", "2.1.3", "2.1.3")]
    coal_change, hydrogen_change = st.changes
    assert [(s.kind, s.old_id, s.new_id) for s in coal_change.sentences] == [
        ("added", None, "2.1.2.s3"), ("responsibility", None, None)]
    assert [(p.op, p.text) for p in coal_change.sentences[-1].pieces if p.op != "same"] == [("ins", "、市能源局")]
    assert [(s.kind, s.old_id, s.old_zh) for s in hydrogen_change.sentences] == [
        ("removed", "2.1.3.s3", "开展氢能示范应用。")]


def test_each_clause_is_traced_back_through_the_versions() -> None:
    energy = (ENERGY[0], [NEW_TASK, *ENERGY[1]])
    texts = [Text("v1", make_plan(V1), {}), Text("v2", make_plan([energy, INDUSTRY, BUILDING]), {}),
             Text(None, make_plan([(ENERGY[0], [NEW_TASK, ENERGY[1][0], COAL.replace("50%", "40%"), ENERGY[1][2]]),
                                   INDUSTRY, BUILDING]), {})]
    steps = history(texts)
    found = traces(steps, "v1", texts[-1].plan)
    assert [(t.version, t.id, t.kind) for t in found["2.1.3"]] == [
        (None, "2.1.3", "reworded"), ("v2", "2.1.3", "renumbered"), ("v1", "2.1.2", "first")]
    assert [(t.version, t.id, t.kind) for t in found["2.1.1"]] == [(None, "2.1.1", "same"), ("v2", "2.1.1", "added")]


def test_words_are_marked_whole() -> None:
    assert [(p.op, p.text) for p in words("推进工业领域节能改造。", "推进建筑领域节能改造。")] == [
        ("same", "推进"), ("del", "工业"), ("ins", "建筑"), ("same", "领域节能改造。")]
