"""The pipeline's shape: each stage imports only the stages before it, and no module imports
itself back through another.

Run ``python -m tests.test_imports`` to print the import graph, stage by stage.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "builder"

#: The stages, in the order data flows through them. A module may import modules of its own stage
#: and of earlier ones, never of a later one.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("core", ("builder", "builder.errors", "builder.ids", "builder.model", "builder.agencies",
              "builder.cache", "builder.uptodate")),
    ("import", ("builder.importer",)),
    ("parse", ("builder.parse",)),
    ("extract", ("builder.extract",)),
    ("data", ("builder.serialize", "builder.versions", "builder.changes", "builder.meta", "builder.translation")),
    ("render", ("builder.render",)),
    ("project", ("builder.project",)),
    ("publish", ("builder.refresh", "builder.sitemap", "builder.search_worker", "builder.search_index", "builder.offline",
                 "builder.settings", "builder.plan_build", "builder.summaries", "builder.workers", "builder.publish",
                 "builder.bundles")),
    ("commands", ("builder.cli", "builder.check", "builder.po", "builder.mkdocs_hooks", "builder.warm")),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``path`` imports, anywhere in it (a function's own import too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "builder":
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "builder")
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports(path, set(mods)) - {name} for name, path in mods.items()}


def stage_of(module: str) -> int:
    """The index of the stage ``module`` belongs to (the longest prefix that names it)."""
    best, where = -1, -1
    for index, (_, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, where = len(prefix), index
    return where


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk (each reported once, from its first module)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the walk's path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def test_every_module_has_a_stage() -> None:
    assert [m for m in modules() if stage_of(m) < 0] == []


def test_no_module_imports_a_later_stage() -> None:
    backward = [f"{m} ({STAGES[stage_of(m)][0]}) imports {d} ({STAGES[stage_of(d)][0]})"
                for m, deps in graph().items() for d in sorted(deps) if stage_of(d) > stage_of(m)]
    assert backward == []


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_test_modules_import_helpers_not_each_other() -> None:
    """Shared test code lives in ``tests/conftest.py`` and ``tests/helpers.py``, never in a test
    module another one imports (running one module alone then runs no other's tests)."""
    crossed = []
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module == "tests":
                names = [f"tests.{a.name}" for a in node.names]
            crossed += [f"{path.name} imports {n}" for n in names if n.startswith("tests.test_")]
    assert crossed == []


def test_the_checks_catch_what_they_look_for() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    assert stage_of("builder.render.site") > stage_of("builder.extract.targets") > stage_of("builder.parse")
    assert stage_of("builder.publish") > stage_of("builder.project") > stage_of("builder.render.urls")


def main() -> int:
    edges = graph()
    for index, (stage, _) in enumerate(STAGES):
        print(f"{index} {stage}")
        for module in sorted(m for m in edges if stage_of(m) == index):
            deps = ", ".join(sorted(d.removeprefix("builder.") for d in edges[module]))
            print(f"    {module.removeprefix('builder.') or 'builder'} → {deps or '(nothing of builder)'}")
    problems = cycles(edges)
    for module, deps in sorted(edges.items()):
        problems += [[module, d] for d in sorted(deps) if stage_of(d) > stage_of(module)]
    for problem in problems:
        print("problem: " + " → ".join(problem))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
