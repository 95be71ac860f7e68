"""What the site-wide pages need of each plan: its summary, kept between builds, and those pages.

The portal and the glossary list every plan of the site; a plan's build writes its
:class:`~builder.render.site.PlanSummary` to ``generated/plans/<plan>/summary.json`` (also kept in
the build's reuse record), so the site-wide pages are rendered from summaries alone, without
loading any plan again.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from builder.plan_build import split_files, sync_tree
from builder.project import Project
from builder.render import urls
from builder.render.site import ClauseRef, PlanSummary, render_root
from builder.serialize import dump_json, load_schema


def summary_path(project: Project, plan_id: str) -> Path:
    """The plan's :class:`PlanSummary` as JSON: what the site-wide pages need from it."""
    return project.build_dir / "plans" / plan_id / "summary.json"


def write_summary(project: Project, summary: PlanSummary) -> None:
    path = summary_path(project, summary.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(summary_json(summary), encoding="utf-8")


def summary_json(summary: PlanSummary) -> str:
    return json.dumps(asdict(summary), ensure_ascii=False, sort_keys=True)


def parse_summary(text: str) -> PlanSummary:
    data = json.loads(text)
    terms = {k: tuple(ClauseRef(**c) for c in v) for k, v in data.pop("terms").items()}
    return PlanSummary(**data, terms=terms)


def write_root_docs(project: Project, summaries: list[PlanSummary], env: Any, strings: dict[str, dict[str, str]],
                    glossary: Any, directory_urls: bool) -> None:
    """The site-wide pages (portal, glossary) of both languages and ``data/`` files, as the root
    builds' docs (``generated/zh``, ``generated/en``)."""
    files = render_root(summaries, env, strings, glossary, directory_urls)
    files["zh/data/plan.schema.json"] = dump_json(load_schema("plan"))
    for lang in urls.LANGS:
        sync_tree(project.build_dir / lang, split_files(files, f"{lang}/"))


def read_summary(path: Path) -> PlanSummary:
    return parse_summary(path.read_text(encoding="utf-8"))
