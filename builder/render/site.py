"""Render every page of the site, in both languages, as Markdown text keyed by path.

:func:`render_site` returns ``{"zh/dongying/3/1/index.md": "...", "en/...": ..., "zh/data/...": ...}``:
the Chinese docs tree under ``zh/``, the English one under ``en/`` (published under ``en/``),
data exports under ``zh/data/``. It writes nothing; a path rendered twice is a
:class:`~builder.errors.RenderError` (two agencies whose ids collide, for example).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from builder.errors import RenderError
from builder.extract.agencies import AgencyRegistry
from builder.model import Plan
from builder.render import urls
from builder.render.exports import export_files
from builder.render.views import ClauseView, PlanView, build_plan_view

HEADING_LEVEL = {"part": 2, "section": 3, "item": 4, "subitem": 5, "point": 6}


@dataclass
class PlanInput:
    """One plan to render, with its curated content."""

    plan: Plan
    registry: AgencyRegistry
    translation: dict[str, str] = field(default_factory=dict)


class Pages:
    """Collects rendered files; refuses to write one path twice."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}

    def add(self, path: str, content: str) -> None:
        if path in self.files:
            raise RenderError(f"two pages claim the path {path}")
        self.files[path] = content


def make_environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    # A YAML string for front matter: JSON quoting is valid YAML and needs no HTML escaping.
    env.filters["yaml"] = lambda value: markupsafe.Markup(json.dumps(str(value), ensure_ascii=False))
    return env


def render_site(inputs: list[PlanInput], templates: Path, strings: dict[str, dict[str, str]],
                directory_urls: bool = True) -> dict[str, str]:
    """Every page of every plan in both languages, a portal page, and the data exports."""
    env = make_environment(templates)
    pages = Pages()
    views = [build_plan_view(i.plan, i.registry, i.translation) for i in inputs]
    for lang in urls.LANGS:
        renderer = _LangRenderer(env, strings, lang, directory_urls, pages)
        renderer.page("portal.md.j2", "", strings["site_name"][lang], plans=views)
        for view in views:
            renderer.plan(view)
    for item, view in zip(inputs, views):
        for path, content in export_files(item.plan, view, item.registry).items():
            pages.add(f"zh/{path}", content)
    return pages.files


class _LangRenderer:
    def __init__(self, env: jinja2.Environment, strings: dict[str, dict[str, str]], lang: str,
                 directory_urls: bool, pages: Pages):
        self.env = env
        self.strings = strings
        self.lang = lang
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
            if not self.directory_urls:
                path, hash_, fragment = rel.partition("#")
                if path.endswith("/") or path in ("", "."):
                    path = (path if path.endswith("/") else "") + "index.html"
                rel = path + hash_ + fragment
            return rel
        return link

    def page(self, template: str, page: str, title: str, **context: Any) -> None:
        other = "en" if self.lang == "zh" else "zh"
        link = self.linker(page)
        alternate = urls.relative(urls.lang_prefix(self.lang) + page, urls.lang_prefix(other) + page)
        if not self.directory_urls:
            alternate = (alternate if alternate.endswith("/") else alternate + "/") + "index.html"
        text = self.env.get_template(template).render(
            lang=self.lang, t=self.t, link=link, title=title, heading_level=HEADING_LEVEL, **context)
        front = f"---\nalternate: {json.dumps(alternate)}\nalternate_lang: {other}\n"
        if text.startswith("---\n"):
            text = front + text[len("---\n"):]
        self.pages.add(f"{self.lang}/{page}index.md", text)

    def plan(self, plan: PlanView) -> None:
        title = plan.title_zh if self.lang == "zh" or not plan.title_en else plan.title_en
        common = {"plan": plan, "clauses": plan.clauses}
        home = plan.home
        self.page("home.md.j2", home, title, **common)
        self.page("text.md.j2", home + "text/", f"{self.t('full_text')} · {title}", **common)
        for clause in plan.clauses.values():
            if clause.has_page:
                self.page("unit.md.j2", clause.page, self._clause_title(clause), clause=clause, **common)
        for target in plan.targets:
            self.page("target.md.j2", urls.target_page(plan.id, target.id),
                      f"{target.id} · {target.metric_zh if self.lang == 'zh' or not target.metric_en else target.metric_en}",
                      target=target, **common)
        self.page("targets.md.j2", home + "targets/", f"{self.t('targets')} · {title}", **common)
        self.page("agencies.md.j2", home + "agencies/", f"{self.t('agencies')} · {title}", **common)
        for agency in plan.agencies:
            name = agency.name_zh if self.lang == "zh" or not agency.name_en else agency.name_en
            self.page("agency.md.j2", agency.url, name, agency=agency, **common)
        self.page("downloads.md.j2", home + "downloads/", f"{self.t('downloads')} · {title}",
                  files=_download_files(plan.id), **common)

    def _clause_title(self, clause: ClauseView) -> str:
        heading = clause.heading_zh if self.lang == "zh" else (clause.heading_en or clause.heading_zh)
        return f"{clause.marker if self.lang == 'zh' else clause.id + ' '}{heading}"


def _download_files(plan_id: str) -> list[dict[str, Any]]:
    rows = [
        ("plan.yaml", "YAML：方案全文结构", "YAML: the whole plan as a tree"),
        ("plan.json", "JSON：方案全文结构", "JSON: the whole plan as a tree"),
        ("citations.json", "JSON：每个可引用单元的编号、链接与引用格式", "JSON: every citable unit with its URL and citation"),
        ("targets.json", "JSON：目标", "JSON: dated targets"),
        ("targets.csv", "CSV：目标（UTF-8，带 BOM）", "CSV: dated targets (UTF-8 with BOM)"),
        ("agencies.json", "JSON：责任单位", "JSON: responsible agencies"),
    ]
    files = [{"name": name, "url": f"data/{plan_id}/{name}", "description": {"zh": zh, "en": en}}
             for name, zh, en in rows]
    files.append({"name": "plan.schema.json", "url": "data/plan.schema.json",
                  "description": {"zh": "JSON Schema：plan.yaml 与 plan.json 的结构",
                                  "en": "JSON Schema of plan.yaml and plan.json"}})
    return files
