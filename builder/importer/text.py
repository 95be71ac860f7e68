"""Lines of a document's text → the paragraphs the parser reads, and the rules both importers share.

A :class:`Line` is what a layout (a PDF page, an HTML block) gives: its characters in reading
order, none of them whitespace, and where the document had space between two of them.
:func:`assemble` joins the lines of each paragraph and decides every space:

* a space between two Han characters is a space between words (``中共中央 国务院``): kept, once;
* a space between two Latin letters or digits is kept, once, unless it stands before closing
  punctuation (``20 %``, ``1 .``) or after an opening bracket;
* every other space is layout (``2030 年``, ``。 2022``, a space beside 《 or ，): removed;
* lines are joined with nothing between them, except two Latin letters, which get a space;
* a CJK radical code point (Kangxi Radicals U+2F00–U+2FDF, CJK Radicals Supplement
  U+2E80–U+2EFF) that NFKC maps to a unified ideograph is mapped (``⼀`` → ``一``).

Every space removed, run of spaces shortened and character mapped is a :class:`Change` with its
page and line; no other character is added, dropped or altered.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: What each kind of change means, for the report (``<plan>.import.yaml``).
KINDS: dict[str, str] = {
    "joined": "a wrapped line joined to the line before it (one paragraph)",
    "page-number": "a page number on a line of its own, removed",
    "page-number-fused": "a page number printed into a line of text, removed from it",
    "running-header": "a line repeated at the top of most pages, removed",
    "running-footer": "a line repeated at the bottom of most pages, removed",
    "repeated-title": "the document's first line printed twice, the first copy removed",
    "space-removed": "space between characters that is layout, not a word space, removed",
    "space-collapsed": "a run of spaces between words shortened to one",
    "mapped": "a CJK radical code point mapped to the unified ideograph it stands for (NFKC)",
    "duplicate-glyph": "a glyph printed twice at the same place (overprinted bold), one copy dropped",
    "rotated-glyph": "a glyph set sideways (a stamp or margin note, not running text), dropped",
}


@dataclass(frozen=True)
class Change:
    """One change made to the document's text. ``page`` is ``None`` for a web page; ``line`` is
    the line on the page (PDF) or the block of the page (HTML), counted from 1; ``out`` is the
    line of the output it concerns, where there is one."""

    kind: str
    page: int | None
    line: int
    text: str = ""
    to: str | None = None
    out: int | None = None

    def to_data(self) -> dict[str, object]:
        data: dict[str, object] = {"kind": self.kind}
        if self.page is not None:
            data["page"] = self.page
        data["line"] = self.line
        if self.text:
            data["text"] = self.text
        if self.to is not None:
            data["to"] = self.to
        if self.out is not None:
            data["out"] = self.out
        return data


@dataclass
class Line:
    """A line of the document as laid out: ``chars`` are its characters (no whitespace) in
    reading order; ``spaces[i]`` is how many spaces the document had before ``chars[i]`` (a gap
    in a PDF counts as one)."""

    page: int | None
    number: int
    chars: list[str]
    spaces: dict[int, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "".join(" " * self.spaces.get(i, 0) + c for i, c in enumerate(self.chars))


#: Opens a paragraph: a heading's number (一、 （一） 1． （1） ①), 第…章/条, a dash-led point, 附件.
PARAGRAPH_START = re.compile(
    r"^(?:[一二三四五六七八九十百零〇]{1,4}[、．.](?!\d)"
    r"|[（(][一二三四五六七八九十百零〇]{1,4}[）)]"
    r"|[0-9０-９]{1,3}\s*(?:[．、]|\.(?![0-9０-９]))"
    r"|[（(][0-9０-９]{1,3}[）)]"
    r"|[\u2460-\u2473]"
    r"|第[一二三四五六七八九十百零〇0-9]{1,4}[章节条部]"
    r"|——|附件)")

#: A line that ends with one of these may end a paragraph.
TERMINAL = frozenset("。！？；：!?;:）)〕】」』”’")
#: A line that ends with one of these never ends a paragraph.
OPENING = frozenset("（(〔【「『“‘《〈[")
#: Punctuation inside a sentence or at its end (not brackets or quotes): a line without any is a
#: title, a heading or a document number.
SENTENCE_PUNCTUATION = frozenset("，、。；：！？,;:!?")

_CLOSING = frozenset(".,;:!?%)]}")
_OPENING = frozenset("([{")


def is_han(char: str) -> bool:
    """A CJK unified or compatibility ideograph (any plane), or a radical code point."""
    code = ord(char)
    return (0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3FFFF or 0x2E80 <= code <= 0x2FDF or char == "〇")


def is_word(char: str) -> bool:
    """A Latin letter, a digit, or ASCII punctuation: the characters of a non-Chinese word."""
    return char.isascii() and not char.isspace()


def radical(char: str) -> str | None:
    """The unified ideograph a CJK radical code point stands for, or ``None``."""
    code = ord(char)
    if 0x2E80 <= code <= 0x2FDF:
        mapped = unicodedata.normalize("NFKC", char)
        if mapped != char and len(mapped) == 1:
            return mapped
    return None


def keeps_space(left: str, right: str) -> bool:
    """Whether a space between ``left`` and ``right`` is a word space (see the module docstring)."""
    if is_han(left) and is_han(right):
        return True
    if is_word(left) and is_word(right):
        return right not in _CLOSING and left not in _OPENING
    return False


def han_count(text: str) -> int:
    return sum(1 for c in text if is_han(c))


def assemble(paragraphs: list[list[Line]]) -> tuple[list[str], list[Change]]:
    """The text of each paragraph (one output line each) and the changes made to spaces and
    characters; joins are reported by the layout that decided them."""
    out: list[str] = []
    changes: list[Change] = []
    for paragraph in paragraphs:
        number = len(out) + 1
        parts: list[str] = []
        previous = ""
        for index, line in enumerate(paragraph):
            for col, char in enumerate(line.chars):
                mapped = radical(char)
                if mapped:
                    changes.append(Change("mapped", line.page, line.number, char, mapped, number))
                    char = mapped
                count = line.spaces.get(col, 0) if (col or index == 0) else 0
                if col == 0 and index > 0 and previous.isascii() and previous.isalpha() and char.isascii() \
                        and char.isalpha():
                    parts.append(" ")  # a line break between two Latin words is a space
                if count and previous:
                    where = f"{previous}{' ' * count}{char}"
                    if keeps_space(previous, char):
                        parts.append(" ")
                        if count > 1:
                            changes.append(Change("space-collapsed", line.page, line.number, where, out=number))
                    else:
                        changes.append(Change("space-removed", line.page, line.number, where, out=number))
                parts.append(char)
                previous = char
        text = "".join(parts)
        if text:
            out.append(text)
    return out, changes
