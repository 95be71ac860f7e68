"""Offline bundles of an offline site just built (``plansite build --offline``):

* ``dist/offline.zip``: the whole site, every plan (unzips to ``offline/``);
* ``dist/<plan>-offline.zip`` for each plan: the plan with the plans it cites
  (:func:`builder.render.corpus.link_plans`), so that its links to them work from the folder,
  and site-wide pages built for those plans alone (a portal listing them, a glossary of their
  uses, the theme's assets). No plan is built twice: each plan's folders are taken from the site.

A page of a bundled plan may link to a plan the bundle leaves out (national-2030's home lists the
plans that cite it). No such link is dead: with the site's address (``site_url``) it leads to
the published page, else it is plain text that says it is not in the bundle
(:func:`builder.offline.rewrite_outside_links`).

This module drives builds (:func:`builder.publish.build_site`) and zips them
(:mod:`builder.offline`); neither of those imports it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from builder import search_index
from builder.errors import BuildError
from builder.offline import bundle_files, bundle_path, corpus_path, rewrite_outside_links, write_zip, CORPUS_BUNDLE
from builder.project import Project
from builder.publish import build_site
from builder.render import urls
from builder.render.corpus import link_plans
from builder.settings import base_data
from builder.summaries import read_summary


class _Files:
    """The files of a built site, as paths relative to it (``in`` asks the file system)."""

    def __init__(self, site: Path) -> None:
        self.site = site

    def __contains__(self, rel: object) -> bool:
        return isinstance(rel, str) and not rel.startswith("../") and (self.site / rel).is_file()


def bundled_plans(plan_id: str, links: dict[str, Any]) -> list[str]:
    """The plans of ``plan_id``'s bundle: itself, then the plans it cites (in the order its text
    first names them)."""
    return [plan_id, *dict.fromkeys(c.plan.id for c in links[plan_id].cites if c.plan.id != plan_id)]


def write_bundles(project: Project, plans: list[Path] | None, site: Path, dist: Path | None = None) -> list[Path]:
    """Write ``dist/offline.zip`` (the offline site just built into ``site``, whole) and
    ``dist/<plan>-offline.zip`` for each of its plans (the plan and the plans it cites, with
    site-wide pages built for them). Returns the zip paths, the whole site's first."""
    dist = dist or project.root / "dist"
    paths = plans if plans is not None else project.seed_files()
    ids = [project.plan_id_for(p) for p in paths]
    written = [write_zip(site, corpus_path(dist), CORPUS_BUNDLE)]
    if len(ids) == 1:
        return [*written, write_zip(site, bundle_path(dist, ids[0]), f"{ids[0]}-offline")]
    summaries = {plan_id: _summary(project, plan_id) for plan_id in ids}
    links = link_plans(list(summaries.values()))
    published = base_data(project, offline=False)
    site_url = published.get("site_url") or None
    directory_urls = bool(published.get("use_directory_urls", True))
    strings = project.strings()
    in_site = _Files(site)
    for plan_id in ids:
        members = bundled_plans(plan_id, links)
        work = Path(tempfile.mkdtemp(prefix=f"plansite-{plan_id}-offline-"))
        try:
            root = build_site(project, None, work / "site", offline=True,
                              root_only=[summaries[m] for m in members]).site
            # the portal's search holds the bundled plans' documents, from their builds in the site
            search_index.combine(root, search_index.plan_labels([summaries[m] for m in members], strings), source=site)
            files: dict[str, Path | bytes] = {rel: root / rel for rel in bundle_files(root)}
            for member in members:
                for part in (member, f"en/{member}", f"data/{member}"):
                    files.update({f"{part}/{rel}": site / part / rel for rel in bundle_files(site / part)})
            for rel, source in sorted(files.items()):
                if rel.endswith(".html") and isinstance(source, Path) and not (root / rel).is_file():
                    lang = "en" if rel.startswith(urls.lang_prefix("en")) else urls.SOURCE_LANG
                    text = source.read_text(encoding="utf-8")
                    fixed = rewrite_outside_links(rel, text, files, in_site, site_url, directory_urls,
                                                  strings["not_in_bundle"][lang])
                    if fixed != text:
                        files[rel] = fixed.encode("utf-8")
            written.append(write_zip(files, bundle_path(dist, plan_id), f"{plan_id}-offline"))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return written


def _summary(project: Project, plan_id: str) -> Any:
    summary = read_summary(project, plan_id)
    if summary is None:
        raise BuildError(f"{project.build_dir / 'plans' / plan_id}: error: expected the summary the build "
                         "just wrote, found none")
    return summary
