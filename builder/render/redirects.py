"""Redirect pages: every old address of a renumbered clause or target leads to where it went.

The map of old ids to new ones is :mod:`builder.versions`. :func:`redirect_pages` renders, for every listed clause or target whose address is no longer a
live page, a small static HTML page at the old address in both languages: a script that keeps the
``#fragment`` (rewriting old sentence anchors to new ones) and a ``<meta http-equiv="refresh">``
for browsers without scripts, with a visible link, all relative (the site works from a folder and
from any host). MkDocs copies such ``index.html`` files as they are. An old id that is a live page
in the new version (reused by another clause) is never redirected: that page stays.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping

import jinja2
import markupsafe

from builder import ids
from builder.model import Plan, Unit
from builder.render import urls
from builder.render.labels import Labeller
from builder.versions import IdMap, check_targets, follows, plan_ids, resolve

#: The ``lang`` attribute of each language's pages.
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def redirect_pages(plan: Plan, id_map: IdMap, live: Iterable[str], env: jinja2.Environment,
                   strings: Mapping[str, Mapping[str, str]], translation: Mapping[str, str] | None = None,
                   directory_urls: bool = True) -> dict[str, str]:
    """``{"zh/<plan>/3/1/3/index.html": html, "en/…": html}`` for every old address to redirect.

    ``live`` holds the paths already rendered (``zh/<plan>/3/1/4/index.md``, …): an old address
    with a live page is left alone.
    """
    check_targets(plan, id_map.moved, f"content/{plan.id}/ids.yaml")
    live = set(live)
    moved = id_map.moved
    units, _ = plan_ids(plan)
    targets = {u.id: [t.id for t in u.targets] for u in units.values()}
    labeller = Labeller(plan, (translation or {}).get("title.s1"), strings)

    def is_live(page: str) -> bool:
        return f"zh/{page}index.md" in live or f"en/{page}index.md" in live

    def link(here: str, ident: str | None) -> str:
        url = urls.plan_page(plan.id) if ident is None else urls.unit_url(plan.id, ident)
        rel = urls.relative(here, url)
        return rel if directory_urls else urls.as_file(rel)

    wanted: dict[str, tuple[str, str | None]] = {}  # page → (old id, new id)
    for key in sorted(moved, key=ids.sort_key):
        child = ids.child(key, "st")
        if child and child.group("kind") == "s":
            continue  # a sentence is an anchor: the redirect page of its clause rewrites it
        if child:
            page = urls.target_page(plan.id, key)
        elif urls.has_own_page(key):
            page = urls.unit_page(plan.id, key)
        else:
            continue  # a paragraph is an anchor on its parent's page
        if not is_live(page):  # else reused: the clause that holds the id now keeps its page
            wanted[page] = (key, moved[key])
        if not child and follows(key, moved[key]):
            for target in targets.get(str(moved[key]), []):
                old_target = f"{key}.t{target.rsplit('.t', 1)[1]}"
                old_page = urls.target_page(plan.id, old_target)
                if old_target not in moved and not is_live(old_page):
                    wanted[old_page] = (old_target, target)

    files: dict[str, str] = {}
    for page, (old, new) in wanted.items():
        fragments = _fragments(plan, moved, units, old, new, lambda ident: link(page, ident))
        default = link(page, new)
        if fragments.get(old) is None and new is not None and follows(old, new) and not ids.child(old, "st") \
                and urls.has_own_page(new):
            fragments[old] = default + "#" + new  # the clause's own anchor
        for lang in urls.LANGS:
            files[f"{lang}/{page}index.html"] = _page_html(
                env.get_template("redirect.html.j2"), strings, lang, plan, labeller, old, new, default, fragments,
                removed=not follows(old, new))
    return files


def _fragments(plan: Plan, moved: Mapping[str, str | None], units: Mapping[str, Unit], old: str,
               new: str | None, link: Callable[[str | None], str]) -> dict[str, str]:
    """Anchors of the old page (its sentences, paragraphs, their sentences) → their new links."""
    if ids.child(old, "st"):
        return {}
    page = urls.unit_page(plan.id, old)
    candidates: set[str] = set()
    for key in moved:
        child = ids.child(key, "st")
        clause = child.group("base") if child else key
        if ids.CLAUSE_ID.match(clause) and urls.unit_page(plan.id, clause) == page and not (child and child.group("kind") == "t"):
            candidates.add(key)
    # the sentences the old page had, as far as the map knows: those of each clause's new self
    for clause in [old, *[k for k in candidates if not ids.child(k, "st")]]:
        now = resolve(moved, clause)
        if now in units and follows(clause, now):
            candidates.update(f"{clause}.s{n}" for n in range(1, len(units[now].sentences) + 1))
    default = link(new)
    out = {}
    for ident in sorted(candidates, key=ids.sort_key):
        url = link(resolve(moved, ident))
        if url != default:
            out[ident] = url
    return out


def _page_html(template: jinja2.Template, strings: Mapping[str, Mapping[str, str]], lang: str, plan: Plan,
               labeller: Labeller, old: str, new: str | None, default: str, fragments: Mapping[str, str],
               removed: bool) -> str:
    """One redirect page (``templates/redirect.html.j2``): a script that keeps the anchor, a refresh
    for browsers without scripts, and the move said in both languages (this page's language first).
    Every text is escaped by markupsafe: the template's autoescape, and ``Markup.format`` for the
    sentences that hold a link."""
    kind = "home" if new is None else ("removed" if removed else "moved")
    child = ids.child(old, "st") is not None

    def t(key: str, in_lang: str = lang) -> str:
        return strings[key][in_lang]

    def said(in_lang: str) -> markupsafe.Markup:
        if new is None:
            target = plan.title if in_lang == "zh" else (labeller.title_en or plan.title)
        elif in_lang == "zh":
            target = labeller.zh(new) + _heading(plan, new)
        else:
            target = labeller.en(new)
        old_label = t("redirect_old_target" if child else "redirect_old_clause", in_lang).format(old=old)
        anchor = markupsafe.Markup('<a href="{}">{}</a>').format(default, target)
        return markupsafe.Markup(markupsafe.escape(t(f"redirect_{kind}", in_lang))).format(old=old_label, new=anchor)

    other = "en" if lang == "zh" else "zh"
    heading = t("redirect_title_moved" if kind == "moved" else "redirect_title_removed").format(
        what=t("redirect_target" if child else "redirect_clause"))
    plan_title = plan.title if lang == "zh" else (labeller.title_en or plan.title)
    anchors = json.dumps(dict(fragments), ensure_ascii=True, sort_keys=True).replace("</", "<\\/")
    return template.render(
        html_lang=HTML_LANG[lang], other_html_lang=HTML_LANG[other], default=default,
        title=f"{heading}{t('redirect_separator')}{old} → {new or plan_title} · {plan_title}", heading=heading,
        anchors=markupsafe.Markup(anchors), default_js=markupsafe.Markup(json.dumps(default).replace("</", "<\\/")),
        said=said(lang), said_other=said(other), go=t("redirect_go"))


def _heading(plan: Plan, ident: str) -> str:
    child = ids.child(ident, "st")
    unit = plan.find(child.group("base") if child else ident)
    return f" {unit.heading}" if unit is not None and unit.heading and not child else ""
