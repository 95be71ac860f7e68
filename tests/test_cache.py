"""A plan whose inputs are unchanged since the last build into the same folder is reused from it
(builder/cache.py), and the site is byte for byte the one a fresh build writes; a change to any
of a plan's inputs rebuilds that plan."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests import helpers
from tests.conftest import CORPUS, file_tree



def plansite(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command line in ``project``, with the build date pinned."""
    return helpers.plansite(*args, cwd=project, env=env)


def reused(result: subprocess.CompletedProcess[str]) -> int:
    """How many plan builds the command line says it reused."""
    assert result.returncode == 0, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    return int(last.split("(")[1].split()[0]) if "reused from the last build" in last else 0


def build(project: Path, *args: str, env: dict[str, str] | None = None) -> int:
    """``plansite build`` into the project's site/ (where the last build is); plan builds reused."""
    return reused(plansite(project, "build", "-o", "site", *args, env=env))


def same_as_fresh(project: Path, tmp: Path) -> None:
    fresh = tmp / "fresh"
    assert reused(plansite(project, "build", "--fresh", "-o", str(fresh))) == 0
    a, b = file_tree(project / "site"), file_tree(fresh)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    shutil.rmtree(fresh)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """The project with a second plan and an address (so the sitemaps carry every page and date),
    built once into its site/."""
    root = helpers.copy_project(tmp_path / "project")
    for other in ("shanghai", "national-industry"):  # two plans: Dongying's, and the national plan it cites
        (root / "seeds" / f"{other}.txt").unlink()
        shutil.rmtree(root / "content" / other)
    assert (root / "seeds" / "national-2030.txt").read_bytes() == (CORPUS / "national-2030.txt").read_bytes()
    config = root / "mkdocs.yml"
    config.write_text("site_url: https://plans.example.org/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    assert build(root) == 0
    return root


def stamps(*folders: Path) -> dict[str, tuple[int, int]]:
    """Every file below ``folders``: (inode, modification time in ns)."""
    return {str(p): (p.stat().st_ino, p.stat().st_mtime_ns) for folder in folders for p in sorted(folder.rglob("*"))
            if p.is_file()}


def up_to_date(result: subprocess.CompletedProcess[str]) -> bool:
    assert result.returncode == 0, result.stderr
    return "is up to date: nothing it is built from changed since its last build" in result.stderr


def test_a_build_with_nothing_changed_writes_nothing_and_runs_no_mkdocs(project: Path, tmp_path: Path) -> None:
    """The whole site's key and the files of its last build are checked before anything heavy is
    loaded (builder/uptodate.py): here MkDocs cannot even be imported, and no file of the site or
    of generated/ is written."""
    fake = tmp_path / "no-mkdocs" / "mkdocs"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise RuntimeError('MkDocs was imported')\n", encoding="utf-8")
    before = stamps(project / "site", project / "generated")
    result = plansite(project, "build", "-o", "site", env={"PYTHONPATH": str(fake.parent)})
    assert up_to_date(result), result.stderr
    assert "building" not in result.stderr
    assert stamps(project / "site", project / "generated") == before
    assert up_to_date(plansite(project, "build", "-o", "site", env={"PYTHONPATH": str(fake.parent)}))  # still
    # where a file of the site changed, the check fails and the build runs (reusing every plan)
    (project / "site" / "glossary" / "index.html").write_text("changed by hand", encoding="utf-8")
    assert build(project) == 4  # two plans, two languages, reused; the site-wide pages built again
    assert up_to_date(plansite(project, "build", "-o", "site"))
    same_as_fresh(project, tmp_path)


@pytest.mark.parametrize("change", ["remove a page", "add a file", "another date", "another output"])
def test_anything_else_than_nothing_runs_the_build(project: Path, tmp_path: Path, change: str) -> None:
    env = None
    output = "site"
    if change == "remove a page":
        (project / "site" / "dongying" / "3" / "1" / "1" / "index.html").unlink()
    elif change == "add a file":
        (project / "site" / "stray.txt").write_text("x", encoding="utf-8")
    elif change == "another date":
        env = {"SOURCE_DATE_EPOCH": str(helpers.EPOCH + 86_400)}
    else:
        output = str(tmp_path / "elsewhere")
    result = plansite(project, "build", "-o", output, env=env)
    assert not up_to_date(result) and "built" in result.stderr
    assert up_to_date(plansite(project, "build", "-o", output, env=env))


def test_only_a_build_into_the_same_folder_is_reused(project: Path, tmp_path: Path) -> None:
    assert reused(plansite(project, "build", "-o", str(tmp_path / "elsewhere"))) == 0


def test_a_changed_plan_rebuilds_alone(project: Path, tmp_path: Path) -> None:
    seed = project / "seeds" / "national-2030.txt"
    text = seed.read_text(encoding="utf-8")
    assert "能源" in text
    seed.write_text(text.replace("能源", "能量", 1), encoding="utf-8")
    assert build(project) == 2  # Dongying's two builds; national-2030 is built again
    assert "能量" in (project / "site" / "data" / "national-2030" / "plan.json").read_text(encoding="utf-8")
    same_as_fresh(project, tmp_path)


def test_the_english_site_wide_pages_are_reused_where_an_edit_leaves_them_as_they_were(project: Path,
                                                                                      tmp_path: Path) -> None:
    """A heading is also on the comparison of actions: an edit to its English builds the English
    portal, glossary and comparisons again. An English sentence of a clause's body is on the plan's
    pages only: the plan's builds run, the English site-wide pages are the last build's."""
    translation = project / "content" / "dongying" / "translation.en.yaml"
    text = translation.read_text(encoding="utf-8")
    assert "Comprehensively promote the large-scale" in text and "en: Vigorously develop new energy." in text
    text = text.replace("en: Vigorously develop new energy.", "en: Develop new energy with vigour.")
    translation.write_text(text, encoding="utf-8")
    result = plansite(project, "build", "-o", "site")
    assert reused(result) == 2 and "site-wide pages" not in result.stderr  # national-2030's two builds
    assert "Develop new energy with vigour" in (project / "site" / "en" / "actions" / "1" / "index.html").read_text(
        encoding="utf-8")
    translation.write_text(text.replace("Comprehensively promote the large-scale", "Comprehensively push the large-scale"),
                           encoding="utf-8")
    result = plansite(project, "build", "-o", "site")
    assert "2 plan builds and the English site-wide pages unchanged, reused" in result.stderr
    same_as_fresh(project, tmp_path)


def test_a_plan_that_starts_to_cite_another_rebuilds_both(project: Path, tmp_path: Path) -> None:
    """What a plan's pages know of the others (the plans it names, those that name it) is part of
    its key: national-2030's home lists Dongying among the plans that cite it, so when Dongying
    stops naming it, both are built again; when nothing of that changes, the other is reused."""
    seed = project / "seeds" / "dongying.txt"
    text = seed.read_text(encoding="utf-8")
    assert "《2030年前碳达峰行动方案》" in text
    seed.write_text(text.replace("《2030年前碳达峰行动方案》", "2030年前碳达峰行动方案"), encoding="utf-8")
    assert build(project) == 0
    home = (project / "site" / "national-2030" / "index.html").read_text(encoding="utf-8")
    assert "dongying" not in home
    same_as_fresh(project, tmp_path)


@pytest.mark.parametrize("edit, expected", [("templates/unit.md.j2", 0), ("content/glossary.yaml", 0),
                                            ("content/dongying/translation.en.yaml", 2), ("mkdocs.yml", 0),
                                            ("content/alignment.yaml", 4)])  # read by the site-wide pages only
def test_a_changed_input_rebuilds_the_plans_that_use_it(project: Path, tmp_path: Path, edit: str,
                                                        expected: int) -> None:
    """A comment is enough: the pages may not change, the key does (the template's comment is a
    Jinja comment; the others are YAML comments)."""
    path = project / edit
    path.write_text(path.read_text(encoding="utf-8") + ("{# edited #}" if edit.endswith(".j2") else "\n# edited\n"),
                    encoding="utf-8")
    assert build(project) == expected
    same_as_fresh(project, tmp_path)


def test_a_file_changed_by_hand_in_the_site_is_not_reused(project: Path, tmp_path: Path) -> None:
    page = project / "site" / "dongying" / "3" / "1" / "1" / "index.html"
    with page.open("a", encoding="utf-8") as stream:
        stream.write("<!-- changed by hand -->")
    assert build(project) == 3  # the Chinese Dongying build is made again
    assert "changed by hand" not in page.read_text(encoding="utf-8")
    same_as_fresh(project, tmp_path)


def test_a_fresh_build_reuses_nothing_and_still_records(project: Path) -> None:
    assert build(project, "--fresh") == 0
    assert up_to_date(plansite(project, "build", "-o", "site"))
    (project / "site" / "index.html").write_text("changed by hand", encoding="utf-8")
    assert build(project) == 4


def test_plansite_cache_0_turns_reuse_off(project: Path) -> None:
    assert build(project, env={"PLANSITE_CACHE": "0"}) == 0
