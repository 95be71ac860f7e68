"""Reuse of a plan's build: a plan whose inputs have not changed since the last build into the
same folder is taken from that site instead of being built again.

A plan's build in one language (its pages, search index and sitemap under ``<plan>/`` or
``en/<plan>/``; with Chinese, its data exports under ``data/<plan>/`` and the summary the portal
and glossary use) depends on nothing but its inputs. After each build, plansite records for every
plan and language a key that hashes all of those inputs —

* the plan's text and its folder in ``content/``, and the site-wide content (glossary, agency
  registry, metric names);
* the templates and the theme's overrides, ``mkdocs.yml`` and plansite's own code;
* the versions of Python and of every package that writes into the pages;
* the build's settings (language, offline or not, directory URLs, ``site_url``, strictness)
  and its date (the sitemap dates the pages with it; ``SOURCE_DATE_EPOCH`` pins it) —

with the size and modification time of every file the build wrote
(``generated/cache/<plan>/<lang>-<variant>.json``). The next build into the same folder that
computes the same key, and finds those files as they were written, links them into the new site
(hard links: no copy, and the old site is left as it is until the new one replaces it) instead
of rendering and running MkDocs. So in a site of a thousand plans a changed plan rebuilds alone,
and a fresh build pays nothing for it but a few ``stat`` calls. A file changed by hand in the
published site fails the check, and its plan is built again. The build is deterministic, so a
reused build is the one the inputs would give; ``tests/test_cache.py`` compares a site built
with reuse and one built afresh byte for byte. ``plansite build --fresh`` (or ``PLANSITE_CACHE=0``)
builds every plan.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

#: packages whose versions change what a build writes
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "markupsafe", "pyyaml",
            "jieba", "pypinyin", "cn2an")


#: curated files that only the site-wide pages read (the root builds): a plan's build does not
#: depend on them, so editing one rebuilds no plan
SITE_WIDE_ONLY = frozenset({"alignment.yaml"})


def enabled() -> bool:
    """``PLANSITE_CACHE=0`` (or ``false``, ``no``, ``off``) turns reuse off."""
    return os.environ.get("PLANSITE_CACHE", "1").strip().lower() not in ("0", "false", "no", "off")


def digest_tree(digest: Any, folder: Path) -> None:
    """Every file below ``folder`` (its path below it and its bytes) into ``digest``."""
    _digest_tree(digest, folder, folder)


def _digest_tree(digest: Any, folder: Path, base: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or path.name.startswith("."):
            continue
        digest.update(path.relative_to(base).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")


@functools.lru_cache(maxsize=1)
def versions() -> dict[str, str | None]:
    """The versions of Python and of every package that writes into the pages, once per process."""
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """plansite's code (this package) and the versions of what writes the pages, once per process."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    _digest_tree(digest, package, package)
    digest.update(json.dumps(versions(), sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def project_digest(root: Path, content: Path, templates: Path) -> str:
    """What every plan's build depends on: templates, ``mkdocs.yml``, the site-wide content files
    and the code; computed once per build."""
    digest = hashlib.sha256(code_digest().encode("ascii"))
    digest.update((root / "mkdocs.yml").read_bytes())
    _digest_tree(digest, templates, templates)
    for path in sorted(content.glob("*")):
        if path.is_file() and not path.name.startswith(".") and path.name not in SITE_WIDE_ONLY:
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def plan_digest(project_digest_: str, seed: Path, plan_content: list[Path], files: Sequence[Path] = ()) -> str:
    """What all of one plan's builds depend on: the project, the plan's text (its ``plan.yaml``),
    its content folders and other ``files`` (its provenance), where they exist."""
    digest = hashlib.sha256(project_digest_.encode("ascii"))
    digest.update(seed.read_bytes() + b"\0")
    for folder in plan_content:
        _digest_tree(digest, folder, folder.parent)
    for file in files:
        if file.is_file():
            digest.update(str(file).encode("utf-8") + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def build_key(plan_digest_: str, settings: dict[str, Any]) -> str:
    """The key of one of the plan's builds (one language, one variant)."""
    digest = hashlib.sha256(plan_digest_.encode("ascii"))
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()[:32]


#: the folder of a plan's mount that holds its published versions' builds (``dongying/v/2023/``):
#: builds of their own, never part of the plan's
VERSIONS_FOLDER = "v"
PLAN_SKIP = frozenset({VERSIONS_FOLDER})


def _stats(folder: Path, skip: frozenset[str] = frozenset()) -> dict[str, list[int]]:
    """Every file below ``folder`` → [size, modification time in ns], but in the top-level
    folders named in ``skip``."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if skip and path.relative_to(folder).parts[0] in skip:
            continue
        if path.is_file():
            info = path.stat()
            out[path.relative_to(folder).as_posix()] = [info.st_size, info.st_mtime_ns]
    return out


def _link_tree(source: Path, target: Path, skip: frozenset[str] = frozenset()) -> None:
    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:  # another file system, or no hard links
            shutil.copy2(src, dst)

    def ignore(folder: str, names: list[str]) -> set[str]:
        return set(names) & skip if Path(folder) == source else set()
    shutil.copytree(source, target, copy_function=link, ignore=ignore)


@dataclass
class Entry:
    """One plan's build in one language and variant (online or offline): where its record is, and
    the key this build computed for it."""

    record: Path
    key: str
    mount: str  # "dongying/" or "en/dongying/"
    data: str | None  # "data/dongying/" with Chinese
    #: the folders of the mount that are not the build's own (a plan's versions; the plans below
    #: the English root), left out of what is compared and of what is restored
    others: frozenset[str] = PLAN_SKIP
    #: folders of the mount that are the build's own but changed after it (the English root's
    #: search index, into which every plan's documents are put): restored, never compared
    rewritten: frozenset[str] = frozenset()

    def _load(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def find(self, site: Path) -> dict[str, Any] | None:
        """The record, if the last build into ``site`` had this key and its files are there as it
        wrote them."""
        record = self._load()
        if not record or record.get("key") != self.key or record.get("site") != str(site):
            return None
        for where, folder in (("files", self.mount), ("data_files", self.data)):
            if folder is not None and _stats(site / folder, self.others | self.rewritten) != record.get(where):
                return None
        return record

    def restore(self, site: Path, record: dict[str, Any], to: Path, data_to: Path | None) -> None:
        """Link the plan's files from the last site (``site``) to where its build would write them."""
        _link_tree(site / self.mount, to, self.others)
        if self.data is not None and data_to is not None and record.get("data_files"):
            _link_tree(site / self.data, data_to, PLAN_SKIP)

    def written(self, folder: Path, data: Path | None, summary: str | None) -> dict[str, Any]:
        """What to record of a build just made (its files still in the build's own folders)."""
        return {"key": self.key, "files": _stats(folder, self.others | self.rewritten),
                "data_files": _stats(data, PLAN_SKIP) if self.data is not None and data is not None and data.is_dir() else None,
                "summary": summary}

    def save(self, written: dict[str, Any], site: Path) -> None:
        """Record the build once its files are in place in ``site``."""
        self.record.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.record.with_suffix(".tmp")
        temporary.write_text(json.dumps({**written, "site": str(site)}, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, self.record)
