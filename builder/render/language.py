"""A page's language, as the templates see it: every choice between Chinese and English is made here.

The views (:mod:`builder.render.views`) carry both languages side by side (``heading_zh`` and
``heading_en``, ``cite_zh`` and ``cite_en`` …). A template never compares languages: it asks the
page's :class:`Language` (the template variable ``L``) for the text to show, and gets the page's
own language where a text exists in it, else the plan's source text marked as such
(``<span lang="zh-CN">…</span>``, so screen readers and search read it as Chinese). Text comes
back escaped, as :class:`markupsafe.Markup`, through this one place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from builder.render import urls

#: the ``lang`` attribute of each language's text
TAGS = {"zh": "zh-CN", "en": "en"}
#: How many characters of a heading breadcrumbs show, by the language of the heading
CRUMB_LENGTH = {"zh": 12, "en": 36}


@dataclass(frozen=True)
class Option:
    """One language of a language switch: its code, its tag, its name in itself, whether shown."""

    code: str
    tag: str
    name: str
    pressed: str  # "true" | "false" (aria-pressed)


@dataclass(frozen=True)
class Language:
    """The language of the page being rendered."""

    code: str
    strings: Mapping[str, Mapping[str, str]]

    @property
    def tag(self) -> str:
        """The page's ``lang`` attribute."""
        return TAGS[self.code]

    @property
    def other_tag(self) -> str:
        """The ``lang`` of the other language's text shown beside the page's own (parallel text)."""
        return TAGS[urls.SOURCE_LANG if self.is_translation else "en"]

    @property
    def source_tag(self) -> str:
        return TAGS[urls.SOURCE_LANG]

    @property
    def is_translation(self) -> bool:
        """Whether the page translates the plan (the Chinese text stays the authoritative one)."""
        return self.code != urls.SOURCE_LANG

    @property
    def options(self) -> list[Option]:
        """The languages a reader can show a full text in, this page's pressed."""
        return [Option(code, TAGS[code], self.strings["language_name"][code], "true" if code == self.code else "false")
                for code in urls.LANGS]

    @property
    def separator(self) -> str:
        """Between the items of a list written out in the page's language."""
        return self.strings["list_separator"][self.code]

    # -- texts that exist in both languages -------------------------------------------------------

    def marked(self, text: Any) -> Markup:
        """Source-language text on this page: as it is on a source page, marked on a translation."""
        return self._in_source(text) if self.is_translation else escape(text)

    def _in_source(self, text: Any) -> Markup:
        return Markup('<span lang="{}">{}</span>').format(self.source_tag, text)

    def pick(self, zh: str, en: str | None) -> Markup:
        """The page's own text where it has one, else the source text (marked)."""
        if self.is_translation and en:
            return escape(en)
        return self.marked(zh)

    def plain(self, zh: str, en: str | None) -> str:
        """The same choice, unmarked (an attribute value, a title)."""
        return en if self.is_translation and en else zh

    def heading(self, c: Any) -> Markup:
        return self.pick(c.heading_zh, c.heading_en)

    def heading_plain(self, c: Any) -> str:
        return self.plain(c.heading_zh, c.heading_en)

    def agency(self, a: Any) -> Markup:
        return self.pick(a.name_zh, a.name_en)

    def metric(self, tg: Any) -> Markup:
        return self.pick(tg.metric_zh, tg.metric_en)

    def title(self, plan: Any) -> str:
        """A plan's title (plain: breadcrumbs, the glossary's uses)."""
        return self.plain(plan.title_zh, plan.title_en)

    def title_marked(self, plan: Any) -> Markup:
        """A plan's title in a list of plans: the source title is always marked as such."""
        if self.is_translation and plan.title_en:
            return escape(plan.title_en)
        return self._in_source(plan.title_zh)

    def basis_title(self, title_zh: str, plan: Any) -> Markup:
        """A document a plan is based on, as its preface names it (《…》): on a translation, the
        English title of the plan of the site it is (``plan``), else the title as written, marked."""
        if self.is_translation and plan is not None and plan.title_en:
            return escape(plan.title_en)
        return self.marked(f"《{title_zh}》")

    def own_text(self, s: Any) -> str | None:
        """A sentence's text in the page's language when the page is a translation and has it."""
        return s.en if self.is_translation and s.en else None

    def other_text(self, s: Any) -> str | None:
        """Beside a source page's sentence, its translation (``""`` where there is none); ``None``
        on a translation, whose other column is the source text."""
        return None if self.is_translation else (s.en or "")

    def source_only(self, text: Any) -> Any:
        """``text`` on a source page (a responsibility list as written), else ``None``."""
        return None if self.is_translation else text

    def untranslated(self, translated: bool) -> bool:
        """Whether the page must say that this text has no translation yet."""
        return self.is_translation and not translated

    # -- ids, labels and citations ------------------------------------------------------------------

    def label(self, c: Any) -> str:
        return c.label_en if self.is_translation else c.label_zh

    def number(self, c: Any) -> str:
        """A clause's number as a page shows it: as the plan writes it (三、), or its id."""
        return c.id if self.is_translation else c.marker

    def ref(self, c: Any) -> str:
        """A clause named in a table or list: its label as the plan writes it (三（一）1), or its id."""
        return c.id if self.is_translation else c.label_zh

    def crumb(self, c: Any) -> Markup:
        """A clause in breadcrumbs: its label and its heading, shortened to :data:`CRUMB_LENGTH`
        characters of the language it is in (the rest as …)."""
        label, heading, source = self.crumb_parts(c)
        if not heading:
            return escape(label)
        return Markup("{} {}").format(label, self.marked(heading) if source else escape(heading))

    def crumb_parts(self, c: Any) -> tuple[str, str, bool]:
        """(label, shortened heading or ``""``, whether the heading is the source text on a
        translation): a breadcrumb or a navigation entry, plain."""
        zh, en = getattr(c, "heading_zh", None), getattr(c, "heading_en", None)  # (a target has none)
        heading = self.plain(zh, en) if zh else ""
        own = not self.is_translation or bool(en)
        limit = CRUMB_LENGTH["en" if self.is_translation and en else "zh"]
        if len(heading) > limit:
            heading = heading[:limit - 1].rstrip(" ,;:，、；：") + "…"
        return self.label(c), heading, not own

    def cite(self, x: Any) -> str:
        """The short citation of a unit, in the page's language."""
        return x.cite_en if self.is_translation else x.cite_zh

    def cite_full(self, x: Any) -> str:
        """The full reference of a unit (issuer, title, 文号, date, unit), in the page's language."""
        return x.full_en if self.is_translation else x.full_zh

    def sentence_url(self, s: Any) -> str:
        return s.url_en if self.is_translation else s.url

    # -- target values ------------------------------------------------------------------------------

    def value(self, tg: Any) -> Markup:
        """A target's value: as written; on a translation, in normalised units (2500万千瓦 → 25 GW)
        or, where there are none, as written and marked."""
        if not self.is_translation or not tg.unit_is_chinese:
            return escape(tg.value_text)
        if tg.unit_si:
            return escape(tg.value_text_si)
        return self.marked(tg.value_text)

    def value_aside(self, tg: Any) -> Markup:
        """Beside a target's value: the other form of it (normalised, or as written)."""
        if not self.is_translation:
            return escape(tg.value_text_si)
        return Markup("{} {}").format(self.strings["as_written"][self.code], self.marked(tg.value_text))

    def value_cell(self, tg: Any) -> Markup:
        """A target's value in the targets table, without its unit (the next column, :meth:`unit_cell`,
        gives it): as written on a source page; on a translation, the value of the normalised unit
        (2500万千瓦 → 25, beside GW), so that the two cells always go together."""
        if self.is_translation and tg.unit_is_chinese and tg.has_si:
            return escape(tg.value_number_si)
        return escape(f"{tg.cmp if tg.cmp and tg.cmp != '=' else ''}{tg.value_number}")

    def sort_value(self, tg: Any) -> Any:
        """The number a targets table sorts its value column by: the number shown."""
        if self.is_translation and tg.unit_is_chinese and tg.has_si:
            return tg.value_si
        return tg.value if tg.value is not None else ""

    def unit_cell(self, tg: Any) -> Markup:
        """A target's unit in the targets table, in the page's language where the value is: as
        written (万千瓦) on a source page; its normalised unit (GW) on a translation; a Chinese unit
        without a normalised form stays as written, marked as Chinese."""
        if not self.is_translation or not tg.unit_is_chinese:
            return escape(tg.unit or "")
        if tg.has_si:
            return escape(tg.unit_text_si)
        return self.marked(tg.unit)

    def period(self, period: str) -> Markup:
        """A five-year-plan period as the page names it: 十四五 on a source page, "14th Five-Year
        Plan" on a translation (as written and marked where it is not a period's name)."""
        if not self.is_translation:
            return escape(period)
        number = _period_number(period)
        if number is None:
            return self.marked(period)
        return escape(self.strings["five_year_plan"][self.code].format(n=_ordinal(number)))


def _period_number(period: str) -> int | None:
    """十四五 → 14, 十五五 → 15: the ordinal of a five-year plan named the plans' way; else None."""
    match = re.fullmatch(r"([一二三四五六七八九十]{1,3})五", period)
    if not match:
        return None
    import cn2an  # loaded only where a period is named

    try:
        return int(cn2an.cn2an(match.group(1), "strict"))
    except ValueError:
        return None


def _ordinal(n: int) -> str:
    """14 → 14th, 21 → 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
