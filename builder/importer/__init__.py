"""Import a plan as its issuer published it (a PDF, or a saved web page) as the plain text the
parser reads: one paragraph a line.

What :func:`import_document` guarantees:

* **Nothing of the wording changes.** The Han characters, digits, letters and punctuation of the
  result are those of the document's text, in order, minus page furniture (page numbers, running
  headers and footers, a title printed twice); the only other changes are whitespace (lines
  joined into paragraphs, layout spaces removed, runs of spaces shortened) and CJK radical code
  points mapped to the ideographs they stand for (``⼀`` → ``一``).
* **Every change is reported**: :attr:`Imported.changes` lists each line joined, each piece of
  furniture removed, each space removed and each character mapped, with its page (PDF) and line.
* **Bad input is refused** with :class:`~builder.errors.PlansiteError` as ``FILE: error: …``:
  a file that is neither a PDF nor an HTML page, an encrypted PDF, a PDF without a text layer
  (a scan) or whose glyphs do not map to Unicode, a web page without an article, and a document
  without a plan's text in it. Nothing is written here; the caller writes the result.

The PDF side is :mod:`builder.importer.pdf` (glyphs and lines) and
:mod:`builder.importer.layout` (furniture and paragraphs); the web side is
:mod:`builder.importer.html`; the rules both share are in :mod:`builder.importer.text`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from builder.errors import PlansiteError
from builder.importer.pdf import Progress
from builder.importer.text import KINDS, Change, assemble, han_count

__all__ = ["Imported", "import_document", "sniff", "KINDS", "Change", "MAX_BYTES", "MIN_HAN"]

#: The largest file imported (200 MB: a plan's PDF is rarely over 10 MB).
MAX_BYTES = 200 * 1024 * 1024
#: Fewer Han characters than this in the text, and it is not a plan.
MIN_HAN = 20


@dataclass
class Imported:
    """A document's text as the parser reads it, and how it was obtained."""

    lines: list[str]
    changes: list[Change]
    format: str  # "pdf" | "html"
    sha256: str
    size: int
    pages: int | None
    title: str | None
    date: str | None

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def sniff(data: bytes) -> str | None:
    """``"pdf"``, ``"html"`` or ``None``, from the file's first bytes (never its name)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    for encoding in ("utf-8", "gb18030", "utf-16"):
        try:
            text = data[:4096].decode(encoding, errors="strict" if encoding == "utf-16" else "ignore").lower()
        except UnicodeDecodeError:
            continue
        if any(tag in text for tag in ("<!doctype html", "<html", "<body", "<head", "<meta ", "<p>", "<div")):
            return "html"
    return None


def import_document(path: Path, shown: str, progress: Progress | None = None) -> Imported:
    """Read the PDF or web page at ``path`` (``shown`` names it in errors)."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise PlansiteError(f"{shown}: error: expected a readable file, found "
                            f"{(error.strerror or str(error)).lower()}") from None
    if len(data) > MAX_BYTES:
        raise PlansiteError(f"{shown}: error: expected a file of at most {MAX_BYTES // (1024 * 1024)} MB, "
                            "found a larger one")
    kind = sniff(data)
    if kind is None:
        found = "an empty file" if not data else "a file that is neither (no %PDF- header, no HTML tags)"
        raise PlansiteError(f"{shown}: error: expected a PDF or a saved web page (HTML), found {found}")
    if kind == "pdf":
        from builder.importer.layout import paragraphs
        from builder.importer.pdf import read_pdf

        document = read_pdf(path, shown, progress)
        blocks, changes = paragraphs(document)
        lines, more = assemble(blocks)
        pages, title, date = len(document.pages), document.title, None
    else:
        from builder.importer.html import read_html

        page = read_html(data, shown)
        lines, more = assemble([[block] for block in page.blocks])
        changes, pages, title, date = [], None, page.title, page.date
    found = han_count("".join(lines))
    if found < MIN_HAN:
        raise PlansiteError(f"{shown}: error: expected the text of a plan (Chinese), found "
                            f"{found} Chinese character{'s' if found != 1 else ''} in it")
    return Imported(lines, _in_order(changes + more), kind, hashlib.sha256(data).hexdigest(), len(data), pages,
                    title, date)


def _in_order(changes: list[Change]) -> list[Change]:
    """Changes in document order: by page, then line (furniture before the spaces of its line)."""
    return sorted(changes, key=lambda c: (c.page or 0, c.line))
