"""Helpers the test modules share (fixtures are in ``conftest.py``): the command line with the
build date pinned, a copy of the project to build in, file trees to compare, and one page of each
kind to check in the browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT

EPOCH = 1_700_000_000  # 2023-11-14 22:13:20 UTC: the build date the tests pin


def plansite(*args: str, cwd: Path, env: dict[str, str] | None = None,
             preexec_fn: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line, with ``SOURCE_DATE_EPOCH`` pinned unless ``env`` says otherwise."""
    full = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(EPOCH), **(env or {})}
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], cwd=cwd, env=full, capture_output=True,
                          text=True, timeout=600, preexec_fn=preexec_fn)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (``None``) under ``folder``, by relative path."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def differences(a: dict[str, bytes | None], b: dict[str, bytes | None]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k, b"\0missing") != b.get(k, b"\0missing"))


def copy_project(into: Path) -> Path:
    """The project's sources (what git tracks or would track) copied into ``into``."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=False)
    if listed.returncode == 0:
        names = [n for n in listed.stdout.decode().split("\0") if n and not n.startswith("benchmarks/")]
    else:  # not a git checkout: everything but what .gitignore names
        skip = {".git", ".venv", "site", "dist", "generated", ".hypothesis", ".pytest_cache", "benchmarks"}
        names = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*")
                 if p.is_file() and not (set(p.relative_to(ROOT).parts) & skip)
                 and "__pycache__" not in p.parts and ".egg-info" not in str(p)]
        names.append("generated/zh/.keep")
    for name in names:
        source = ROOT / name
        if source.is_file():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (into / "generated" / "zh").mkdir(parents=True, exist_ok=True)
    return into


#: One page of each kind, as URL paths under a language's root ("" = Chinese, "en/" = English).
PAGE_KINDS = {
    "portal": "",
    "home": "dongying/",
    "full text": "dongying/text/",
    "part": "dongying/2/",
    "section": "dongying/3/1/",
    "task": "dongying/3/1/2/",
    "target": "dongying/3/1/1/t1/",
    "targets dashboard": "dongying/targets/",
    "agencies index": "dongying/agencies/",
    "agency": "dongying/agencies/drc/",
    "downloads": "dongying/downloads/",
    "glossary": "glossary/",
}
LANGUAGES = {"": "zh", "en/": "en"}  # URL prefix -> the html element's lang
PAGES = [prefix + path for prefix in LANGUAGES for path in PAGE_KINDS.values()]
