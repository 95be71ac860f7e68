"""Golden files: each ``tests/cases/<name>/`` holds an input and ``expected.yaml``, the document tree
that ``plansite parse --tree`` prints for it. The real plans' inputs live in ``seeds/`` and
``tests/corpus/``.

Refresh the goldens only on purpose, then read the diff::

    .venv/bin/python -m tests.goldens          # rewrite every expected.yaml
    git diff tests/cases
"""

from __future__ import annotations

import sys
from pathlib import Path

from builder.project import Project
from builder.serialize import dump_yaml, plan_to_data

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASES = HERE / "cases"
REAL = {"dongying": ROOT / "seeds" / "dongying.txt",
        **{p.stem: p for p in sorted((HERE / "corpus").glob("*.txt"))}}


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())


def case_input(name: str) -> Path:
    own = CASES / name / "input.txt"
    return own if own.exists() else REAL[name]


def render_case(name: str) -> str:
    plan = Project(ROOT).parse(case_input(name), extract=False)
    plan.id = name  # the case's name, whatever its file is called
    return dump_yaml(plan_to_data(plan), f"golden: the document tree of tests/cases/{name} (refresh: python -m tests.goldens)")


def main() -> int:
    for name in sorted(set(case_names()) | set(REAL)):
        folder = CASES / name
        folder.mkdir(exist_ok=True)
        (folder / "expected.yaml").write_text(render_case(name), encoding="utf-8")
        print(f"wrote tests/cases/{name}/expected.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
