"""The build's first step (:mod:`builder.refresh`): a plan's text becomes ``content/<plan>/plan.yaml``,
which the site is rendered from; a text that would move the published ids leaves that file alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.project import Project
from builder.refresh import refresh, refresh_all
from builder.serialize import plan_yaml_text
from builder.versions import fingerprint
from tests.helpers import copy_project, plansite

WORDING = ("加强建筑拆除管理，杜绝大拆大建。", "加强建筑拆除管理，严格杜绝大拆大建。")
TASK = "1．加快推进工业绿色低碳转型。"


def _project(tmp_path: Path) -> Project:
    return Project(copy_project(tmp_path / "p"))


def _edit(project: Project, old: str, new: str) -> Path:
    seed = project.seeds / "dongying.txt"
    text = seed.read_text(encoding="utf-8")
    assert text.count(old) == 1
    seed.write_text(text.replace(old, new), encoding="utf-8")
    return seed


def _insert_task(project: Project) -> Path:
    """A task inserted before the first one of a section: the section's later tasks are renumbered."""
    seed = project.seeds / "dongying.txt"
    lines = seed.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(TASK))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(("（", "一", "二", "三", "四", "五")))
    for i in range(start, end):
        if lines[i][:1].isdigit() and "．" in lines[i][:3]:
            number, rest = lines[i].split("．", 1)
            lines[i] = f"{int(number) + 1}．{rest}"
    lines[start:start] = ["1．建设零碳示范园区。到2025年，建成零碳示范园区2个。（责任单位：市发展改革委）", ""]
    seed.write_text("\n".join(lines), encoding="utf-8")
    return seed


def test_an_unchanged_seed_keeps_its_plan_yaml_byte_for_byte(tmp_path: Path) -> None:
    project = _project(tmp_path)
    published = project.content / "dongying/plan.yaml"
    before = published.stat().st_mtime_ns, published.read_bytes()
    result = refresh(project, project.seeds / "dongying.txt")
    assert result.path == published and result.note is None
    assert (published.stat().st_mtime_ns, published.read_bytes()) == before  # not even rewritten


def test_an_edited_wording_refreshes_plan_yaml_and_the_version_in_ids_yaml(tmp_path: Path) -> None:
    project = _project(tmp_path)
    old_version = project.id_map("dongying").version
    seed = _edit(project, *WORDING)
    result = refresh(project, seed)
    published = project.content / "dongying/plan.yaml"
    assert result.path == published and result.note is None
    assert WORDING[1] in published.read_text(encoding="utf-8")
    new_plan = project.parse(seed)
    assert published.read_text(encoding="utf-8") == plan_yaml_text(new_plan)
    id_map = project.id_map("dongying")
    assert id_map.version == fingerprint(new_plan) != old_version and id_map.moved == {}


def test_a_text_that_moves_ids_is_built_aside_and_the_published_version_kept(tmp_path: Path) -> None:
    project = _project(tmp_path)
    published = project.content / "dongying/plan.yaml"
    before = published.read_bytes(), (project.content / "dongying/ids.yaml").read_bytes()
    seed = _insert_task(project)
    result = refresh(project, seed)
    assert result.path == project.build_dir / "yaml/dongying/plan.yaml"
    assert "建成零碳示范园区2个" in result.path.read_text(encoding="utf-8")
    assert (published.read_bytes(), (project.content / "dongying/ids.yaml").read_bytes()) == before
    assert result.note is not None and "plansite ids seeds/dongying.txt" in result.note
    assert "(first: 3.2.1 → 3.2.2)" in result.note


def test_the_command_line_says_so_and_plansite_ids_then_records_the_move(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _insert_task(project)
    built = plansite("build", "-o", "site", cwd=project.root)
    assert built.returncode == 0, built.stderr
    assert "note: this text moves" in built.stderr
    assert "建成零碳示范园区2个" in (project.root / "site/dongying/3/2/1/index.html").read_text(encoding="utf-8")
    recorded = plansite("ids", "seeds/dongying.txt", cwd=project.root)
    assert recorded.returncode == 0, recorded.stderr
    assert yaml.safe_load((project.content / "dongying/ids.yaml").read_text(encoding="utf-8"))["moved"]["3.2.1"] \
        == "3.2.2"
    again = plansite("build", "-o", "site", cwd=project.root)
    assert again.returncode == 0 and "note:" not in again.stderr, again.stderr


def test_a_text_outside_seeds_leaves_content_alone(tmp_path: Path) -> None:
    project = _project(tmp_path)
    elsewhere = tmp_path / "town.txt"
    elsewhere.write_text((project.seeds / "dongying.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = refresh(project, elsewhere)
    assert result.path == project.build_dir / "yaml/town/plan.yaml" and result.path.is_file()
    assert not (project.content / "town").exists()


def test_a_second_refresh_reads_its_record_instead_of_parsing(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path)
    seed = _edit(project, *WORDING)
    first = refresh(project, seed)

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(Project, "parse", no_parse)
    assert refresh(project, seed) == first
    (project.content / "metrics.yaml").write_text(  # an input of extraction changed: parsed again
        (project.content / "metrics.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="parsed again"):
        refresh(project, seed)


def test_two_texts_of_one_plan_id_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    from builder.errors import PlansiteError

    project = _project(tmp_path)
    twin = tmp_path / "dongying.txt"
    twin.write_text("东营市碳达峰工作方案\n", encoding="utf-8")
    before = (project.content / "dongying/plan.yaml").read_bytes()
    with pytest.raises(PlansiteError, match="plan id 'dongying' is already used by"):
        refresh_all(project, [project.seeds / "dongying.txt", twin])
    assert (project.content / "dongying/plan.yaml").read_bytes() == before


def test_mkdocs_serve_is_not_woken_by_the_builds_own_writes(tmp_path: Path) -> None:
    """A file the build wrote (the refreshed ``plan.yaml``) and the temporary file it wrote it
    through start no build while nobody else has written it; once somebody has, they do."""
    from watchdog.events import FileModifiedEvent, FileMovedEvent

    from builder import refresh as refreshing
    from builder.mkdocs_hooks import _NotOwnWrites

    class Handler:
        def __init__(self) -> None:
            self.events: list[object] = []

        def dispatch(self, event: object) -> None:
            self.events.append(event)

    path = tmp_path / "content" / "plan" / "plan.yaml"
    temporary = path.with_name(".plan.yaml.tmp")
    refreshing._write_text(path, "id: plan\n")
    handler = Handler()
    watcher = _NotOwnWrites(handler)
    watcher.dispatch(FileModifiedEvent(str(temporary)))
    watcher.dispatch(FileMovedEvent(str(temporary), str(path)))
    assert refreshing.written_here(str(path)) and handler.events == []

    path.write_text("id: plan\ntitle: by hand\n", encoding="utf-8")  # a maintainer's edit
    other = FileModifiedEvent(str(path))
    watcher.dispatch(other)
    assert not refreshing.written_here(str(path)) and handler.events == [other]
    watcher.dispatch(FileModifiedEvent(str(tmp_path / "content" / "plan" / "meta.yaml")))
    assert len(handler.events) == 2
