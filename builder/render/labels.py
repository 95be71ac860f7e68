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

A citation names the unit in the plan's own numbering; in English the site's id follows it
(``三（一）1 (clause 3.1.1), sentence 2``), so that a reader can find it in the Chinese text.
Two forms (:meth:`Labeller.citation`, :meth:`Labeller.reference`):

* short: ``《东营市碳达峰工作方案》三（一）1 第2句`` /
  ``Dongying Carbon Peaking Work Plan, 三（一）1 (clause 3.1.1), sentence 2``;
* full: the issuer, the title, the document number (文号) and the date issued (each left out,
  with its punctuation, where :class:`Source` does not know it), then the unit, and in English a
  note that the English is an unofficial translation, with the Chinese title:
  ``国务院《2030年前碳达峰行动方案》（国发〔2021〕23号，2021年10月24日印发）三（一）1 第2句``.

Neither names the address or the day it was read: the cite button adds the published URL and
the reader's date when it copies (``templates/theme/assets/javascripts/plansite.js``), so that
pages stay the same from build to build.

The words come from the interface strings (``templates/strings.yaml``: ``id_*``, ``cite_id_*``,
``citation*`` and ``reference*``); this module only knows how a citation is put together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from builder import ids
from builder.model import Plan, Unit

@dataclass(frozen=True)
class Source:
    """What a full reference says of the document besides its title (``meta.yaml``); ``None``
    where not known."""

    issuer_zh: str | None = None
    issuer_en: str | None = None
    document_number: str | None = None  # the document number, as written
    date_issued: str | None = None  # ISO: 2021-10-24


def written_date(iso: str, lang: str, strings: Mapping[str, Mapping[str, str]]) -> str:
    """An ISO date as a reference writes it (``date_written``: 2021-10-24 → 24 October 2021)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return strings["date_written"][lang].format(year=year, month=month, day=day,
                                                 month_name=strings["month_names"][lang].split()[month - 1])

#: the strings key of each kind of unit that has a number
_KIND_KEY = {"part": "id_part", "section": "id_section"}
_CHILD_KEY = {"p": "id_paragraph", "s": "id_sentence", "t": "id_target"}


class Labeller:
    """Labels for one plan's ids (needs the plan to know how each number is written)."""

    def __init__(self, plan: Plan, title_en: str | None, strings: Mapping[str, Mapping[str, str]],
                 version: tuple[str, str | None] | None = None, source: Source | None = None):
        self.plan = plan
        self.source = source or Source()
        self.title_en = title_en
        self.version = version  # the published version's labels (Chinese, English), named in citations
        self.strings = strings
        self._units: dict[str, Unit] = {u.id: u for u in plan.walk()}

    def label(self, ident: str, lang: str) -> str:
        """The label of ``ident`` in ``lang``."""
        return self._label(ident, lang, "id_")

    def _label(self, ident: str, lang: str, prefix: str) -> str:
        """A label from the strings ``<prefix>part`` … (``id_``: pages; ``cite_id_``: citations)."""
        if ident in ids.SPECIAL:
            return self.strings[f"id_{ident}"][lang]
        tail = ids.child(ident)
        if tail:
            return self.strings[_CHILD_KEY[tail.group("kind")]][lang].format(
                base=self._label(tail.group("base"), lang, prefix), n=tail.group("n"))
        unit = self._units.get(ident)
        key = _KIND_KEY.get(unit.kind if unit else "item", "id_clause")
        return self.strings[prefix + key[len("id_"):]][lang].format(markers=self._markers(ident), id=ident)

    def _markers(self, ident: str) -> str:
        parts = ident.split(".")
        written = []
        for depth in range(1, len(parts) + 1):
            unit = self._units.get(".".join(parts[:depth]))
            marker = unit.marker if unit else parts[depth - 1]
            written.append(marker.rstrip("、．.").strip())
        return "".join(written)

    def cite_label(self, ident: str, lang: str) -> str:
        """The unit as a citation names it: the label, and in English the plan's own numbers
        before the id (``cite_id_*``); a special unit's label in lower case (``preface``)."""
        if ident in ids.SPECIAL:
            label = self.label(ident, lang)
            return label if lang == "zh" else label[:1].lower() + label[1:]
        return self._label(ident, lang, "cite_id_")

    def _title(self, lang: str) -> str:
        return self.plan.title if lang == "zh" else (self.title_en or self.plan.title)

    def _version(self, lang: str) -> str | None:
        if self.version is None:
            return None
        return self.version[0] if lang == "zh" else (self.version[1] or self.version[0])

    def citation(self, ident: str, lang: str) -> str:
        """The short form: the plan's title (English where translated), its version where the text
        is a published one, and the unit."""
        label = self.cite_label(ident, lang)
        version = self._version(lang)
        if version is not None:
            return self.strings["citation_version"][lang].format(title=self._title(lang), version=version, label=label)
        return self.strings["citation"][lang].format(title=self._title(lang), label=label)

    def reference(self, ident: str, lang: str) -> str:
        """The full form, without the address and the date it was read: issuer, title, version,
        document number, date issued, the unit; in English, that the English is an unofficial
        translation of the Chinese title. A part :class:`Source` lacks is left out with the words
        and punctuation around it (``reference_*`` strings)."""
        words = self.strings
        issuer = self.source.issuer_zh if lang == "zh" else (self.source.issuer_en or self.source.issuer_zh)
        details = [words["reference_version"][lang].format(version=v) for v in [self._version(lang)] if v]
        details += [self.source.document_number] if self.source.document_number else []
        if self.source.date_issued:
            details.append(words["reference_issued"][lang].format(date=written_date(self.source.date_issued, lang, words)))
        text = words["reference"][lang].format(
            issuer=words["reference_issuer"][lang].format(issuer=issuer) if issuer else "",
            title=self._title(lang),
            details=words["reference_details"][lang].format(
                details=words["reference_separator"][lang].join(details)) if details else "",
            label=self.cite_label(ident, lang))
        if lang != "zh":
            text += words["reference_translation"][lang].format(title_zh=self.plan.title)
        return text

    def zh(self, ident: str) -> str:
        return self.label(ident, "zh")

    def en(self, ident: str) -> str:
        return self.label(ident, "en")

    def cite_zh(self, ident: str) -> str:
        return self.citation(ident, "zh")

    def cite_en(self, ident: str) -> str:
        return self.citation(ident, "en")

    def full_zh(self, ident: str) -> str:
        return self.reference(ident, "zh")

    def full_en(self, ident: str) -> str:
        return self.reference(ident, "en")
