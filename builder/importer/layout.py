"""A PDF's lines → paragraphs: page furniture taken out, wrapped lines joined.

Rules of the genre, read from the page's geometry alone (never from a particular document):

* **Page numbers** — a line that is only a page number (``3``, ``- 3 -``, ``― 3 ―``, ``—3—``,
  ``第3页``, ``3/10``) when it is decorated, set smaller than the body text, or the first or last
  line of its page; a number fused onto a line of text: digits at either end of it set smaller
  than the rest, digits directly before a heading's Chinese numeral (``5（四）``), or digits set
  two ems apart at the end of a page's first or last line.
* **Running headers and footers** — a page's first (last) line whose text, digits aside, is the
  first (last) line of at least half the pages, and of three pages or more.
* **A repeated title** — the document's first line printed again as the next line.
* **Paragraphs** — see :func:`breaks`: a paragraph starts after blank space, at a change of font
  size, at a heading number or an indent after a line that ends the one before, after a short
  line that ends in punctuation or has no sentence punctuation (，、。；：), never after
  an opening bracket; centred or large lines that follow each other are
  one title; a line that fills the measure without closing punctuation runs on.

Every line removed and every join is a :class:`~builder.importer.text.Change`.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from builder.importer.pdf import PdfDocument, PdfLine, PdfPage
from builder.importer.text import OPENING, PARAGRAPH_START, SENTENCE_PUNCTUATION, TERMINAL, Change, radical

_DASHES = "-‐‑‒–—―－~～_·•"
PAGE_NUMBER = re.compile(rf"^(?:[{_DASHES}]*\d{{1,4}}[{_DASHES}]*|一\d{{1,4}}一|第\d{{1,4}}页(?:共\d{{1,4}}页)?"
                         r"|\d{1,4}/\d{1,4})$")
_FUSED_HEADING = re.compile(r"^\d{1,4}\s*(?=[（(][一二三四五六七八九十百]{1,4}[）)]|[一二三四五六七八九十百]{1,4}[、．])")
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class Geometry:
    """The text block of a page: left edge, right edge (where full lines end), body size and the
    distance between the tops of two lines of a paragraph."""

    left: float
    right: float
    body: float
    pitch: float


def paragraphs(document: PdfDocument) -> tuple[list[list[PdfLine]], list[Change]]:
    """The document's paragraphs (each a list of its lines) and every change made to find them."""
    changes = list(document.changes)
    body = _body_size(document.pages)
    for page in document.pages:
        page.lines = _without_page_numbers(page, body, changes)
    _drop_repeated_title(document.pages, changes)
    _drop_running_lines(document.pages, changes)
    whole = _geometry([line for page in document.pages for line in page.lines], body, None)
    result: list[list[PdfLine]] = []
    previous: tuple[PdfLine, Geometry] | None = None
    for page in document.pages:
        geometry = _geometry(page.lines, body, whole)
        for line in page.lines:
            if previous is None or breaks(previous[0], previous[1], line, geometry):
                result.append([line])
            else:
                result[-1].append(line)
                changes.append(Change("joined", line.page, line.number, line.text, out=len(result)))
            previous = (line, geometry)
    return result, changes


# -- furniture --------------------------------------------------------------------------------

def _body_size(pages: list[PdfPage]) -> float:
    sizes = Counter(round(g.size * 2) / 2 for page in pages for line in page.lines for g in line.glyphs)
    return sizes.most_common(1)[0][0] if sizes else 12.0


def _without_page_numbers(page: PdfPage, body: float, changes: list[Change]) -> list[PdfLine]:
    kept = []
    for index, line in enumerate(page.lines):
        edge = index == 0 or index == len(page.lines) - 1
        bare = "".join(line.chars)
        if PAGE_NUMBER.match(bare) and (not bare.isdigit() or line.size < 0.9 * body or edge):
            changes.append(Change("page-number", line.page, line.number, line.text))
            continue
        kept.append(_unfused(line, edge, changes))
    return kept


def _unfused(line: PdfLine, edge: bool, changes: list[Change]) -> PdfLine:
    """``line`` without a page number printed into it (see the module docstring)."""
    glyphs = line.glyphs
    lead = _digit_run(line.chars)
    if 0 < lead < len(glyphs):
        rest = statistics.median(g.size for g in glyphs[lead:])
        if max(g.size for g in glyphs[:lead]) <= 0.85 * rest or _FUSED_HEADING.match(line.text):
            changes.append(Change("page-number-fused", line.page, line.number, "".join(line.chars[:lead])))
            return line.without(0, lead)
    trail = _digit_run(line.chars[::-1])
    if 0 < trail < len(glyphs):
        start = len(glyphs) - trail
        rest = statistics.median(g.size for g in glyphs[:start])
        apart = glyphs[start].x0 - glyphs[start - 1].x1 >= 2 * rest
        if max(g.size for g in glyphs[start:]) <= 0.85 * rest or (apart and edge):
            changes.append(Change("page-number-fused", line.page, line.number, "".join(line.chars[start:])))
            return line.without(start, len(glyphs))
    return line


def _digit_run(chars: list[str]) -> int:
    count = 0
    while count < len(chars) and chars[count] in _DIGITS and count < 4:
        count += 1
    return count if count < len(chars) and chars[count] not in _DIGITS else 0


def _drop_repeated_title(pages: list[PdfPage], changes: list[Change]) -> None:
    first = next((p for p in pages if p.lines), None)
    if first and len(first.lines) > 1 and first.lines[0].chars == first.lines[1].chars:
        line = first.lines.pop(0)
        changes.append(Change("repeated-title", line.page, line.number, line.text))


def _drop_running_lines(pages: list[PdfPage], changes: list[Change]) -> None:
    """Take out headers and footers, one line at a time from each end (a header may be two lines)."""
    if len(pages) < 3:
        return
    for _ in range(3):
        found = False
        for kind, end in (("running-header", 0), ("running-footer", -1)):
            keys = Counter(_key(p.lines[end]) for p in pages if p.lines)
            needed = max(3, math.ceil(len(pages) / 2))
            repeated = {k for k, n in keys.items() if n >= needed and k}
            for page in pages:
                if page.lines and _key(page.lines[end]) in repeated:
                    line = page.lines.pop(end)
                    changes.append(Change(kind, line.page, line.number, line.text))
                    found = True
        if not found:
            return


def _key(line: PdfLine) -> str:
    return re.sub(r"\d+", "#", "".join(line.chars))


# -- paragraphs ---------------------------------------------------------------------------------

def _geometry(lines: list[PdfLine], body: float, whole: Geometry | None) -> Geometry:
    """The text block of ``lines`` (a page, or the whole document when ``whole`` is ``None``); a
    page with too few lines of body text takes the document's."""
    text = [line for line in lines if abs(line.size - body) <= 0.1 * body and len(line.chars) >= 5]
    if whole is not None and len(text) < 6:
        return whole
    if not text:
        return Geometry(0.0, 0.0, body, 1.5 * body)
    left = _densest([line.x0 for line in text], 0.5 * body, leftmost=True)
    right = _densest([line.x1 for line in text], body, leftmost=False)
    steps = [b.top - a.top for a, b in zip(text, text[1:]) if a.page == b.page and 0 < b.top - a.top < 4 * body]
    pitch = whole.pitch if whole is not None else (statistics.median(steps) if steps else 1.5 * body)
    return Geometry(left, right, body, pitch)


def _densest(values: list[float], width: float, leftmost: bool) -> float:
    """The value with the most others within ``width`` of it (ties: the leftmost or rightmost)."""
    ordered = sorted(values)
    best, best_count = ordered[0], -1
    for value in ordered if leftmost else reversed(ordered):
        count = sum(1 for v in ordered if abs(v - value) <= width)
        if count > best_count:
            best, best_count = value, count
    near = [v for v in ordered if abs(v - best) <= width]
    return min(near) if leftmost else statistics.median(near)


def breaks(before: PdfLine, before_geometry: Geometry, line: PdfLine, geometry: Geometry) -> bool:
    """Whether ``line`` starts a new paragraph after ``before`` (see the module docstring)."""
    size = max(before.size, line.size)
    if before.page == line.page and line.top - before.top > 1.7 * max(geometry.pitch, 1.2 * size):
        return True  # blank space between them
    if abs(before.size - line.size) > 0.12 * size:
        return True
    if before.chars[-1] in OPENING:
        return False  # 《 or （ at the end of a line: what it opens is on the next
    ends = before.chars[-1] in TERMINAL
    opens = bool(PARAGRAPH_START.match(_read(line)))
    full = before.x1 >= before_geometry.right - 1.5 * before.size
    if full and not ends and not _right_aligned(before, before_geometry) and not _centred(before, before_geometry):
        return False  # a line that fills the measure and does not close runs on
    if _titled(before, before_geometry) and _titled(line, geometry):
        return ends or opens  # a title over two or three lines
    if any(_right_aligned(x, g) or _centred(x, g) for x, g in ((before, before_geometry), (line, geometry))):
        return True
    short = before.x1 < before_geometry.right - 2.5 * before.size
    indented = line.x0 >= geometry.left + line.size
    if (opens or indented) and (short or ends):
        return True
    return short and (ends or not any(c in SENTENCE_PUNCTUATION for c in _unnumbered(_read(before))))


def _read(line: PdfLine) -> str:
    """The line's text as the output will read, radical code points mapped (``⼀、`` opens part 一)."""
    return "".join(radical(c) or c for c in line.text)


def _unnumbered(text: str) -> str:
    """``text`` without the heading number that opens it."""
    match = PARAGRAPH_START.match(text)
    return text[match.end():] if match else text


def _titled(line: PdfLine, geometry: Geometry) -> bool:
    """Set as a title: centred on the text block, or larger than the body text."""
    return _centred(line, geometry) or line.size > 1.15 * geometry.body


def _centred(line: PdfLine, geometry: Geometry) -> bool:
    """Set in the middle of the text block, three ems or more from either edge (an indented line
    that nearly fills the measure is not centred)."""
    middle = (geometry.left + geometry.right) / 2
    return (line.x0 >= geometry.left + 3 * line.size and line.x1 <= geometry.right - 3 * line.size
            and abs((line.x0 + line.x1) / 2 - middle) <= max(line.size, 0.05 * (geometry.right - geometry.left)))


def _right_aligned(line: PdfLine, geometry: Geometry) -> bool:
    """A signature or date set to the right: it starts past the middle of the text block."""
    return line.x0 > (geometry.left + geometry.right) / 2 and not _centred(line, geometry)
