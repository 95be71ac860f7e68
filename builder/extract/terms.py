"""Glossary terms in a plan's text: which clauses use a term, and where a sentence mentions one.

Terms come from the curated glossary (``content/glossary.yaml``), each with its written forms (the
term and its aliases). Matching is literal and longest-first: in 整县制屋顶分布式光伏 the whole term
is found, not 分布式光伏 inside it, and a match never overlaps another. (The ``abbr`` extension of
Python-Markdown matches on word boundaries, which Chinese text does not have, so it cannot do this.)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


from builder.model import Plan


@dataclass(frozen=True)
class Term:
    """A glossary entry."""

    id: str
    zh: str
    pinyin: str
    en: str
    definition_en: str
    definition_zh: str
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.zh, *self.aliases)

    @property
    def sort_key_zh(self) -> tuple[str, str]:
        """Order of the Chinese glossary: by pinyin without tones, then by the characters."""
        return (_toneless_pinyin(self.zh), self.zh)

    @property
    def initial_zh(self) -> str:
        """The letter the Chinese glossary files the term under (A–Z)."""
        first = self.sort_key_zh[0][:1].upper()
        return first if "A" <= first <= "Z" else "#"

    @property
    def initial_en(self) -> str:
        first = self.en[:1].upper()
        return first if "A" <= first <= "Z" else "#"


@functools.lru_cache(maxsize=4096)
def _toneless_pinyin(text: str) -> str:
    """``碳中和`` → ``tanzhonghe`` (other characters kept, lower case); pypinyin takes half a
    millisecond a term, and every build sorts the glossary more than once."""
    from pypinyin import Style, lazy_pinyin  # 0.3 s to load: only where the glossary is sorted

    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors=lambda c: [c.lower()])).lower()


@dataclass
class Glossary:
    """The terms, and a matcher over all their written forms."""

    terms: list[Term] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_form: dict[str, Term] = {}
        for term in self.terms:
            for form in term.forms:
                self.by_form.setdefault(form, term)
        forms = sorted(self.by_form, key=lambda f: (-len(f), f))
        self._pattern = re.compile("|".join(re.escape(f) for f in forms)) if forms else None

    @classmethod
    def from_data(cls, document: dict[str, Any] | None) -> Glossary:
        terms = [
            Term(id=str(t["id"]), zh=str(t["zh"]), pinyin=str(t["pinyin"]), en=str(t["en"]),
                 definition_en=str(t["definition_en"]),
                 definition_zh=str(t["definition_zh"]), aliases=tuple(str(a) for a in t.get("aliases") or ()))
            for t in (document or {}).get("terms") or []
        ]
        return cls(terms)

    def find(self, text: str) -> Iterable[tuple[int, int, Term]]:
        """``(start, end, term)`` of each mention in ``text``, longest first, never overlapping."""
        if self._pattern is None:
            return
        for match in self._pattern.finditer(text):
            yield match.start(), match.end(), self.by_form[match.group(0)]

    def segments(self, text: str, seen: set[str]) -> list[tuple[str, Term | None]]:
        """``text`` cut into pieces, a piece carrying its term where it is the term's first mention
        (terms in ``seen`` are not linked again; ``seen`` is updated)."""
        pieces: list[tuple[str, Term | None]] = []
        at = 0
        for start, end, term in self.find(text):
            if term.id in seen:
                continue
            seen.add(term.id)
            if start > at:
                pieces.append((text[at:start], None))
            pieces.append((text[start:end], term))
            at = end
        if at < len(text) or not pieces:
            pieces.append((text[at:], None))
        return pieces

    def clauses_using(self, plan: Plan) -> dict[str, list[str]]:
        """Term id → ids of the clauses whose own text mentions it, in reading order."""
        out: dict[str, list[str]] = {}
        for unit in plan.walk():
            for term_id in dict.fromkeys(term.id for _, _, term in self.find(unit.text)):
                out.setdefault(term_id, []).append(unit.id)
        return out
