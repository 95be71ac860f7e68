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
from builder.project import Project, display_path
from builder.render.alignment import Curation, parse_curation
from builder.render import urls
from builder.render.site import ClauseRef, PlanSummary, render_root
from builder.serialize import dump_json, load_schema


def summary_path(project: Project, plan_id: str) -> Path:
    """The plan's :class:`PlanSummary` as JSON: what the site-wide pages need from it."""
    return project.build_dir / "plans" / plan_id / "summary.json"


def write_summary(project: Project, summary: PlanSummary, digest: str = "") -> None:
    """Keep the plan's summary for the site-wide pages and the next build; ``digest``: what it was
    made from (:func:`builder.cache.plan_digest`), so that the next build with the same inputs
    takes it instead of loading the plan."""
    path = summary_path(project, summary.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"digest": digest, "summary": asdict(summary)}, ensure_ascii=False, sort_keys=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def parse_summary(data: dict[str, Any]) -> PlanSummary:
    data = dict(data)
    terms = {k: tuple(ClauseRef(**c) for c in v) for k, v in data.pop("terms").items()}
    lists = {k: tuple(tuple(x) if isinstance(x, list) else x for x in data.pop(k))
             for k in ("targets", "headline", "outline", "references")}
    return PlanSummary(**data, **lists, terms=terms)


def read_summary(project: Project, plan_id: str, digest: str | None = None) -> PlanSummary | None:
    """The plan's summary as the last build kept it; with ``digest``, only if it was made from the
    same inputs. ``None`` where there is none (or it was made from others)."""
    try:
        stored = json.loads(summary_path(project, plan_id).read_text(encoding="utf-8"))
        if digest is not None and (not digest or stored.get("digest") != digest):
            return None
        return parse_summary(stored["summary"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_curation(project: Project) -> Curation | None:
    """``content/alignment.yaml`` (:mod:`builder.render.alignment`), or ``None`` where there is none."""
    path = project.content / "alignment.yaml"
    if not path.is_file():
        return None
    return parse_curation(path.read_text(encoding="utf-8"), display_path(path))


def write_root_docs(project: Project, summaries: list[PlanSummary], env: Any, strings: dict[str, dict[str, str]],
                    glossary: Any, directory_urls: bool) -> None:
    """The site-wide pages (portal, glossary, metrics compared, actions aligned) of both languages
    and ``data/`` files, as the root builds' docs (``generated/zh``, ``generated/en``)."""
    files = render_root(summaries, env, strings, glossary, directory_urls, project.metric_registry(),
                        read_curation(project))
    files["zh/data/plan.schema.json"] = dump_json(load_schema("plan"))
    for lang in urls.LANGS:
        sync_tree(project.build_dir / lang, split_files(files, f"{lang}/"))
