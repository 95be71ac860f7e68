"""One plan's build in one language: the half that runs in a worker process, before MkDocs.

:func:`prepare_plan` takes a :class:`PlanJob` (the plan as the building process loaded it, or
its path), renders that language's pages in memory and, with Chinese, writes the plan's data
exports; it returns the settings of the MkDocs build that follows: an empty ``docs_dir``, the
plan's ``nav`` (every label escaped here, :func:`nav_entry`), and the pages themselves in
``extra.plansite_pages``, which the build's ``on_files`` hook takes (:func:`take_pages`). Nothing
is kept in a module variable between the two: the pages travel in the build's configuration.
A plan's Markdown never goes to disk: writing a folder per page costs more than rendering it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from builder import search_docs
from builder.project import Project
from builder.render.corpus import PlanLinks, apply_links
from builder.render.site import PlanInput, make_environment, plan_views, render_plan
from builder.render.views import PlanView

#: The key of ``extra`` under which a plan build's pages reach its ``on_files`` hook.
PAGES_KEY = "plansite_pages"


@dataclass(frozen=True)
class PlanJob:
    """One language of one plan, for the worker that builds it to load and render first."""

    root: str
    path: str
    lang: str
    directory_urls: bool
    data_dir: str | None  # where the plan's data exports go (with the Chinese pages)
    #: the plan's input and view, as the building process loaded them (they travel pickled, in a
    #: tenth of the time it takes to parse the plan again); None: the worker loads the plan itself
    loaded: tuple[PlanInput, PlanView] | None = None
    #: what the plan's pages know of the other plans of the site (:meth:`PlanLinks.to_data`)
    links: dict[str, Any] | None = None


def template_cache(project: Project) -> Path:
    """Compiled page templates, shared by the build's processes and the next build."""
    return project.build_dir / "jinja-cache"


@functools.lru_cache(maxsize=4)
def _environment(root: str) -> jinja2.Environment:
    """The page templates of a project, compiled once per worker process (kept for its next plan)."""
    project = Project(Path(root))
    return make_environment(project.templates, template_cache(project))


def render_job(job: PlanJob) -> tuple[str, dict[str, str], list[Any], dict[str, Any]]:
    """Load the plan (unless the job carries it), render one language's pages (and, with Chinese,
    write the data exports to ``job.data_dir``); return the plan's id, its pages (path below the
    plan's docs folder → Markdown), its ``nav`` and what its search index is made of
    (:func:`builder.search_docs.plan_pages`)."""
    project = Project(Path(job.root))
    strings = project.strings()
    if job.loaded is not None:
        item, view = job.loaded
    else:
        item = project.load_inputs([Path(job.path)])[0]
        view = plan_views([item], project.glossary(), strings=strings)[0]
    if job.links is not None:
        apply_links(view, PlanLinks.from_data(job.links))
    files = render_plan(item, view, _environment(str(project.root)), strings, job.directory_urls, langs=(job.lang,))
    if job.data_dir is not None:
        data_dir = Path(job.data_dir)
        for rel, text in split_files(files, f"zh/data/{view.id}/").items():
            (data_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (data_dir / rel).write_bytes(text.encode("utf-8"))
    return (view.id, split_files(files, f"{job.lang}/{view.id}/"), navigation(view, strings, job.lang, job.directory_urls),
            search_docs.plan_pages(view, job.lang, project.glossary().terms))


def prepare_plan(job: PlanJob, overrides: dict[str, Any]) -> dict[str, Any]:
    """In a worker: :func:`render_job`, then the build's settings: ``overrides`` with the plan's
    (empty) ``docs_dir``, its ``nav`` and its pages (``extra.plansite_pages``)."""
    plan_id, pages, nav, search = render_job(job)
    docs = plan_docs(Project(Path(job.root)), plan_id, job.lang)
    sync_tree(docs, {})  # the build's docs folder: empty, its pages come from memory
    return {**overrides, "docs_dir": str(docs), "nav": nav,
            "extra": {**overrides.get("extra", {}), PAGES_KEY: pages, search_docs.KEY: search}}


def take_pages(config: Any) -> dict[str, str]:
    """The build's ``on_files`` side: the pages :func:`prepare_plan` put in its configuration
    (taken out, so nothing else sees them)."""
    return config.extra.pop(PAGES_KEY, None) or {}


def sync_tree(folder: Path, files: dict[str, str]) -> None:
    """Make ``folder`` hold exactly ``files`` (path → text), rewriting only what changed.

    Unchanged files keep their timestamps, so ``mkdocs serve`` does not rebuild in a loop.
    """
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {folder / rel for rel in files}
    for existing in sorted(folder.rglob("*"), reverse=True):
        if existing.name.startswith("."):
            continue  # .keep and the like belong to the repository
        if existing.is_file() and existing not in wanted:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    for rel, text in files.items():
        path = folder / rel
        data = text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def split_files(files: dict[str, str], prefix: str) -> dict[str, str]:
    """The files below ``prefix``, by their path below it."""
    return {k[len(prefix):]: v for k, v in files.items() if k.startswith(prefix)}


def plan_docs(project: Project, plan_id: str, lang: str) -> Path:
    """The docs folder of one plan's build in one language: empty, its pages are handed over in
    memory (:func:`prepare_plan`); the benchmark writes them there for its floor."""
    return project.build_dir / "plans" / plan_id / lang


# --------------------------------------------------------------------------------------------
# Navigation


def navigation(view: PlanView, strings: dict[str, dict[str, str]], lang: str,
               directory_urls: bool = True) -> list[Any]:
    """A plan's nav: back to every plan; the plan's home, full text, parts and actions, targets,
    agencies, downloads; the glossary. Tasks, agencies and targets are reached from those pages,
    and other plans from the portal, so no page carries a navigation that grows with the number
    of tasks or of plans. Paths are relative to the plan's own build. Every label is escaped
    (:func:`nav_entry`)."""
    def t(key: str) -> str:
        return strings[key][lang]

    title = view.title_en if lang == "en" and view.title_en else view.title_zh
    entries: list[Any] = [nav_entry(t("home"), "index.md"), nav_entry(t("full_text"), "text/index.md")]
    for part in view.parts:
        name = _nav_label(part, lang)
        if part.children:
            entries.append(nav_entry(name, [f"{part.id}/index.md"] + [
                nav_entry(_nav_label(s, lang), f"{s.id.replace('.', '/')}/index.md") for s in part.children]))
        else:
            entries.append(nav_entry(name, f"{part.id}/index.md"))
    entries += [nav_entry(t("targets"), "targets/index.md"), nav_entry(t("agencies"), "agencies/index.md")]
    entries += [nav_entry(t("deadlines"), "deadlines/index.md")] if view.deadlines else []
    entries += [nav_entry(t("changes"), "changes/index.md")] if view.history else []
    entries += [nav_entry(t("downloads"), "downloads/index.md")]
    index = "" if directory_urls else "index.html"  # links out of the build: as the pages link
    up = "../" * (view.id.count("/") + 1)  # to the site root: a version's build is mounted deeper
    return [nav_entry(t("plans"), f"{up}{index}"), nav_entry(title, entries),
            nav_entry(t("glossary"), f"{up}glossary/{index}")]


def root_navigation(strings: dict[str, dict[str, str]], lang: str) -> list[Any]:
    """The site-wide pages' nav: the portal (which lists every plan), the glossary, the actions
    aligned and the targets compared by metric."""
    return [nav_entry(strings["plans"][lang], "index.md"), nav_entry(strings["glossary"][lang], "glossary/index.md"),
            nav_entry(strings["aligned_title"][lang], "actions/index.md"),
            nav_entry(strings["metrics"][lang], "metrics/index.md")]


def nav_entry(label: str, target: Any) -> dict[str, Any]:
    """One entry of an MkDocs ``nav``. The theme inserts a nav title into the page as HTML (the
    navigation, the tabs, the footer), so the label is HTML-escaped here, the one place nav
    entries are made: a heading such as ``PM2.5<35`` or ``R&D`` shows as written."""
    return {str(markupsafe.escape(label)): target}


def _nav_label(clause: Any, lang: str) -> str:
    if lang == "en":
        return f"{clause.id} {clause.heading_en or clause.heading_zh}"
    return f"{clause.marker}{clause.heading_zh}"
