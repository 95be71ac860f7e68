"""The offline bundle: ``plansite build --offline`` writes ``dist/<plan>-offline.zip`` per plan.

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
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

#: The vendored ``shim/index.js`` of the npm package ``iframe-worker`` 1.0.4 (MIT), under the theme.
SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"

#: Files of a built site the bundle leaves out: sitemaps are for crawlers (and carry the build
#: date), the 404 page for a web server (its links start at the server's root), the theme's
#: source maps for its developers.
EXCLUDED_NAMES = frozenset({"sitemap.xml", "sitemap.xml.gz", "404.html"})
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


def bundle_path(dist: Path, plan_id: str) -> Path:
    return dist / f"{plan_id}-offline.zip"


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
                  and not path.name.endswith(EXCLUDED_SUFFIXES))


def write_zip(site: Path | dict[str, Path], target: Path, top: str) -> Path:
    """Zip ``site`` (a folder, or bundle path → file) into ``target`` under the folder ``top/``,
    byte for byte reproducibly."""
    files = site if isinstance(site, dict) else {rel: site / rel for rel in bundle_files(site)}
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
                archive.writestr(info, files[rel].read_bytes(), compresslevel=9)
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target
