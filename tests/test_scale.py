"""A site of many plans: each plan is its own MkDocs build (per language) with its own navigation
and search index, built in parallel worker processes; sites built separately merge into the site
of building them together, byte for byte."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import helpers
from tests.conftest import CORPUS, ROOT, SEEDS, file_tree, run_plansite

PLANS = [SEEDS / "dongying.txt", CORPUS / "national-2030.txt"]
IDS = ["dongying", "national-2030"]


def plansite(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command line in this project, with the build date pinned (builds compared byte for byte)."""
    return helpers.plansite(*args, cwd=ROOT, env=env)


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("two") / "site"
    result = plansite("build", *map(str, PLANS), "-o", str(out), "--jobs", "2", "--fresh")
    assert result.returncode == 0, result.stderr
    return out


def test_every_plan_has_its_own_search_index_holding_its_pages_only(two_plans: Path) -> None:
    for plan_id in IDS:
        for lang in ("", "en/"):
            index = json.loads((two_plans / f"{lang}{plan_id}/search/search_index.json").read_text(encoding="utf-8"))
            locations = [doc["location"] for doc in index["docs"]]
            assert "3/1/" in locations or "2/1/" in locations  # the plan's pages, relative to the plan
            assert not [loc for loc in locations if loc.startswith(tuple(f"{i}/" for i in IDS))]
    root = json.loads((two_plans / "search/search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in root["docs"]}
    assert {"", "glossary/", "actions/", "actions/1/", "metrics/", "metrics/non-fossil-share/"} <= pages
    # the site-wide pages, and every plan's, which its search holds (builder/search_index.py)
    assert {p.split("/")[0] for p in pages} == {"", "glossary", "actions", "metrics", *IDS}


def test_a_plan_page_navigates_its_own_plan_not_the_others(two_plans: Path) -> None:
    page = (two_plans / "dongying/3/1/index.html").read_text(encoding="utf-8")
    nav = page[page.index('<nav class="md-tabs"'):page.index('md-nav--secondary')]  # the tabs and the menu
    assert "national-2030" not in nav and "国家" not in nav
    assert 'href="../../../"' in nav  # back to the portal, which lists every plan
    assert 'href="../../../glossary/"' in nav
    portal = (two_plans / "index.html").read_text(encoding="utf-8")
    for plan_id in IDS:
        assert f'href="{plan_id}/"' in portal


def test_the_theme_files_exist_once_at_the_root(two_plans: Path) -> None:
    assert (two_plans / "assets/javascripts/plansite.js").is_file()
    for folder in ("en", *IDS, *(f"en/{i}" for i in IDS)):
        assert not (two_plans / folder / "assets").exists(), folder
    page = (two_plans / "en/national-2030/index.html").read_text(encoding="utf-8")
    assert 'href="../../assets/stylesheets/plansite.css"' in page
    assert '<meta name="plansite:root" content="./../../">' in page  # the site root, for citations


def test_plans_built_apart_and_merged_equal_the_plans_built_together(two_plans: Path, tmp_path: Path) -> None:
    parts = []
    for path, plan_id in zip(PLANS, IDS):
        part = tmp_path / f"part-{plan_id}"
        result = plansite("build", str(path), "-o", str(part), "--jobs", "1", "--fresh")
        assert result.returncode == 0, result.stderr
        parts.append(part)
    merged = tmp_path / "merged"
    result = plansite("merge", *map(str, parts), "-o", str(merged))
    assert result.returncode == 0, result.stderr
    assert "merged 2 plans" in result.stderr
    a, b = file_tree(merged), file_tree(two_plans)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_merge_refuses_a_plan_that_two_sites_hold(two_plans: Path, tmp_path: Path) -> None:
    result = plansite("merge", str(two_plans), str(two_plans), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "error: plan 'dongying' is already in" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_merge_refuses_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = plansite("merge", str(tmp_path / "empty"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "empty: error: expected a site built by `plansite build`" in result.stderr


@pytest.mark.parametrize("value", ["0", "-3"])
def test_jobs_must_be_a_positive_number(value: str, tmp_path: Path) -> None:
    result = run_plansite("build", "--jobs", value, "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"error: expected --jobs to be 1 or more, found {value}" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_malformed_plansite_jobs_is_reported_cleanly(tmp_path: Path) -> None:
    result = plansite("build", str(PLANS[0]), "-o", str(tmp_path / "out"), env={"PLANSITE_JOBS": "many"})
    assert result.returncode == 2
    assert "error: expected PLANSITE_JOBS to be a number of processes (1 or more), found 'many'" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no output, no staging folder left


# -- one sitemap for the whole site ---------------------------------------------------------------

SITE_URL = "https://plans.example.org/cn/"


@pytest.fixture(scope="module")
def project_with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project whose mkdocs.yml gives the site's address (sitemaps list nothing without it)."""
    project = helpers.copy_project(tmp_path_factory.mktemp("with-url"))
    config = project / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copy(CORPUS / "national-2030.txt", project / "seeds" / "national-2030.txt")
    for other in ("shanghai", "national-industry"):  # the two plans the tests merge, and no others
        (project / "seeds" / f"{other}.txt").unlink()
        shutil.rmtree(project / "content" / other)
    return project


def plansite_in(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return helpers.plansite(*args, cwd=project)


@pytest.fixture(scope="module")
def two_plans_with_url(project_with_url: Path) -> Path:
    out = project_with_url.parent / "site"
    result = plansite_in(project_with_url, "build", "-o", str(out), "--jobs", "2", "--fresh")
    assert result.returncode == 0, result.stderr
    return out


def _locs(sitemap: bytes) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", sitemap.decode("utf-8"))


def _pages_listed(site: Path) -> list[str]:
    """Every page the site's sitemap index lists, through each sitemap it names."""
    return [loc for sitemap in _locs((site / "sitemap.xml").read_bytes())
            for loc in _locs((site / sitemap.removeprefix(SITE_URL)).read_bytes())]


def test_the_site_has_one_sitemap_index_listing_every_page(two_plans_with_url: Path) -> None:
    site = two_plans_with_url
    root = (site / "sitemap.xml").read_bytes()
    assert b"<sitemapindex" in root
    pages = sorted(SITE_URL + p.relative_to(site).parent.as_posix().removeprefix(".") + "/"
                   for p in site.rglob("index.html"))
    pages = [p.replace(SITE_URL + "/", SITE_URL) for p in pages]
    sitemaps = _locs(root)
    assert sitemaps[0] == SITE_URL + "sitemap-root.xml" and sitemaps[1:] == sorted(sitemaps[1:])
    locs = _pages_listed(site)
    assert len(locs) == len(set(locs))
    assert set(locs) == set(pages)  # every page of every build (the 404 page is not a page)
    assert {SITE_URL, SITE_URL + "en/", SITE_URL + "dongying/3/1/1/", SITE_URL + "en/national-2030/",
            SITE_URL + "glossary/"} <= set(locs)
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == root
    # each plan's build keeps its own sitemap (its folder stays a whole site, ready to merge)
    assert SITE_URL + "dongying/sitemap.xml" in sitemaps
    assert set(_locs((site / "dongying/sitemap.xml").read_bytes())) == {
        loc for loc in locs if loc.startswith(SITE_URL + "dongying/")}


def test_sites_with_an_address_merge_into_the_site_built_together(two_plans_with_url: Path,
                                                                   project_with_url: Path, tmp_path: Path) -> None:
    parts = []
    for plan_id in IDS:
        part = tmp_path / f"part-{plan_id}"
        result = plansite_in(project_with_url, "build", f"seeds/{plan_id}.txt", "-o", str(part), "--jobs", "1",
                             "--fresh")
        assert result.returncode == 0, result.stderr
        assert len(_pages_listed(part)) < len(_pages_listed(two_plans_with_url))
        parts.append(part)
    merged = tmp_path / "merged"
    result = plansite_in(project_with_url, "merge", *map(str, parts), "-o", str(merged))
    assert result.returncode == 0, result.stderr
    a, b = file_tree(merged), file_tree(two_plans_with_url)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_two_builds_of_the_project_at_once_each_list_their_own_plans(tmp_path: Path) -> None:
    """Builds share generated/ (the portal the root build reads): the second waits for the first
    (``mkdocs serve`` rebuilding while ``plansite build`` runs, say) instead of reading its portal."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(helpers.EPOCH)}
    one = subprocess.Popen([sys.executable, "-m", "builder.cli", "build", "--fresh", str(PLANS[0]), "-o",
                            str(tmp_path / "one")], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    two = plansite("build", "--fresh", *map(str, PLANS), "-o", str(tmp_path / "two"))
    assert one.wait(timeout=600) == 0, one.stderr.read() if one.stderr else ""
    assert two.returncode == 0, two.stderr
    assert 'href="national-2030/"' not in (tmp_path / "one" / "index.html").read_text(encoding="utf-8")
    assert 'href="national-2030/"' in (tmp_path / "two" / "index.html").read_text(encoding="utf-8")
    assert 'href="dongying/"' in (tmp_path / "one" / "index.html").read_text(encoding="utf-8")
