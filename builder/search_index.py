"""Search across plans: the site-wide pages' search index holds every plan's documents.

Each plan's build writes its own index (``<plan>/search/search_index.json``, and
``en/<plan>/…``), and a plan's pages load only that one: a reader searches the plan they read, and
a small plan's pages stay fast however many plans the site holds. The site-wide pages (portal,
glossary) belong to the root builds, whose index is at ``search/`` and ``en/search/``: once every
plan's site is in place, :func:`combine` rewrites each of those two indexes so that it holds

* the root build's own documents, as its search plugin wrote them, then
* every plan's documents, in the portal's order of plans (:func:`builder.render.corpus.ordered`),
  each ``location`` prefixed with the plan's folder (``3/1/#c3-1-2`` → ``dongying/3/1/#c3-1-2``:
  relative to the root, as the root's own are), and each page's document (the one without ``#``,
  which heads a result) tagged with the plan's title in the index's language: Material shows a
  document's ``tags`` as small labels under its title, so every result names its plan.

The title goes in ``tags`` rather than into ``title``: a title is searched (boosted 1000×), and a
plan title's words (碳达峰, 方案) would then match every page of every plan. ``tags`` is taken out
of the combined index's searched fields for the same reason; the label is only shown. Material
inserts titles and tags as HTML, so the label is made by the page language's
:class:`~builder.render.language.Language` (escaped; a Chinese title on the English site marked
``lang="zh-CN"``), like every other text of a page.

The plans' indexes are read from the finished site, so the combined index is always that of the
plans the site holds, whether a plan was built now or reused from the last build
(:mod:`builder.cache`); the plans' own files are never changed. Running it again gives the same
file (the plans' documents are replaced, not added twice). The file is written as UTF-8, not
ASCII-escaped as Material writes its own (half the bytes for Chinese text); where the offline
plugin has inlined the index into ``search_index.js`` (``var __index = …``, which the search
loads from ``file://``), that file is written again too.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.render import urls
from builder.render.corpus import ordered
from builder.render.language import Language

#: where a build's search index is, below its mount
INDEX = Path("search") / "search_index.json"
#: the offline plugin's copy of the index, as a script: ``var __index = <the index>``
SCRIPT = Path("search") / "search_index.js"
SCRIPT_PREFIX = "var __index = "


@dataclass(frozen=True)
class PlanLabel:
    """A plan as the combined index names it: its id (its folder) and its title in each language,
    as HTML (escaped and marked)."""

    id: str
    html: dict[str, str]


def plan_labels(summaries: Iterable[Any], strings: Any) -> list[PlanLabel]:
    """The plans of the site (:class:`~builder.render.site.PlanSummary`) in the portal's order."""
    languages = {lang: Language(lang, strings) for lang in urls.LANGS}
    return [PlanLabel(s.id, {lang: str(language.pick(s.title_zh, s.title_en)) for lang, language in languages.items()})
            for s in ordered(list(summaries))]


def combine(site: Path, plans: Sequence[PlanLabel], source: Path | None = None) -> list[Path]:
    """Make the root's index of each language (``site/search/``, ``site/en/search/``) hold every
    plan's documents in ``plans`` order as well as its own. A language whose root index is missing
    (search turned off) is left alone, as is a plan without an index of that language (a site-wide
    build of some plans' pages only). ``source``: the site the plans' builds are in, where it is
    not ``site`` (an offline bundle's site-wide pages, built apart). Returns the indexes written."""
    written = []
    for lang in urls.LANGS:
        prefix = urls.lang_prefix(lang)
        root = site / prefix / INDEX
        if not root.is_file():
            continue
        data = json.loads(root.read_text(encoding="utf-8"))
        found = [(plan, _plan_docs((source or site) / prefix / plan.id / INDEX)) for plan in plans]
        data["docs"] = combined_docs(data["docs"], found, lang)
        # a plan's title is a label to show, never a field to search (see the module's docstring)
        data["config"]["fields"] = {name: spec for name, spec in data["config"]["fields"].items() if name != "tags"}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        _write(root, text)
        if (site / prefix / SCRIPT).is_file():
            _write(site / prefix / SCRIPT, SCRIPT_PREFIX + text)
        written.append(root)
    return written


def combined_docs(own: list[dict[str, Any]], plans: Sequence[tuple[PlanLabel, list[dict[str, Any]] | None]],
                  lang: str) -> list[dict[str, Any]]:
    """The root's own documents (any of a plan's left there by an earlier run dropped), then each
    plan's, relocated below its folder, its pages tagged with its label in ``lang``, without the
    pinyin of the glossary terms it mentions (the root's glossary entries are found by it: a
    pinyin query there finds the term's entry first, then the clauses by their Chinese)."""
    folders = {plan.id for plan, _ in plans}
    docs = [doc for doc in own if doc["location"].split("/", 1)[0] not in folders]
    for plan, plan_docs in plans:
        for doc in plan_docs or []:
            doc = {k: v for k, v in doc.items() if k != "pinyin"}
            doc["location"] = f"{plan.id}/{doc['location']}"
            if "#" not in doc["location"]:  # a page: the head of its results
                doc["tags"] = [plan.html[lang], *doc.get("tags", [])]
            docs.append(doc)
    return docs


def _plan_docs(path: Path) -> list[dict[str, Any]] | None:
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))["docs"]


def _write(path: Path, text: str) -> None:
    """Replace ``path`` (a new file: the old one may be a hard link into the last site)."""
    fd, partial = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
