"""The offline bundles: ``plansite build --offline`` writes ``dist/offline.zip`` (the whole site)
and ``dist/<plan>-offline.zip`` per plan (the plan with the plans it cites: :mod:`builder.bundles`).

Unzipped anywhere, the bundle opens from ``file://`` (double-click ``index.html``) with
navigation, both languages, anchors, the cite buttons and search working, and sends no request
outside itself. It is the site built with Material's ``offline`` plugin (plain ``.html`` URLs and
``search/search_index.js``, which the search loads from ``file://``) in both languages, with the
search worker's shim served from the site itself (``templates/theme/partials/libs.html``) rather
than from the CDN the plugin names, and without instant navigation (which needs a server).

Zips are deterministic: entries sorted, every timestamp ``SOURCE_DATE_EPOCH`` (else 1980-01-01),
permissions 0644, the same compression level; the same build gives the same bytes.
"""

from __future__ import annotations

import os
import posixpath
import re
import tempfile
import time
import zipfile
from pathlib import Path
from collections.abc import Container
from typing import Any
from urllib.parse import unquote, urlsplit

from markupsafe import escape

from builder.sitemap import FILE_NAME as SITEMAP_FILE

#: The vendored ``shim/index.js`` of the npm package ``iframe-worker`` 1.0.4 (MIT), under the theme.
SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"

#: Files of a built site the bundle leaves out: sitemaps are for crawlers (and carry the build
#: date; every file :data:`builder.sitemap.FILE_NAME` names), the 404 page for a web server (its
#: links start at the server's root), the theme's source maps for its developers.
EXCLUDED_NAMES = frozenset({"404.html"})
EXCLUDED_SUFFIXES = (".map",)

#: The zip timestamp when ``SOURCE_DATE_EPOCH`` is not set (the earliest a zip can hold).
DEFAULT_DATE = (1980, 1, 1, 0, 0, 0)


def offline_settings(data: dict[str, Any]) -> dict[str, Any]:
    """``mkdocs.yml`` data with the offline plugin enabled, file URLs, and no instant navigation.

    Changes and returns ``data``; used for the Chinese configuration and for the English one.
    """
    plugins = data.get("plugins") or []
    names = [next(iter(p)) if isinstance(p, dict) else p for p in plugins]
    for i, name in enumerate(names):
        if name in ("offline", "material/offline"):
            settings = plugins[i][name] if isinstance(plugins[i], dict) else None
            plugins[i] = {name: {**(settings or {}), "enabled": True}}
            break
    else:
        plugins.append({"offline": {"enabled": True}})
    data["plugins"] = plugins
    data["use_directory_urls"] = False  # the plugin forces it too, but only after our hook ran
    theme = data.get("theme")
    if isinstance(theme, dict) and theme.get("features"):
        theme["features"] = [f for f in theme["features"] if not str(f).startswith("navigation.instant")]
    return data


def config_overrides(data: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for MkDocs' ``load_config`` that make the build an offline one, from
    ``mkdocs.yml``'s data with :func:`offline_settings` applied."""
    return {"plugins": data["plugins"], "theme": data["theme"], "use_directory_urls": False}


def is_offline(config: Any) -> bool:
    """Whether a loaded MkDocs configuration builds with the offline plugin enabled."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return plugin is not None and bool(plugin.config.enabled)


#: The bundle of the whole site: a name no plan's bundle can take (a plan id is never empty).
CORPUS_BUNDLE = "offline"


def bundle_path(dist: Path, plan_id: str) -> Path:
    return dist / f"{plan_id}-offline.zip"


def corpus_path(dist: Path) -> Path:
    return dist / f"{CORPUS_BUNDLE}.zip"


def zip_date() -> tuple[int, int, int, int, int, int]:
    """Every entry's timestamp: ``SOURCE_DATE_EPOCH`` (UTC) when set, else 1980-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return DEFAULT_DATE
    date = time.gmtime(int(epoch))[:6]
    return max(date, DEFAULT_DATE)  # a zip cannot hold dates before 1980


def bundle_files(site: Path) -> list[str]:
    """The site's files to ship, as sorted POSIX paths relative to ``site``."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*")
                  if path.is_file() and not path.is_symlink() and path.name not in EXCLUDED_NAMES
                  and not SITEMAP_FILE.fullmatch(path.name) and not path.name.endswith(EXCLUDED_SUFFIXES))


#: An ``<a>`` element with an ``href`` as plansite's pages write it (attributes double-quoted;
#: ``<a>`` never nests).
_LINK = re.compile(r'<a\b(?P<before>[^>]*?)\shref="(?P<href>[^"]*)"(?P<after>[^>]*)>(?P<inner>.*?)</a>', re.S)


def rewrite_outside_links(page: str, text: str, inside: Container[str], site: Container[str], site_url: str | None,
                          directory_urls: bool, not_inside: str) -> str:
    """``text``, the HTML of the bundle's page ``page`` (its path in the bundle), with every link
    to a file of the built site (``site``: paths) that the bundle leaves out (not in ``inside``)
    made no dead link: with the site's address (``site_url``) it leads to the published page
    (``…/national-2030/`` where the site has directory URLs); without one the link becomes plain
    text, a ``<span class="ps-not-bundled">`` whose title says it is not in the bundle
    (``not_inside``, escaped here). Every other link, and the link's text, stays as it is."""
    folder = posixpath.dirname(page)

    def replace(match: re.Match[str]) -> str:
        href = match.group("href")
        parts = urlsplit(href.replace("&amp;", "&"))
        if parts.scheme or parts.netloc or href.startswith(("/", "#")) or not parts.path:
            return match.group(0)
        target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
        if target in inside or target not in site:
            return match.group(0)
        if site_url:
            path = target.removesuffix("index.html") if directory_urls and (
                target == "index.html" or target.endswith("/index.html")) else target
            url = site_url.rstrip("/") + "/" + path + (f"#{parts.fragment}" if parts.fragment else "")
            return f'<a{match.group("before")} href="{escape(url)}"{match.group("after")}>{match.group("inner")}</a>'
        return f'<span class="ps-not-bundled" title="{escape(not_inside)}">{match.group("inner")}</span>'

    return _LINK.sub(replace, text)


def write_zip(site: Path | dict[str, Path | bytes], target: Path, top: str) -> Path:
    """Zip ``site`` (a folder, or bundle path → file or its bytes) into ``target`` under the
    folder ``top/``, byte for byte reproducibly."""
    files: dict[str, Path | bytes] = dict(site) if isinstance(site, dict) else {
        rel: site / rel for rel in bundle_files(site)}
    date = zip_date()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for rel in sorted(files):
                info = zipfile.ZipInfo(f"{top}/{rel}", date_time=date)
                info.create_system = 3  # Unix, so that the permissions below apply
                info.external_attr = (0o100644 << 16)  # regular file, rw-r--r--
                info.compress_type = zipfile.ZIP_DEFLATED
                source = files[rel]
                archive.writestr(info, source if isinstance(source, bytes) else source.read_bytes(),
                                 compresslevel=9)
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target
