"""Offline bundles: ``dist/<plan>-offline.zip`` for each plan of an offline site just built.

This module drives builds (:func:`builder.publish.build_site`) and zips them
(:mod:`builder.offline`); neither of those imports it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from builder.errors import BuildError

from builder.offline import bundle_files, bundle_path, write_zip
from builder.project import Project
from builder.publish import build_site
from builder.render.corpus import link_plans
from builder.summaries import read_summary


def write_bundles(project: Project, plans: list[Path] | None, site: Path, dist: Path | None = None) -> list[Path]:
    """Write ``dist/<plan>-offline.zip`` for each plan of the offline site just built into ``site``.

    A site of one plan is zipped as it is. With several plans, each bundle holds that plan's own
    builds from ``site`` (``<plan>/``, ``en/<plan>/``, ``data/<plan>/``), those of every plan
    its pages lead to (the plans it names and that name it, and theirs), and site-wide pages built for them (a portal listing that plan, a glossary of its uses, the theme's assets): no plan
    is built twice. Returns the zip paths.
    """
    dist = dist or project.root / "dist"
    paths = plans if plans is not None else project.seed_files()
    ids = [project.plan_id_for(p) for p in paths]
    if len(paths) == 1:
        return [write_zip(site, bundle_path(dist, ids[0]), f"{ids[0]}-offline")]
    written = []
    summaries = {plan_id: _summary(project, plan_id) for plan_id in ids}
    links = link_plans(list(summaries.values()))
    for plan_id in ids:
        # the plan, and every plan its pages lead to (those it names, those that name it, and so on):
        # no link of the bundle leads out of it
        group, todo = {plan_id}, [plan_id]
        while todo:
            member = links[todo.pop()]
            for citation in member.cites + member.cited_by:
                if citation.plan.id not in group:
                    group.add(citation.plan.id)
                    todo.append(citation.plan.id)
        work = Path(tempfile.mkdtemp(prefix=f"plansite-{plan_id}-offline-"))
        try:
            root = build_site(project, None, work / "site", offline=True,
                              root_only=[summaries[i] for i in ids if i in group]).site
            files = {rel: root / rel for rel in bundle_files(root)}
            for part in (p for member in sorted(group) for p in (member, f"en/{member}", f"data/{member}")):
                files.update({f"{part}/{rel}": site / part / rel for rel in bundle_files(site / part)})
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
