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

The words come from the interface strings (``templates/strings.yaml``: ``id_*`` and
``citation``); this module only knows how an id is put together.
"""

from __future__ import annotations

from collections.abc import Mapping

from builder import ids
from builder.model import Plan, Unit

#: the strings key of each kind of unit that has a number
_KIND_KEY = {"part": "id_part", "section": "id_section"}
_CHILD_KEY = {"p": "id_paragraph", "s": "id_sentence", "t": "id_target"}


class Labeller:
    """Labels for one plan's ids (needs the plan to know how each number is written)."""

    def __init__(self, plan: Plan, title_en: str | None, strings: Mapping[str, Mapping[str, str]],
                 version: tuple[str, str | None] | None = None):
        self.plan = plan
        self.title_en = title_en
        self.version = version  # the published version's labels (Chinese, English), named in citations
        self.strings = strings
        self._units: dict[str, Unit] = {u.id: u for u in plan.walk()}

    def label(self, ident: str, lang: str) -> str:
        """The label of ``ident`` in ``lang``."""
        if ident in ids.SPECIAL:
            return self.strings[f"id_{ident}"][lang]
        tail = ids.child(ident)
        if tail:
            return self.strings[_CHILD_KEY[tail.group("kind")]][lang].format(
                base=self.label(tail.group("base"), lang), n=tail.group("n"))
        unit = self._units.get(ident)
        key = _KIND_KEY.get(unit.kind if unit else "item", "id_clause")
        return self.strings[key][lang].format(markers=self._markers(ident), id=ident)

    def _markers(self, ident: str) -> str:
        parts = ident.split(".")
        written = []
        for depth in range(1, len(parts) + 1):
            unit = self._units.get(".".join(parts[:depth]))
            marker = unit.marker if unit else parts[depth - 1]
            written.append(marker.rstrip("、．.").strip())
        return "".join(written)

    def citation(self, ident: str, lang: str) -> str:
        """How a report cites ``ident``: the plan's title (English where translated) and the label."""
        title = self.plan.title if lang == "zh" else (self.title_en or self.plan.title)
        label = self.label(ident, lang)
        if self.version is not None:
            version = self.version[0] if lang == "zh" else (self.version[1] or self.version[0])
            return self.strings["citation_version"][lang].format(title=title, version=version, label=label,
                                                                 label_lc=label[:1].lower() + label[1:])
        return self.strings["citation"][lang].format(title=title, label=label, label_lc=label[:1].lower() + label[1:])

    def zh(self, ident: str) -> str:
        return self.label(ident, "zh")

    def en(self, ident: str) -> str:
        return self.label(ident, "en")

    def cite_zh(self, ident: str) -> str:
        return self.citation(ident, "zh")

    def cite_en(self, ident: str) -> str:
        return self.citation(ident, "en")
