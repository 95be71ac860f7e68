"""A saved web page (a government site's article) → its paragraphs, title and date.

Guarantees of :func:`read_html`: the article is the first of :data:`CONTAINERS` on the page that
holds a plan's worth of Chinese text, else what trafilatura finds as the page's main text; scripts,
styles and forms inside it are left out. Each ``<p>``, heading, list item, table row, ``<div>`` and
each ``<br>`` ends a paragraph; character references are decoded by the HTML parser; a line
break in the page's source between two Chinese characters is no space (CSS Text's segment-break
rule); other runs of whitespace, no-break and ideographic spaces are spaces, decided by
:func:`~builder.importer.text.assemble`. The page's own title and date are kept for the plan's
metadata. The bytes are read as the page declares (``charset``), GB2312 and GBK as GB18030.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.errors import PlansiteError
from builder.importer.text import Line, han_count

#: Where government sites put an article's body, most specific first.
CONTAINERS = (".TRS_Editor", "#UCAP-CONTENT", ".pages_content", "#zoom", ".article-content", "#content",
              "article", "main")
_BLOCKS = frozenset(("p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section",
                     "article", "blockquote", "pre", "dd", "dt", "center", "hr"))
_SKIPPED = ("script", "style", "noscript", "form", "button", "select", "template", "iframe")
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_SEGMENT_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r]*\n[ \t\r\n]*(?=[{_CJK}])")
_WHITESPACE = re.compile(r"[\s\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_TITLE_META = ("ArticleTitle", "og:title", "title")
_DATE_META = ("PubDate", "pubdate", "publishdate", "firstpublishedtime", "article:published_time", "date", "dc.date")


@dataclass
class WebPage:
    blocks: list[Line]
    title: str | None
    date: str | None


def read_html(data: bytes, shown: str) -> WebPage:
    """The article of the page whose bytes are ``data`` (``shown`` names it in errors)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(data), "lxml")
    title, date = _title(soup), _date(soup)
    for node in soup(list(_SKIPPED)):
        node.decompose()
    texts = _article(soup)
    if texts is None:
        texts = _by_trafilatura(str(soup))
    if not texts:
        raise PlansiteError(f"{shown}: error: expected a web page with an article (a plan's text), found none: "
                            f"no {', '.join(CONTAINERS[:3])} … and no main text trafilatura could find")
    blocks = [_line(number, text) for number, text in enumerate(texts, start=1)]
    return WebPage([b for b in blocks if b.chars], title, date)


def _decode(data: bytes) -> str:
    head = data[:4096].decode("ascii", errors="ignore").lower()
    declared = re.search(r"charset\s*=\s*[\"']?([a-z0-9_-]+)", head)
    encodings = [declared.group(1)] if declared else []
    encodings = ["gb18030" if e in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else e for e in encodings]
    for encoding in (*encodings, "utf-8", "gb18030"):
        try:
            return data.decode(encoding).lstrip("\ufeff")
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def _article(soup) -> list[str] | None:  # type: ignore[no-untyped-def]
    for selector in CONTAINERS:
        for node in soup.select(selector):
            texts = _texts(node)
            if han_count("".join(texts)) >= 50:
                return texts
    return None


def _texts(node) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of ``node``, one string per block (see the module docstring)."""
    from bs4 import NavigableString, Tag

    out: list[str] = [""]

    def walk(element) -> None:  # type: ignore[no-untyped-def]
        for child in element.children:
            if isinstance(child, Tag):
                block = child.name in _BLOCKS
                if block:
                    out.append("")
                if child.name != "br":
                    walk(child)
                if block:
                    out.append("")
            elif isinstance(child, NavigableString) and type(child).__name__ in ("NavigableString", "CData"):
                out[-1] += str(child)

    walk(node)
    return [t for t in (_SEGMENT_BREAK.sub("", t) for t in out) if t.strip()]


def _by_trafilatura(html: str) -> list[str]:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""
    return [line for line in text.split("\n") if line.strip()]


def _line(number: int, text: str) -> Line:
    chars: list[str] = []
    spaces: dict[int, int] = {}
    pending = 0
    for piece in _WHITESPACE.split(text.strip()) if text.strip() else []:
        for char in piece:
            if pending and chars:
                spaces[len(chars)] = pending
            pending = 0
            chars.append(char)
        pending = 1
    return Line(None, number, chars, spaces)


def _meta(soup, names: tuple[str, ...]) -> str | None:  # type: ignore[no-untyped-def]
    for name in names:
        node = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if node and node.get("content", "").strip():
            return str(node["content"]).strip()
    return None


def _title(soup) -> str | None:  # type: ignore[no-untyped-def]
    title = _meta(soup, _TITLE_META)
    if not title and soup.title and soup.title.string:
        title = soup.title.string
    return _WHITESPACE.sub(" ", title).strip() or None if title else None


def _date(soup) -> str | None:  # type: ignore[no-untyped-def]
    value = _meta(soup, _DATE_META)
    match = _DATE.search(value or "")
    if not match:
        return None
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"
