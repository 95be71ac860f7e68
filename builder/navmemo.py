"""The site's navigation drawn once for all the pages that draw it alike.

Material draws the whole navigation (``partials/nav.html``) into every page: in a plan's build,
about a third of the time MkDocs spends on its templates. Most pages draw it the same way: a task,
a target or an agency is not in the navigation, so nothing in it is marked as the page, and
every link in it is written relative to the page, which gives the same text from every page of
one folder level below the same parent (``3/1/1/`` and ``3/1/2/``).

So the theme's ``partials/nav.html`` (``templates/theme/partials/nav.html``) calls
:func:`install`'s ``plansite_nav``, which draws Material's own ``partials/nav.html`` for a page
and keeps the result under a key of everything in it that changes from page to page: the page
itself where the navigation lists it (its entry is marked, and holds its table of contents), the
entries marked active, and every link as the page would write it (the theme's ``url`` filter
applied to each entry's address, the home page's and the logo's). Everything else it shows (the
entries' titles and metadata, the site's name, the theme's features and language) is the same for
every page of a build, and the kept drawings last one build. The site is the same byte for byte
(``tests/test_pagecache.py`` builds with ``PLANSITE_CACHE=0``, which turns this off too, and
compares).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markupsafe
from jinja2 import pass_context

#: Material's template, drawn by ``plansite_nav`` (the theme's override of it only calls that)
TEMPLATE = "partials/nav.html"


def _walk(items: Any) -> Any:
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or ())


def install(env: Any, config: Any, enabled: bool = True) -> None:
    """Give ``env`` the ``plansite_nav`` that the theme's ``partials/nav.html`` calls. Not
    ``enabled``: it draws Material's navigation for every page (the same result, slower)."""
    import material

    source = (Path(material.__file__).parent / "templates" / TEMPLATE).read_text(encoding="utf-8")
    kept: dict[Any, markupsafe.Markup] = {}
    template: Any = None

    def draw(context: Any) -> markupsafe.Markup:
        nonlocal template
        if template is None:
            template = env.from_string(source)
        return markupsafe.Markup("".join(template.root_render_func(template.new_context(context.get_all(), True))))

    @pass_context
    def plansite_nav(context: Any) -> markupsafe.Markup:
        key = _key(context, config) if enabled else None
        if key is None:
            return draw(context)
        found = kept.get(key)
        if found is None:
            found = kept[key] = draw(context)
        return found

    env.globals["plansite_nav"] = plansite_nav


def _key(context: Any, config: Any) -> tuple[Any, ...] | None:
    """What of the navigation changes from ``context``'s page to another; None: the page is one
    the navigation lists (drawn for it alone)."""
    page, nav = context.get("page"), context.get("nav")
    if page is None or nav is None or any(page is p for p in nav.pages):
        return None
    url = context.environment.filters["url"]
    links = tuple(url(context, item.url) if getattr(item, "url", None) is not None else None
                  for item in _walk(nav.items))
    active = tuple(bool(getattr(item, "active", False)) for item in _walk(nav.items))
    home = config.extra.get("homepage") or (nav.homepage.url if nav.homepage is not None else "")
    logo = config.theme.get("logo") or ""
    return links, active, url(context, home), url(context, logo) if logo else ""
