"""Numbering: which lines open a part, section, item, sub-item or point, and what number.

The rank table (STYLE.md) is fixed for Chinese official documents, highest first:

=========  ==================  ==================
kind       written             id segment
=========  ==================  ==================
part       一、 (also 一．)      the number: ``3``
section    （一） / (一)         ``3.1``
item       1． / 1. / 1、        ``3.1.2``
subitem    （1） / (1)           ``3.1.2.1``
point      ① … ⑳                ``3.1.2.1.1``
=========  ==================  ==================

Full-width and ASCII forms are equivalent. A decimal (``1.5``) never opens an item.
Chinese numerals must be well formed (``十二``, ``二十``, ``一百零一``): a marker such as ``十十、``
or ``（百）`` raises :class:`MalformedNumbering` rather than being guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

_CN_DIGITS = "一二三四五六七八九十百零〇"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^(?P<num>[{_CN_DIGITS}]{{1,4}})[、．.](?!\d)")),
    ("section", re.compile(rf"^[（(](?P<num>[{_CN_DIGITS}]{{1,4}})[）)]")),
    ("item", re.compile(r"^(?P<num>[0-9０-９]{1,3})(?:[．、]|\.(?![0-9０-９]))")),
    ("subitem", re.compile(r"^[（(](?P<num>[0-9０-９]{1,3})[）)]")),
    ("point", re.compile(r"^(?P<num>[\u2460-\u2473])")),
)
RANK = {kind: rank for rank, (kind, _) in enumerate(_PATTERNS)}
NOUN = {"part": "part", "section": "section", "item": "item", "subitem": "sub-item", "point": "point"}


class MalformedNumbering(ValueError):
    """A line opens with a marker whose Chinese numeral is not a number (``十十、``, ``（百）``)."""

    def __init__(self, kind: str, marker: str):
        super().__init__(f"malformed {kind} marker {marker!r}")
        self.kind = kind
        self.marker = marker


@dataclass(frozen=True)
class Numbering:
    """A numbering marker at the start of a line."""

    kind: str
    number: int
    marker: str  # as written


def read_numbering(text: str) -> Numbering | None:
    """The numbering that opens ``text`` (already stripped of leading whitespace), if any.

    Raises :class:`MalformedNumbering` for a marker whose Chinese numeral is not well formed.
    """
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            number = _number(kind, match.group("num"))
            if number is None:
                raise MalformedNumbering(kind, match.group(0))
            return Numbering(kind, number, match.group(0))
    return None


def _number(kind: str, written: str) -> int | None:
    if kind in ("part", "section"):
        # strict: "smart" reads 一二 as 12 and fails on 二十〇 with a KeyError
        try:
            return int(cn2an.cn2an(written, "strict"))
        except (ValueError, KeyError, IndexError, TypeError):
            return None
    if kind == "point":
        return ord(written) - 0x2460 + 1
    return int(written)  # int() reads full-width digits too


def format_marker(kind: str, number: int) -> str:
    """How a number of this kind is written in the genre: 三、 （三） 3． （3） ③."""
    if kind == "part":
        return f"{cn2an.an2cn(number)}、"
    if kind == "section":
        return f"（{cn2an.an2cn(number)}）"
    if kind == "item":
        return f"{number}．"
    if kind == "subitem":
        return f"（{number}）"
    return chr(0x2460 + number - 1) if 1 <= number <= 20 else f"({number})"
