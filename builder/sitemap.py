"""One sitemap for the whole site.

Each MkDocs build writes a ``sitemap.xml`` of its own pages (once ``site_url`` is set): the root's
lists the portal and the glossary, ``dongying/sitemap.xml`` that plan's Chinese pages, and so on.
A crawler given the site's ``sitemap.xml`` would see only the first. :func:`combine` makes the
root's sitemap list every page of the site — its own and those of every build mounted below it —
in the order of their addresses, so that the same pages give the same bytes however the site was
put together (one build, or sites built apart and merged). The mounted builds keep their own
sitemaps (a plan's folder stays a whole site, ready to merge).
"""

from __future__ import annotations

import gzip
import io
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from mkdocs.utils import get_build_timestamp

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _entries(path: Path) -> dict[str, str | None]:
    """``loc`` → ``lastmod`` of one sitemap (a file plansite's builds wrote)."""
    root = ET.parse(path).getroot()  # noqa: S314 - the build's own output, not outside input
    return {url.findtext(f"{NS}loc", "").strip(): (url.findtext(f"{NS}lastmod") or "").strip() or None
            for url in root.iter(f"{NS}url")}


def combine(site_dir: Path) -> int:
    """Make ``site_dir/sitemap.xml`` (and its ``.gz``) list the pages of every sitemap in the
    site; returns how many. A site whose sitemaps list nothing (no ``site_url``) is left as it is."""
    root = site_dir / "sitemap.xml"
    if not root.is_file():
        return 0
    urls: dict[str, str | None] = {}
    for path in [root, *sorted(p for p in site_dir.rglob("sitemap.xml") if p != root)]:
        for loc, lastmod in _entries(path).items():
            if loc:
                urls[loc] = max(filter(None, (urls.get(loc), lastmod)), default=None)
    if not urls:
        return 0
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for loc in sorted(urls):
        lines.append(f"    <url>\n         <loc>{escape(loc)}</loc>")
        if urls[loc]:
            lines.append(f"         <lastmod>{escape(urls[loc] or '')}</lastmod>")
        lines.append("    </url>")
    lines.append("</urlset>")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    root.write_bytes(data)
    dates = sorted(d for d in urls.values() if d)
    if dates:  # as MkDocs dates its own: the newest page's day
        mtime = int(datetime.fromisoformat(dates[-1]).replace(tzinfo=timezone.utc).timestamp())
    else:
        mtime = get_build_timestamp()
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename="sitemap.xml", mode="wb", mtime=mtime) as packed:
        packed.write(data)
    (site_dir / "sitemap.xml.gz").write_bytes(buffer.getvalue())
    return len(urls)
