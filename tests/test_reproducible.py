"""Builds are reproducible and atomic.

Reproducible: two ``plansite build`` runs of the same sources give byte-identical trees, every
file included (``sitemap.xml`` and ``sitemap.xml.gz`` too). MkDocs 1.6.1 reads the clock in two
places only — each page's ``update_date`` (the sitemap's ``<lastmod>``, a day) and the
``sitemap.xml.gz`` header's mtime (midnight of that day) — and both follow ``SOURCE_DATE_EPOCH``
when it is set. The two builds here run in separate processes with different hash seeds, seconds
apart, with the same ``SOURCE_DATE_EPOCH``.

Atomic: a build that fails leaves the previous site byte for byte as it was, and nothing beside
it (no staging or old-site folders). Failures tried, none by monkeypatching: a plan that does not
parse; a plan that parses but whose pages cannot be rendered (failing inside MkDocs' build, in the
configuration hook); a failure part-way, after the Chinese site is written to the staging folder
(the English half's configuration file cannot be written); and an output folder whose parent is
read-only, so the swap cannot happen. Root ignores file permissions, so the last two run the
command without the capabilities that let it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH).

Everything runs in a copy of the project (the files git tracks or would track), so the builds
share no ``generated/`` folder with other builds.
"""

from __future__ import annotations

import ctypes
import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.helpers import EPOCH, copy_project, differences, plansite, tree

EPOCH_DAY = datetime.fromtimestamp(EPOCH, timezone.utc).strftime("%Y-%m-%d")
EPOCH_MIDNIGHT = int(datetime.fromtimestamp(EPOCH, timezone.utc)
                     .replace(hour=0, minute=0, second=0).timestamp())
BAD_PLAN = "某市碳达峰方案\n一、总体要求\n三、保障\n"
BAD_PLAN_ERROR = "bad.txt:3:1: error: expected part 「二、」, found 「三、」 (part number out of sequence)\n"


# -- helpers ---------------------------------------------------------------------------------------------

def _drop_file_permission_override() -> None:
    """In the child, before exec: give up the capabilities that let root ignore file permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def as_plain_user() -> Callable[[], None] | None:
    """A ``preexec_fn`` under which read-only files and folders stop the command, even as root."""
    return _drop_file_permission_override if os.geteuid() == 0 else None


def permissions_bite(tmp: Path) -> bool:
    """Whether a read-only folder stops a child started with :func:`as_plain_user`."""
    probe = tmp / "probe"
    probe.mkdir()
    probe.chmod(0o555)
    try:
        result = subprocess.run([sys.executable, "-c", f"open({str(probe / 'x')!r}, 'w')"],
                                capture_output=True, preexec_fn=as_plain_user(), timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        probe.chmod(0o755)
    return result.returncode != 0


# -- fixtures -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
def two_builds(project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seeds' site built twice, seconds apart, with different hash seeds."""
    out = tmp_path_factory.mktemp("builds")
    first = plansite("build", "--fresh", "-o", str(out / "A"), cwd=project, env={"PYTHONHASHSEED": "1"})
    assert first.returncode == 0, first.stderr
    time.sleep(1.5)
    second = plansite("build", "--fresh", "-o", str(out / "B"), cwd=project, env={"PYTHONHASHSEED": "2"})
    assert second.returncode == 0, second.stderr
    return out / "A", out / "B"


@pytest.fixture()
def previous_site(two_builds: tuple[Path, Path], tmp_path: Path) -> Path:
    """A real built site at ``<tmp>/parent/site``, alone in its folder."""
    site = tmp_path / "parent" / "site"
    shutil.copytree(two_builds[0], site)
    return site


# -- reproducible ------------------------------------------------------------------------------------------

def test_two_builds_are_byte_identical(two_builds: tuple[Path, Path]) -> None:
    a, b = (tree(folder) for folder in two_builds)
    for name in ("index.html", "sitemap.xml", "sitemap.xml.gz", "en/sitemap.xml", "en/sitemap.xml.gz",
                 "search/search_index.json", "en/search/search_index.json"):
        assert a.get(name), f"{name} missing"
    assert differences(a, b) == []
    assert len(a) > 100


def mkdocs_build(project: Path, out: Path, hash_seed: str) -> None:
    """``mkdocs build`` as a user runs it: no ``SOURCE_DATE_EPOCH`` in its environment."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=project,
                            env={**env, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": hash_seed},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr


def test_mkdocs_build_twice_is_byte_identical(tmp_path: Path) -> None:
    """``mkdocs build`` pins the build's date as ``plansite build`` does; outside git, to the newest
    of the project's inputs (here all dated ``EPOCH``, a day that is not today), so two builds on
    any two days agree: the gzip header of the sitemap says that day."""
    project = copy_project(tmp_path / "project")
    for path in project.rglob("*"):
        os.utime(path, (EPOCH, EPOCH))
    mkdocs_build(project, tmp_path / "A", "1")
    time.sleep(1.5)
    mkdocs_build(project, tmp_path / "B", "2")
    a, b = tree(tmp_path / "A"), tree(tmp_path / "B")
    assert differences(a, b) == []
    header = a["sitemap.xml.gz"]
    assert header is not None and struct.unpack("<I", header[4:8])[0] == EPOCH_MIDNIGHT


def test_sitemap_dates_follow_source_date_epoch(two_builds: tuple[Path, Path]) -> None:
    for lang in ("", "en/"):
        plain = (two_builds[0] / f"{lang}sitemap.xml").read_bytes()
        packed = (two_builds[0] / f"{lang}sitemap.xml.gz").read_bytes()
        assert gzip.decompress(packed) == plain
        assert struct.unpack("<I", packed[4:8])[0] == EPOCH_MIDNIGHT  # the gzip header's mtime
        dates = set(re.findall(rb"<lastmod>([^<]*)</lastmod>", plain))
        assert dates <= {EPOCH_DAY.encode()}  # (MkDocs writes <lastmod> only once site_url is set)


def test_rebuilding_over_a_site_replaces_it_whole(two_builds: tuple[Path, Path], project: Path,
                                                  tmp_path: Path) -> None:
    site = tmp_path / "parent" / "site"
    site.mkdir(parents=True)
    (site / "stale.html").write_text("from an older build", encoding="utf-8")
    result = plansite("build", "-o", str(site), cwd=project)
    assert result.returncode == 0, result.stderr
    assert differences(tree(site), tree(two_builds[1])) == []
    assert os.listdir(site.parent) == ["site"]


# -- atomic ------------------------------------------------------------------------------------------------

def _assert_untouched(site: Path, before: dict[str, bytes | None]) -> None:
    assert differences(tree(site), before) == []
    assert os.listdir(site.parent) == ["site"]  # no staging or old-site folder left beside it


def test_plan_that_does_not_parse_leaves_the_site_untouched(previous_site: Path, project: Path) -> None:
    before = tree(previous_site)
    (project / "bad.txt").write_text(BAD_PLAN, encoding="utf-8")
    result = plansite("build", "bad.txt", "-o", str(previous_site), cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-3:] == BAD_PLAN_ERROR.splitlines() + ["    三、保障", "    ^"]
    assert "Traceback" not in result.stderr
    _assert_untouched(previous_site, before)


def test_plan_whose_pages_cannot_be_placed_leaves_the_site_untouched(previous_site: Path, project: Path) -> None:
    """Plan id ``glossary``: its pages would take the glossary's folder. MkDocs is running (the
    staging folder exists) when the configuration hook refuses it."""
    before = tree(previous_site)
    shutil.copy(project / "seeds" / "dongying.txt", project / "glossary.txt")
    result = plansite("build", "glossary.txt", "-o", str(previous_site), cwd=project)
    assert result.returncode == 2
    assert "glossary.txt: error: expected a plan id that is not one of the site's own folders" in result.stderr
    assert "Traceback" not in result.stderr
    _assert_untouched(previous_site, before)


def test_page_template_that_does_not_compile_is_named_with_its_line(previous_site: Path, project: Path) -> None:
    """Templates are compiled once, before any worker starts: a syntax error stops the build there,
    named like any other input error."""
    before = tree(previous_site)
    template = project / "templates" / "target.md.j2"
    original = template.read_text(encoding="utf-8")
    template.write_text(original + "{% if %}\n", encoding="utf-8")
    try:
        result = plansite("build", "-o", str(previous_site), cwd=project)
    finally:
        template.write_text(original, encoding="utf-8")
    line = original.count("\n") + 1
    assert result.returncode == 2
    assert (f"templates/target.md.j2:{line}:1: error: in the template, expected an expression, "
            f"got 'end of statement block'") in result.stderr
    assert "Traceback" not in result.stderr
    _assert_untouched(previous_site, before)


def _fail_part_way(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """A theme template that fails on English pages only: the Chinese builds have written their
    sites when the English builds (in worker processes) fail."""
    main = project / "templates" / "theme" / "main.html"
    original = main.read_text(encoding="utf-8")
    broken = original.replace("{% block announce %}",
                              '{% block announce %}{% if config.theme.language == "en" %}{{ 1 // 0 }}{% endif %}')
    assert broken != original
    main.write_text(broken, encoding="utf-8")
    try:
        return plansite("build", "-o", str(site), cwd=project)
    finally:
        main.write_text(original, encoding="utf-8")


def _fail_to_swap(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    site.parent.chmod(0o555)
    try:
        return plansite("build", "-o", str(site), cwd=project, preexec_fn=as_plain_user())
    finally:
        site.parent.chmod(0o755)


LATE_FAILURES = {"part-way": _fail_part_way, "read-only-parent": _fail_to_swap}
LATE_MESSAGES = {"part-way": "error: the MkDocs build of en/", "read-only-parent": "Permission denied"}


@pytest.mark.parametrize("failure", sorted(LATE_FAILURES))
def test_failure_late_in_the_build_leaves_the_site_untouched(previous_site: Path, project: Path,
                                                             tmp_path: Path, failure: str) -> None:
    if failure == "read-only-parent" and not permissions_bite(tmp_path):
        pytest.skip("file permissions cannot be enforced here (root with capabilities that cannot be dropped)")
    before = tree(previous_site)
    result = LATE_FAILURES[failure](project, previous_site)
    assert result.returncode != 0, "the build was expected to fail"
    assert LATE_MESSAGES[failure] in result.stderr
    _assert_untouched(previous_site, before)


@pytest.mark.parametrize("failure", sorted(LATE_FAILURES))
def test_failure_late_in_the_build_is_reported_without_a_traceback(previous_site: Path, project: Path,
                                                                   tmp_path: Path, failure: str) -> None:
    if failure == "read-only-parent" and not permissions_bite(tmp_path):
        pytest.skip("file permissions cannot be enforced here")
    result = LATE_FAILURES[failure](project, previous_site)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2


@pytest.mark.parametrize("value", ["", "yesterday"])
def test_malformed_source_date_epoch_is_reported_cleanly(previous_site: Path, project: Path, value: str) -> None:
    """An empty value means unset (the build succeeds); anything else not a number is refused."""
    before = tree(previous_site)
    result = plansite("build", "-o", str(previous_site), cwd=project, env={"SOURCE_DATE_EPOCH": value})
    if result.returncode != 0:
        _assert_untouched(previous_site, before)
    assert "Traceback" not in result.stderr
    assert result.returncode == (0 if value == "" else 2)
