"""Build-time charts as inline SVG: an agency × action heat map, a targets time line, and one
metric's targets compared across plans.

Pure functions of their input (no file system, no clock, no randomness). Each returns one
``<figure class="ps-chart ps-chart--KIND">`` holding an ``<svg>`` and a ``<figcaption>``, meant to be
pasted as raw HTML into a Markdown page. Guarantees, for every chart:

* **Deterministic**: the same input gives byte-identical output. Elements follow the input order
  (never a mapping's or a set's order) and every coordinate is rounded to at most two decimals
  (``12.5``, ``40``; never ``12.499999999``).
* **Safe**: every text from the input is escaped with :func:`markupsafe.escape` (after whitespace
  runs, line breaks included, are collapsed to one space and control characters dropped); every
  URL must be relative (``../agencies/drc/``, ``3/1/``) or a ``#fragment`` and is escaped too;
  a URL with a scheme (``javascript:``, ``https:``), a network path (``//host``), a backslash,
  a control character or an empty URL raises :class:`ValueError`. The output is well-formed XML
  (no named HTML entities) and holds no ``<script>``, ``<style>``, ``<foreignObject>``, event
  handler or external resource.
* **Markdown-safe**: one element per line, no indentation and no blank line, so a Markdown page
  keeps the whole figure as one HTML block and never mistakes a line for code.
* **Accessible**: the root is ``<svg aria-labelledby="P-title" aria-describedby="P-desc">`` inside a
  ``<figure>`` (no ``role="img"``: the chart holds links, and an image may hold nothing interactive)
  with ``<title id="P-title">`` and ``<desc id="P-desc">``, where ``P`` is the caller's
  ``id_prefix``; these are the only ids, so charts with different prefixes can share a page.
  Colour is never the only cue (counts are printed in cells, shared-only cells have a dashed
  border, numeric and qualitative targets differ in shape), and links carry a ``<title>`` tooltip.
* **Responsive and themeable**: ``viewBox`` in user units, ``width="100%"``, no height, no fixed
  width (only a ``max-width`` equal to the natural size so a small chart is not blown up),
  ``preserveAspectRatio="xMinYMin meet"``. Text and lines use ``currentColor`` and
  ``font-family="inherit"``; fills are CSS custom properties with fallbacks (``--ps-lead``,
  ``--ps-shared``, ``--ps-numeric``, ``--ps-qualitative``), so light and dark themes both work.
  Text is at least 11 units high, readable when the chart is shown about 800 units wide.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import markupsafe

__all__ = ["Axis", "Cell", "Lane", "Mark", "Point", "Series", "metric_chart", "responsibility_heatmap",
           "targets_timeline"]

SVG_NS = "http://www.w3.org/2000/svg"
FONT = 12          # labels, legend, years
SMALL = 11         # counts in cells, labels under markers (the smallest text drawn)
MARGIN = 4
ASCII_EM = 0.55    # width of a non-wide character, in em
LEAD_FILL = "var(--ps-lead, #3584e4)"
SHARED_FILL = "var(--ps-shared, #e66100)"
NUMERIC_FILL = "var(--ps-numeric, #3584e4)"
QUALITATIVE_STROKE = "var(--ps-qualitative, #e66100)"
# Fill opacity by number of clauses (1, 2, 3, 4, 5+): kept ≤ 0.65 so ``currentColor`` text stays
# legible on the cell in both a light and a dark theme.
SHADES = ("0.25", "0.35", "0.45", "0.55", "0.65")
KINDS = ("numeric", "qualitative")

_ID_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f\\]")


# -- input ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Axis:
    """A row (agency) or column (action) header of the heat map."""

    label: str           # shown text, e.g. an agency name or an action number "3.1"
    url: str | None      # relative link for the label, or None
    title: str = ""      # longer text for the tooltip, e.g. the action's full heading
    lang: str | None = None  # language of label and tooltip where it differs from the page's (BCP 47)


@dataclass(frozen=True)
class Cell:
    """One agency × action cell: how many clauses the agency leads and shares there."""

    lead: int                # clauses of this action the agency leads
    shared: int              # clauses it shares (standing rules included)
    url: str | None = None   # link for the cell, e.g. the agency page's section for the action


@dataclass(frozen=True)
class Point:
    """One dated target."""

    year: int
    label: str           # short label shown under the marker, e.g. "13%" or "2500万千瓦"
    title: str           # tooltip: metric and value
    url: str | None      # link to the target's page
    kind: str            # "numeric" | "qualitative"
    lang: str | None = None  # language of label and title where it differs from the page's (BCP 47)


@dataclass(frozen=True)
class Lane:
    """A field (e.g. an action of the plan) and its targets: one horizontal lane of the time line."""

    label: str
    url: str | None
    points: list[Point]
    lang: str | None = None  # language of the label where it differs from the page's (BCP 47)


# -- helpers -------------------------------------------------------------------------------------

def _clean(text: str) -> str:
    """Whitespace runs (line breaks included) to one space, control characters dropped."""
    return " ".join(_CONTROL.sub("", str(text)).split())


def _esc(text: str) -> str:
    """Escaped, single-line text for element content or a double-quoted attribute."""
    return str(markupsafe.escape(_clean(text)))


def _url(url: str) -> str:
    """Escaped relative URL or ``#fragment``; ValueError for anything else.

    Per RFC 3986 a relative reference has no colon before its first ``/``, ``?`` or ``#``; one
    there means a scheme (``javascript:``, ``data:``, ``https:``). Also refused: ``//host``
    (another site), backslashes (browsers read them as ``/``), whitespace and control characters
    (browsers strip some of them, which could reveal a scheme), and the empty string.
    """
    if not isinstance(url, str) or not url:
        raise ValueError(f"chart link must be a non-empty relative URL, got {url!r}")
    if _URL_FORBIDDEN.search(url):
        raise ValueError(f"chart link has whitespace, a control character or a backslash: {url!r}")
    if url.startswith("//"):
        raise ValueError(f"chart link must be relative, not a network path: {url!r}")
    if ":" in re.split(r"[/?#]", url, maxsplit=1)[0]:
        raise ValueError(f"chart link must be relative, without a scheme: {url!r}")
    return str(markupsafe.escape(url))


def _n(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros: 12, 12.5, 12.25."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _char_em(char: str) -> float:
    if unicodedata.combining(char):
        return 0.0
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else ASCII_EM


def _em(text: str) -> float:
    """Estimated width in em: a CJK (wide or full-width) character 1, any other 0.55."""
    return sum(_char_em(c) for c in text)


def _fit(text: str, max_em: float) -> tuple[str, bool]:
    """``text`` cut to ``max_em`` with an ellipsis when longer (between words where it has spaces);
    and whether it was cut."""
    if _em(text) <= max_em:
        return text, False
    return _head(text, max_em - 1) + "…", True


def _head(text: str, max_em: float, hyphens: bool = True) -> str:
    """The longest start of ``text`` within ``max_em``: whole words where it has spaces (or, with
    ``hyphens``, up to a hyphen: "Oilfield-Locality-" of "Oilfield-Locality-University"); as many
    characters as fit where it has neither (Chinese, or one long word)."""
    out, width = "", 0.0
    for char in text:
        if width + _char_em(char) > max_em:
            if char not in " -":  # never split a word
                cut = max(out.rfind(" "), out.rfind("-") if hyphens else -1)
                out = out[:cut + 1] if cut > 0 else out
            elif char == "-" and hyphens and " " in out:
                out = out[:out.rindex(" ")]
            break
        out += char
        width += _char_em(char)
    return out.rstrip()


def _tail(text: str, max_em: float) -> str:
    """The longest end of ``text`` within ``max_em``: whole words where it has spaces."""
    return _head(text[::-1], max_em, hyphens=False)[::-1].lstrip()


def _wrap(text: str, max_em: float, max_lines: int = 2) -> tuple[list[str], bool]:
    """``text`` on up to ``max_lines`` lines of at most ``max_em`` (broken between words where it
    has spaces); when even those are too few, the last keeps the *end* of the text after "…" (so
    names that share a long start stay distinguishable). Returns the lines and whether any text
    was left out."""
    lines: list[str] = []
    rest = text
    while _em(rest) > max_em and len(lines) < max_lines - 1:
        line = _head(rest, max_em) or rest[:1]
        lines.append(line)
        rest = rest[len(line):].strip()
    if _em(rest) <= max_em:
        return [*lines, rest], False
    return [*lines, "…" + _tail(rest, max_em - 1)], True


def _text_lines(x: float, ys: Sequence[float], lines: Sequence[str], source: str, *, anchor: str = "start",
                size: int | None = None) -> str:
    """One ``<text>`` holding ``lines`` (cut from ``source`` by :func:`_wrap`), one ``<tspan>`` each
    at its ``y``. A line that follows a space in ``source`` starts with that space, so the
    element's text is ``source`` itself (or its start, "…" and its end): read as one, it is whole."""
    size_attr = f' font-size="{size}"' if size is not None else ""
    spans, at = [], 0
    for line, y in zip(lines, ys):
        found = source.find(line.lstrip("…"), at)
        space = " " if found > 0 and source[found - 1] == " " and not line.startswith("…") else ""
        at = max(at, found + len(line)) if found >= 0 else at
        spans.append(f'<tspan x="{_n(x)}" y="{_n(y)}">{space}{_esc(line)}</tspan>')
    return f'<text text-anchor="{anchor}"{size_attr}>{"".join(spans)}</text>'


def _check_prefix(id_prefix: str) -> str:
    if not isinstance(id_prefix, str) or not _ID_PREFIX.match(id_prefix):
        raise ValueError(f"id_prefix must match {_ID_PREFIX.pattern}, got {id_prefix!r}")
    return id_prefix


def _count(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a non-negative int, got {value!r}")
    return value


def _linked(url: str | None, tooltip: str, body: list[str], cls: str, lang: str | None = None) -> list[str]:
    """``body`` in an ``<a href>`` (or a ``<g>`` without a URL) whose first child is ``<title>``."""
    title = [f"<title>{_esc(tooltip)}</title>"] if _clean(tooltip) else []
    attrs = f' lang="{_esc(lang)}"' if lang else ""
    if url is None:
        return [f'<g class="{cls}"{attrs}>', *title, *body, "</g>"]
    return [f'<a class="{cls}" href="{_url(url)}"{attrs}>', *title, *body, "</a>"]


def _figure(kind: str, id_prefix: str, width: float, height: float, title: str, description: str,
            caption: str, body: list[str]) -> str:
    w, h = _n(math.ceil(width)), _n(math.ceil(height))
    lines = [
        f'<figure class="ps-chart ps-chart--{kind}">',
        f'<svg xmlns="{SVG_NS}" class="ps-chart__svg" aria-labelledby="{id_prefix}-title"'
        f' aria-describedby="{id_prefix}-desc" viewBox="0 0 {w} {h}" width="100%"'
        f' preserveAspectRatio="xMinYMin meet" style="max-width:{w}px" font-family="inherit"'
        f' font-size="{FONT}" fill="currentColor">',
        f'<title id="{id_prefix}-title">{_esc(title)}</title>',
        f'<desc id="{id_prefix}-desc">{_esc(description)}</desc>',
        *body,
        "</svg>",
        f"<figcaption>{_esc(caption)}</figcaption>",
        "</figure>",
    ]
    return "\n".join(lines)


def _text(x: float, y: float, content: str, *, anchor: str = "start", size: int | None = None,
          extra: str = "") -> str:
    size_attr = f' font-size="{size}"' if size is not None else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{size_attr}{extra}>'
            f"{_esc(content)}</text>")


def _baseline(center_y: float, size: int) -> float:
    """Baseline that centres a line of ``size``-unit text on ``center_y``."""
    return center_y + size * 0.35


# -- heat map ------------------------------------------------------------------------------------

ROW_LABEL_MAX_EM = 22     # a line of a row label: 22 CJK characters, about 40 Latin ones; two lines at most
ROW_LINE = 12.5           # from one line of a row label to the next
COL_LABEL_MAX_EM = 12
CELL_MIN = 26
CELL_GAP = 2
LABEL_GAP = 8
SIN45 = math.sqrt(0.5)


def _cell_text(cell: Cell) -> str:
    if cell.lead and cell.shared:
        return f"{cell.lead}+{cell.shared}"
    return str(cell.lead or cell.shared)


def responsibility_heatmap(rows: list[Axis], columns: list[Axis], cells: Mapping[tuple[int, int], Cell],
                           *, title: str, description: str, legend_lead: str, legend_shared: str,
                           caption: str, id_prefix: str) -> str:
    """Agency (rows) × action (columns) heat map, as ``<figure class="ps-chart ps-chart--heatmap">``.

    ``cells`` maps ``(row index, column index)`` to a :class:`Cell`; a missing key or a cell with
    ``lead == shared == 0`` is empty. A cell with ``lead > 0`` is drawn in the lead colour
    (``--ps-lead``) with a solid border, a shared-only cell in the shared colour (``--ps-shared``)
    with a dashed border; the shade deepens with ``lead + shared`` (1, 2, 3, 4, 5 or more). Empty
    cells are light grid squares (``class="ps-chart__empty"``, no data attributes).

    Each non-empty cell is one ``<rect data-cell="R,C" data-lead="N" data-shared="M">``, prints
    its count (``"2"``; ``"1+3"`` when it both leads and shares) and has the tooltip
    ``"<row label> · <column title or label>: <legend_lead> N, <legend_shared> M"``; with
    ``Cell.url`` it is a link. Row labels sit at the left, right-aligned, in a column sized from
    the longest line (a CJK character 1 em, any other 0.55 em); a label over 22 em takes two
    lines, broken between words, and one too long even for two keeps its start on the first line
    and its end on the second after "…" (names that share a start, "Dongying Municipal Bureau of
    …", stay distinguishable), with its full text in the tooltip. Column labels sit on top, turned 45° when one
    is wider than a cell. A legend (lead, shared) sits under the grid.

    Raises ValueError for a key outside the grid, a negative or non-int count, a non-relative URL,
    an invalid ``id_prefix``, or no rows or no columns.
    """
    prefix = _check_prefix(id_prefix)
    if not rows or not columns:
        raise ValueError("a heat map needs at least one row and one column")
    grid: dict[tuple[int, int], Cell] = {}
    for key, cell in cells.items():
        r, c = key
        if not (0 <= r < len(rows) and 0 <= c < len(columns)):
            raise ValueError(f"cell {key!r} is outside the {len(rows)} × {len(columns)} grid")
        _count(cell.lead, f"cell {key!r} lead")
        _count(cell.shared, f"cell {key!r} shared")
        if cell.lead or cell.shared:
            grid[(r, c)] = cell

    # sizes
    row_labels = [_wrap(_clean(a.label), ROW_LABEL_MAX_EM) for a in rows]
    col_labels = [_fit(_clean(a.label), COL_LABEL_MAX_EM) for a in columns]
    label_w = max(_em(line) for lines, _ in row_labels for line in lines) * FONT
    count_w = max((_em(_cell_text(cell)) * SMALL for cell in grid.values()), default=0.0)
    cell_w = max(float(CELL_MIN), math.ceil(count_w + 8))
    cell_h = float(CELL_MIN)
    col_w = max(_em(text) for text, _ in col_labels) * FONT
    rotate = col_w > cell_w - 2
    header_h = (col_w * SIN45 + FONT * 0.5 if rotate else FONT) + LABEL_GAP
    x0 = MARGIN + math.ceil(label_w) + LABEL_GAP
    y0 = MARGIN + math.ceil(header_h)
    pitch_x, pitch_y = cell_w + CELL_GAP, cell_h + CELL_GAP
    grid_right = x0 + len(columns) * pitch_x - CELL_GAP
    grid_bottom = y0 + len(rows) * pitch_y - CELL_GAP
    overhang = col_w * SIN45 - cell_w / 2 if rotate else 0.0

    body: list[str] = []

    # column labels, on top
    body.append('<g class="ps-chart__columns">')
    for c, (axis, (text, cut)) in enumerate(zip(columns, col_labels)):
        cx = x0 + c * pitch_x + cell_w / 2
        tip = _clean(axis.title) or (_clean(axis.label) if cut else "")
        if rotate:
            bx, by = cx - 3, y0 - LABEL_GAP / 2
            label = _text(bx, by, text, extra=f' transform="rotate(-45 {_n(bx)} {_n(by)})"')
        else:
            label = _text(cx, y0 - LABEL_GAP, text, anchor="middle")
        body += _linked(axis.url, tip, [label], "ps-chart__label", axis.lang)
    body.append("</g>")

    # row labels, at left
    body.append('<g class="ps-chart__rows">')
    for r, (axis, (lines, cut)) in enumerate(zip(rows, row_labels)):
        cy = y0 + r * pitch_y + cell_h / 2
        tip = _clean(axis.title) or (_clean(axis.label) if cut else "")
        ys = [_baseline(cy + (k - (len(lines) - 1) / 2) * ROW_LINE, FONT) for k in range(len(lines))]
        label = _text_lines(x0 - LABEL_GAP, ys, lines, _clean(axis.label), anchor="end")
        body += _linked(axis.url, tip, [label], "ps-chart__label", axis.lang)
    body.append("</g>")

    # cells
    body.append(f'<g class="ps-chart__cells" font-size="{SMALL}">')
    for r, row in enumerate(rows):
        for c, column in enumerate(columns):
            x, y = x0 + c * pitch_x, y0 + r * pitch_y
            geometry = f'x="{_n(x)}" y="{_n(y)}" width="{_n(cell_w)}" height="{_n(cell_h)}" rx="2"'
            cell = grid.get((r, c))
            if cell is None:
                body.append(f'<rect class="ps-chart__empty" {geometry} fill="currentColor"'
                            ' fill-opacity="0.06"/>')
                continue
            colour, dash = (LEAD_FILL, "") if cell.lead else (SHARED_FILL, ' stroke-dasharray="3 2"')
            shade = SHADES[min(cell.lead + cell.shared, len(SHADES)) - 1]
            rect = (f'<rect data-cell="{r},{c}" data-lead="{cell.lead}" data-shared="{cell.shared}"'
                    f' {geometry} fill="{colour}" fill-opacity="{shade}" stroke="{colour}"'
                    f' stroke-width="1.5"{dash}/>')
            count = _text(x + cell_w / 2, _baseline(y + cell_h / 2, SMALL), _cell_text(cell),
                          anchor="middle")
            tip = (f"{_clean(row.label)} · {_clean(column.title) or _clean(column.label)}: "
                   f"{_clean(legend_lead)} {cell.lead}, {_clean(legend_shared)} {cell.shared}")
            body += _linked(cell.url, tip, [rect, count], "ps-chart__cell")
    body.append("</g>")

    # legend, under the grid
    ly = grid_bottom + 12
    body.append('<g class="ps-chart__legend">')
    x = float(x0)
    for word, colour, dash in ((legend_lead, LEAD_FILL, ""),
                               (legend_shared, SHARED_FILL, ' stroke-dasharray="3 2"')):
        body.append(f'<rect x="{_n(x)}" y="{_n(ly)}" width="14" height="14" rx="2" fill="{colour}"'
                    f' fill-opacity="{SHADES[2]}" stroke="{colour}" stroke-width="1.5"{dash}/>')
        body.append(_text(x + 20, _baseline(ly + 7, FONT), word))
        x += 20 + _em(_clean(word)) * FONT + 16
    body.append("</g>")

    width = max(grid_right + max(overhang, 0.0), x - 16) + MARGIN
    height = ly + 14 + MARGIN
    return _figure("heatmap", prefix, width, height, title, description, caption, body)


# -- time line -----------------------------------------------------------------------------------

LANE_LABEL_MAX_EM = 16
POINT_LABEL_MAX_EM = 14   # labels beside markers: at most this wide (longer: cut, full text in the tooltip)
POINT_LABEL_MIN_EM = 5    # … and at least this wide, while the chart stays within MAX_WIDTH
TARGET_WIDTH = 800        # natural width of the time line, widened only when labels need room
MAX_WIDTH = 1200          # wider than this with labels beside the markers: drop those labels
MARKER = 6                # marker half size
ROW = 18                  # height of one stacked marker (and its label)
LANE_PAD = 5              # room above the first and below the last marker of a lane
LABEL_OFFSET = MARKER + 4  # from a marker's centre to the start of its label
GROUP_GAP = 8             # least room between a group's labels and the next group of its lane
AXIS_LABEL_W = 4 * ASCII_EM * FONT + 6
MIN_PER_YEAR = 7.0


@dataclass(frozen=True)
class _Group:
    lane: int             # index into the caller's ``lanes``
    year: int
    points: tuple[Point, ...]
    label_w: float        # room its labels want beside the markers (0 without labels)


def _groups(lanes: Sequence[Lane], label_em: float) -> list[list[_Group]]:
    """Per drawn lane, its targets grouped by year (in year order; input order within a year), each
    group wanting room for its widest label up to ``label_em`` (0: no labels)."""
    out: list[list[_Group]] = []
    for index, lane in enumerate(lanes):
        if not lane.points:
            continue
        by_year: dict[int, list[Point]] = {}
        for point in lane.points:
            by_year.setdefault(point.year, []).append(point)
        groups = []
        for year in sorted(by_year):
            points = tuple(by_year[year])
            widest = max(_em(_clean(p.label)) for p in points) if label_em else 0.0
            # half an em to spare: fonts draw digits and Latin letters a little wider than 0.55 em
            groups.append(_Group(index, year, points, math.ceil((min(widest, label_em) + 0.5) * SMALL)
                                 if widest else 0))
        out.append(groups)
    return out


def _extent(group: _Group) -> float:
    """How far right of its year's x a group reaches: its markers, and its labels if any."""
    return LABEL_OFFSET + group.label_w if group.label_w else float(MARKER)


def _layout(groups: list[list[_Group]], first: int, last: int, left: float) -> tuple[float, float, float]:
    """(x of ``first``, units per year, total width) so that no group of a lane (its markers and
    the labels beside them) reaches the next group of that lane."""
    flat = [g for lane in groups for g in lane]
    x_first = left + math.ceil(max(AXIS_LABEL_W / 2, MARKER))
    span = last - first
    pad_right = max([AXIS_LABEL_W / 2, *(_extent(g) for g in flat if g.year == last)])
    # Units per year are whole quarters (short, exact coordinates): the natural width rounds down,
    # each room a pair of groups needs rounds up.
    per_year = max(MIN_PER_YEAR, math.floor((TARGET_WIDTH - MARGIN - math.ceil(pad_right) - x_first)
                                            / span * 4) / 4)
    for lane in groups:
        for a, b in zip(lane, lane[1:]):
            need = _extent(a) + GROUP_GAP + MARKER
            per_year = max(per_year, math.ceil(need / (b.year - a.year) * 4) / 4)
    right = max([x_first + span * per_year + AXIS_LABEL_W / 2,
                 *(x_first + (g.year - first) * per_year + _extent(g) for g in flat)])
    return x_first, per_year, math.ceil(right) + MARGIN


def _axis_years(first: int, last: int, per_year: float) -> list[int]:
    """Labelled years: every multiple of 5 in range (2025 and 2030 always), plus the end years
    when their label does not crowd a neighbour."""
    fives = [y for y in range(first, last + 1) if y % 5 == 0]
    years = list(fives)
    for end in (first, last):
        if end not in years and all(abs(end - y) * per_year >= AXIS_LABEL_W + 4 for y in fives):
            years.append(end)
    return sorted(years)


def _marker(point: Point, x: float, y: float, lane: int) -> str:
    data = f'data-lane="{lane}" data-year="{point.year}" data-x="{_n(x)}" data-kind="{point.kind}"'
    if point.kind == "numeric":
        return (f'<circle class="ps-chart__marker" {data} cx="{_n(x)}" cy="{_n(y)}" r="{MARKER}"'
                f' fill="{NUMERIC_FILL}" stroke="currentColor" stroke-opacity="0.5" stroke-width="1"/>')
    d = (f"M{_n(x)} {_n(y - MARKER - 1)}L{_n(x + MARKER + 1)} {_n(y)}L{_n(x)} {_n(y + MARKER + 1)}"
         f"L{_n(x - MARKER - 1)} {_n(y)}Z")
    return (f'<path class="ps-chart__marker" {data} d="{d}" fill="none" pointer-events="all"'
            f' stroke="{QUALITATIVE_STROKE}" stroke-width="2"/>')


def _tooltip(tip: str, full: str, cut: bool) -> str:
    """``tip``, followed by ``full`` when the shown text was cut and ``tip`` lacks it: the whole
    text of a cut label is always in its tooltip."""
    tip, full = _clean(tip), _clean(full)
    if cut and full not in tip:
        return f"{tip} · {full}" if tip else full
    return tip


def targets_timeline(lanes: list[Lane], *, title: str, description: str, caption: str,
                     legend_numeric: str, legend_qualitative: str, id_prefix: str) -> str:
    """Targets on a time line, as ``<figure class="ps-chart ps-chart--timeline">``.

    The x axis runs in whole years from the earliest to the latest target year, always including
    2025 and 2030; every multiple of 5 in that range is a labelled tick (``2025 … 2030 … 2035``),
    other years a short unlabelled tick, and the end years are labelled when there is room. Each
    tick is ``<line class="ps-chart__tick" data-year="Y">``, its label ``<text data-axis-year="Y">``.
    One horizontal lane per field that has targets (lanes without points are left out), in input
    order, its label at left (a link when ``Lane.url`` is given; over 16 em on up to three lines,
    one row each, broken between words; too long for three, its end kept after "…" and its full
    text in the tooltip). Each target is one marker **exactly at its year's x**: a filled circle
    for ``numeric``, a hollow diamond for ``qualitative``, with ``Point.label`` beside it (at its
    right), a ``<title>`` tooltip (``Point.title``) and, with ``Point.url``, a link. Targets of one
    lane and year are stacked from the top down in input order, one row of 18 units each; a lane
    is as tall as its largest stack (or its label). A label is cut with "…" only where it would reach the next
    year's group of its lane (or past 14 em); its tooltip then holds the whole label. The chart is
    about 800 units wide and widens (keeping its scale) so that each label gets at least 5 em;
    were that wider than 1200 units, the labels are left out (tooltips keep them). Each marker
    element is ``class="ps-chart__marker"`` with ``data-lane`` (index into ``lanes``),
    ``data-year``, ``data-x`` (its centre) and ``data-kind``. A legend (numeric, qualitative) sits
    under the axis.

    Raises ValueError when no lane has a point, for a ``kind`` other than numeric/qualitative,
    a non-int year, a non-relative URL or an invalid ``id_prefix``.
    """
    prefix = _check_prefix(id_prefix)
    for lane in lanes:
        for point in lane.points:
            if point.kind not in KINDS:
                raise ValueError(f"target kind must be one of {KINDS}, got {point.kind!r}")
            if isinstance(point.year, bool) or not isinstance(point.year, int):
                raise ValueError(f"target year must be an int, got {point.year!r}")
    years = [p.year for lane in lanes for p in lane.points]
    if not years:
        raise ValueError("a time line needs at least one target")
    first, last = min(min(years), 2025), max(max(years), 2030)

    lane_labels = {i: _wrap(_clean(lane.label), LANE_LABEL_MAX_EM, 3) for i, lane in enumerate(lanes)
                   if lane.points}
    label_w = max(_em(line) for lines, _ in lane_labels.values() for line in lines) * FONT
    left = MARGIN + math.ceil(label_w) + LABEL_GAP

    for label_em in (POINT_LABEL_MAX_EM, POINT_LABEL_MIN_EM, 0):
        groups = _groups(lanes, label_em)
        x_first, per_year, width = _layout(groups, first, last, left)
        if width <= MAX_WIDTH:
            break
    with_labels = label_em > 0

    def year_x(year: int) -> float:
        return x_first + (year - first) * per_year

    legend_end = (left + 20 + _em(_clean(legend_numeric)) * FONT + 16 + 20
                  + _em(_clean(legend_qualitative)) * FONT)
    width = max(width, math.ceil(legend_end) + MARGIN)
    top = MARGIN + 4
    rows = [max([len(lane_labels[lane[0].lane][0]), *(len(g.points) for g in lane)]) for lane in groups]
    tops: list[float] = []
    y = float(top)
    for count in rows:
        tops.append(y)
        y += 2 * LANE_PAD + ROW * count
    axis_y = y + 4
    body: list[str] = []

    def row_y(i: int, k: int) -> float:
        """Centre of the ``k``-th stacked marker of drawn lane ``i``."""
        return tops[i] + LANE_PAD + ROW * k + ROW / 2

    # lane bands and guide lines
    body.append('<g class="ps-chart__lanes">')
    for i, lane_groups in enumerate(groups):
        if i % 2 == 0:
            height = 2 * LANE_PAD + ROW * rows[i]
            body.append(f'<rect x="{MARGIN}" y="{_n(tops[i])}" width="{_n(width - 2 * MARGIN)}"'
                        f' height="{_n(height)}" fill="currentColor" fill-opacity="0.04"/>')
        my = row_y(i, 0)
        body.append(f'<line x1="{_n(year_x(first))}" y1="{_n(my)}" x2="{_n(year_x(last))}" y2="{_n(my)}"'
                    ' stroke="currentColor" stroke-opacity="0.2"/>')
    body.append("</g>")

    # axis: year grid lines, ticks, labels
    labelled = _axis_years(first, last, per_year)
    body.append('<g class="ps-chart__axis">')
    for year in labelled:
        x = _n(year_x(year))
        body.append(f'<line x1="{x}" y1="{_n(top)}" x2="{x}" y2="{_n(axis_y)}" stroke="currentColor"'
                    ' stroke-opacity="0.2" stroke-dasharray="2 3"/>')
    body.append(f'<line x1="{_n(year_x(first))}" y1="{_n(axis_y)}" x2="{_n(year_x(last))}"'
                f' y2="{_n(axis_y)}" stroke="currentColor" stroke-opacity="0.6"/>')
    for year in range(first, last + 1):
        x = _n(year_x(year))
        tick = 6 if year in labelled else 3
        body.append(f'<line class="ps-chart__tick" data-year="{year}" x1="{x}" y1="{_n(axis_y)}" x2="{x}"'
                    f' y2="{_n(axis_y + tick)}" stroke="currentColor" stroke-opacity="0.6"/>')
    for year in labelled:
        body.append(_text(year_x(year), axis_y + 6 + FONT + 2, str(year), anchor="middle",
                          extra=f' data-axis-year="{year}"'))
    body.append("</g>")

    # lane labels and markers
    body.append(f'<g class="ps-chart__targets" font-size="{SMALL}">')
    for i, lane_groups in enumerate(groups):
        index = lane_groups[0].lane
        lane = lanes[index]
        lines, cut = lane_labels[index]
        label = _text_lines(left - LABEL_GAP, [_baseline(row_y(i, k), FONT) for k in range(len(lines))], lines,
                            _clean(lane.label), anchor="end", size=FONT)
        body.append(f'<g class="ps-chart__lane" data-lane="{index}">')
        body += _linked(lane.url, _clean(lane.label) if cut else "", [label], "ps-chart__label", lane.lang)
        for j, group in enumerate(lane_groups):
            x = year_x(group.year)
            # the label's room: up to the next group of the lane (or the chart's edge)
            end = (year_x(lane_groups[j + 1].year) - MARKER - GROUP_GAP if j + 1 < len(lane_groups)
                   else width - MARGIN)
            room_em = min(POINT_LABEL_MAX_EM, (end - x - LABEL_OFFSET) / SMALL)
            for k, point in enumerate(group.points):
                my = row_y(i, k)
                parts = [_marker(point, x, my, index)]
                full, cut = _clean(point.label), False
                if with_labels and full:
                    shown, cut = _fit(full, room_em)
                    parts.append(_text(x + LABEL_OFFSET, _baseline(my, SMALL), shown))
                tip = _tooltip(_clean(point.title) or full, full, cut or not with_labels)
                body += _linked(point.url, tip, parts, "ps-chart__target", point.lang)
        body.append("</g>")
    body.append("</g>")

    # legend
    ly = axis_y + 6 + FONT + 14
    body.append('<g class="ps-chart__legend">')
    x = float(left)
    cy = ly + 7
    body.append(f'<circle cx="{_n(x + 7)}" cy="{_n(cy)}" r="{MARKER}" fill="{NUMERIC_FILL}"'
                ' stroke="currentColor" stroke-opacity="0.5" stroke-width="1"/>')
    body.append(_text(x + 20, _baseline(cy, FONT), legend_numeric))
    x += 20 + _em(_clean(legend_numeric)) * FONT + 16
    d = f"M{_n(x + 7)} {_n(cy - 7)}L{_n(x + 14)} {_n(cy)}L{_n(x + 7)} {_n(cy + 7)}L{_n(x)} {_n(cy)}Z"
    body.append(f'<path d="{d}" fill="none" stroke="{QUALITATIVE_STROKE}" stroke-width="2"/>')
    body.append(_text(x + 20, _baseline(cy, FONT), legend_qualitative))
    body.append("</g>")

    height = ly + 14 + MARGIN
    return _figure("timeline", prefix, width, height, title, description, caption, body)


# -- one metric across plans ---------------------------------------------------------------------

@dataclass(frozen=True)
class Mark:
    """One plan's target for a metric: its year and its value on the chart's one scale."""

    year: int
    value: float         # normalised (value_si), on the chart's axis
    label: str           # shown beside the marker, e.g. "≈20%" or "25 GW"
    title: str           # tooltip: plan, year, value (and the value as written)
    url: str | None      # link to the target's page


@dataclass(frozen=True)
class Series:
    """One plan: its marks, drawn with one shape and colour, and its legend entry."""

    label: str           # the plan's title
    url: str | None      # link to the plan's home
    marks: list[Mark]
    lang: str | None = None  # language of label and tooltips where it differs from the page's (BCP 47)


#: Series styles: shape and colour (Okabe–Ito, readable for colour-blind readers), cycled so that
#: the first 36 series differ in shape or colour and the first six in both.
SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "plus")
SERIES_COLOURS = tuple(f"var(--ps-series-{i + 1}, {c})" for i, c in enumerate(
    ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")))
PLOT_H = 200              # height of the plot area
PLOT_W = 420              # natural width of the plot area (years apart), widened when labels need room
MARK_LABEL_MAX_EM = 12    # labels beside markers longer than this are cut with "…" (whole in the tooltip)
LEGEND_MAX_EM = 40


def _style(index: int) -> tuple[str, str]:
    """Shape and colour of series ``index``."""
    return SHAPES[index % len(SHAPES)], SERIES_COLOURS[(index + index // len(SHAPES)) % len(SERIES_COLOURS)]


def _shape(shape: str, x: float, y: float, colour: str, data: str = "") -> str:
    """A hollow marker centred on (x, y): markers of one place stay visible through each other."""
    r = MARKER
    paint = (f' fill="{colour}" fill-opacity="0.2" stroke="{colour}" stroke-width="2"'
             ' pointer-events="all"')
    if shape == "circle":  # the first series' (a national plan's): larger, so others show inside it
        return f'<circle{data} cx="{_n(x)}" cy="{_n(y)}" r="{r + 2}"{paint}/>'
    if shape == "square":
        return f'<rect{data} x="{_n(x - r + 1)}" y="{_n(y - r + 1)}" width="{2 * r - 2}" height="{2 * r - 2}"{paint}/>'
    points = {
        "triangle": ((0, -r - 1), (r + 1, r - 1), (-r - 1, r - 1)),
        "triangle-down": ((0, r + 1), (r + 1, -r + 1), (-r - 1, -r + 1)),
        "diamond": ((0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)),
        "plus": ((-2, -r), (2, -r), (2, -2), (r, -2), (r, 2), (2, 2), (2, r), (-2, r), (-2, 2), (-r, 2),
                 (-r, -2), (-2, -2)),
    }[shape]
    d = "M" + "L".join(f"{_n(x + dx)} {_n(y + dy)}" for dx, dy in points) + "Z"
    return f'<path{data} d="{d}"{paint}/>'


def _nice_step(span: float) -> float:
    """A step of 1, 2, 2.5 or 5 × 10^k that cuts ``span`` into about four to six parts."""
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def _ticks(low: float, high: float) -> list[float]:
    """Tick values from ``low`` (0 unless a value is below it) to the first tick at or above ``high``."""
    low = min(0.0, low)
    if high <= low:
        high = low + 1
    step = _nice_step(high - low)
    start = math.floor(low / step + 1e-9) * step
    count = math.ceil((high - start) / step - 1e-9)
    return [round(start + k * step, 10) for k in range(count + 1)]


def _value_text(value: float) -> str:
    """A tick's label: ``0``, ``12.5``, ``1200``, ``0.0004``."""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _spread(ys: list[float], gap: float, low: float, high: float) -> list[float]:
    """``ys`` (sorted) moved apart to at least ``gap`` each, kept within [low, high] where they fit."""
    out = list(ys)
    for i in range(1, len(out)):
        out[i] = max(out[i], out[i - 1] + gap)
    if out and out[-1] > high:
        out[-1] = high
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - gap)
    if out and out[0] < low:  # more labels than room: from the top down, whatever the bottom
        out[0] = low
        for i in range(1, len(out)):
            out[i] = max(out[i], out[i - 1] + gap)
    return out


def _mark_label(mark: Mark) -> str:
    return _fit(_clean(mark.label), MARK_LABEL_MAX_EM)[0]


def metric_chart(series: list[Series], *, axis_title: str, title: str, description: str, caption: str,
                 id_prefix: str) -> str:
    """One metric's targets, plan by plan, as ``<figure class="ps-chart ps-chart--metric">``.

    x is the target year (every year with a target is labelled; all markers of one year share its
    x), y the value on the one scale the caller has checked its marks share (``axis_title`` names
    it, e.g. "Reduction against 2020 (%)"), linear from 0 (or the lowest value, if below 0) to a
    round number at or above the highest, with four to six labelled grid lines. Each series is
    one plan, in input order (the caller puts national plans first), drawn with its own hollow
    shape and colour (:func:`_style`: shape and colour both differ for the first six, so colour
    is never the only cue, and markers at one place stay visible through each other: the circle
    of the first is the largest). Each mark
    is ``<circle|rect|path class="ps-chart__marker" data-series="S" data-year="Y"
    data-value="V" data-x="X" data-y="Y">`` with ``Mark.label`` beside it (cut at 12 em, whole in the tooltip; labels of
    one year are moved apart so they never overlap), inside a link to ``Mark.url`` whose first
    child is a ``<title>`` (``Mark.title``). A legend under the axis names every series with its
    shape (a link to ``Series.url``; over 40 em cut with "…", full in the tooltip). The plot is
    at least 420 units wide (one year alone sits in its middle) and widens so that labels of
    adjacent years never meet.

    Raises ValueError with no marks, for a non-int year, a value that is not a finite number, a
    non-relative URL or an invalid ``id_prefix``.
    """
    prefix = _check_prefix(id_prefix)
    marks = [m for s in series for m in s.marks]
    if not marks:
        raise ValueError("a metric chart needs at least one mark")
    for mark in marks:
        if isinstance(mark.year, bool) or not isinstance(mark.year, int):
            raise ValueError(f"mark year must be an int, got {mark.year!r}")
        if isinstance(mark.value, bool) or not isinstance(mark.value, (int, float)) or not math.isfinite(mark.value):
            raise ValueError(f"mark value must be a finite number, got {mark.value!r}")
    ticks = _ticks(min(m.value for m in marks), max(m.value for m in marks))
    tick_labels = [_value_text(t) for t in ticks]
    left = MARGIN + math.ceil(max(_em(t) for t in tick_labels) * SMALL) + 8
    top = MARGIN + FONT + 12
    bottom = top + PLOT_H

    def y_of(value: float) -> float:
        return bottom - (value - ticks[0]) / (ticks[-1] - ticks[0]) * PLOT_H

    room = MARKER + 4 + math.ceil(max(_em(_mark_label(m)) for m in marks) * SMALL) + 10
    years = sorted({m.year for m in marks})
    x_first = left + MARKER + 12
    per_year = 0.0
    if len(years) == 1:  # one year: in the middle of a plot as wide as any other
        x_first = left + max(MARKER + 12, math.floor((PLOT_W - room) / 2))
    else:
        closest = min(b - a for a, b in zip(years, years[1:]))
        per_year = max(math.floor(PLOT_W / (years[-1] - years[0])), math.ceil(max(room, AXIS_LABEL_W + 4) / closest))

    def x_of(year: int) -> float:
        return x_first + (year - years[0]) * per_year

    right = max(x_of(years[-1]) + room, left + PLOT_W)
    body: list[str] = []

    # axis title, grid lines and value labels
    body.append('<g class="ps-chart__axis">')
    body.append(_text(MARGIN, MARGIN + FONT, axis_title, extra=' class="ps-chart__axis-title"'))
    for value, text in zip(ticks, tick_labels):
        y = y_of(value)
        body.append(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right)}" y2="{_n(y)}" stroke="currentColor"'
                    f' stroke-opacity="{0.6 if value == ticks[0] else 0.15}"/>')
        body.append(_text(left - 6, _baseline(y, SMALL), text, anchor="end", size=SMALL,
                          extra=f' data-axis-value="{_esc(text)}"'))
    for year in years:
        x = x_of(year)
        body.append(f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(bottom + 5)}" stroke="currentColor"'
                    ' stroke-opacity="0.15" stroke-dasharray="2 3"/>')
        body.append(_text(x, bottom + 6 + FONT, str(year), anchor="middle", extra=f' data-axis-year="{year}"'))
    body.append("</g>")

    # marks, year by year: labels of one year spread so that none overlaps another
    placed: dict[int, float] = {}
    for year in years:
        here = sorted((y_of(m.value), i, k) for i, s in enumerate(series) for k, m in enumerate(s.marks)
                      if m.year == year)
        spread = _spread([y for y, _, _ in here], SMALL + 2, top + SMALL / 2, bottom + SMALL / 2)
        placed.update({(i, k): y for (_, i, k), y in zip(here, spread)})
    body.append(f'<g class="ps-chart__marks" font-size="{SMALL}">')
    for index, s in enumerate(series):
        shape, colour = _style(index)
        body.append(f'<g class="ps-chart__series" data-series="{index}">')
        for k, mark in enumerate(s.marks):
            x, y = x_of(mark.year), y_of(mark.value)
            data = (f' class="ps-chart__marker" data-series="{index}" data-year="{mark.year}"'
                    f' data-value="{_value_text(mark.value)}" data-x="{_n(x)}" data-y="{_n(y)}"')
            parts = [_shape(shape, x, y, colour, data)]
            shown, cut = _fit(_clean(mark.label), MARK_LABEL_MAX_EM)
            if shown:
                parts.append(_text(x + MARKER + 4, _baseline(placed[(index, k)], SMALL), shown))
            tip = _tooltip(_clean(mark.title) or _clean(mark.label), mark.label, cut)
            body += _linked(mark.url, tip, parts, "ps-chart__mark", s.lang)
        body.append("</g>")
    body.append("</g>")

    # legend: one line per series
    ly = bottom + 6 + FONT + 14
    body.append('<g class="ps-chart__legend">')
    legend_right = 0.0
    for index, s in enumerate(series):
        shape, colour = _style(index)
        cy = ly + index * 20 + 7
        text, cut = _fit(_clean(s.label), LEGEND_MAX_EM)
        body.append(_shape(shape, left + 7, cy, colour))
        body += _linked(s.url, _clean(s.label) if cut else "", [_text(left + 20, _baseline(cy, FONT), text)],
                        "ps-chart__label", s.lang)
        legend_right = max(legend_right, left + 20 + _em(text) * FONT)
    body.append("</g>")

    width = max(right, legend_right, MARGIN + _em(_clean(axis_title)) * FONT) + MARGIN
    height = ly + len(series) * 20 + MARGIN
    return _figure("metric", prefix, width, height, title, description, caption, body)
