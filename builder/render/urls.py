"""The one place that computes a page's path and a unit's URL from its id (the public contract).

Rules (DESIGN.md): URLs derive from ids alone; Chinese pages at the site root, English pages
under ``en/`` with the same paths. Every page is a folder with an ``index`` page, so the web URL
(``dongying/3/1/2/``) and the file in an offline bundle (``dongying/3/1/2/index.html``) agree.

==================  ================================  ====================================
id                  page                              URL (Chinese)
==================  ================================  ====================================
plan home           ``dongying/index.md``             ``dongying/``
``title``           full text                         ``dongying/text/#title``
``lead``            full text                         ``dongying/text/#lead``
``3``               part page                         ``dongying/3/``
``3.1.2``           task page                         ``dongying/3/1/2/``
``2.p1``            its parent's page                 ``dongying/2/#2.p1``
``3.1.2.s3``        its unit's page                   ``dongying/3/1/2/#3.1.2.s3``
``2.p1.s2``         the paragraph's parent's page     ``dongying/2/#2.p1.s2``
``3.10.1.t2``       target page                       ``dongying/3/10/1/t2/``
agency ``drc``      agency page                       ``dongying/agencies/drc/``
==================  ================================  ====================================
"""

from __future__ import annotations

from builder import ids


LANGS = ("zh", "en")
#: the language plans are written in: its pages are the authoritative text, the others translations
SOURCE_LANG = "zh"


def lang_prefix(lang: str) -> str:
    return "" if lang == "zh" else f"{lang}/"


def in_lang(url: str, lang: str) -> str:
    """A site URL of a Chinese page, for the same page in ``lang`` (English: ``en/`` before it)."""
    return lang_prefix(lang) + url


def as_file(link: str) -> str:
    """A link as a site without directory URLs (the offline bundle) needs it: a link to a folder
    names its ``index.html`` (``../3/`` → ``../3/index.html``, ``..`` → ``../index.html``,
    ``.`` → ``index.html``), keeping the ``#fragment``."""
    path, hash_, fragment = link.partition("#")
    if path.endswith("/"):
        path += "index.html"
    elif path in ("", "."):
        path = "index.html"
    elif path == ".." or path.endswith("/.."):
        path += "/index.html"
    return path + hash_ + fragment


def plan_page(plan_id: str, *rest: str) -> str:
    """Docs-relative path of a plan's page folder: ``plan_page("dongying", "agencies")``."""
    return "/".join((plan_id, *rest)) + "/"


def unit_page(plan_id: str, unit_id: str) -> str:
    """Folder URL of the page that holds ``unit_id`` (a clause, no sentence or target)."""
    if unit_id in ids.SPECIAL:
        return plan_page(plan_id, "text")
    paragraph = ids.child(unit_id, "p")
    if paragraph:
        return unit_page(plan_id, paragraph.group("base"))
    return plan_page(plan_id, *unit_id.split("."))


def has_own_page(unit_id: str) -> bool:
    return unit_id not in ids.SPECIAL and not ids.child(unit_id, "p")


def unit_url(plan_id: str, unit_id: str, lang: str = "zh") -> str:
    """Site-relative URL of a clause, sentence or target id."""
    prefix = lang_prefix(lang)
    target = ids.child(unit_id, "t")
    if target:
        return prefix + target_page(plan_id, unit_id)
    sentence = ids.child(unit_id, "s")
    if sentence:
        return prefix + unit_page(plan_id, sentence.group("base")) + "#" + unit_id
    page = unit_page(plan_id, unit_id)
    return prefix + page + ("" if has_own_page(unit_id) else "#" + unit_id)


def target_page(plan_id: str, target_id: str) -> str:
    match = ids.child(target_id, "t")
    assert match, target_id
    return plan_page(plan_id, *match.group("base").split("."), f"t{match.group('n')}")


def agency_page(plan_id: str, agency_id: str) -> str:
    return plan_page(plan_id, "agencies", agency_id)


def glossary_url(term_id: str, lang: str = "zh") -> str:
    return f"{lang_prefix(lang)}glossary/#{term_id}"


def relative(from_page: str, to_url: str) -> str:
    """A link from the page folder ``from_page`` to the site URL ``to_url`` (both site-relative).

    >>> relative("dongying/3/1/", "dongying/agencies/drc/")
    '../../agencies/drc/'
    """
    base = [p for p in from_page.split("/") if p]
    path, _, fragment = to_url.partition("#")
    target = [p for p in path.split("/") if p]
    common = 0
    while common < min(len(base), len(target)) and base[common] == target[common]:
        common += 1
    parts = [".."] * (len(base) - common) + target[common:]
    link = "/".join(parts)
    if path.endswith("/") and parts:
        link += "/"
    if not link:
        link = "./"
    return link + ("#" + fragment if fragment else "")
