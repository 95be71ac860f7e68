"""MkDocs hooks (named in ``mkdocs.yml``), run by every build of the site.

The root build (the one ``mkdocs.yml`` describes, which ``mkdocs build``, ``mkdocs serve`` and
``plansite build`` run) drives the others: its ``on_config`` renders the pages and starts each
plan's builds in worker processes, its ``on_post_build`` waits for them and moves their sites into
place (:mod:`builder.publish`). Every build mounted below the root (``en/``, ``<plan>/``,
``en/<plan>/``, marked by ``extra.plansite_mount``) links the theme's assets at the root instead
of carrying its own copy.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import jieba
import jinja2
import markupsafe
from jinja2 import pass_context
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, file_sort_key
from mkdocs.utils.templates import url_filter

from builder import (cache, navmemo, pagecache, plan_build, publish, refresh, search_docs, search_index, search_worker,
                     settings, sitemap, workers)
from builder.errors import PlansiteError
from builder.offline import is_offline
from builder.project import Project

jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not the user's business
log = logging.getLogger("mkdocs.plugins.plansite")


def _project(config: Any) -> Project:
    return Project.find(Path(config.config_file_path).parent)


def _mount(config: Any) -> str | None:
    """Where this build's site goes below the site root; ``None`` for the root build itself."""
    return config.extra.get("plansite_mount")


#: Whether this build is the root build, and the root build's :class:`~builder.publish.Request`
#: (what it is for, the run under way, its result). MkDocs loads the hooks module afresh for every
#: configuration, so these are the build's own, like a plugin instance's attributes: nothing is
#: shared with another build, and ``plansite build`` hands the request in with the configuration.
_ROOT = False
_REQUEST: publish.Request | None = None
#: the pages this build converted before (:mod:`builder.pagecache`); None: every page is converted
_PAGES: pagecache.Store | None = None


@event_priority(100)  # before the search plugin reads the jieba user dictionary
def on_config(config: Any) -> Any:
    global _ROOT, _REQUEST
    _ROOT = _mount(config) is None
    project = _project(config)
    if _ROOT:
        _REQUEST = request = publish.take_request(config)
        if not request.from_cli and request.progress is None:  # mkdocs build, mkdocs serve: in MkDocs' log
            request.progress = lambda line: log.info(f"plansite: {line}")
        try:
            config.nav = publish.start(project, config, request)
        except PlansiteError as error:
            if request.plans is not None or request.from_cli:
                raise
            raise Abort(str(error)) from None
    elif _mount(config).removeprefix("en/"):
        # a plan's build, which the root build started (its pages and nav are ready): its search
        # offers to search every plan (templates/theme/partials/search.html)
        config.extra["plansite_search_widen"] = project.strings()["search_all_plans"][config.extra["plansite_lang"]]
    _lighten_theme(config, project)
    if not (_mount(config) or "").removeprefix("en/"):  # a root build: its pages, for its search index
        config.extra[search_docs.KEY] = search_docs.root_pages(project.glossary().terms, _lang(config))
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        # jieba's dictionary with the glossary's words, loaded once per process (not by the plugin)
        workers.use_jieba_dictionary(str(settings.jieba_dictionary(project)))
        search.config.jieba_dict_user = None
    return config


class _TemplatesOnly(jinja2.BaseLoader):
    """The theme's templates, without listing the theme's other files: a mounted build takes its
    assets from the root build, so it need not walk the theme's folders (Material's thousands of
    icons) for files it would drop (:func:`on_files`)."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        return self.loader.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return []


def _lighten_theme(config: Any, project: Project) -> None:
    """What every build would otherwise repeat: the theme's templates are compiled once for all
    builds and kept (``generated/jinja-cache``, beside the page templates'; a changed template is
    compiled again); a mounted build neither lists the theme's files nor renders the 404 page the
    root's serves for all. The pages written are the same."""
    theme = config.theme
    get_env = type(theme).get_env
    mounted = _mount(config) is not None
    folder = plan_build.template_cache(project)
    folder.mkdir(parents=True, exist_ok=True)
    compiled = jinja2.FileSystemBytecodeCache(str(folder))
    if mounted:
        theme.static_templates.discard("404.html")

    def lighter_env() -> jinja2.Environment:
        env = get_env(theme)
        env.bytecode_cache = compiled
        if mounted:
            env.loader = _TemplatesOnly(env.loader)
        return env

    theme.get_env = lighter_env


def on_files(files: Any, config: Any) -> Any:
    """A mounted build leaves the theme's files out: the root build writes them once, for all,
    with the search worker and the theme's script fixed (:func:`_fix_theme`). A plan's build takes its pages
    from memory (:func:`builder.plan_build.take_pages`)."""
    if not _mount(config):
        _fix_theme(files, config)
        return files
    generated = [File.generated(config, path, content=text) for path, text in plan_build.take_pages(config).items()]
    for file in sorted(generated, key=file_sort_key):  # the order MkDocs reads a docs folder in
        files.append(file)
    theme_dirs = tuple(os.path.abspath(d) + os.sep for d in config.theme.dirs)
    for file in list(files):
        if file.abs_src_path and os.path.abspath(file.abs_src_path).startswith(theme_dirs):
            files.remove(file)
    return files


#: The theme's files the root build writes fixed: (their path, the fix, what it means that a
#: version of Material is not the one the fix knows, in which case the file is left as it is).
_THEME_FIXES = (
    (search_worker.WORKER, search_worker.fix, "this version of Material's search worker is not the one plansite "
     "fixes; its search cuts a Chinese query into words again, by a rule of its own"),
    (sitemap.THEME_BUNDLE, sitemap.unhook_alternates, "this version of Material's script is not the one plansite "
     "fixes; it requests a sitemap beside each hreflang link of a page"),
)


def _fix_theme(files: Any, config: Any) -> None:
    """The search worker (:mod:`builder.search_worker`) and the theme's script
    (:func:`builder.sitemap.unhook_alternates`), fixed."""
    for file in list(files):
        for path, fix, unfixed in _THEME_FIXES:
            if not path.fullmatch(file.src_uri) or not file.abs_src_path:
                continue
            fixed = fix(Path(file.abs_src_path).read_text(encoding="utf-8"))
            if fixed is None:
                log.info(f"plansite: {unfixed}")
                continue
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=fixed))


def on_env(env: Any, config: Any, files: Any) -> Any:
    """The navigation drawn once for the pages that draw it alike (:mod:`builder.navmemo`); a
    mounted build links the theme's assets (``assets/…``) at the site root."""
    navmemo.install(env, config, enabled=cache.enabled())
    mount = _mount(config)
    if not mount:
        return env
    up = "../" * mount.count("/")

    def shared(value: Any) -> str:
        value = str(value)
        return up + value if value.startswith("assets/") else value

    @pass_context
    def url(context: Any, value: Any) -> str:
        return url_filter(context, shared(value))

    @pass_context
    def script_tag(context: Any, script: Any) -> str:
        html = '<script src="{0}"'
        if not isinstance(script, str):
            if script.type:
                html += ' type="{1.type}"'
            if script.defer:
                html += " defer"
            if script.async_:
                html += " async"
        html += "></script>"
        return markupsafe.Markup(html).format(url_filter(context, shared(script)), script)

    env.filters["url"] = url
    env.filters["script_tag"] = script_tag
    return env


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Watch what the site is made from (the plans' texts, ``content/``, ``templates/``), not the
    docs folder the build itself writes (``generated/zh``): a build that changed a site-wide page
    there would otherwise start a second build of the same input."""
    project = _project(config)
    _watch_natively(server)
    for folder in (project.seeds, project.content, project.templates):
        server.watch(str(folder))
    if Path(config.docs_dir).resolve().is_relative_to(project.build_dir.resolve()):
        server.unwatch(config.docs_dir)
    return server


class _NativeObserver:
    """The system's own file notifications (inotify on Linux) for MkDocs' live reload, in place of
    polling every half second: a saved file is seen at once. Only what writes a file counts
    (created, modified, moved, deleted): the build reading ``content/`` and ``templates/`` must not
    start another build."""

    def __init__(self) -> None:
        from watchdog import events
        from watchdog.observers import Observer

        self._observer = Observer()
        self._writes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileMovedEvent,
                        events.FileDeletedEvent, events.FileClosedEvent]

    def schedule(self, handler: Any, path: str, recursive: bool = False) -> Any:
        return self._observer.schedule(_NotOwnWrites(handler), path, recursive=recursive, event_filter=self._writes)

    def unschedule(self, watch: Any) -> None:
        self._observer.unschedule(watch)

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()

    def join(self, timeout: float | None = None) -> None:
        self._observer.join(timeout)


class _NotOwnWrites:
    """Passes a file's event on unless the build itself wrote the file and nobody has since (a
    text's refreshed ``plan.yaml``: :func:`builder.refresh.written_here`); otherwise a build that
    refreshed a plan would start a second one, and the reader's page would load twice."""

    def __init__(self, handler: Any) -> None:
        self.handler = handler

    def dispatch(self, event: Any) -> None:
        paths = [event.src_path] + ([event.dest_path] if getattr(event, "dest_path", "") else [])
        if all(refresh.written_here(os.fsdecode(p)) for p in paths):
            return
        self.handler.dispatch(event)


def _watch_natively(server: Any) -> None:
    """Give MkDocs' server (:class:`mkdocs.livereload.LiveReloadServer`, not yet started) the
    native observer, moving the paths it already watches; left polling where this MkDocs or
    watchdog is not the one this knows, or the system has no native notifications."""
    watched = getattr(server, "_watched_paths", None)
    if not isinstance(watched, dict) or type(getattr(server, "observer", None)).__name__ != "PollingObserver":
        return
    try:
        native = _NativeObserver()
    except (ImportError, OSError):
        return
    if type(native._observer).__name__ == "PollingObserver":  # watchdog's fallback: nothing gained
        return
    paths = dict(watched)
    for path, count in paths.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = native
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)


#: after the search plugin (0) has written the root's own index, which the plans' indexes join
#: (:mod:`builder.search_index`); before the offline plugin (-100) inlines it for file://
@event_priority(-50)
def on_post_build(config: Any) -> None:
    global _PAGES
    if _PAGES is not None:
        _PAGES.save()
        _PAGES = None
    _reshape_search(config)
    if _mount(config) is not None:
        if _mount(config):
            (Path(config.site_dir) / "404.html").unlink(missing_ok=True)  # the root's 404 page serves all
        return
    request = _REQUEST or publish.Request()
    try:
        publish.finish(request, Path(config.site_dir))
    except PlansiteError as error:
        if request.from_cli:
            raise
        raise Abort(str(error)) from None


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """Each page takes its HTML from the last build of the same place where its Markdown is the
    same (:mod:`builder.pagecache`), unless the build is to reuse nothing."""
    global _PAGES
    fresh = config.extra.get("plansite_fresh") or (_ROOT and _REQUEST is not None and _REQUEST.fresh)
    if fresh or not cache.enabled():
        _PAGES = None
        return nav
    mount = _mount(config) or ""
    variant = "offline" if is_offline(config) else "online"
    path = _project(config).build_dir / "cache" / "pages" / mount / f"{variant}.json.gz"
    _PAGES = pagecache.Store(path, pagecache.settings_key(config, files))
    for file in files.documentation_pages():
        if file.page is not None:
            pagecache.remember(file.page, _PAGES)
    return nav


@event_priority(50)  # before the search plugin (0) reads the page
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """A page whose search documents plansite makes itself is left out of the search plugin's
    reading (:func:`builder.search_docs.take_page`)."""
    known = config.extra.get(search_docs.KEY)
    if known is not None:
        search_docs.take_page(known, page)
    return context


def _reshape_search(config: Any) -> None:
    """The build's search index as a reader's search needs it (:mod:`builder.search_docs`): a
    plan's from what its pages are (handed over with them), a root build's from the glossary
    (:func:`on_config`)."""
    known = config.extra.pop(search_docs.KEY, None)
    if known is not None:  # None: a plan's build without its pages' table (not one plansite started)
        search_docs.reshape(Path(config.site_dir) / search_index.INDEX, known, _lang(config))


def _lang(config: Any) -> str:
    return config.extra.get("plansite_lang") or config.theme["language"]


def on_build_error(error: Exception) -> None:
    if _ROOT and _REQUEST is not None:
        publish.abort(_REQUEST)  # stop the workers and remove what they wrote
