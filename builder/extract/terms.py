"""Glossary terms in a plan's text: which clauses use a term, and where a sentence mentions one.

Terms come from the curated glossary (``content/glossary.yaml``), each with its written forms (the
term and its aliases). Matching is literal and longest-first: in 整县制屋顶分布式光伏 the whole term
is found, not 分布式光伏 inside it, and a match never overlaps another. (The ``abbr`` extension of
Python-Markdown matches on word boundaries, which Chinese text does not have, so it cannot do this.)

A mention never splits a longer word: it counts only where jieba, with its own dictionary and each
of the glossary's forms added at the frequency jieba suggests to keep it whole, cuts the text at
both its ends. In 海洋能源 jieba reads 海洋 + 能源, so 海洋能 is not found there (it would be
海洋能 + 源); in 能耗双控制度 it reads 能耗双控 + 制度, and 能耗双控 is found.
"""

from __future__ import annotations

import functools
import logging
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


@functools.lru_cache(maxsize=1)
def _standard_dictionary() -> tuple[dict[str, int], int]:
    """jieba's own dictionary (word → frequency, and their total), loaded once per process; the
    build workers' fork server loads it before forking them (:func:`builder.workers.warm`)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer.FREQ, tokenizer.total


def standard_tokenizer(words: Iterable[str]) -> Any:
    """A jieba tokenizer of its own: jieba's dictionary and ``words``, each added at the frequency
    jieba suggests to keep it whole. What it cuts never depends on what else the process loaded
    into jieba's default tokenizer (the search's, with the glossary at a high frequency, would cut
    海洋能源 as 海洋能 + 源)."""
    import jieba

    frequencies, total = _standard_dictionary()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(frequencies), total, True
    for word in words:
        tokenizer.add_word(word)
    return tokenizer


@functools.lru_cache(maxsize=8)
def _tokenizer(forms: tuple[str, ...]) -> Any:
    return standard_tokenizer(form for form in forms if len(form) > 1)


@functools.lru_cache(maxsize=65536)
def word_ends(text: str, forms: tuple[str, ...]) -> frozenset[int]:
    """The offsets in ``text`` where a word of jieba's starts or ends (its own dictionary with
    ``forms`` added; no HMM guesses, so the cut is the same on every machine)."""
    ends = {0}
    for _, start, end in _tokenizer(forms).tokenize(text, HMM=False):
        ends.update((start, end))
    return frozenset(ends)


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
        self._words = tuple(sorted(self.by_form))  # what jieba is told are words (word_ends' cache key)

    @classmethod
    def from_data(cls, document: dict[str, Any] | None) -> Glossary:
        terms = [
            Term(id=str(t["id"]), zh=str(t["zh"]), pinyin=str(t["pinyin"]), en=str(t["en"]),
                 definition_en=str(t["definition_en"]),
                 definition_zh=str(t["definition_zh"]), aliases=tuple(str(a) for a in t.get("aliases") or ()))
            for t in (document or {}).get("terms") or []
        ]
        return cls(terms)

    def find(self, text: str, whole_words: bool = True) -> Iterable[tuple[int, int, Term]]:
        """``(start, end, term)`` of each mention in ``text``, longest first, never overlapping,
        each a whole word of jieba's (:func:`word_ends`); ``whole_words=False``: every literal
        occurrence (what the alignment of actions weighs, as it was tuned on)."""
        if self._pattern is None:
            return
        ends: frozenset[int] | None = None  # cut once, at the first literal match
        at = 0
        while (match := self._pattern.search(text, at)) is not None:
            if whole_words and ends is None:
                ends = word_ends(text, self._words)
            if ends is None or (match.start() in ends and match.end() in ends):
                yield match.start(), match.end(), self.by_form[match.group(0)]
                at = match.end()
            else:
                at = match.start() + 1

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

    def clauses_using(self, plan: Plan, whole_words: bool = True) -> dict[str, list[str]]:
        """Term id → ids of the clauses whose own text mentions it, in reading order
        (``whole_words``: as :meth:`find`)."""
        out: dict[str, list[str]] = {}
        for unit in plan.walk():
            for term_id in dict.fromkeys(term.id for _, _, term in self.find(unit.text, whole_words)):
                out.setdefault(term_id, []).append(unit.id)
        return out
