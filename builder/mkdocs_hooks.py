"""MkDocs hooks (named in ``mkdocs.yml``): regenerate the pages before every build, watch the
sources under ``mkdocs serve``, and build the English site under ``en/`` after the Chinese one.

Run by ``mkdocs build``, ``mkdocs serve`` and ``plansite build`` alike.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import jieba

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from builder import publish
from builder.errors import PlansiteError
from builder.offline import is_offline
from builder.project import Project, load_yaml

def _project(config: Any) -> Project:
    return Project.find(Path(config.config_file_path).parent)


def _is_english(config: Any) -> bool:
    return config.extra.get("plansite_lang") == "en"


jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not the user's business


@event_priority(100)  # before the search plugin reads the jieba user dictionary
def on_config(config: Any) -> Any:
    project = _project(config)
    if not _is_english(config):
        try:
            # the offline plugin turns directory URLs off only after this hook ran: render for it now
            directory_urls = config.use_directory_urls and not is_offline(config)
            publish.REQUEST.nav = publish.prepare_docs(project, directory_urls)
        except PlansiteError as error:
            if publish.REQUEST.plans is not None or publish.REQUEST.from_cli:
                raise
            raise Abort(str(error)) from None
        _write_jieba_dictionary(project)
    config.nav = publish.REQUEST.nav["en" if _is_english(config) else "zh"]
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        search.config.jieba_dict_user = str(project.build_dir / "jieba-user.txt")
    return config


def _write_jieba_dictionary(project: Project) -> None:
    """Policy terms from the glossary, so jieba keeps 碳中和 and 光储直柔 whole in the index."""
    glossary = load_yaml(project.content / "glossary.yaml") or {}
    words = sorted({w for term in glossary.get("terms", []) or []
                    for w in (term["zh"], *(term.get("aliases") or [])) if len(w) > 1})
    path = project.build_dir / "jieba-user.txt"
    text = "".join(f"{w.replace(' ', '')} 200000 n\n" for w in words if w.replace(" ", ""))
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    project = _project(config)
    for folder in (project.seeds, project.content, project.templates):
        server.watch(str(folder))
    return server


def on_post_build(config: Any) -> None:
    if _is_english(config):
        return
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = _project(config)
    english = load_config(str(publish.english_config(project, config)), strict=config.strict)
    build(english)
