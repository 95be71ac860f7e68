"""Redirect pages: every old address of a renumbered clause or target leads to where it went.

The map of old ids to new ones is :mod:`builder.versions`. :func:`redirect_pages` renders, for every listed clause or target whose address is no longer a
live page, a small static HTML page at the old address in both languages: a script that keeps the
``#fragment`` (rewriting old sentence anchors to new ones) and a ``<meta http-equiv="refresh">``
for browsers without scripts, with a visible link, all relative (the site works from a folder and
from any host). MkDocs copies such ``index.html`` files as they are. An old id that is a live page
in the new version (reused by another clause) is never redirected: that page stays.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Mapping

from builder import ids
from builder.model import Plan, Unit
from builder.render import urls
from builder.render.labels import Labeller
from builder.versions import IdMap, check_targets, follows, plan_ids, resolve

_TEXTS = {
    "zh": {
        "title_moved": "{what}已移动",
        "title_removed": "{what}已不在现行版本中",
        "clause": "条款", "target": "目标",
        "moved": "本方案的新版本调整了编号：此地址原指{old}，现在是 {new}。",
        "removed": "此地址原指{old}，它已不在本方案的现行版本中；最接近的上级条款是 {new}。",
        "home": "此地址原指{old}，它已不在本方案的现行版本中；请见方案首页《{new}》。",
        "go": "正在跳转；如未跳转，请点击上方链接。",
    },
    "en": {
        "title_moved": "{what} moved",
        "title_removed": "{what} no longer in the plan",
        "clause": "Clause", "target": "Target",
        "moved": "A newer version of the plan renumbered its clauses: this address pointed to {old}, "
                 "which is now {new}.",
        "removed": "This address pointed to {old}, which is not in the current version of the plan; "
                   "the nearest clause that held it is {new}.",
        "home": "This address pointed to {old}, which is not in the current version of the plan; "
                "see the plan's home page, {new}.",
        "go": "Redirecting; if nothing happens, follow the link above.",
    },
}


def redirect_pages(plan: Plan, id_map: IdMap, live: Iterable[str], translation: Mapping[str, str] | None = None,
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
    labeller = Labeller(plan, (translation or {}).get("title.s1"))

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
                lang, plan, labeller, old, new, default, fragments, removed=not follows(old, new))
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


def _page_html(lang: str, plan: Plan, labeller: Labeller, old: str, new: str | None, default: str,
               fragments: Mapping[str, str], removed: bool) -> str:
    """One redirect page: a script that keeps the anchor, a refresh for browsers without scripts,
    and the move said in both languages (this page's language first)."""
    esc = html.escape
    title_zh = plan.title
    kind = "home" if new is None else ("removed" if removed else "moved")

    def said(in_lang: str) -> str:
        texts = _TEXTS[in_lang]
        if new is None:
            target = title_zh if in_lang == "zh" else (labeller.title_en or title_zh)
        elif in_lang == "zh":
            target = labeller.zh(new) + _heading(plan, new)
        else:
            target = labeller.en(new)
        if in_lang == "zh":
            old_label = f"目标 {old}" if ids.child(old, "st") else f"编号为 {old} 的条款"
        else:
            old_label = f"target {old}" if ids.child(old, "st") else f"clause {old}"
        anchor = f'<a href="{esc(default)}">{esc(target)}</a>'
        return texts[kind].format(old=esc(old_label), new=anchor)

    other = "en" if lang == "zh" else "zh"
    html_lang = {"zh": "zh-CN", "en": "en"}
    title_key = "title_moved" if kind == "moved" else "title_removed"
    what = "target" if ids.child(old, "st") else "clause"
    heading = _TEXTS[lang][title_key].format(what=_TEXTS[lang][what])
    plan_title = plan.title if lang == "zh" else (labeller.title_en or plan.title)
    title = f"{heading}{'：' if lang == 'zh' else ': '}{old} → {new or plan_title} · {plan_title}"
    script_data = json.dumps(dict(fragments), ensure_ascii=True, sort_keys=True).replace("</", "<\\/")
    return (
        "<!doctype html>\n"
        f'<html lang="{html_lang[lang]}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n"
        f'<link rel="canonical" href="{esc(default)}">\n'
        "<script>\n"
        "(function () {\n"
        f"  var anchors = {script_data};\n"
        "  var here = location.hash.slice(1);\n"
        "  location.replace(Object.prototype.hasOwnProperty.call(anchors, here) ? anchors[here] : "
        f"{json.dumps(default)});\n"
        "})();\n"
        "</script>\n"
        f'<noscript><meta http-equiv="refresh" content="0; url={esc(default)}"></noscript>\n'
        "<style>body{font-family:system-ui,sans-serif;line-height:1.6;max-width:40rem;margin:3rem auto;"
        "padding:0 1rem}</style>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
        f"<h1>{esc(heading)}</h1>\n"
        f'<p class="ps-redirect">{said(lang)}</p>\n'
        f'<p class="ps-redirect" lang="{html_lang[other]}">{said(other)}</p>\n'
        f"<p><small>{esc(_TEXTS[lang]['go'])}</small></p>\n"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


def _heading(plan: Plan, ident: str) -> str:
    child = ids.child(ident, "st")
    unit = plan.find(child.group("base") if child else ident)
    return f" {unit.heading}" if unit is not None and unit.heading and not child else ""
