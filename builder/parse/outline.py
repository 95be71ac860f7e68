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


@dataclass(frozen=True)
class Numbering:
    """A numbering marker at the start of a line."""

    kind: str
    number: int
    marker: str  # as written


def read_numbering(text: str) -> Numbering | None:
    """The numbering that opens ``text`` (already stripped of leading whitespace), if any."""
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            return Numbering(kind, _number(kind, match.group("num")), match.group(0))
    return None


def _number(kind: str, written: str) -> int:
    if kind in ("part", "section"):
        return int(cn2an.cn2an(written, "smart"))
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
