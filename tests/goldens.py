"""Golden files: each ``tests/cases/<name>/`` holds an input and ``expected.yaml``, the document tree
that ``plansite parse --tree`` prints for it. The real plans' inputs live in ``seeds/`` and
``tests/corpus/``.

Also ``tests/pages/``: the Markdown that the renderer writes for one page of each kind of the
Dongying site, in both languages.

Refresh the goldens only on purpose, then read the diff::

    .venv/bin/python -m tests.goldens          # rewrite every expected.yaml and tests/pages/
    git diff tests/cases tests/pages
"""

from __future__ import annotations

import sys
from pathlib import Path

from builder.project import Project
from builder.serialize import dump_yaml, plan_to_data
from tests.conftest import CORPUS_PLANS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASES = HERE / "cases"
PAGES = HERE / "pages"
#: One page of each kind (docs paths under zh/ and en/).
PAGE_KINDS = {
    "portal": "index.md", "home": "dongying/index.md", "text": "dongying/text/index.md",
    "part": "dongying/2/index.md", "section": "dongying/3/1/index.md", "task": "dongying/3/1/2/index.md",
    "target": "dongying/3/1/1/t1/index.md", "targets": "dongying/targets/index.md",
    "agencies": "dongying/agencies/index.md", "agency": "dongying/agencies/drc/index.md",
    "downloads": "dongying/downloads/index.md", "glossary": "glossary/index.md",
}
REAL = {"dongying": ROOT / "seeds" / "dongying.txt", **{p.stem: p for p in CORPUS_PLANS}}


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())


def case_input(name: str) -> Path:
    own = CASES / name / "input.txt"
    return own if own.exists() else REAL[name]


def render_case(name: str) -> str:
    plan = Project(ROOT).parse(case_input(name), extract=False)
    plan.id = name  # the case's name, whatever its file is called
    return dump_yaml(plan_to_data(plan), f"golden: the document tree of tests/cases/{name} (refresh: python -m tests.goldens)")


def render_pages() -> dict[str, str]:
    """``{"zh/task.md": markdown, "en/task.md": …}`` for the Dongying site, as plansite renders it."""
    from builder.render.site import render_site

    project = Project(ROOT)
    files = render_site(project.load_inputs([REAL["dongying"]]), project.templates, project.strings(),
                        project.glossary())
    return {f"{lang}/{kind}.md": files[f"{lang}/{path}"] for lang in ("zh", "en") for kind, path in PAGE_KINDS.items()}


def main() -> int:
    for name, text in render_pages().items():
        (PAGES / name).parent.mkdir(parents=True, exist_ok=True)
        (PAGES / name).write_text(text, encoding="utf-8")
        print(f"wrote tests/pages/{name}")
    for name in sorted(set(case_names()) | set(REAL)):
        folder = CASES / name
        folder.mkdir(exist_ok=True)
        (folder / "expected.yaml").write_text(render_case(name), encoding="utf-8")
        print(f"wrote tests/cases/{name}/expected.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
