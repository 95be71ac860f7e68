"""Inline SVG charts: well-formed, accessible, deterministic, escaped, Markdown-safe, laid out right."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from builder.render.charts import Axis, Cell, Lane, Point, responsibility_heatmap, targets_timeline

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "quoted"'


def heatmap(rows: list[Axis] | None = None, columns: list[Axis] | None = None,
            cells: dict[tuple[int, int], Cell] | None = None, **text: str) -> str:
    rows = rows if rows is not None else [
        Axis("市发展改革委", "../agencies/drc/", "东营市发展和改革委员会"),
        Axis("市工业和信息化局", "../agencies/miit/"),
        Axis("市住房和城乡建设局", None),
    ]
    columns = columns if columns is not None else [
        Axis("3.1", "../3/1/", "能源绿色低碳转型行动"),
        Axis("3.2", "../3/2/"),
    ]
    cells = cells if cells is not None else {
        (0, 0): Cell(1, 3, "../agencies/drc/#3.1"),
        (0, 1): Cell(2, 0),
        (1, 1): Cell(0, 2),
        (2, 0): Cell(0, 0),
    }
    args = {"title": "部门职责热图", "description": "各部门牵头与配合的条款数", "legend_lead": "牵头",
            "legend_shared": "配合", "caption": "图 1 部门 × 行动", "id_prefix": "hm", **text}
    return responsibility_heatmap(rows, columns, cells, **args)


def timeline(lanes: list[Lane] | None = None, **text: str) -> str:
    lanes = lanes if lanes is not None else [
        Lane("能源绿色低碳转型行动", "../3/1/", [
            Point(2025, "13%", "非化石能源消费比重 13%", "../3/1/1/t1/", "numeric"),
            Point(2025, "2500万千瓦", "新能源装机 2500万千瓦", "../3/1/1/t2/", "numeric"),
            Point(2030, "达峰", "碳排放达峰", "../3/1/2/t1/", "qualitative"),
        ]),
        Lane("空的领域", "../3/9/", []),
        Lane("工业领域碳达峰行动", None, [
            Point(2035, "20%", "单位增加值能耗下降 20%", "#t3", "numeric"),
        ]),
    ]
    args = {"title": "目标时间线", "description": "按年份排列的目标", "caption": "图 2 目标",
            "legend_numeric": "数值目标", "legend_qualitative": "定性目标", "id_prefix": "tl", **text}
    return targets_timeline(lanes, **args)


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def svg_of(markup: str) -> ET.Element:
    svg = parse(markup).find(f"{SVG}svg")
    assert svg is not None
    return svg


def every_text(markup: str) -> str:
    return "".join(parse(markup).itertext())


def cell_rects(markup: str) -> list[ET.Element]:
    return [e for e in parse(markup).iter(f"{SVG}rect") if "data-cell" in e.attrib]


def markers(markup: str) -> list[ET.Element]:
    return [e for e in parse(markup).iter() if e.get("class") == "ps-chart__marker"]


CHARTS = {"heatmap": heatmap, "timeline": timeline}


# -- both charts ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", CHARTS)
def test_parses_as_xml_figure(kind: str) -> None:
    assert parse(CHARTS[kind]()).tag == "figure"


@pytest.mark.parametrize("kind", CHARTS)
def test_figure_class_names_the_kind(kind: str) -> None:
    assert parse(CHARTS[kind]()).get("class") == f"ps-chart ps-chart--{kind}"


@pytest.mark.parametrize("kind", CHARTS)
def test_figcaption(kind: str) -> None:
    assert parse(CHARTS[kind]()).find("figcaption") is not None


@pytest.mark.parametrize("kind", CHARTS)
def test_not_an_image(kind: str) -> None:
    """No role="img": the chart holds links (axe: nested-interactive); the figure groups it."""
    assert svg_of(CHARTS[kind]()).get("role") is None


@pytest.mark.parametrize("kind", CHARTS)
def test_labelled_by_its_title(kind: str) -> None:
    svg = svg_of(CHARTS[kind]())
    title = svg.find(f"{SVG}title")
    assert title is not None and svg.get("aria-labelledby") == title.get("id")


@pytest.mark.parametrize("kind", CHARTS)
def test_described_by_its_desc(kind: str) -> None:
    svg = svg_of(CHARTS[kind]())
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and svg.get("aria-describedby") == desc.get("id")


@pytest.mark.parametrize("kind", CHARTS)
def test_ids_carry_the_prefix(kind: str) -> None:
    ids = [e.get("id") for e in parse(CHARTS[kind](id_prefix="p7")).iter() if e.get("id")]
    assert ids == ["p7-title", "p7-desc"]


@pytest.mark.parametrize("kind", CHARTS)
def test_bad_id_prefix_raises(kind: str) -> None:
    with pytest.raises(ValueError):
        CHARTS[kind](id_prefix='x" onload="alert(1)')


@pytest.mark.parametrize("kind", CHARTS)
def test_responsive_width(kind: str) -> None:
    assert svg_of(CHARTS[kind]()).get("width") == "100%"


@pytest.mark.parametrize("kind", CHARTS)
def test_no_fixed_height(kind: str) -> None:
    assert svg_of(CHARTS[kind]()).get("height") is None


@pytest.mark.parametrize("kind", CHARTS)
def test_viewbox_and_aspect(kind: str) -> None:
    svg = svg_of(CHARTS[kind]())
    assert svg.get("viewBox", "").startswith("0 0 ")
    assert svg.get("preserveAspectRatio") == "xMinYMin meet"


@pytest.mark.parametrize("kind", CHARTS)
def test_deterministic(kind: str) -> None:
    assert CHARTS[kind]() == CHARTS[kind]()


@pytest.mark.parametrize("kind", CHARTS)
def test_no_blank_line(kind: str) -> None:
    assert all(line.strip() for line in CHARTS[kind](title="a\n\nb", caption="c\n \nd").split("\n"))


@pytest.mark.parametrize("kind", CHARTS)
def test_no_indented_line(kind: str) -> None:
    assert not any(line.startswith("    ") for line in CHARTS[kind](title="    a").split("\n"))


@pytest.mark.parametrize("kind", CHARTS)
def test_numbers_have_at_most_two_decimals(kind: str) -> None:
    assert not re.search(r"[0-9]\.[0-9]{3}", CHARTS[kind]())


@pytest.mark.parametrize("kind", CHARTS)
def test_text_is_at_least_11_units(kind: str) -> None:
    sizes = [int(e.get("font-size")) for e in parse(CHARTS[kind]()).iter() if e.get("font-size")]
    assert min(sizes) >= 11


@pytest.mark.parametrize("kind", CHARTS)
def test_colours_follow_the_theme(kind: str) -> None:
    assert svg_of(CHARTS[kind]()).get("fill") == "currentColor"


@pytest.mark.parametrize("kind", CHARTS)
def test_hostile_title_is_escaped(kind: str) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quoted&#34;" in CHARTS[kind](title=HOSTILE)


@pytest.mark.parametrize("kind", CHARTS)
def test_hostile_caption_is_escaped(kind: str) -> None:
    assert "<script" not in CHARTS[kind](caption=HOSTILE)


@pytest.mark.parametrize("kind", CHARTS)
def test_hostile_text_round_trips_as_text(kind: str) -> None:
    assert parse(CHARTS[kind](description=HOSTILE)).find(f".//{SVG}desc").text == HOSTILE


@pytest.mark.parametrize("kind", CHARTS)
def test_chinese_stays_characters(kind: str) -> None:
    assert "&#" not in CHARTS[kind]().replace("&#34;", "").replace("&#39;", "")


@pytest.mark.parametrize("kind", CHARTS)
def test_chinese_caption_verbatim(kind: str) -> None:
    assert "<figcaption>图表：碳达峰</figcaption>" in CHARTS[kind](caption="图表：碳达峰")


# -- URLs ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\nscript:alert(1)",
    "data:text/html,x", "https://example.com/", "//example.com/x", "\\\\example.com", "", "a b",
])
def test_bad_row_url_raises(url: str) -> None:
    with pytest.raises(ValueError):
        heatmap(rows=[Axis("市发展改革委", url)], cells={})


def test_javascript_cell_url_raises() -> None:
    with pytest.raises(ValueError):
        heatmap(cells={(0, 0): Cell(1, 0, "javascript:alert(1)")})


def test_javascript_lane_url_raises() -> None:
    with pytest.raises(ValueError):
        timeline([Lane("x", "javascript:alert(1)", [Point(2025, "1", "1", None, "numeric")])])


def test_javascript_point_url_raises() -> None:
    with pytest.raises(ValueError):
        timeline([Lane("x", None, [Point(2025, "1", "1", "javascript:alert(1)", "numeric")])])


@pytest.mark.parametrize("url", ["../agencies/drc/", "3/1/", "#3.1", "t1/?a=b&c=d#x", "./a:b"])
def test_relative_urls_are_accepted(url: str) -> None:
    assert heatmap(rows=[Axis("市发展改革委", url)], cells={})


def test_url_is_escaped() -> None:
    assert 'href="t1/?a=b&amp;c=d#x"' in heatmap(rows=[Axis("市发展改革委", "t1/?a=b&c=d#x")], cells={})


def test_url_quote_is_escaped() -> None:
    links = [e.get("href") for e in parse(heatmap(rows=[Axis("a", 'x"onclick="y')], cells={})).iter()]
    assert 'x"onclick="y' in links


# -- heat map ------------------------------------------------------------------------------------

def test_heatmap_counts_non_empty_cells() -> None:
    assert len(cell_rects(heatmap())) == 3


def test_heatmap_cell_positions() -> None:
    assert [e.get("data-cell") for e in cell_rects(heatmap())] == ["0,0", "0,1", "1,1"]


def test_heatmap_draws_every_empty_square() -> None:
    empties = [e for e in parse(heatmap()).iter(f"{SVG}rect") if e.get("class") == "ps-chart__empty"]
    assert len(empties) == 3 * 2 - 3


def test_heatmap_lead_and_shared_text() -> None:
    assert "1+3" in every_text(heatmap())


def test_heatmap_lead_only_text() -> None:
    texts = [e.text for e in parse(heatmap()).iter(f"{SVG}text")]
    assert "2" in texts


def test_heatmap_lead_colour() -> None:
    rect = cell_rects(heatmap())[0]
    assert rect.get("fill", "").startswith("var(--ps-lead, #")


def test_heatmap_shared_only_colour() -> None:
    rect = cell_rects(heatmap())[2]
    assert rect.get("fill", "").startswith("var(--ps-shared, #")


def test_heatmap_shared_only_is_dashed() -> None:
    assert cell_rects(heatmap())[2].get("stroke-dasharray")


def test_heatmap_shade_grows_with_count() -> None:
    cells = {(0, 0): Cell(1, 0), (0, 1): Cell(2, 3)}
    light, dark = cell_rects(heatmap(cells=cells))
    assert float(light.get("fill-opacity", "0")) < float(dark.get("fill-opacity", "0"))


def test_heatmap_cell_tooltip() -> None:
    titles = [e.text for e in parse(heatmap()).iter(f"{SVG}title")]
    assert "市发展改革委 · 能源绿色低碳转型行动: 牵头 1, 配合 3" in titles


def test_heatmap_tooltip_in_english() -> None:
    titles = [e.text for e in parse(heatmap(legend_lead="lead", legend_shared="shared")).iter(f"{SVG}title")]
    assert "市工业和信息化局 · 3.2: lead 0, shared 2" in titles


def test_heatmap_cell_link() -> None:
    links = [e.get("href") for e in parse(heatmap()).iter(f"{SVG}a")]
    assert "../agencies/drc/#3.1" in links


def test_heatmap_row_and_column_labels_link() -> None:
    links = [e.get("href") for e in parse(heatmap()).iter(f"{SVG}a")]
    assert {"../agencies/drc/", "../agencies/miit/", "../3/1/", "../3/2/"} <= set(links)


def test_heatmap_unlinked_row_label_is_shown() -> None:
    assert "市住房和城乡建设局" in every_text(heatmap())


def test_heatmap_legend_words() -> None:
    legend = next(e for e in parse(heatmap()).iter() if e.get("class") == "ps-chart__legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["牵头", "配合"]


def test_heatmap_label_column_grows_with_longest_label() -> None:
    short = heatmap(rows=[Axis("发改委", None)], cells={})
    long = heatmap(rows=[Axis("国网东营供电公司营销服务中心", None)], cells={})
    assert cell_x(long) - cell_x(short) >= 12 * (14 - 3)


def cell_x(markup: str) -> float:
    return min(float(e.get("x", "0")) for e in parse(markup).iter(f"{SVG}rect")
               if e.get("class") == "ps-chart__empty")


def row_label_lines(markup: str) -> list[list[str]]:
    rows = next(e for e in parse(markup).iter() if e.get("class") == "ps-chart__rows")
    return [[(t.text or "").strip() for t in label.iter(f"{SVG}tspan")] for label in rows]


def test_heatmap_long_label_takes_two_lines() -> None:
    name = "国网东营供电公司及各县区人民政府相关部门和单位"
    assert row_label_lines(heatmap(rows=[Axis(name, None)], cells={})) == [[name[:22], name[22:]]]


def test_heatmap_label_too_long_for_two_lines_is_cut_with_full_text_in_tooltip() -> None:
    name = "国网东营供电公司及各县区人民政府相关部门和单位" * 2
    root = parse(heatmap(rows=[Axis(name, None)], cells={}))
    assert name in [e.text for e in root.iter(f"{SVG}title")]


BUREAUS = ["Dongying Municipal Bureau of Housing and Urban-Rural Development",
           "Dongying Municipal Bureau of Human Resources and Social Security",
           "State-owned Assets Supervision and Administration Commission of the Dongying Municipal Government"]


def test_heatmap_english_labels_with_a_shared_start_stay_distinguishable() -> None:
    lines = row_label_lines(heatmap(rows=[Axis(name, None) for name in BUREAUS], cells={}))
    assert lines[:2] == [["Dongying Municipal Bureau of Housing", "and Urban-Rural Development"],
                         ["Dongying Municipal Bureau of Human", "Resources and Social Security"]]
    assert lines[2] == ["State-owned Assets Supervision and", "…of the Dongying Municipal Government"]


def test_heatmap_label_lines_break_between_words() -> None:
    for name, lines in zip(BUREAUS, row_label_lines(heatmap(rows=[Axis(n, None) for n in BUREAUS], cells={}))):
        assert all(word in name.split() for line in lines for word in line.lstrip("…").split())


def test_heatmap_hostile_label_is_escaped() -> None:
    markup = heatmap(rows=[Axis(HOSTILE, None, HOSTILE)], columns=[Axis(HOSTILE, None)],
                     cells={(0, 0): Cell(1, 1)}, legend_lead=HOSTILE)
    assert not any(e.tag.endswith("script") for e in parse(markup).iter())


def test_heatmap_hostile_label_keeps_its_text() -> None:
    markup = heatmap(rows=[Axis("a&b", None)], cells={})
    assert "a&amp;b" in markup


def test_heatmap_cell_outside_grid_raises() -> None:
    with pytest.raises(ValueError):
        heatmap(cells={(3, 0): Cell(1, 0)})


def test_heatmap_negative_count_raises() -> None:
    with pytest.raises(ValueError):
        heatmap(cells={(0, 0): Cell(-1, 0)})


def test_heatmap_without_rows_raises() -> None:
    with pytest.raises(ValueError):
        heatmap(rows=[], cells={})


def test_heatmap_ignores_mapping_order() -> None:
    cells = {(1, 1): Cell(0, 2), (0, 0): Cell(1, 3)}
    assert heatmap(cells=cells) == heatmap(cells=dict(reversed(list(cells.items()))))


def test_heatmap_long_column_labels_turn() -> None:
    markup = heatmap(columns=[Axis("能源绿色低碳转型行动", None), Axis("工业领域碳达峰行动", None)])
    assert "rotate(-45" in markup


def test_heatmap_short_column_labels_stay_level() -> None:
    assert "rotate(" not in heatmap()


# -- time line -----------------------------------------------------------------------------------

def test_timeline_one_marker_per_target() -> None:
    assert len(markers(timeline())) == 4


def test_timeline_same_lane_and_year_share_x_and_stack_down() -> None:
    stack = [m for m in markers(timeline()) if m.get("data-lane") == "0" and m.get("data-year") == "2025"]
    assert len({m.get("data-x") for m in stack}) == 1
    assert float(stack[1].get("cy", "0")) - float(stack[0].get("cy", "0")) >= 18


def test_timeline_stacked_labels_do_not_overlap() -> None:
    labels = {e.text: float(e.get("y", "0")) for e in parse(timeline()).iter(f"{SVG}text")}
    assert labels["2500万千瓦"] - labels["13%"] >= 11


def test_timeline_stack_is_on_its_year() -> None:
    xs = [float(m.get("data-x", "0")) for m in markers(timeline()) if m.get("data-year") == "2025"]
    assert xs == [axis_x(timeline(), 2025)] * 2


def axis_x(markup: str, year: int) -> float:
    label = next(e for e in parse(markup).iter(f"{SVG}text") if e.get("data-axis-year") == str(year))
    return float(label.get("x", "0"))


def test_timeline_later_year_is_further_right() -> None:
    by_year = {m.get("data-year"): float(m.get("data-x", "0")) for m in markers(timeline())}
    assert by_year["2030"] < by_year["2035"]


def test_timeline_axis_has_2025_and_2030() -> None:
    years = {e.get("data-axis-year") for e in parse(timeline()).iter(f"{SVG}text")}
    assert {"2025", "2030"} <= years


def test_timeline_axis_reaches_the_latest_year() -> None:
    years = {e.get("data-axis-year") for e in parse(timeline()).iter(f"{SVG}text")}
    assert "2035" in years


def test_timeline_axis_includes_2025_and_2030_for_a_single_year() -> None:
    only = timeline([Lane("能源", None, [Point(2035, "1", "1", None, "numeric")])])
    years = {e.get("data-axis-year") for e in parse(only).iter(f"{SVG}text")}
    assert {"2025", "2030", "2035"} <= years


def test_timeline_drops_empty_lanes() -> None:
    lanes = [e for e in parse(timeline()).iter() if e.get("class") == "ps-chart__lane"]
    assert [e.get("data-lane") for e in lanes] == ["0", "2"]


def test_timeline_empty_lane_label_absent() -> None:
    assert "空的领域" not in timeline()


def test_timeline_numeric_is_a_filled_circle() -> None:
    marker = next(m for m in markers(timeline()) if m.get("data-kind") == "numeric")
    assert marker.tag == f"{SVG}circle"


def test_timeline_qualitative_is_a_hollow_diamond() -> None:
    marker = next(m for m in markers(timeline()) if m.get("data-kind") == "qualitative")
    assert (marker.tag, marker.get("fill")) == (f"{SVG}path", "none")


def test_timeline_markers_are_links() -> None:
    links = [e.get("href") for e in parse(timeline()).iter(f"{SVG}a")]
    assert {"../3/1/1/t1/", "../3/1/1/t2/", "../3/1/2/t1/", "#t3"} <= set(links)


def test_timeline_marker_tooltip() -> None:
    titles = [e.text for e in parse(timeline()).iter(f"{SVG}title")]
    assert "新能源装机 2500万千瓦" in titles


def test_timeline_marker_labels_shown() -> None:
    assert "2500万千瓦" in [e.text for e in parse(timeline()).iter(f"{SVG}text")]


def test_timeline_lane_label_links() -> None:
    links = [e.get("href") for e in parse(timeline()).iter(f"{SVG}a")]
    assert "../3/1/" in links


def test_timeline_legend_words() -> None:
    legend = next(e for e in parse(timeline()).iter() if e.get("class") == "ps-chart__legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["数值目标", "定性目标"]


def test_timeline_about_800_wide() -> None:
    assert 780 <= float(svg_of(timeline()).get("viewBox", "").split()[2]) <= 800


def test_timeline_long_labels_of_adjacent_years_widen_the_chart() -> None:
    points = [Point(y, "≤295克标准煤/千瓦时", "t", None, "numeric") for y in (2025, 2026, 2030)]
    width = float(svg_of(timeline([Lane("能源", None, points)])).get("viewBox", "").split()[2])
    assert width > 800


def test_timeline_too_crowded_drops_labels_beside_markers_but_keeps_them_in_tooltips() -> None:
    points = [Point(y, f"{y}万千瓦时", "t", None, "numeric") for y in range(2010, 2041)]
    markup = timeline([Lane("能源", None, points)])
    assert "2010万千瓦时" not in [e.text for e in parse(markup).iter(f"{SVG}text")]
    assert "t · 2010万千瓦时" in [e.text for e in parse(markup).iter(f"{SVG}title")]


def test_timeline_crowded_groups_of_one_lane_do_not_meet() -> None:
    points = [Point(y, f"{k}万千瓦时", "t", None, "numeric") for y in (2025, 2026) for k in range(5)]
    xs = {y: [float(m.get("data-x", "0")) for m in markers(timeline([Lane("能源", None, points)]))
              if m.get("data-year") == str(y)] for y in (2025, 2026)}
    assert min(xs[2026]) - max(xs[2025]) >= 16


def test_timeline_hostile_text_is_escaped() -> None:
    markup = timeline([Lane(HOSTILE, None, [Point(2025, HOSTILE, HOSTILE, None, "numeric")])],
                      legend_numeric=HOSTILE)
    assert not any(e.tag.endswith("script") for e in parse(markup).iter())


def test_timeline_hostile_label_keeps_its_text() -> None:
    markup = timeline([Lane("能源", None, [Point(2025, "a&b", '"c"', None, "numeric")])])
    assert '"c"' in [e.text for e in parse(markup).iter(f"{SVG}title")]


def test_timeline_without_points_raises() -> None:
    with pytest.raises(ValueError):
        timeline([Lane("空", None, [])])


def test_timeline_unknown_kind_raises() -> None:
    with pytest.raises(ValueError):
        timeline([Lane("能源", None, [Point(2025, "1", "1", None, "estimate")])])


def test_a_point_in_another_language_says_so() -> None:
    from builder.render.charts import Lane, Point, targets_timeline

    svg = targets_timeline([Lane("3.1", "3/1/", [Point(2025, "≥40%", "新开工装配式建筑占比 ≥40%", "t1/", "numeric", "zh-CN"),
                                                Point(2030, "25 GW", "installed capacity 25 GW", "t2/", "numeric")])],
                           title="t", description="d", caption="c", legend_numeric="n", legend_qualitative="q",
                           id_prefix="p")
    assert svg.count('lang="zh-CN"') == 1


# -- time line geometry: a value is drawn where it is --------------------------------------------

#: Dongying's "main goals" lane as it stood: many targets in 2025 and 2030, one lane
GOALS = Lane("二 主要目标", "../2/", [
    *(Point(2025, label, f"指标 {label}", f"t{k}/", kind) for k, (label, kind) in enumerate([
        ("", "qualitative"), ("", "qualitative"), ("≈13%", "numeric"), ("16.2%", "numeric"), ("", "qualitative")])),
    *(Point(2030, "", "定性", f"u{k}/", "qualitative") for k in range(5)),
])
BUILDINGS = Lane("三（四）城乡建设碳达峰行动", "../3/4/", [
    Point(2025, "≥40%", "新开工装配式建筑占比 ≥40%", "a/", "numeric"),
    Point(2025, "≤295克标准煤/千瓦时", "供电煤耗 ≤295克标准煤/千瓦时", "b/", "numeric"),
    Point(2025, "1200万平方米", "新增绿色建筑 1200万平方米", "c/", "numeric"),
    Point(2030, "12 million tonnes of standard coal", "energy saved 12 million tonnes of standard coal", "d/", "numeric"),
])


def marker_x(element: ET.Element) -> float:
    """A marker's centre read from its geometry (a circle's cx, a path's middle), not its data-x."""
    if element.tag == f"{SVG}circle":
        return float(element.get("cx", "nan"))
    xs = [float(v) for v in re.findall(r"[ML](-?[\d.]+) ", element.get("d", ""))]
    return (min(xs) + max(xs)) / 2


def tick_x(markup: str) -> dict[int, float]:
    return {int(e.get("data-year", "0")): float(e.get("x1", "nan")) for e in parse(markup).iter(f"{SVG}line")
            if e.get("class") == "ps-chart__tick"}


@pytest.mark.parametrize("lanes", [[GOALS], [BUILDINGS], [GOALS, BUILDINGS]])
def test_timeline_every_marker_is_at_its_years_tick(lanes: list[Lane]) -> None:
    markup = timeline(lanes)
    ticks = tick_x(markup)
    assert [(m.get("data-year"), marker_x(m)) for m in markers(markup)] == [
        (m.get("data-year"), ticks[int(m.get("data-year", "0"))]) for m in markers(markup)]


def test_timeline_every_year_has_a_tick() -> None:
    assert sorted(tick_x(timeline())) == list(range(2025, 2036))


def test_timeline_a_lane_grows_with_its_largest_stack() -> None:
    one = float(svg_of(timeline([Lane("x", None, [Point(2025, "1", "1", None, "numeric")])])).get("viewBox", "").split()[3])
    five = float(svg_of(timeline([GOALS])).get("viewBox", "").split()[3])
    assert five - one >= 4 * 18


def test_timeline_stacked_markers_have_distinct_rows() -> None:
    ys = [float(m.get("cy", "0")) for m in markers(timeline([BUILDINGS])) if m.get("data-year") == "2025"]
    assert [b - a for a, b in zip(ys, ys[1:])] == [18, 18]


def test_timeline_long_label_with_room_is_shown_whole() -> None:
    texts = [e.text for e in parse(timeline([BUILDINGS])).iter(f"{SVG}text")]
    assert "≤295克标准煤/千瓦时" in texts


def linked_texts(markup: str) -> list[tuple[str, str]]:
    """(shown text, tooltip) of every label inside a link or group with a <title>."""
    out = []
    for element in parse(markup).iter():
        title = element.find(f"{SVG}title")
        if element.tag in (f"{SVG}a", f"{SVG}g") and title is not None:
            out += [(t.text or "", title.text or "") for t in element.findall(f"{SVG}text")]
    return out


def test_timeline_a_cut_label_has_its_whole_text_in_the_tooltip() -> None:
    crowded = Lane("能源", None, [Point(2025, "12 million tonnes of standard coal", "saved", "a/", "numeric"),
                                  Point(2026, "1", "1", "b/", "numeric")])
    pairs = linked_texts(timeline([crowded]))
    cut = [(text, tip) for text, tip in pairs if text.endswith("…")]
    assert cut and all(tip.endswith("12 million tonnes of standard coal") for _, tip in cut)


def test_timeline_no_label_is_cut_without_its_text_in_a_tooltip() -> None:
    for markup in (timeline(), timeline([GOALS, BUILDINGS])):
        all_texts = [e.text or "" for e in parse(markup).iter(f"{SVG}text")]
        pairs = linked_texts(markup)
        assert all(any(shown == text and text[:-1] in tip for shown, tip in pairs)
                   for text in all_texts if text.endswith("…"))


def test_metric_chart_cut_label_keeps_its_text_in_the_tooltip() -> None:
    from builder.render.charts import Mark, Series, metric_chart

    markup = metric_chart([Series("p", None, [Mark(2025, 12, "12 million tonnes", "plan 2025", "t/")])],
                          axis_title="Mt", title="t", description="d", caption="c", id_prefix="m")
    assert ("12 million tonnes", "plan 2025") in linked_texts(markup)
    longer = metric_chart([Series("p", None, [Mark(2025, 12, "12 million tonnes of coal", "plan 2025", "t/")])],
                          axis_title="Mt", title="t", description="d", caption="c", id_prefix="m")
    assert ("12 million tonnes…", "plan 2025 · 12 million tonnes of coal") in linked_texts(longer)  # cut between words


def test_timeline_long_lane_label_takes_up_to_three_lines_and_its_lane_as_many_rows() -> None:
    lane = Lane("3.1 Action for the green and low-carbon transition of energy", "../3/1/",
                [Point(2025, "1", "1", None, "numeric")])
    group = next(e for e in parse(timeline([lane])).iter() if e.get("class") == "ps-chart__lane")
    lines = [(t.text or "").strip() for t in group.iter(f"{SVG}tspan")]
    assert lines == ["3.1 Action for the green and", "low-carbon transition of", "energy"]
    band = next(e for e in parse(timeline([lane])).iter(f"{SVG}rect"))
    assert float(band.get("height", "0")) >= 3 * 18


def test_a_label_on_several_lines_reads_as_one_text() -> None:
    """One <text> per label, its lines <tspan>s: read as one, it is the name itself (with a space where
    it broke between words), or its start, "…" and its end."""
    rows = next(e for e in parse(heatmap(rows=[Axis(n, None) for n in BUREAUS], cells={})).iter()
                if e.get("class") == "ps-chart__rows")
    assert ["".join(t.itertext()) for t in rows.iter(f"{SVG}text")] == [
        BUREAUS[0], BUREAUS[1], "State-owned Assets Supervision and…of the Dongying Municipal Government"]
