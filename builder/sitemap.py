"""The site's sitemaps: one per MkDocs build, and a sitemap index at the root.

Every MkDocs build writes a ``sitemap.xml`` of its own pages (``templates/theme/sitemap.xml``),
each page with its twins in both languages and ``x-default`` (the authoritative Chinese page) as
``<xhtml:link rel="alternate" hreflang>``: the root's Chinese pages (portal, glossary, …), ``en/``
the root's English ones, ``dongying/`` that plan's Chinese pages, ``en/dongying/`` its English
ones. One sitemap per plan *and language*, because the protocol lets a sitemap list only URLs in
its own folder and below (``dongying/sitemap.xml`` cannot list ``en/dongying/…``), and because
each plan's build stays whole: its folder is a site of its own, reused by the next build and
merged as it is (``plansite merge``).

:func:`split` keeps each build's sitemap within the protocol's limits (50,000 URLs, 50 MB
uncompressed): a larger one becomes a small index of parts beside it (``sitemap-1.xml``, …).
:func:`index` turns the root's ``sitemap.xml`` into a ``<sitemapindex>`` of every build's sitemap
(the root build's own moves to ``sitemap-root.xml``), in the order of their paths, so that the
same site gives the same bytes however it was put together. Every file has a ``.gz`` twin whose
gzip header is dated as MkDocs dates its own (the newest page's day; ``SOURCE_DATE_EPOCH``).

Sitemaps need absolute URLs: without ``site_url`` MkDocs' sitemaps list nothing, and so do
plansite's; the root's ``sitemap.xml`` is then left an empty ``<urlset>``, with no index.
"""

from __future__ import annotations

import gzip
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from mkdocs.utils import get_build_timestamp

from builder.errors import BuildError

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
_S = f"{{{SITEMAP_NS}}}"
_X = f"{{{XHTML_NS}}}"

#: The protocol's limits for one sitemap (or one index): URLs (or sitemaps) and uncompressed bytes.
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024

#: The name the root build's own sitemap takes when the root's ``sitemap.xml`` becomes the index.
ROOT_OWN = "sitemap-root.xml"

#: Every file a sitemap is written to: a build's, the root's own, their parts (and ``.gz`` twins).
FILE_NAME = re.compile(r"sitemap(?:-[a-z0-9-]+)?\.xml(?:\.gz)?")

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass
class Url:
    """One ``<url>`` of a sitemap: the page, its date and its alternates ``(hreflang, href)``."""

    loc: str
    lastmod: str | None = None
    alternates: list[tuple[str, str]] = field(default_factory=list)

    def xml(self) -> str:
        lines = [f"    <url>\n         <loc>{escape(self.loc)}</loc>"]
        if self.lastmod:
            lines.append(f"         <lastmod>{escape(self.lastmod)}</lastmod>")
        lines += [f'         <xhtml:link rel="alternate" hreflang="{_attr(lang)}" href="{_attr(href)}"/>'
                  for lang, href in self.alternates]
        lines.append("    </url>\n")
        return "\n".join(lines)


@dataclass
class Sitemap:
    """One entry of a sitemap index: a sitemap's address and the date of its newest page."""

    loc: str
    lastmod: str | None = None

    def xml(self) -> str:
        date = f"\n         <lastmod>{escape(self.lastmod)}</lastmod>" if self.lastmod else ""
        return f"    <sitemap>\n         <loc>{escape(self.loc)}</loc>{date}\n    </sitemap>\n"


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def read(path: Path) -> list[Url] | list[Sitemap]:
    """A sitemap's ``<url>`` entries, or a sitemap index's ``<sitemap>`` entries (a file these
    builds wrote)."""
    root = ET.parse(path).getroot()  # noqa: S314 - the build's own output, not outside input
    text = lambda element, name: (element.findtext(f"{_S}{name}") or "").strip() or None  # noqa: E731
    if root.tag == f"{_S}sitemapindex":
        return [Sitemap(text(s, "loc") or "", text(s, "lastmod")) for s in root.iter(f"{_S}sitemap")]
    return [Url(text(u, "loc") or "", text(u, "lastmod"),
                [(link.get("hreflang", ""), link.get("href", "")) for link in u.iter(f"{_X}link")
                 if link.get("rel") == "alternate"])
            for u in root.iter(f"{_S}url")]


def is_index(path: Path) -> bool:
    return ET.parse(path).getroot().tag == f"{_S}sitemapindex"  # noqa: S314 - the build's own output


def urlset(urls: Iterable[Url]) -> bytes:
    body = "".join(u.xml() for u in urls)
    return (f'{_HEAD}<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n{body}</urlset>\n').encode("utf-8")


def sitemapindex(sitemaps: Iterable[Sitemap]) -> bytes:
    body = "".join(s.xml() for s in sitemaps)
    return f'{_HEAD}<sitemapindex xmlns="{SITEMAP_NS}">\n{body}</sitemapindex>\n'.encode("utf-8")


def _newest(dates: Iterable[str | None]) -> str | None:
    return max((d for d in dates if d), default=None)


def write(path: Path, data: bytes, newest: str | None) -> None:
    """``path`` and its ``.gz`` twin, the gzip header dated as MkDocs dates its own: midnight of
    the newest page's day (else the build's date, ``SOURCE_DATE_EPOCH``). Each file is replaced,
    never written through: a build reused from the last site shares its files by hard links."""
    if newest:
        mtime = int(datetime.fromisoformat(newest[:10]).replace(tzinfo=timezone.utc).timestamp())
    else:
        mtime = get_build_timestamp()
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=path.name, mode="wb", mtime=mtime) as packed:
        packed.write(data)
    for target, content in ((path, data), (path.with_name(path.name + ".gz"), buffer.getvalue())):
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(content)
        partial.replace(target)


def _chunks(items: list[Url] | list[Sitemap], max_items: int, max_bytes: int, overhead: int) -> list[list]:
    """``items`` cut in order into runs of at most ``max_items`` whose XML, with ``overhead``
    bytes of envelope, is at most ``max_bytes``."""
    chunks: list[list] = [[]]
    size = overhead
    for item in items:
        length = len(item.xml().encode("utf-8"))
        if chunks[-1] and (len(chunks[-1]) >= max_items or size + length > max_bytes):
            chunks.append([])
            size = overhead
        chunks[-1].append(item)
        size += length
    return chunks


_OVERHEAD = len(urlset([]))


def split(path: Path, url: str, max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES) -> int:
    """Keep the sitemap at ``path`` (whose own address is ``url``) within the limits: where it
    lists more than ``max_urls`` URLs or is larger than ``max_bytes``, its URLs go to parts beside
    it (``sitemap-1.xml``, ``sitemap-2.xml``, …, in order) and ``path`` becomes their index.
    Returns the number of parts written (0: left as it was, as is an index already)."""
    if not path.is_file() or is_index(path):
        return 0
    urls = read(path)
    assert all(isinstance(u, Url) for u in urls)
    if len(urls) <= max_urls and path.stat().st_size <= max_bytes:
        return 0
    base = url.rsplit("/", 1)[0] + "/"
    entries = []
    for n, chunk in enumerate(_chunks(urls, max_urls, max_bytes, _OVERHEAD), 1):
        part = path.with_name(f"{path.stem}-{n}.xml")
        newest = _newest(u.lastmod for u in chunk)
        write(part, urlset(chunk), newest)
        entries.append(Sitemap(base + part.name, newest))
    write(path, sitemapindex(entries), _newest(e.lastmod for e in entries))
    return len(entries)


def index(site_dir: Path, site_url: str | None, max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES) -> int:
    """Make ``site_dir/sitemap.xml`` the site's sitemap index: the root build's own sitemap (moved
    to ``sitemap-root.xml`` and :func:`split` if need be) and every ``sitemap.xml`` below the root
    (each build's; an index of parts is listed part by part), in the order of their paths.
    Idempotent: run again after more builds are copied in (:func:`builder.publish.build_site`),
    it lists them too. Returns the number of sitemaps listed; 0 where no sitemap lists a page (no
    ``site_url``), leaving the root's ``sitemap.xml`` as MkDocs wrote it. Raises
    :class:`~builder.errors.BuildError` where the index itself would exceed the limits (the
    protocol does not nest indexes)."""
    root = site_dir / "sitemap.xml"
    if not root.is_file() or not site_url:
        return 0
    base = site_url.rstrip("/") + "/"
    own = site_dir / ROOT_OWN
    if not is_index(root):
        pages = read(root)
        if not pages and not _any_pages(site_dir, root):
            return 0
        if pages:
            write(own, root.read_bytes(), _newest(u.lastmod for u in pages))  # type: ignore[union-attr]
            split(own, base + ROOT_OWN, max_urls, max_bytes)
    found = [own] if own.is_file() else []
    found += sorted((p for p in site_dir.rglob("sitemap.xml") if p != root),
                    key=lambda p: p.relative_to(site_dir).as_posix())
    entries: list[Sitemap] = []
    for path in found:
        listed = read(path)
        if listed and isinstance(listed[0], Sitemap):
            entries += listed  # type: ignore[arg-type]
        elif listed:
            entries.append(Sitemap(base + path.relative_to(site_dir).as_posix(),
                                   _newest(u.lastmod for u in listed)))  # type: ignore[union-attr]
    data = sitemapindex(entries)
    if len(entries) > max_urls or len(data) > max_bytes:
        raise BuildError(f"{root}: error: expected at most {max_urls:,} sitemaps ({max_bytes:,} bytes) in the "
                         f"sitemap index, found {len(entries):,} ({len(data):,} bytes)")
    write(root, data, _newest(e.lastmod for e in entries))
    return len(entries)


def _any_pages(site_dir: Path, root: Path) -> bool:
    return any(read(p) for p in site_dir.rglob("sitemap.xml") if p != root)


# The theme's script, for the hreflang links in every page's head (templates/theme/main.html)

#: the theme's main script (its name carries a hash of its content)
THEME_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
_ALTERNATES = '"link[rel=alternate]"'


def unhook_alternates(source: str) -> str | None:
    """Material's script with its language menu's selector narrowed to ``<link rel="alternate">``
    without ``hreflang``, or ``None`` where the selector is not found exactly once (another
    version of Material).

    For every ``<link rel="alternate">`` of a page the theme fetches ``sitemap.xml`` beside the
    link's address, to land its language menu (``extra.alternate``, a list of language roots,
    which plansite does not use) on the same page. For plansite's hreflang links, which name the
    page itself in each language, that is a request per link and page view for a file that does
    not exist (from file://, an error; with ``site_url``, a request to the published site)."""
    if source.count(_ALTERNATES) != 1:
        return None
    return source.replace(_ALTERNATES, '"link[rel=alternate]:not([hreflang])"')
