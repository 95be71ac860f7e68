"""Helpers the test modules share (fixtures are in ``conftest.py``): the command line with the
build date pinned, a copy of the project to build in, file trees to compare, one page of each
kind to check in the browser, and a small made-up plan (and a project around it) whose tasks tests
insert, delete and edit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from builder.agencies import AgencyRegistry
from builder.extract import extract_plan
from builder.model import Plan
from builder.parse import parse_plan
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


# ---------------------------------------------------------------------------------------------
# A small plan whose sections and tasks the tests insert, delete and edit

ENERGY = ("能源绿色低碳转型行动。推进能源转型。", [
    "大力发展新能源。到2025年，可再生能源发电装机达到500万千瓦。（责任单位：市发展改革委）",
    "严格控制煤炭消费。到2025年，煤炭消费比重下降到50%以下。（责任单位：市发展改革委）",
    "推进氢能产业发展。建设一批加氢站，培育氢能装备制造企业。（责任单位：市能源局）",
])
INDUSTRY = ("工业领域碳达峰行动。推进工业转型。", [
    "推动钢铁行业碳达峰。严禁新增钢铁产能。（责任单位：市工业和信息化局）",
    "推动建材行业碳达峰。加快推进绿色建材产品认证。（责任单位：市工业和信息化局）",
])
BUILDING = ("城乡建设碳达峰行动。推进城乡建设绿色转型。", [
    "推广绿色低碳建材和绿色建造方式。（责任单位：市住房城乡建设局）",
])
NEW_TASK = "加快建设新型电力系统。推进源网荷储一体化和多能互补发展。（责任单位：市能源局）"
CHINESE = "一二三四五六七八九十"


def plan_text(sections: list[tuple[str, list[str]]]) -> str:
    """The plan's text: a preface, part 一 with a paragraph, part 二 with ``sections``, part 三."""
    lines = ["某市碳达峰实施方案", "为做好碳达峰工作，制定本方案。", "一、总体要求", "坚持稳中求进。", "二、重点任务"]
    for s, (heading, items) in enumerate(sections):
        lines.append(f"（{CHINESE[s]}）{heading}")
        lines += [f"{i}．{item}" for i, item in enumerate(items, 1)]
    lines += ["三、保障措施", "（一）加强组织领导。各地区各部门要抓好落实。（责任单位：各有关部门）"]
    return "\n\n".join(lines) + "\n"


def make_plan(sections: list[tuple[str, list[str]]], plan_id: str = "city") -> Plan:
    return extract_plan(parse_plan(plan_text(sections), f"{plan_id}.txt", plan_id, AgencyRegistry.from_data(None)))


def make_project(root: Path, text: str, name: str = "runon") -> Path:
    """A project folder with this repository's configuration, templates and site-wide content."""
    (root / "seeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "generated" / "zh").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", root / "templates")
    for name_ in ("agencies.yaml", "glossary.yaml", "metrics.yaml"):
        shutil.copy(ROOT / "content" / name_, root / "content" / name_)
    (root / "builder").symlink_to(ROOT / "builder")  # mkdocs.yml names builder/mkdocs_hooks.py
    (root / "seeds" / f"{name}.txt").write_text(text, encoding="utf-8")
    return root
