"""A PDF's text layer → its lines of glyphs, page by page, with their geometry (pdfplumber).

Guarantees of :func:`read_pdf`: every upright glyph of the text layer is in exactly one
:class:`PdfLine` of its page, lines in top-to-bottom order and glyphs left to right; a glyph
printed twice at one place (overprinted bold) is kept once and one drawn sideways is dropped,
each reported as a :class:`~builder.importer.text.Change`; whitespace glyphs and gaps wider than
:data:`GAP` of an em become ``spaces`` before the next glyph. A file that is not a PDF, is
encrypted, or has no text layer raises :class:`~builder.errors.PlansiteError` naming it.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.errors import PlansiteError
from builder.importer.text import Change, Line

#: Space between two glyphs, as a share of the font size, from which the document has a space.
GAP = 0.25

#: Called with (page number, number of pages) as each page is read.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class PdfLine(Line):
    """A line of a page: its glyphs (``chars`` are their texts) and its box."""

    glyphs: list[Glyph] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def size(self) -> float:
        """The line's font size: the median of its glyphs' sizes."""
        return statistics.median(g.size for g in self.glyphs)

    def without(self, start: int, end: int) -> PdfLine:
        """The line with glyphs ``start:end`` taken out (spaces around them go too)."""
        keep = [i for i in range(len(self.glyphs)) if not start <= i < end]
        spaces = {new: self.spaces[old] for new, old in enumerate(keep) if old in self.spaces and old != end}
        spaces.pop(0, None)
        return PdfLine(self.page, self.number, [self.chars[i] for i in keep], spaces,
                       [self.glyphs[i] for i in keep])


@dataclass
class PdfPage:
    number: int
    width: float
    height: float
    lines: list[PdfLine]


@dataclass
class PdfDocument:
    pages: list[PdfPage]
    changes: list[Change]
    title: str | None  # the Title in the PDF's metadata, where it has one


def read_pdf(path: Path, shown: str, progress: Progress | None = None) -> PdfDocument:
    """The lines of every page of the PDF at ``path`` (``shown`` names it in errors)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise PlansiteError(f"{shown}: error: expected a PDF that opens without a password, found an "
                                "encrypted one (decrypt it first, e.g. `qpdf --decrypt`)") from None
        raise PlansiteError(f"{shown}: error: expected a PDF, found a file pdfminer cannot read "
                            f"({type(cause).__name__}: {cause})") from None
    pages: list[PdfPage] = []
    changes: list[Change] = []
    with pdf:
        count = len(pdf.pages)
        for index, page in enumerate(pdf.pages, start=1):
            try:
                pages.append(_read_page(page, index, changes))
            except PdfminerException as error:
                raise PlansiteError(f"{shown}: error: expected a readable PDF, found page {index} "
                                    f"that pdfminer cannot read ({error})") from None
            page.close()
            if progress:
                progress(index, count)
        info = pdf.metadata or {}
    _check_text(pages, shown)
    return PdfDocument(pages, changes, _meta_text(info.get("Title")))


def _read_page(page: Any, number: int, changes: list[Change]) -> PdfPage:
    raw = page.chars
    deduped = page.dedupe_chars(tolerance=1).chars
    glyphs, spaces, rotated = [], [], []
    for char in deduped:
        if not char.get("upright", True):
            rotated.append(char)
        elif char["text"].isspace() or not char["text"]:
            spaces.append(char)
        else:
            glyphs.append(Glyph(char["text"], float(char["x0"]), float(char["x1"]), float(char["top"]),
                                float(char["bottom"]), float(char["size"])))
    lines = _lines(glyphs, spaces, number)
    _report_dropped(raw, deduped, rotated, lines, number, changes)
    return PdfPage(number, float(page.width), float(page.height), lines)


def _lines(glyphs: list[Glyph], spaces: list[dict[str, Any]], page: int) -> list[PdfLine]:
    """Glyphs grouped into lines: a glyph belongs to the line whose band (top to bottom) it
    overlaps by at least half the height of the smaller of the two."""
    bands: list[tuple[float, float, list[Glyph]]] = []
    for glyph in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        home = None
        for index in range(len(bands) - 1, -1, -1):
            top, bottom, members = bands[index]
            overlap = min(bottom, glyph.bottom) - max(top, glyph.top)
            if overlap >= 0.5 * min(bottom - top, glyph.bottom - glyph.top):
                home = index
                break
            if bottom < glyph.top - 4 * glyph.size:
                break  # bands are in order of their tops: none further up can reach this glyph
        if home is None:
            bands.append((glyph.top, glyph.bottom, [glyph]))
        else:
            top, bottom, members = bands[home]
            members.append(glyph)
            if glyph.size > max(g.size for g in members[:-1]):
                bands[home] = (glyph.top, glyph.bottom, members)
    lines = []
    for top, bottom, members in sorted(bands, key=lambda b: b[0]):
        members.sort(key=lambda g: g.x0)
        blanks = [s for s in spaces if min(bottom, s["bottom"]) - max(top, s["top"]) > 0.5 * (bottom - top)]
        lines.append(_line(members, blanks, page, len(lines) + 1))
    return lines


def _line(glyphs: list[Glyph], blanks: list[dict[str, Any]], page: int, number: int) -> PdfLine:
    spaces: dict[int, int] = {}
    for index in range(1, len(glyphs)):
        left, right = glyphs[index - 1], glyphs[index]
        between = sum(1 for s in blanks if left.x0 < (s["x0"] + s["x1"]) / 2 < right.x1
                      and s["x0"] >= left.x1 - 0.5 * left.size * GAP)
        if between:
            spaces[index] = between
        elif right.x0 - left.x1 >= GAP * min(left.size, right.size):
            spaces[index] = 1
    return PdfLine(page, number, [g.text for g in glyphs], spaces, glyphs)


def _report_dropped(raw: list[dict[str, Any]], deduped: list[dict[str, Any]], rotated: list[dict[str, Any]],
                    lines: list[PdfLine], page: int, changes: list[Change]) -> None:
    kept = {id(c) for c in deduped}
    for char in raw:
        if id(char) not in kept and not char["text"].isspace():
            changes.append(Change("duplicate-glyph", page, _nearest_line(lines, char), char["text"]))
    for char in rotated:
        changes.append(Change("rotated-glyph", page, _nearest_line(lines, char), char["text"]))


def _nearest_line(lines: list[PdfLine], char: dict[str, Any]) -> int:
    if not lines:
        return 1
    middle = (char["top"] + char["bottom"]) / 2
    return min(lines, key=lambda line: abs((line.top + line.bottom) / 2 - middle)).number


def _check_text(pages: list[PdfPage], shown: str) -> None:
    glyphs = [g for page in pages for line in page.lines for g in line.glyphs]
    if not glyphs:
        noun = "page" if len(pages) == 1 else "pages"
        raise PlansiteError(f"{shown}: error: expected a PDF with a text layer, found none on its {len(pages)} "
                            f"{noun} (a scanned image? run it through OCR first)")
    unmapped = [(page.number, line.number) for page in pages for line in page.lines
                for g in line.glyphs if g.text.startswith("(cid:")]
    if unmapped:
        page, line = unmapped[0]
        raise PlansiteError(f"{shown}: error: expected text whose glyphs map to Unicode, found {len(unmapped)} "
                            f"that do not (first on page {page}, line {line}): its fonts lack a ToUnicode map, "
                            "so the wording cannot be read exactly")


def _meta_text(value: Any) -> str | None:
    if isinstance(value, bytes):
        for encoding in ("utf-16", "utf-8", "gb18030"):
            try:
                value = value.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            return None
    text = str(value).strip() if value else ""
    return text or None
