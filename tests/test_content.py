"""Committed content: plan.yaml is regenerated from seeds/ and valid; `plansite check` reports problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.check import check_content, yaml_path
from builder.project import Project
from builder.serialize import dump_yaml, plan_to_data
from tests.conftest import ROOT, SEEDS, run_plansite


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_committed_yaml_is_fresh(seed: Path) -> None:
    """Fails when content/<plan>/plan.yaml is stale against seeds/: run `make content`."""
    project = Project(ROOT)
    plan = project.parse(seed)
    committed = (project.content / plan.id / "plan.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(committed) == plan_to_data(plan)


def test_plansite_parse_prints_the_committed_yaml() -> None:
    result = run_plansite("parse", "seeds/dongying.txt")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (ROOT / "content/dongying/plan.yaml").read_text(encoding="utf-8")


def test_check_passes_on_the_repository() -> None:
    problems, checked = check_content(Project(ROOT))
    assert problems == []
    assert checked >= 1


def test_check_reports_every_problem_with_its_yaml_path(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    content = tmp_path / "content" / "demo"
    content.mkdir(parents=True)
    data = yaml.safe_load((ROOT / "content/dongying/plan.yaml").read_text(encoding="utf-8"))
    data["plan"] = "demo"
    data["units"][3]["children"][0]["id"] = "not an id"
    data["units"][4]["kind"] = "chapter"
    (content / "plan.yaml").write_text(dump_yaml(data), encoding="utf-8")
    result = run_plansite("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "content/demo/plan.yaml: units[3].children[0].id: 'not an id' does not match "
        "'^(title|notice|lead|preface|[0-9]+(\\\\.[0-9]+)*(\\\\.p[0-9]+)?)$'",
        "content/demo/plan.yaml: units[4].kind: 'chapter' is not one of ['notice', 'lead', 'title', 'preface', "
        "'part', 'section', 'item', 'subitem', 'point', 'paragraph']",
        "2 problems in 1 files",
    ]


def test_yaml_paths() -> None:
    assert yaml_path(["units", 3, "children", 0, "id"]) == "units[3].children[0].id"
    assert yaml_path([]) == "(top)"
