"""Render every page of the site, in both languages, as Markdown text keyed by path.

:func:`render_site` returns ``{"zh/dongying/3/1/index.md": "...", "en/...": ..., "zh/data/...": ...}``:
the Chinese docs tree under ``zh/``, the English one under ``en/`` (published under ``en/``),
data exports under ``zh/data/``. It writes nothing; a path rendered twice is a
:class:`~builder.errors.RenderError` (two agencies whose ids collide, for example).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from builder.errors import RenderError
from builder.agencies import AgencyRegistry
from builder.extract.terms import Glossary
from builder.model import Plan
from builder.render import alignment, charts, corpus, urls
from builder.render.alignment import Curation
from builder.render.language import Language
from builder.render.exports import export_files
from builder.render.metrics import MetricRegistry, render_metric_pages
from builder.render.redirects import redirect_pages
from builder.versions import IdMap
from builder.meta import PlanMeta
from builder.render.views import ClauseView, PlanView, build_plan_view
from builder.serialize import dump_json

HEADING_LEVEL = {"part": 2, "section": 3, "item": 4, "subitem": 5, "point": 6}


@dataclass
class PlanInput:
    """One plan to render, with its curated content."""

    plan: Plan
    registry: AgencyRegistry
    translation: dict[str, str] = field(default_factory=dict)
    #: ``content/<plan>/ids.yaml``: ids of earlier versions, redirected where they are not live pages
    ids: IdMap | None = None
    #: ``source.yaml``: the document the text was imported from (``plansite import``), if known
    source: dict[str, Any] | None = None
    #: the build's date (ISO), against which deadlines are past or to come; None: not judged
    as_of: str | None = None
    #: ``meta.yaml``: the plan's curated metadata (issuer, level, region, 文号, date), if any
    meta: PlanMeta | None = None
    #: ``content/metrics.yaml``: a target whose metric it registers links to the metric's comparison
    metrics: MetricRegistry | None = None
    #: the published version (``versions.yaml``) whose text this is, if any: its pages are also at
    #: ``<plan>/v/<id>/``, the address citations give (``url_version``)
    version: Any = None
    #: the plan's published versions' texts and then the current one (:class:`builder.changes.Text`,
    #: oldest first), where it has published versions: what changed between them
    texts: list[Any] = field(default_factory=list)


class Pages:
    """Collects rendered files; refuses to write one path twice."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}

    def add(self, path: str, content: str) -> None:
        if path in self.files:
            raise RenderError(f"two pages claim the path {path}")
        self.files[path] = content


def make_environment(templates: Path, cache: Path | None = None) -> jinja2.Environment:
    """The page templates' environment. ``cache``: a folder where compiled templates are kept for
    the next process (keyed by each template's source, so an edited template is compiled again)."""
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)) if cache is not None else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["page_title"] = front_matter_title
    env.globals["in_lang"] = urls.in_lang  # a Chinese page's URL in the page's language
    return env


def front_matter_title(value: object) -> markupsafe.Markup:
    """A page's ``title:`` in its front matter. MkDocs and the theme take a page's title as HTML
    (they put it into the navigation, the header, ``<title>`` and the search index unescaped), so
    the text is HTML-escaped here, once; JSON quoting then makes it a valid YAML string."""
    return markupsafe.Markup(json.dumps(str(markupsafe.escape(str(value))), ensure_ascii=False))


def compile_templates(env: jinja2.Environment) -> None:
    """Compile every page template now, writing the bytecode cache: the build's processes then
    load them compiled, where each would otherwise compile them again (0.15 s of CPU apiece).
    A template that does not compile is a :class:`~builder.errors.RenderError` naming its line."""
    for name in env.list_templates(filter_func=lambda name: name.endswith(".j2")):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            where = os.path.relpath(error.filename) if error.filename else name
            message = error.message or "a template that compiles"
            raise RenderError(f"{where}:{error.lineno}:1: error: in the template, "
                              f"{message[:1].lower()}{message[1:]}") from None


def plan_views(inputs: list[PlanInput], glossary: Glossary | None = None, *,
               strings: dict[str, dict[str, str]]) -> list[PlanView]:
    """The view of every plan (computed once; the pages and the navigation share them)."""
    return [build_plan_view(i.plan, i.registry, i.translation, glossary, strings=strings, source=i.source,
                            as_of=i.as_of, meta=i.meta, metrics=i.metrics, id_map=i.ids,
                            version=i.version, texts=i.texts) for i in inputs]


@dataclass(frozen=True)
class ClauseRef:
    """A clause as the site-wide pages (portal, glossary) name it: small, picklable."""

    id: str
    url: str
    label_zh: str


@dataclass(frozen=True)
class PlanSummary:
    """What the site-wide pages need from one plan. A plan's build returns it, so the portal and
    the glossary are rendered without holding (or even loading) every plan in one process."""

    id: str
    title_zh: str
    title_en: str | None
    clause_count: int
    target_count: int
    #: glossary term id → the clauses of this plan whose text uses the term, in reading order
    terms: dict[str, tuple[ClauseRef, ...]] = field(default_factory=dict)
    #: ``meta.yaml`` as plain data (:meth:`PlanMeta.to_data`), or None where the plan has none
    meta: dict[str, Any] | None = None
    issuer: str | None = None  # as the text names it, where no meta.yaml does
    #: every target, as plain data (:func:`target_row`): the comparison of targets across plans
    targets: tuple[dict[str, Any], ...] = ()
    #: the ids of the headline targets (the plan's goals), for its card on the portal
    headline: tuple[str, ...] = ()
    #: every part, section and item (:func:`outline_row`): what the alignment of actions reads
    outline: tuple[dict[str, Any], ...] = ()
    #: the titles the plan's text names (:func:`builder.render.corpus.reference_spans`):
    #: ``[sentence id, start, end, key]``, in reading order
    references: tuple[tuple[str, int, int, str], ...] = ()
    agency_count: int = 0
    deadline_count: int = 0
    #: the document the text was imported from (``source.yaml``): ``file``, ``format``, ``sha256``, ``url``
    document: dict[str, Any] | None = None

    @property
    def home(self) -> str:
        return urls.plan_page(self.id)

    @property
    def plan_meta(self) -> PlanMeta | None:
        return PlanMeta.from_summary(self.meta) if self.meta else None


def target_row(t: Any) -> dict[str, Any]:
    """A target as the site-wide pages use it (plain data: it travels in a plan's summary)."""
    return {"id": t.id, "clause": t.clause, "year": t.year, "period": t.period, "metric_zh": t.metric_zh,
            "metric_en": t.metric_en, "value": t.value, "unit": t.unit, "value_si": t.value_si, "unit_si": t.unit_si,
            "cmp": t.cmp, "baseline_year": t.baseline_year, "kind": t.kind, "quote": t.quote, "url": t.url,
            "text_zh": t.text_zh, "label_zh": t.label_zh, "label_en": t.label_en}


def outline_row(c: ClauseView, parent: str | None, terms: list[str]) -> dict[str, Any]:
    """A part, section or item as the alignment of actions reads it: its heading, its terms, what it
    sets and who leads it."""
    return {"id": c.id, "kind": c.kind, "parent": parent, "label_zh": c.label_zh, "label_en": c.label_en,
            "heading_zh": c.heading_zh, "heading_en": c.heading_en, "url": c.url,
            "targets": [t.id for t in c.targets], "terms": terms,
            "leads": sorted({(a.id, a.name_zh, a.name_en or "") for a in c.agencies if a.role == "lead"}),
            "text_zh": "".join(s.zh for s in c.sentences)[:400]}


def summarize(item: PlanInput, view: PlanView, glossary: Glossary) -> PlanSummary:
    from builder.render.corpus import reference_spans

    def ref(clause: ClauseView) -> ClauseRef:
        return ClauseRef(clause.id, clause.url, clause.label_zh)
    used = glossary.clauses_using(item.plan)  # the glossary's uses: where the text links the term
    terms = {term_id: tuple(ref(view.clauses[i]) for i in ids) for term_id, ids in used.items()}
    by_clause: dict[str, list[str]] = {}
    for term_id, ids in glossary.clauses_using(item.plan, whole_words=False).items():  # the alignment's
        for clause_id in ids:
            by_clause.setdefault(clause_id, []).append(term_id)
    outline: list[dict[str, Any]] = []

    def walk(clause: ClauseView, parent: str | None) -> None:
        if clause.kind in ("part", "section", "item"):
            outline.append(outline_row(clause, parent, sorted(by_clause.get(clause.id, []))))
        for child in clause.children:
            walk(child, clause.id if clause.kind in ("part", "section", "item") else parent)
    for part in view.parts:
        walk(part, None)
    references = tuple((s.id, start, end, key) for clause in view.ordered() for s in clause.sentences
                       for start, end, key in reference_spans(s.zh))
    goals = {c.id for c in view.goals.walk()} if view.goals else set()
    headline = tuple(t.id for t in view.targets if t.kind == "numeric" and t.clause in goals)
    return PlanSummary(view.id, view.title_zh, view.title_en, len(view.clauses), len(view.targets), terms,
                       item.meta.to_data() if item.meta else None, view.issuer,
                       tuple(target_row(t) for t in view.targets), headline, tuple(outline), references,
                       len(view.agencies), len(view.deadlines),
                       {"file": view.document.file, "format": view.document.format, "sha256": view.document.sha256,
                        "url": view.document.url} if view.document else None)


def render_plan(item: PlanInput, view: PlanView, templates: Path | jinja2.Environment,
                strings: dict[str, dict[str, str]], directory_urls: bool = True,
                langs: tuple[str, ...] = urls.LANGS) -> dict[str, str]:
    """One plan's pages in ``langs`` (``zh/<plan>/…``, ``en/<plan>/…``) with the redirect pages
    of its old addresses, and its data exports (``zh/data/<plan>/…``, with Chinese), keyed by path.
    Both languages have the same pages at the same paths, so each can be rendered on its own (in
    the process that builds it)."""
    env = templates if isinstance(templates, jinja2.Environment) else make_environment(templates)
    pages = Pages()
    for lang in langs:
        _LangRenderer(env, strings, lang, directory_urls, pages).plan(view)
    if item.ids is not None:  # old addresses of renumbered clauses: static pages that redirect
        for path, content in redirect_pages(item.plan, item.ids, list(pages.files), env, strings, item.translation,
                                            directory_urls).items():
            if path.split("/", 1)[0] in langs:
                pages.add(path, content)
    if "zh" in langs:
        for path, content in export_files(item.plan, view, item.registry, item.source).items():
            pages.add(f"zh/{path}", content)
    return pages.files


def render_root(summaries: list[PlanSummary], templates: Path | jinja2.Environment,
                strings: dict[str, dict[str, str]], glossary: Glossary | None = None,
                directory_urls: bool = True, metrics: MetricRegistry | None = None,
                curation: Curation | None = None) -> dict[str, str]:
    """The site-wide pages in both languages: the portal listing every plan, the glossary
    (with where each plan uses each term), the targets compared by metric (``metrics``: the
    registry) and the actions aligned (``curation``: the curated ``content/alignment.yaml``), and
    ``zh/data/glossary.json``, ``plans.json``, ``metrics.json`` and ``alignment.json``."""
    env = templates if isinstance(templates, jinja2.Environment) else make_environment(templates)
    pages = Pages()
    glossary = glossary or Glossary()
    usage = glossary_usage(summaries)
    links = corpus.link_plans(summaries)
    cards = corpus.portal_cards(summaries, links)
    options = corpus.filter_options(cards, strings)
    aligned = alignment.align(summaries, curation, glossary)
    for lang in urls.LANGS:
        renderer = _LangRenderer(env, strings, lang, directory_urls, pages)
        renderer.page("portal.md.j2", "", strings["site_name"][lang], cards=cards, options=options)
        if glossary.terms:
            renderer.glossary(glossary, usage)
        alignment.render_actions(renderer, aligned)
    pages.add("zh/data/alignment.json", dump_json(alignment.alignment_rows(aligned)))
    if glossary.terms:
        pages.add("zh/data/glossary.json", dump_json(glossary_rows(glossary, usage)))
    pages.add("zh/data/plans.json", dump_json(corpus.plans_rows(summaries, links)))
    render_metric_pages(summaries, metrics, [_LangRenderer(env, strings, lang, directory_urls, pages)
                                             for lang in urls.LANGS], pages.add)
    return pages.files


def render_site(inputs: list[PlanInput], templates: Path, strings: dict[str, dict[str, str]],
                glossary: Glossary | None = None, directory_urls: bool = True,
                views: list[PlanView] | None = None) -> dict[str, str]:
    """Every page of every plan in both languages, the portal, the glossary and the data exports:
    :func:`render_plan` for each plan and :func:`render_root`. ``views`` are the plans' views where
    the caller has them already (:func:`plan_views`)."""
    env = make_environment(templates)
    glossary = glossary or Glossary()
    views = views if views is not None else plan_views(inputs, glossary, strings=strings)
    pages = Pages()
    for item, view in zip(inputs, views):
        for path, content in render_plan(item, view, env, strings, directory_urls).items():
            pages.add(path, content)
    summaries = [summarize(item, view, glossary) for item, view in zip(inputs, views)]
    for path, content in render_root(summaries, env, strings, glossary, directory_urls).items():
        pages.add(path, content)
    return pages.files


@dataclass
class TermUse:
    """Where one plan uses a term."""

    plan: PlanSummary
    clauses: tuple[ClauseRef, ...]


def glossary_usage(summaries: list[PlanSummary]) -> dict[str, list[TermUse]]:
    """Term id → the clauses of each plan whose text uses it (plans in the order given)."""
    usage: dict[str, list[TermUse]] = {}
    for summary in summaries:
        for term_id, clauses in summary.terms.items():
            usage.setdefault(term_id, []).append(TermUse(summary, clauses))
    return usage


def glossary_rows(glossary: Glossary, usage: dict[str, list[TermUse]]) -> list[dict[str, Any]]:
    """``data/glossary.json``. ``clauses`` holds ``<plan>:<clause id>`` for every plan of the site
    (the glossary is site-wide; the plan id keeps ids of different plans apart)."""
    return [{
        "id": term.id, "zh": term.zh, "pinyin": term.pinyin, "en": term.en, "definition_en": term.definition_en,
        "definition_zh": term.definition_zh,
        "url": urls.glossary_url(term.id), "url_en": urls.glossary_url(term.id, "en"),
        "clauses": [f"{use.plan.id}:{c.id}" for use in usage.get(term.id, []) for c in use.clauses],
    } for term in sorted(glossary.terms, key=lambda t: t.sort_key_zh)]


class _LangRenderer:
    def __init__(self, env: jinja2.Environment, strings: dict[str, dict[str, str]], lang: str,
                 directory_urls: bool, pages: Pages):
        self.env = env
        self.strings = strings
        self.lang = lang
        self.language = Language(lang, strings)  # the templates' ``L``: every choice of language
        self.directory_urls = directory_urls
        self.pages = pages

    def t(self, key: str) -> str:
        return self.strings[key][self.lang]

    def linker(self, page: str) -> Callable[[str], str]:
        """``link(url)``: a relative link from ``page`` to a site URL (data files are not translated)."""
        prefix = urls.lang_prefix(self.lang)
        here = prefix + page

        def link(url: str) -> str:
            target = url if url.startswith("data/") else prefix + url
            rel = urls.relative(here, target)
            return rel if self.directory_urls else urls.as_file(rel)
        return link

    def hreflang(self, page: str) -> list[dict[str, str]]:
        """The page in every language, for ``<link rel="alternate" hreflang>`` in its head and
        ``<xhtml:link>`` in its sitemap (the theme's ``main.html`` and ``sitemap.xml``): each
        language's code (``hreflang`` of strings.yaml), its page as a link from this one (``href``)
        and as a site path (``path``, for an absolute URL once the site has an address); then
        ``x-default``, the authoritative (Chinese) page."""
        here = urls.lang_prefix(self.lang) + page
        links = []
        for lang in (*urls.LANGS, None):
            path = urls.lang_prefix(lang or urls.SOURCE_LANG) + page
            href = urls.relative(here, path)
            if not self.directory_urls:
                path, href = urls.as_file(path), urls.as_file(href)
            links.append({"lang": self.strings["hreflang"][lang] if lang else "x-default", "href": href,
                          "path": path})
        return links

    def cite_forms(self) -> dict[str, str]:
        """The cite buttons' forms for this page's language (``plansite:cite-*`` in its head)."""
        return {"full": self.t("cite_full"), "short": self.t("cite_short"), "no-address": self.t("cite_no_address")}

    def context_nav(self, page: str, plan: PlanView, trail: list[Any], siblings: list[Any],
                    current: Any = None, extra: list[tuple[str, str]] = ()) -> dict[str, Any]:
        """The left sidebar of a page that the plan's navigation does not list (a task, a target,
        an agency): the plan's home, the way down to the page (``trail``: clauses or crumbs, each
        with its label and shortened heading; ``extra``: (text, url) of a listing page) and the
        page among its ``siblings``. Plain text, escaped by the theme (``main.html``); links
        relative to ``page``; ``lang`` marks the source text on a translation."""
        link = self.linker(page)
        untitled = self.language.is_translation and not plan.title_en  # the Chinese title, marked
        items = [{"text": self.language.title(plan), "href": link(plan.home), "level": 0, "lang": None,
                  "label_lang": self.language.source_tag if untitled else None}]
        items += [{"text": text, "href": link(url), "level": 1, "lang": None} for text, url in extra]
        for depth, c in enumerate(trail, start=1 + bool(extra)):
            items.append(self._nav_item(link, c, depth))
        level = 1 + bool(extra) + len(trail)
        for c in siblings:
            items.append({**self._nav_item(link, c, level), "current": c is current})
        return {"title": self.language.title(plan), "label": self.t("section_navigation"), "items": items}

    def _nav_item(self, link: Callable[[str], str], c: Any, level: int) -> dict[str, Any]:
        label, heading, source = self.language.crumb_parts(c)
        return {"text": label, "heading": heading, "href": link(c.url), "level": level,
                "lang": self.language.source_tag if source else None}

    def page(self, template: str, page: str, title: str, *, heading: markupsafe.Markup | None = None,
             title_in_source: bool = False, **context: Any) -> None:
        """Render one page. ``title`` is plain text (front matter, navigation, ``<title>``);
        ``heading``, the page's H1 where it differs (source-language text in it marked as such);
        ``title_in_source``: on a translation, the title is the plan's source text, for want of a
        translation (the navigation marks it with the source language's ``lang``)."""
        other = "en" if self.lang == "zh" else "zh"
        context_nav = context.pop("context_nav", None)
        link = self.linker(page)
        alternate = urls.relative(urls.lang_prefix(self.lang) + page, urls.lang_prefix(other) + page)
        if not self.directory_urls:
            alternate = urls.as_file(alternate)
        hreflang = self.hreflang(page)
        text = self.env.get_template(template).render(
            lang=self.lang, L=self.language, t=self.t, link=link, title=title, heading_level=HEADING_LEVEL,
            heading=heading if heading is not None else markupsafe.escape(title), **context)
        # the theme's words for this page: the language switch, the cite button's "copied"
        front = (f"---\nalternate: {json.dumps(alternate)}\nalternate_lang: {other}\n"
                 f"alternate_label: {json.dumps(self.strings['language_name'][other], ensure_ascii=False)}\n"
                 f"alternate_hreflang: {json.dumps(self.strings['hreflang'][other])}\n"
                 f"copied: {json.dumps(self.t('copied'), ensure_ascii=False)}\n"
                 f"cite: {json.dumps(self.cite_forms(), ensure_ascii=False)}\n"
                 f"hreflang: {json.dumps(hreflang)}\n")
        if title_in_source and self.language.is_translation:
            front += f"title_lang: {json.dumps(self.language.source_tag)}\n"
        if context_nav:
            front += f"context_nav: {json.dumps(context_nav, ensure_ascii=False)}\n"
        if text.startswith("---\n"):
            text = front + text[len("---\n"):]
        self.pages.add(f"{self.lang}/{page}index.md", text)

    def plan(self, plan: PlanView) -> None:
        title = plan.title_zh if self.lang == "zh" or not plan.title_en else plan.title_en
        common = {"plan": plan, "clauses": plan.clauses}
        home = plan.home
        self.page("home.md.j2", home, title, heading=self.language.pick(plan.title_zh, plan.title_en),
                  title_in_source=not plan.title_en, **common)
        self.page("text.md.j2", home + "text/", f"{self.t('full_text')} · {title}", **common)
        for clause in plan.clauses.values():
            if clause.has_page:
                self.page("unit.md.j2", clause.page, self._clause_title(clause), clause=clause,
                          heading=self._clause_heading(clause), title_in_source=not clause.heading_en,
                          context_nav=self._clause_context(plan, clause), **common)
        for target in plan.targets:
            self.page("target.md.j2", urls.target_page(plan.id, target.id), self._target_title(target),
                      target=target, context_nav=self._target_context(plan, target), **common)
        self.page("targets.md.j2", home + "targets/", f"{self.t('targets')} · {title}",
                  timeline=self._timeline(plan, home + "targets/"), **common)
        self.page("agencies.md.j2", home + "agencies/", f"{self.t('agencies')} · {title}",
                  heatmap=self._heatmap(plan, home + "agencies/"), **common)
        for agency in plan.agencies:
            name = agency.name_zh if self.lang == "zh" or not agency.name_en else agency.name_en
            self.page("agency.md.j2", agency.url, name, agency=agency, heading=self.language.agency(agency),
                      title_in_source=not agency.name_en,
                      context_nav=self.context_nav(agency.url, plan, [], [],
                                                   extra=[(self.t("agencies"), home + "agencies/")]), **common)
        if plan.deadlines:
            self.page("deadlines.md.j2", home + "deadlines/", f"{self.t('deadlines')} · {title}", **common)
        if plan.history is not None:
            history = plan.history
            by_key = {st.key: st for st in history.steps}
            self.page("changes.md.j2", home + "changes/", f"{self.t('changes')} · {title}", history=history,
                      step=None, steps_by_key=by_key, **common)
            for st in history.steps:
                new = self.language.plain(st.new.label_zh, st.new.label_en)
                old = self.language.plain(st.old.label_zh, st.old.label_en)
                self.page("changes.md.j2", st.url, self.t("changes_step").format(new=new, old=old),
                          history=history, step=st, steps_by_key=by_key, **common)
        self.page("downloads.md.j2", home + "downloads/", f"{self.t('downloads')} · {title}",
                  files=_download_files(plan.id, self.strings, plan.document is not None), **common)

    def glossary(self, glossary: Glossary, usage: dict[str, list[TermUse]]) -> None:
        """The glossary page: by pinyin (Chinese) or by English, with a letter index."""
        if self.lang == "zh":
            terms = sorted(glossary.terms, key=lambda t: t.sort_key_zh)
            initial = lambda t: t.initial_zh  # noqa: E731
        else:
            terms = sorted(glossary.terms, key=lambda t: (t.en.lower(), t.zh))
            initial = lambda t: t.initial_en  # noqa: E731
        letters: dict[str, list[Any]] = {}
        for term in terms:
            letters.setdefault(initial(term), []).append(term)
        self.page("glossary.md.j2", "glossary/", self.t("glossary"), letters=letters, usage=usage)

    def _name(self, zh: str | None, en: str | None) -> str:
        return (en or zh or "") if self.lang == "en" else (zh or "")

    def _field_label(self, clause: ClauseView) -> str:
        label = clause.label_zh if self.lang == "zh" else clause.id
        return f"{label} {self._name(clause.heading_zh, clause.heading_en)}"

    def _heatmap(self, plan: PlanView, page: str) -> markupsafe.Markup | None:
        """The responsibility matrix as an SVG heat map (the page also has it as a table)."""
        matrix = plan.matrix
        if matrix is None:
            return None
        link = self.linker(page)
        source = self.language.source_tag if self.lang == "en" else None  # an untranslated name is marked
        rows = [charts.Axis(self._name(a.name_zh, a.name_en), link(a.url), lang=None if a.name_en else source)
                for a in matrix.rows]
        columns = [charts.Axis(c.label_zh if self.lang == "zh" else c.id, link(c.url), self._field_label(c),
                               None if c.heading_en else source)
                   for c in matrix.columns]
        cells = {key: charts.Cell(lead, shared, link(matrix.rows[key[0]].url))
                 for key, (lead, shared) in matrix.cells.items()}
        svg = charts.responsibility_heatmap(
            rows, columns, cells, title=self.t("matrix_title"), description=self.t("matrix_description"),
            legend_lead=self.t("leads_count"), legend_shared=self.t("shares_count"), caption=self.t("matrix_caption"),
            id_prefix="ps-matrix")
        return markupsafe.Markup(svg)  # every text in it is escaped by the chart module

    def _timeline(self, plan: PlanView, page: str) -> markupsafe.Markup | None:
        """The targets on a time line, one lane per field of the plan."""
        if not plan.targets:
            return None
        link = self.linker(page)
        lanes = []
        for lane in plan.lanes:
            # English pages give values in normalised units (25 GW), so no Chinese is left in the chart
            value = (lambda t: t.value_text) if self.lang == "zh" else (lambda t: t.value_text_si)
            points = [charts.Point(
                t.year, value(t),  # a qualitative target has no label: its diamond and tooltip say it
                f"{self._name(t.metric_zh, t.metric_en)} {value(t)}".strip(), link(t.url), t.kind,
                "zh-CN" if self.lang == "en" and not t.metric_en else None)
                for t in lane.targets]
            source = self.language.source_tag if self.lang == "en" and not lane.field.heading_en else None
            lanes.append(charts.Lane(self._field_label(lane.field), link(lane.field.url), points, source))
        svg = charts.targets_timeline(
            lanes, title=self.t("timeline_title"), description=self.t("timeline_description"),
            caption=self.t("timeline_caption"), legend_numeric=self.t("numeric"),
            legend_qualitative=self.t("qualitative"), id_prefix="ps-timeline")
        return markupsafe.Markup(svg)

    def _clause_context(self, plan: PlanView, clause: ClauseView) -> dict[str, Any] | None:
        """A clause page's sidebar, where the plan's navigation stops above it (tasks, and
        paragraphs with pages): its parents, and it among its parent's clauses."""
        if clause.kind in ("part", "section") or not clause.crumbs:
            return None
        parent = plan.clauses[clause.id.rsplit(".", 1)[0]]
        siblings = parent.children if clause in parent.children else parent.paragraphs
        return self.context_nav(clause.page, plan, clause.crumbs, siblings, current=clause)

    def _target_context(self, plan: PlanView, target: Any) -> dict[str, Any]:
        """A target's sidebar: the plan's targets, the clause that sets it, and its other targets."""
        clause = plan.clauses[target.clause]
        return self.context_nav(urls.target_page(plan.id, target.id), plan, [*clause.crumbs, clause],
                                clause.targets, current=target,
                                extra=[(self.t("targets"), plan.home + "targets/")])

    def _clause_title(self, clause: ClauseView) -> str:
        heading = clause.heading_zh if self.lang == "zh" else (clause.heading_en or clause.heading_zh)
        return f"{clause.marker if self.lang == 'zh' else clause.id + ' '}{heading}"

    def _clause_heading(self, clause: ClauseView) -> markupsafe.Markup:
        """A clause page's H1: its number and heading, an untranslated heading marked as Chinese."""
        number = clause.marker if self.lang == "zh" else clause.id + " "
        return markupsafe.escape(number) + self.language.heading(clause)

    def _target_title(self, target: Any) -> str:
        """A target page's title: its id and metric; on a translation, where the metric has no
        English name (a qualitative target's words), its kind and year instead of Chinese."""
        if self.lang == "zh":
            return f"{target.id} · {target.metric_zh}"
        if target.metric_en:
            return f"{target.id} · {target.metric_en}"
        return f"{target.id} · {self.t('target_of_year_' + target.kind).format(year=target.year)}"


def _download_files(plan_id: str, strings: dict[str, dict[str, str]], document: bool) -> list[dict[str, Any]]:
    """The data files of a plan's downloads page, described in both languages (``file_*`` strings);
    ``document``: the plan has a source document (``source.json``)."""
    names = ["plan.yaml", "plan.json", "citations.json", "targets.json", "targets.csv", "agencies.json",
             "deadlines.json", "deadlines.csv", "changes.json"]
    files = [(name, f"data/{plan_id}/{name}") for name in names + (["source.json"] if document else [])]
    files += [("plan.schema.json", "data/plan.schema.json"), ("glossary.json", "data/glossary.json")]
    return [{"name": name, "url": url, "description": strings["file_" + name.replace(".", "_")]}
            for name, url in files]
