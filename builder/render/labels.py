"""Human labels and citation strings for ids, in Chinese and English.

==============  =========================  ===================================
id              Chinese label              English label
==============  =========================  ===================================
``3``           三                          Part 3
``3.1``         三（一）                     Section 3.1
``3.1.2``       三（一）1                    Clause 3.1.2
``2.p1``        二 第1段                     Clause 2, paragraph 1
``3.1.2.s3``    三（一）1 第3句               Clause 3.1.2, sentence 3
``3.10.1.t2``   三（十）1 目标2               Clause 3.10.1, target 2
``preface``     序言                        Preface
==============  =========================  ===================================
"""

from __future__ import annotations

from builder import ids
from builder.model import Plan, Unit

SPECIAL_ZH = {"title": "标题", "notice": "印发通知", "lead": "导语", "preface": "序言"}
SPECIAL_EN = {"title": "Title", "notice": "Covering notice", "lead": "News lead", "preface": "Preface"}
KIND_EN = {"part": "Part", "section": "Section", "item": "Clause", "subitem": "Clause", "point": "Clause"}


class Labeller:
    """Labels for one plan's ids (needs the plan to know how each number is written)."""

    def __init__(self, plan: Plan, title_en: str | None):
        self.plan = plan
        self.title_en = title_en
        self._units: dict[str, Unit] = {u.id: u for u in plan.walk()}

    def zh(self, ident: str) -> str:
        if ident in SPECIAL_ZH:
            return SPECIAL_ZH[ident]
        tail = ids.child(ident)
        if tail:
            word = {"p": "第{}段", "s": "第{}句", "t": "目标{}"}[tail.group("kind")]
            return f"{self.zh(tail.group('base'))} {word.format(tail.group('n'))}"
        parts = ident.split(".")
        written = []
        for depth in range(1, len(parts) + 1):
            unit = self._units.get(".".join(parts[:depth]))
            marker = unit.marker if unit else parts[depth - 1]
            written.append(marker.rstrip("、．.").strip())
        return "".join(written)

    def en(self, ident: str) -> str:
        if ident in SPECIAL_EN:
            return SPECIAL_EN[ident]
        tail = ids.child(ident)
        if tail:
            word = {"p": "paragraph", "s": "sentence", "t": "target"}[tail.group("kind")]
            return f"{self.en(tail.group('base'))}, {word} {tail.group('n')}"
        unit = self._units.get(ident)
        return f"{KIND_EN.get(unit.kind if unit else 'item', 'Clause')} {ident}"

    def cite_zh(self, ident: str) -> str:
        return f"《{self.plan.title}》{self.zh(ident)}"

    def cite_en(self, ident: str) -> str:
        title = self.title_en or self.plan.title
        return f"{title}, {self.en(ident)[0].lower()}{self.en(ident)[1:]}"
