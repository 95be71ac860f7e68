"""Publishing: render the Markdown, run MkDocs — one build per plan and language, in parallel —
and swap the finished site into place.

The site is a set of independent MkDocs sites, each mounted at its place below the site root:

==================  ==========================================  =================================
mount               pages                                       built from
==================  ==========================================  =================================
(root)              portal, glossary, ``data/``, theme assets   ``mkdocs.yml`` (the driver)
``en/``             English portal and glossary                 the same, English settings
``<plan>/``         one plan's Chinese pages, its search index  the same, that plan's docs
``en/<plan>/``      its English pages, their search index       the same, English settings
==================  ==========================================  =================================

So no page carries a navigation longer than one plan's parts and actions, each plan has its own
search index (a reader searches the plan they are reading), and each plan's build is independent
of every other: it costs the same in a site of one plan or of a thousand, and the builds run in
parallel worker processes (:mod:`builder.workers`). The theme's assets exist once, at the root;
every build links to them there (``builder/mkdocs_hooks.py``).

The root build drives the others through the MkDocs hook, so ``mkdocs build``, ``mkdocs serve``
and ``plansite build`` do the same work: its ``on_config`` parses and renders every plan (handing
each plan's two builds to the workers as soon as its pages are written) and then the site-wide
pages; the root build runs meanwhile; its ``on_post_build`` waits for the workers and moves their
sites into place. ``plansite build`` writes into a fresh folder beside the output and replaces the
output only when everything succeeded: a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder import cache, search_index, sitemap, workers
from builder.errors import BuildError, PlansiteError
from builder.offline import config_overrides as offline_overrides, is_offline
from builder.plan_build import PlanJob, plan_docs, root_navigation, template_cache
from builder.project import Project
from builder.refresh import refresh_all
from builder.settings import base_data, build_overrides, write_jieba_dictionary
from builder.summaries import read_summary, write_root_docs, write_summary
from builder.render.corpus import link_plans
from builder.render import urls
from builder.render.site import PlanInput, PlanSummary, compile_templates, make_environment, plan_views, summarize
from builder.render.views import PlanView

log = logging.getLogger("mkdocs.plugins.plansite")

#: First path segments the site-wide builds use: no plan may take one as its id.
RESERVED_IDS = frozenset({"en", "data", "assets", "search", "glossary", "404", "sitemap", "metrics", "actions"})


#: The key of the root build's ``extra`` that carries its :class:`Request` (``plansite build``
#: puts it there; the hook takes it out before anything else sees the configuration).
REQUEST_KEY = "plansite_request"


@dataclass
class BuildResult:
    """What a finished build did: each MkDocs build's statistics and the build's own timings."""

    site: Path
    stats: list[workers.BuildStats] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    #: what the user should know of the build (a plan's new text that moves ids: :mod:`builder.refresh`)
    notes: list[str] = field(default_factory=list)

    @property
    def reused(self) -> int:
        """How many plan builds were taken from the last build instead of built."""
        return sum(1 for s in self.stats if s.cached and s.mount.removeprefix("en/"))

    @property
    def site_wide_reused(self) -> bool:
        """Whether the English site-wide pages' build was taken from the last build."""
        return any(s.cached and s.mount == "en/" for s in self.stats)


@dataclass
class Request:
    """What a build is for: ``plansite build`` passes one to the root build in its configuration
    (``extra.plansite_request``); ``mkdocs build`` and ``mkdocs serve`` use the defaults. The root
    build's hooks keep it for the build's length: the run under way, then the result."""

    plans: list[Path] | None = None  # None: every file in seeds/
    from_cli: bool = False  # errors propagate to the plansite command instead of aborting MkDocs
    jobs: int | None = None  # worker processes; None: PLANSITE_JOBS or one per core
    #: called with one line per finished build (``plansite build`` on a terminal)
    progress: Callable[[str], None] | None = None
    #: plans built elsewhere (the offline bundles' portals, a merge): their summaries, which the
    #: site-wide pages list beside the ``plans`` built (none of seeds/ where this is set)
    root_only: list[PlanSummary] | None = None
    fresh: bool = False  # build every plan anew, reusing nothing of the last build (:mod:`builder.cache`)
    #: where the site ends up (``plansite build`` builds aside, then swaps); None: the build's site_dir
    final_dir: Path | None = None
    run: Run | None = None  # the build under way (from the root build's on_config to its on_post_build)
    result: BuildResult | None = None  # the build once finished


def take_request(config: Any) -> Request:
    """The root build's side: the :class:`Request` ``plansite build`` put in its configuration
    (taken out of ``extra``), else a new one with the defaults."""
    request = config.extra.pop(REQUEST_KEY, None)
    return request if isinstance(request, Request) else Request()


@dataclass
class Run:
    """A build in progress: the workers' builds and where their sites land before moving in."""

    parts: Path
    executor: concurrent.futures.Executor
    #: hands builds to ``executor`` from a thread of its own: the pool's first build waits for the
    #: fork server to import MkDocs and load jieba (a second or so) before a worker exists, and the
    #: building process renders the site-wide pages and runs the root build meanwhile
    submitter: concurrent.futures.ThreadPoolExecutor = field(
        default_factory=lambda: concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="plansite-submit"))
    #: one per build, in the order submitted: each gives the worker's future once it is handed over
    futures: list[concurrent.futures.Future] = field(default_factory=list)
    #: builds to record for the next build once this one has succeeded: the build's folder →
    #: (its cache entry, the plan's data exports or None, its summary as JSON or None)
    stores: dict[str, tuple[cache.Entry, Path | None, str | None]] = field(default_factory=dict)
    final_dir: Path | None = None  # where the site ends up
    stats: list[workers.BuildStats] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    started: float = 0.0  # when the root build took over from on_config
    lock: Any = None  # the open lock file that keeps other builds of the project waiting (:func:`_lock`)
    notes: list[str] = field(default_factory=list)  # for the user: see :attr:`BuildResult.notes`
    #: the plans whose documents the root's search index takes in (:mod:`builder.search_index`)
    search: list[search_index.PlanLabel] = field(default_factory=list)
    site_url: str | None = None  # the site's address (mkdocs.yml), for its sitemaps' absolute URLs


# --------------------------------------------------------------------------------------------
# The driver: called by the root build's hooks


def start(project: Project, config: Any, request: Request) -> list[Any]:
    """The root build's ``on_config``: load every plan (for its summary) and hand its two builds
    to the workers, which render its pages and run MkDocs; render the site-wide pages; return the
    root's navigation. The run under way is ``request.run``. Raises
    :class:`~builder.errors.PlansiteError` on bad input (after stopping whatever it started)."""
    abort(request)  # a run of this request that did not finish
    lock = _lock(project)
    config["site_name"] = project.strings()["site_name"][urls.SOURCE_LANG]  # as every build's (strings.yaml)
    config.extra["plansite_skip"] = project.strings()["skip_to_content"][urls.SOURCE_LANG]
    offline = is_offline(config)
    directory_urls = config.use_directory_urls and not offline  # the offline plugin switches them off later
    site_dir = Path(config.site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    clock, cpu = time.perf_counter(), time.process_time()
    if request.root_only is not None:  # plans built elsewhere (their summaries), and these plans
        paths: list[Path] = list(request.plans or [])
        _check_ids(project, paths)
        summaries = list(request.root_only)
    else:
        paths = request.plans if request.plans is not None else project.seed_files()
        _check_ids(project, paths)
        summaries = []
    try:  # the site is rendered from each plan's YAML (builder.refresh), under the lock
        refreshed = refresh_all(project, paths)
    except BaseException:
        if lock is not None:
            lock.close()
        raise
    paths = [r.path for r in refreshed]
    notes = [r.note for r in refreshed if r.note]
    for note in notes if not request.from_cli else []:
        log.info(note)
    # written after the refresh, so that outside git (where it is the newest input's time) the
    # date is the same on the next build
    project.pin_build_date()
    jobs = request.jobs or workers.default_jobs()
    parts = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-parts-", dir=site_dir.parent))
    run = request.run = Run(parts, workers.executor(jobs, 2 * len(paths) + 1), lock=lock, notes=notes,
                            site_url=config.site_url or None)
    # the workers start now (a call that does nothing makes the pool start them): the fork server
    # imports MkDocs and loads jieba while this process reads the project and the plans
    run.submitter.submit(run.executor.submit, os.getpid)
    try:
        write_jieba_dictionary(project)
        strings, glossary = project.strings(), project.glossary()
        env = make_environment(project.templates, template_cache(project))
        compile_templates(env)  # before any worker needs them
        base = base_data(project, offline)
        driver = {"site_url": config.site_url, "strict": config.strict, "use_directory_urls": directory_urls,
                  "fresh": request.fresh}
        timings["setup_s"] = time.perf_counter() - clock
        seen: dict[str, Path] = {}
        load = write = 0.0
        use_cache = cache.enabled()  # record what is built; reuse too unless asked for a fresh build
        digest = cache.project_digest(project.root, project.content, project.templates) if use_cache else ""
        final = run.final_dir = (request.final_dir or site_dir).resolve()
        # first every plan's summary (kept from the last build where its inputs are the same), so
        # that each plan's pages know the others (the plans it names, those that name it) ...
        plans: list[tuple[Path, str, str, tuple[PlanInput, PlanView] | None]] = []
        for path in paths:
            clock = time.perf_counter()
            plan_id = project.plan_id_for(path)
            if plan_id in seen:
                raise PlansiteError(f"{path}: error: plan id '{plan_id}' is already used by {seen[plan_id]}")
            seen[plan_id] = path
            plan_digest = cache.plan_digest(digest, path, [project.content / plan_id],
                                            [path.parent / "source.yaml"]) if use_cache else ""
            summary = None if request.fresh or not use_cache else read_summary(project, plan_id, plan_digest)
            loaded: tuple[PlanInput, PlanView] | None = None
            if summary is None:
                item = project.load_inputs([path])[0]
                view = plan_views([item], glossary, strings=strings)[0]
                loaded = (item, view)
                summary = summarize(item, view, glossary)
            load += time.perf_counter() - clock
            clock = time.perf_counter()
            write_summary(project, summary, plan_digest)
            write += time.perf_counter() - clock
            summaries.append(summary)
            plans.append((path, plan_id, plan_digest, loaded))
        links = link_plans(summaries)
        # ... then their builds, each language's pages rendered by the worker that builds them
        for path, plan_id, plan_digest, loaded in plans:
            context = links[plan_id].to_data()
            entries = _cache_entries(project, plan_digest, plan_id, context, offline, directory_urls,
                                     driver) if use_cache else {}
            found = {lang: record for lang, entry in entries.items()
                     if not request.fresh and (record := entry.find(final)) is not None}
            for lang in urls.LANGS:
                mount = urls.lang_prefix(lang) + plan_id + "/"
                data_dir = parts / "data" / plan_id if lang == "zh" else None
                if lang in found:
                    _reuse(run, entries[lang], found[lang], mount, lang, data_dir)
                    continue
                job = PlanJob(str(project.root), str(path), lang, directory_urls,
                              str(data_dir) if data_dir else None, loaded, context)
                folder = _submit(run, project, base, driver, lang, mount, plan_docs(project, plan_id, lang), [], job)
                if lang in entries:
                    run.stores[folder] = (entries[lang], data_dir, None)
            _submit_versions(run, project, base, driver, path, plan_id, glossary, strings, directory_urls,
                             digest if use_cache else None, offline, request.fresh)
        timings.update(load_s=load, write_s=write)
        clock = time.perf_counter()
        if request.root_only is None:
            _remove_stale_plans(project, set(seen))
        write_root_docs(project, summaries, env, strings, glossary, directory_urls)
        run.search = search_index.plan_labels(summaries, strings)
        _submit_english_root(run, project, base, driver, digest if use_cache else None, set(seen), offline,
                             directory_urls, request.fresh, strings)
        timings["root_render_s"] = time.perf_counter() - clock
        timings["cpu_s"] = time.process_time() - cpu  # all of the above, in this process
        run.timings = timings
        run.started = time.perf_counter()
    except BaseException:
        abort(request)
        raise
    return root_navigation(strings, "zh")


def _submit_versions(run: Run, project: Project, base: dict[str, Any], driver: dict[str, Any], path: Path,
                     plan_id: str, glossary: Any, strings: dict[str, dict[str, str]], directory_urls: bool,
                     digest: str | None = None, offline: bool = False, fresh: bool = False) -> None:
    """Every published version of the plan (``content/<plan>/versions.yaml``) built from its kept
    text at ``<plan>/v/<id>/`` (and ``en/…``), its data at ``data/<plan>/v/<id>/``. With the
    project's ``digest`` (the cache in use), a version whose inputs are those of the last build
    into the same folder is reused, not built again: its kept text and English, its label, and the
    plan's curated agencies and metadata."""
    folder = project.content / plan_id
    for version in project.versions(plan_id).versions:
        kept = folder / "versions" / version.id
        mount_id = f"{plan_id}/{cache.VERSIONS_FOLDER}/{version.id}"
        entries: dict[str, cache.Entry] = {}
        if digest is not None:
            version_digest = cache.plan_digest(digest, kept / "plan.yaml", [kept],
                                               [folder / "agencies.yaml", folder / "meta.yaml"])
            entries = _cache_entries(project, version_digest, mount_id, {"version": version.to_data()}, offline,
                                     directory_urls, driver)
        found = {lang: record for lang, entry in entries.items()
                 if not fresh and run.final_dir is not None and (record := entry.find(run.final_dir)) is not None}
        loaded = None
        for lang in urls.LANGS:
            mount = urls.lang_prefix(lang) + mount_id + "/"
            data_dir = run.parts / "data" / mount_id if lang == urls.SOURCE_LANG else None
            if lang in found:
                _reuse(run, entries[lang], found[lang], mount, lang, data_dir)
                continue
            if loaded is None:
                item = project.version_input(plan_id, version)
                loaded = (item, plan_views([item], glossary, strings=strings)[0])
            job = PlanJob(str(project.root), str(path), lang, directory_urls, str(data_dir) if data_dir else None,
                          loaded, None)
            label = version.label_en if lang != urls.SOURCE_LANG and version.label_en else version.label_zh
            notice = {"text": strings["version_notice"][lang].format(label=label, date=version.date),
                      "link": strings["version_current"][lang], "current": "../../"}  # the plan's home
            built = _submit(run, project, base, driver, lang, mount, plan_docs(project, mount_id, lang), [], job,
                            {"plansite_version": notice})
            if lang in entries:
                run.stores[built] = (entries[lang], data_dir, None)


def _submit(run: Run, project: Project, base: dict[str, Any], driver: dict[str, Any], lang: str, mount: str,
            docs: Path, nav: list[Any], job: PlanJob | None = None, extra: dict[str, Any] | None = None) -> str:
    """Hand one build to the workers (``extra``: more of ``mkdocs.yml``'s ``extra`` for it);
    returns the folder its site is written to."""
    folder = run.parts / f"{len(run.futures):06d}"
    overrides = build_overrides(project, base, driver, lang=lang, mount=mount, docs_dir=docs, site_dir=folder, nav=nav)
    overrides["extra"] = {**overrides.get("extra", {}), **(extra or {})}
    spec = workers.BuildSpec(str(project.root / "mkdocs.yml"), overrides, mount, lang, job)
    run.futures.append(run.submitter.submit(run.executor.submit, workers.run_build, spec))
    return str(folder)


def _submit_english_root(run: Run, project: Project, base: dict[str, Any], driver: dict[str, Any],
                         digest: str | None, plans: set[str], offline: bool, directory_urls: bool, fresh: bool,
                         strings: dict[str, Any]) -> None:
    """The English site-wide pages' build (``en/``), or, where its pages (just written) and all it
    is built with are those of the last build into the same folder, that build's files again: an
    edit to one plan's text that leaves the portal, the glossary and the comparisons as they were
    rebuilds the plan only. ``digest``: the project's (None: no reuse)."""
    docs, nav = project.build_dir / "en", root_navigation(strings, "en")
    entry = None
    if digest is not None:
        from mkdocs.utils import get_build_date

        pages = hashlib.sha256()
        cache.digest_tree(pages, docs)
        settings = {"nav": nav, "pages": pages.hexdigest(), "offline": offline, "directory_urls": directory_urls,
                    "site_url": driver["site_url"], "strict": driver["strict"], "date": get_build_date()}
        entry = cache.Entry(project.build_dir / "cache" / f"en-root-{'offline' if offline else 'online'}.json",
                            cache.build_key(digest, settings), "en/", None, others=frozenset(plans),
                            rewritten=frozenset({search_index.INDEX.parts[0]}))
        assert run.final_dir is not None
        record = None if fresh else entry.find(run.final_dir)
        if record is not None:
            _reuse(run, entry, record, "en/", "en", None)
            return
    folder = _submit(run, project, base, driver, "en", "en/", docs, nav)
    if entry is not None:
        run.stores[folder] = (entry, None, None)


def _cache_entries(project: Project, plan_digest: str, plan_id: str, context: dict[str, Any], offline: bool,
                   directory_urls: bool, driver: dict[str, Any]) -> dict[str, cache.Entry]:
    """The cache entries of a plan's builds, one per language: its inputs (``plan_digest``), what
    it knows of the other plans (``context``) and the build's settings."""
    from mkdocs.utils import get_build_date

    plan = cache.build_key(plan_digest, {"links": context})
    variant = "offline" if offline else "online"
    entries = {}
    for lang in urls.LANGS:
        settings = {"lang": lang, "offline": offline, "directory_urls": directory_urls,
                    "site_url": driver["site_url"], "strict": driver["strict"], "date": get_build_date(),
                    "plan": plan_id}
        entries[lang] = cache.Entry(project.build_dir / "cache" / plan_id / f"{lang}-{variant}.json",
                                    cache.build_key(plan, settings), urls.lang_prefix(lang) + plan_id + "/",
                                    f"data/{plan_id}/" if lang == "zh" else None)
    return entries


def _reuse(run: Run, entry: cache.Entry, record: dict[str, Any], mount: str, lang: str,
           data_dir: Path | None) -> None:
    """A plan's build as the last build into the same folder left it, put where a worker would
    have written it (and recorded again, for the build after this one)."""
    clock = time.perf_counter()
    folder = run.parts / f"{len(run.futures):06d}"
    assert run.final_dir is not None
    entry.restore(run.final_dir, record, folder, data_dir)
    run.stores[str(folder)] = (entry, data_dir, record.get("summary"))
    done: concurrent.futures.Future = concurrent.futures.Future()
    done.set_result(workers.BuildStats(mount, lang, time.perf_counter() - clock, 0.0, os.getpid(), str(folder),
                                       cached=True))
    handed: concurrent.futures.Future = concurrent.futures.Future()
    handed.set_result(done)
    run.futures.append(handed)


def finish(request: Request, site_dir: Path) -> None:
    """The root build's ``on_post_build``: wait for every worker build, then move their sites
    (``<plan>/``, ``en/``, ``data/<plan>/``) into ``site_dir`` and make the root's ``sitemap.xml``
    the index of every build's sitemap (:mod:`builder.sitemap`); the result is ``request.result``."""
    run = request.run
    if run is None:
        return
    try:
        total = len(run.futures)
        clock = time.perf_counter()
        run.timings["root_build_s"] = clock - run.started  # the root's own MkDocs build, in this process
        handed = [future.result() for future in run.futures]  # the workers' futures
        for done, future in enumerate(concurrent.futures.as_completed(handed), 1):
            stats = future.result()  # the first failure raises here; abort() stops the rest
            run.stats.append(stats)
            if request.progress is not None:
                where = stats.mount or "/"
                request.progress(f"[{done}/{total}] {where} unchanged: reused from the last build" if stats.cached
                                 else f"[{done}/{total}] built {where} in {stats.seconds:.1f} s")
        run.timings["wait_s"] = time.perf_counter() - clock
        clock, cpu = time.perf_counter(), time.process_time()
        if run.site_url:  # each build's sitemap within the protocol's limits, before its files are recorded
            for stats in run.stats:
                sitemap.split(Path(stats.folder) / "sitemap.xml",
                              run.site_url.rstrip("/") + "/" + stats.mount + "sitemap.xml")
        written = [(entry, entry.written(Path(folder), data_dir, summary))
                   for folder, (entry, data_dir, summary) in sorted(run.stores.items())]
        for stats in sorted(run.stats, key=lambda s: s.folder):
            _merge(Path(stats.folder), site_dir / stats.mount)
        for entry in sorted(run.parts.iterdir()):  # data/<plan>/
            _merge(entry, site_dir / entry.name)
        sitemap.index(site_dir, run.site_url)  # the root's sitemap.xml: an index of every build's
        search_index.combine(site_dir, run.search)  # the portal's search covers every plan
        for entry, record in written:  # the files are where the next build will look for them
            entry.save(record, run.final_dir or site_dir)
        run.timings["merge_s"] = time.perf_counter() - clock
        run.timings["cpu_s"] += time.process_time() - cpu
    except BaseException:
        abort(request)
        raise
    run.timings["worker_own_s"] = sum(s.own_seconds for s in run.stats)
    run.timings["worker_own_cpu_s"] = sum(s.own_cpu_seconds for s in run.stats)
    request.result = BuildResult(run.final_dir or site_dir, list(run.stats), dict(run.timings), list(run.notes))
    abort(request)  # the run is over: its workers stop, its lock is released


def _merge(source: Path, target: Path) -> None:
    """Move ``source`` to ``target``; where both are folders, move ``source``'s entries into it."""
    if source.is_dir() and target.is_dir():
        for entry in sorted(source.iterdir()):
            _merge(entry, target / entry.name)
        source.rmdir()
    elif target.exists():
        raise BuildError(f"{target}: error: two builds wrote this path (a plan id that names a site-wide folder?)")
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)


def abort(request: Request) -> None:
    """Stop the request's run, if any: cancel its pending builds, remove their output and
    release the project's lock."""
    run, request.run = request.run, None
    if run is not None:
        for future in run.futures:
            future.cancel()
        _stop(run, wait=True)
        if run.lock is not None:
            run.lock.close()  # closing releases the lock


def _lock(project: Project) -> Any:
    """One build of a project at a time: builds share ``generated/`` (the site-wide pages the root
    build reads), so a second build — ``plansite build`` while ``mkdocs serve`` rebuilds — waits
    for the first to finish instead of reading its half-written portal. Returns the open lock file
    (``None`` where there is no lock), which the run holds until it ends."""
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: no lock
        return None
    project.build_dir.mkdir(parents=True, exist_ok=True)
    handle = open(project.build_dir / ".build-lock", "w")  # noqa: SIM115 - held until the build ends
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        log.info("plansite: waiting for another build of this project to finish")
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _stop(run: Run, wait: bool) -> None:
    run.submitter.shutdown(wait=True, cancel_futures=True)  # no build is handed over after this
    run.executor.shutdown(wait=wait, cancel_futures=True)
    shutil.rmtree(run.parts, ignore_errors=True)


def _check_ids(project: Project, paths: list[Path]) -> None:
    for path in paths:
        plan_id = project.plan_id_for(path)
        if plan_id in RESERVED_IDS:
            raise PlansiteError(f"{path}: error: expected a plan id that is not one of the site's own folders "
                                f"({', '.join(sorted(RESERVED_IDS))}), found '{plan_id}' (set another id in "
                                f"content/{path.stem.lower()}/meta.yaml)")


def _remove_stale_plans(project: Project, keep: set[str]) -> None:
    """Docs of plans this build does not have (renamed or removed seeds) go."""
    folder = project.build_dir / "plans"
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.is_dir() and entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# plansite build


def build_site(project: Project, plans: list[Path] | None, out_dir: Path, offline: bool = False,
               strict: bool = True, jobs: int | None = None, progress: Callable[[str], None] | None = None,
               root_only: list[PlanSummary] | None = None, copies: list[tuple[Path, str]] | None = None,
               fresh: bool = False) -> BuildResult:
    """Build the whole site into ``out_dir``, atomically. Returns what the build did (the site's
    folder, each MkDocs build's statistics, the build's own timings).

    ``root_only``: summaries of plans built elsewhere, which the site-wide pages list beside
    ``plans`` (then only the plans named, none of seeds/, are built); ``copies``: folders
    (source, path in the site) copied in before the site replaces ``out_dir`` (:func:`merge_sites`)."""
    out_dir = out_dir.resolve()
    request = Request(plans=plans, from_cli=True, jobs=jobs, progress=progress, root_only=root_only, fresh=fresh,
                      final_dir=out_dir)
    try:
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
        except OSError as error:
            raise BuildError(f"{out_dir.parent}: error: expected a folder the site can be written in, "
                             f"found: {error.strerror}") from None
        try:
            data = base_data(project, offline)
            overrides = offline_overrides(data) if offline else {}
            # the request reaches the root build's hooks in its configuration, beside mkdocs.yml's extra
            extra = {**(data.get("extra") or {}), REQUEST_KEY: request}
            workers.mkdocs_build(str(project.root / "mkdocs.yml"),
                                 {**overrides, "site_dir": str(staging), "strict": strict, "extra": extra}, "the site")
        finally:
            abort(request)  # whatever MkDocs left running when it failed
        for source, rel in copies or []:
            try:
                shutil.copytree(source, staging / rel, dirs_exist_ok=False)
            except (OSError, shutil.Error) as error:
                raise BuildError(f"{source}: error: could not be copied into the site: {error}") from None
        if copies:
            sitemap.index(staging, data.get("site_url"))  # the copied plans' sitemaps too
            search_index.combine(staging, search_index.plan_labels(root_only or [], project.strings()))
        os.chmod(staging, 0o755)
    except BaseException:
        if "staging" in locals():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        _swap(staging, out_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{out_dir}: error: the finished site could not replace the old one: "
                         f"{error.strerror or error}") from None
    if request.result is None:
        raise BuildError(f"{project.root / 'mkdocs.yml'}: error: expected the plansite hooks "
                         "(hooks: [builder/mkdocs_hooks.py]), found a build that did not run them")
    return request.result


def merge_sites(project: Project, parts: list[Path], out_dir: Path, jobs: int | None = None,
                progress: Callable[[str], None] | None = None) -> list[str]:
    """Merge sites built separately (``plansite build`` of some plans each, on as many machines as
    you like) into one: every plan's ``<plan>/``, ``en/<plan>/`` and ``data/<plan>/`` as they were
    built, and the site-wide pages (portal, glossary, theme assets) built anew for all of them.
    A plan's summary for those pages comes from its published ``data/<plan>/plan.json`` and this
    project's curated content, exactly as a build computes it. A plan that names another of the
    merged plans (or is named by one) was built without knowing it, and is built again from its
    published data, so that merging the sites of plans built one by one gives the site of building
    them together, byte for byte. Returns the plan ids."""
    from builder.serialize import plan_from_data

    found: list[tuple[Path, str]] = []
    seen: dict[str, Path] = {}
    for part in parts:
        exports = sorted((part / "data").glob("*/plan.json"))
        if not exports:
            raise PlansiteError(f"{part}: error: expected a site built by `plansite build` (with "
                                "data/<plan>/plan.json), found none")
        for export in exports:
            plan_id = export.parent.name
            if plan_id in seen:
                raise PlansiteError(f"{export}: error: plan '{plan_id}' is already in {seen[plan_id]}")
            for rel in (plan_id, f"en/{plan_id}"):
                if not (part / rel / "index.html").is_file():
                    raise PlansiteError(f"{part / rel}: error: expected the plan's pages beside its data, found none")
            seen[plan_id] = part
            found.append((part, plan_id))
    glossary, strings = project.glossary(), project.strings()
    summaries = []
    for part, plan_id in found:
        export = part / "data" / plan_id / "plan.json"
        try:
            plan = plan_from_data(json.loads(export.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise PlansiteError(f"{export}: error: expected a plan.json written by `plansite build`, "
                                f"found {type(error).__name__}: {error}") from None
        source = part / "data" / plan_id / "source.json"
        item = PlanInput(plan, project.registry(plan_id), project.translation(plan_id).current(plan), project.id_map(plan_id),
                         json.loads(source.read_text(encoding="utf-8")) if source.is_file() else None,
                         meta=project.meta(plan_id))  # levels order the plans compared by metric
        summaries.append(summarize(item, plan_views([item], glossary, strings=strings)[0], glossary))
    # A plan that names another of the merged plans, or is named by one, was built without knowing
    # it: it is built again here, from its published plan.json (and source.json), with the others.
    links = link_plans(summaries)
    linked = {plan_id for plan_id, plan_links in links.items() if plan_links.cites or plan_links.cited_by}
    work = Path(tempfile.mkdtemp(prefix="plansite-merge-"))
    try:
        again = []
        for part, plan_id in found:
            if plan_id in linked:
                folder = work / plan_id
                folder.mkdir()
                shutil.copyfile(part / "data" / plan_id / "plan.json", folder / "plan.yaml")  # JSON is YAML
                if (part / "data" / plan_id / "source.json").is_file():
                    shutil.copyfile(part / "data" / plan_id / "source.json", folder / "source.yaml")
                again.append(folder / "plan.yaml")
        copies = [(part / rel, rel) for part, plan_id in found if plan_id not in linked
                  for rel in (plan_id, f"en/{plan_id}", f"data/{plan_id}")]
        build_site(project, again, out_dir, jobs=jobs, progress=progress,
                   root_only=[s for s in summaries if s.id not in linked], copies=copies)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [plan_id for _, plan_id in found]


def _swap(staging: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` with ``staging`` (two renames; the old site is removed afterwards)."""
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}-old-{os.getpid()}")
        out_dir.rename(old)
    staging.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def progress_printer(stream: Any = None) -> Callable[[str], None] | None:
    """Progress lines for a terminal; ``None`` (quiet) when stderr is not one (CI, pipes)."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None
    return lambda line: print(line, file=stream, flush=True)
