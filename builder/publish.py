"""Publishing: write the generated Markdown, run MkDocs (Chinese at the root, English under
``en/``), and swap the finished site into place.

The MkDocs hook (``builder/mkdocs_hooks.py``, named in ``mkdocs.yml``) calls into this module,
so ``mkdocs build`` and ``mkdocs serve`` from the top level and ``plansite build`` all do the
same work. A build writes into a fresh folder beside the output and replaces the output only when
everything succeeded: a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.offline import config_overrides as offline_overrides, is_offline, offline_settings
from builder.errors import BuildError
from builder.project import Project
from builder.render.site import PlanInput, plan_views, render_site
from builder.render.views import PlanView
from builder.serialize import load_schema, dump_json

log = logging.getLogger("mkdocs.plugins.plansite")


@dataclass
class Request:
    """What the current build is for; ``plansite build`` sets it, ``mkdocs build`` uses the defaults."""

    plans: list[Path] | None = None  # None: every file in seeds/
    offline: bool = False
    from_cli: bool = False  # errors propagate to the plansite command instead of aborting MkDocs
    inputs: list[PlanInput] = field(default_factory=list)
    nav: dict[str, Any] = field(default_factory=dict)  # per language, set while the Chinese site builds


REQUEST = Request()

#: Material's word separator for Chinese: whitespace, the zero-width space jieba's words are joined
#: with, and Chinese punctuation.
ZH_SEARCH_SEPARATOR = "[\\s\\u200b\\u3000\\-、。，．？！；]+"


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


def prepare_docs(project: Project, directory_urls: bool) -> dict[str, Any]:
    """Parse the requested plans, render both languages' Markdown into ``generated/`` and
    return the navigation for MkDocs. Raises :class:`~builder.errors.PlansiteError` on bad input."""
    paths = REQUEST.plans if REQUEST.plans is not None else project.seed_files()
    inputs = project.load_inputs(paths)
    REQUEST.inputs = inputs
    glossary, strings = project.glossary(), project.strings()
    views = plan_views(inputs, glossary)
    files = render_site(inputs, project.templates, strings, glossary, directory_urls=directory_urls, views=views)
    files["zh/data/plan.schema.json"] = dump_json(load_schema("plan"))
    docs = project.build_dir
    for lang in ("zh", "en"):
        prefix = f"{lang}/"
        sync_tree(docs / lang, {k[len(prefix):]: v for k, v in files.items() if k.startswith(prefix)})
    return {lang: navigation(views, strings, lang) for lang in ("zh", "en")}


def navigation(views: list[PlanView], strings: dict[str, dict[str, str]], lang: str) -> list[Any]:
    """The nav: per plan its home, full text, parts and actions, targets, agencies, downloads.

    Tasks, agencies and targets are reached from those pages, so no page carries a navigation
    that grows with the number of tasks.
    """
    def t(key: str) -> str:
        return strings[key][lang]

    nav: list[Any] = [{strings["plans"][lang]: "index.md"}]
    for view in views:
        title = view.title_en if lang == "en" and view.title_en else view.title_zh
        entries: list[Any] = [{t("home"): f"{view.id}/index.md"}, {t("full_text"): f"{view.id}/text/index.md"}]
        for part in view.parts:
            name = _nav_label(part, lang)
            if part.children:
                entries.append({name: [f"{view.id}/{part.id}/index.md"] + [
                    {_nav_label(s, lang): f"{view.id}/{s.id.replace('.', '/')}/index.md"} for s in part.children]})
            else:
                entries.append({name: f"{view.id}/{part.id}/index.md"})
        entries += [{t("targets"): f"{view.id}/targets/index.md"}, {t("agencies"): f"{view.id}/agencies/index.md"},
                    {t("downloads"): f"{view.id}/downloads/index.md"}]
        nav.append({title: entries})
    nav.append({strings["glossary"][lang]: "glossary/index.md"})
    return nav


def _nav_label(clause: Any, lang: str) -> str:
    if lang == "en":
        return f"{clause.id} {clause.heading_en or clause.heading_zh}"
    return f"{clause.marker}{clause.heading_zh}"


def english_config(project: Project, zh_config: Any) -> Path:
    """Write the English site's MkDocs configuration (same theme, English strings) and return it."""
    data = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    data["docs_dir"] = str((project.build_dir / "en").resolve())
    data["site_dir"] = str(Path(zh_config["site_dir"]).resolve() / "en")
    data["theme"]["language"] = "en"
    data["theme"]["custom_dir"] = str((project.root / data["theme"]["custom_dir"]).resolve())
    data["hooks"] = [str((project.root / h).resolve()) for h in data.get("hooks", [])]
    data["use_directory_urls"] = zh_config["use_directory_urls"]
    data["site_name"] = data.get("extra", {}).get("site_name_en", data["site_name"])
    if zh_config.get("site_url"):
        data["site_url"] = zh_config["site_url"].rstrip("/") + "/en/"
    data.setdefault("extra", {})["plansite_lang"] = "en"
    if is_offline(zh_config):
        offline_settings(data)  # the English half of the offline bundle: same plugin, same shim
    for plugin in data.get("plugins", []):
        if isinstance(plugin, dict) and "search" in plugin and plugin["search"]:
            plugin["search"].pop("lang", None)
            # English pages quote Chinese (untranslated text, names, glossary terms): split it into
            # words as the Chinese site does, so 碳中和 is found in both languages' search
            plugin["search"]["separator"] = ZH_SEARCH_SEPARATOR
    path = project.build_dir / "mkdocs.en.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_site(project: Project, plans: list[Path] | None, out_dir: Path, offline: bool = False,
               strict: bool = True) -> Path:
    """Build the whole site into ``out_dir``, atomically. Returns ``out_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    REQUEST.plans, REQUEST.offline, REQUEST.from_cli = plans, offline, True
    out_dir = out_dir.resolve()
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    except OSError as error:
        REQUEST.plans, REQUEST.offline, REQUEST.from_cli = None, False, False
        raise BuildError(f"{out_dir.parent}: error: expected a folder the site can be written in, "
                         f"found: {error.strerror}") from None
    try:
        overrides = offline_overrides(project.root / "mkdocs.yml") if offline else {}
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(staging), strict=strict, **overrides)
        build(config)
    except (Abort, ConfigurationError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"error: the MkDocs build failed: {error}") from None
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{error.filename or out_dir}: error: the site could not be written: "
                         f"{error.strerror or error}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        REQUEST.plans, REQUEST.offline, REQUEST.from_cli = None, False, False
    try:
        _swap(staging, out_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{out_dir}: error: the finished site could not replace the old one: "
                         f"{error.strerror or error}") from None
    return out_dir


def _swap(staging: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` with ``staging`` (two renames; the old site is removed afterwards)."""
    os.chmod(staging, 0o755)
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}-old-{os.getpid()}")
        out_dir.rename(old)
    staging.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
