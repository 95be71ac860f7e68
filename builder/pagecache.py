"""Pages converted before: a page whose Markdown is the one the last build into the same place
converted is given that build's HTML instead of being converted again.

Each build's pages are written by plansite's templates and are mostly HTML, which
Python-Markdown and MkDocs each parse with :mod:`html.parser`: about half of a plan's MkDocs build
goes to it. An edit to one sentence of a plan (``mkdocs serve`` while curating a translation)
changes a few pages; the others' Markdown is the same text as before, and so is their HTML.

So every build keeps, per page, what converting its Markdown gave (the HTML, the table of
contents, the title found in it, the anchors it holds and the links to anchors it makes:
everything :meth:`mkdocs.structure.pages.Page.render` sets) in
``generated/cache/pages/<build>/<online|offline>.json.gz``, with a digest of the page's Markdown. The next build of
the same place, with the same conversion settings — Markdown extensions and their settings, the
versions of the packages that convert, the site's files (where each link of a page leads) — gives
a page whose Markdown has that digest the kept result. A page whose conversion logged anything
(a link MkDocs could not resolve, which a strict build turns into a failure) is never kept, so the
warning comes again. The result is the one converting would give, byte for byte
(``tests/test_pagecache.py`` builds with and without it and compares the sites).
``plansite build --fresh`` and ``PLANSITE_CACHE=0`` convert every page.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import tempfile
import types
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import get_toc

from builder import cache

#: the layout of the kept file; a file of another layout is ignored (and replaced)
FORMAT = 1


def settings_key(config: Any, files: Any) -> str:
    """What a page's conversion depends on besides its Markdown and its place: the Markdown
    extensions and their settings, the link validation settings, directory URLs, the packages'
    versions, and every file of the build (a link's target and its URL)."""
    digest = hashlib.sha256()
    settings = {
        "format": FORMAT,
        "versions": cache.versions(),  # those of the packages that convert Markdown among them
        "extensions": [e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__qualname__}"
                       for e in config["markdown_extensions"]],
        "configs": config["mdx_configs"] or {},
        "validation": repr(config.validation),
        "directory_urls": config.use_directory_urls,
        "debug": logging.getLogger("mkdocs").getEffectiveLevel() <= logging.DEBUG,
    }
    digest.update(json.dumps(settings, sort_keys=True, ensure_ascii=False, default=repr).encode("utf-8"))
    for file in sorted(files, key=lambda f: f.src_uri):
        digest.update(f"\0{file.src_uri}\0{file.dest_uri}\0{file.url}\0{file.inclusion.name}".encode("utf-8"))
    return digest.hexdigest()


class Store:
    """The pages one build kept (read at the start of the build) and those this build converts or
    takes from them (written at its end, replacing the file)."""

    def __init__(self, path: Path, key: str) -> None:
        self.path, self.key = path, key
        self.kept: dict[str, dict[str, Any]] = {}
        self.now: dict[str, dict[str, Any]] = {}
        self.reused = self.converted = 0
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
        except (OSError, ValueError, EOFError):
            return  # none yet, or unreadable: every page is converted
        if isinstance(data, dict) and data.get("key") == key and isinstance(data.get("pages"), dict):
            self.kept = data["pages"]

    def save(self) -> None:
        """Write what this build converted and reused (and nothing else: a page gone is forgotten).
        Written aside, then moved into place, so a build that stops half-way leaves no half file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"key": self.key, "pages": self.now}, ensure_ascii=False, sort_keys=True)
        packed = gzip.compress(data.encode("utf-8"), compresslevel=1, mtime=0)  # a seventh of the size
        handle, name = tempfile.mkstemp(prefix=f".{self.path.name}-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(packed)
            os.replace(name, self.path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise


class _Heard(logging.Handler):
    """Whether anything was logged (by MkDocs, at any level it shows) while a page converted."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1


def _toc_data(items: Any) -> list[dict[str, Any]]:
    return [{"name": i.title, "id": i.id, "level": i.level, "children": _toc_data(i.children)} for i in items]


def remember(page: Any, store: Store) -> None:
    """Make ``page`` take its conversion from ``store`` where it can (and keep it there for the
    next build): its ``render`` is replaced, on this page only."""
    convert = page.render

    def render(self: Any, config: Any, files: Any) -> None:
        if self.markdown is None:
            convert(config, files)  # MkDocs' own error
            return
        src = self.file.src_uri
        source = hashlib.sha256(self.markdown.encode("utf-8")).hexdigest()
        kept = store.kept.get(src)
        if kept is not None and kept.get("source") == source:
            self.content = kept["content"]
            self.toc = get_toc(kept["toc"])
            self._title_from_render = kept["title"]
            self.present_anchor_ids = set(kept["anchors"])
            if kept["links"] is not None:
                self.links_to_anchors = {files.get_file_from_path(to): links for to, links in kept["links"].items()}
            store.now[src] = kept
            store.reused += 1
            return
        heard = _Heard()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(heard)
        try:
            convert(config, files)
        finally:
            logger.removeHandler(heard)
        store.converted += 1
        links = getattr(self, "links_to_anchors", None)
        if heard.records or (links and any(to is None for to in links)):
            return  # converted again next time, so that what it said is said again
        store.now[src] = {
            "source": source,
            "content": self.content,
            "toc": _toc_data(self.toc),
            "title": self._title_from_render,
            "anchors": sorted(self.present_anchor_ids or ()),
            "links": None if links is None else {to.src_uri: dict(to_links) for to, to_links in links.items()},
        }

    page.render = types.MethodType(render, page)
