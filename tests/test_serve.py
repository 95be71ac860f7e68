"""``mkdocs serve``, as a maintainer curating a plan uses it: an edit to one plan's curated file
rebuilds that plan only (the others are reused from the last build), once, and the served page
shows the edit."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import helpers


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    def __init__(self, project: Path, log: Path, url: str) -> None:
        self.project, self.log, self.url = project, log, url

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, pattern: str, after: int = 0, timeout: float = 300) -> int:
        """Where in the log ``pattern`` first appears after position ``after``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.compile(pattern).search(self.text(), after)
            if found:
                return found.end()
            time.sleep(0.2)
        raise AssertionError(f"mkdocs serve did not log {pattern!r} within {timeout} s:\n{self.text()[-4000:]}")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:  # noqa: S310 - loopback
            return response.read().decode("utf-8")


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[Served]:
    """``mkdocs serve`` of a project of two plans (Dongying's and the national plan it cites),
    its first build done."""
    root = helpers.copy_project(tmp_path / "project")
    for seed in root.glob("seeds/*.txt"):
        if seed.stem not in ("dongying", "national-2030"):
            seed.unlink()
            shutil.rmtree(root / "content" / seed.stem, ignore_errors=True)
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(helpers.EPOCH)}
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                                  env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        result = Served(root, log, f"http://127.0.0.1:{port}/")
        result.wait_for(r"Serving on ")
        yield result
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def builds(log: str) -> tuple[set[str], set[str]]:
    """The builds a stretch of the log says were run, and those reused."""
    built = set(re.findall(r"plansite: \[\d+/\d+\] built (\S+) in ", log))
    reused = set(re.findall(r"plansite: \[\d+/\d+\] (\S+) unchanged: reused from the last build", log))
    return built, reused


def test_an_edit_to_one_plans_translation_rebuilds_that_plan_only(served: Served) -> None:
    first = served.text()
    built, reused = builds(first)
    assert {"dongying/", "en/dongying/", "national-2030/", "en/national-2030/"} <= built
    assert "(serve edit)" not in served.get("en/dongying/text/")

    translation = served.project / "content" / "dongying" / "translation.en.yaml"
    text = translation.read_text(encoding="utf-8")
    edited, count = re.subn(r"(?m)^(\s+en: )", r"\1(serve edit) ", text, count=1)
    assert count == 1
    start = len(first)
    translation.write_text(edited, encoding="utf-8")
    end = served.wait_for(r"Reloading browsers", after=start, timeout=180)

    rebuild = served.text()[start:end]
    built, reused = builds(rebuild)
    assert "dongying/" in built and "en/dongying/" in built
    assert not {"national-2030/", "en/national-2030/"} & built
    assert {"national-2030/", "en/national-2030/"} <= reused
    assert "(serve edit)" in served.get("en/dongying/text/")

    # the rebuild read content/ and templates/ and wrote generated/: none of that starts another
    time.sleep(3)
    assert "Detected file changes" not in served.text()[end:]


def test_the_server_is_told_of_a_saved_file_by_the_system(served: Served) -> None:
    """Where the system notifies of changes (inotify), the server does not poll: a file saved with
    the same bytes and its modification time put back (which a poll of the files' sizes and times
    cannot see) starts a build at once, and it rebuilds no plan; a file only read starts none."""
    if not sys.platform.startswith("linux"):
        pytest.skip("inotify is Linux's")
    start = len(served.text())
    (served.project / "content" / "dongying" / "meta.yaml").read_bytes()
    time.sleep(2)
    assert "Detected file changes" not in served.text()[start:]

    glossary = served.project / "content" / "glossary.yaml"
    before = glossary.stat()
    glossary.write_bytes(glossary.read_bytes())
    os.utime(glossary, ns=(before.st_atime_ns, before.st_mtime_ns))
    served.wait_for(r"Detected file changes", after=start, timeout=5)
    end = served.wait_for(r"Reloading browsers", after=start, timeout=180)
    built, reused = builds(served.text()[start:end])
    assert built <= {"en/"}, built  # at most the site-wide English pages (reused where they are as they were)
    assert {"dongying/", "en/dongying/", "national-2030/", "en/national-2030/"} <= reused


def test_an_edit_to_a_plans_text_rebuilds_that_plan_once(served: Served) -> None:
    """The build reads the edited text and writes the plan's ``plan.yaml`` (and ``ids.yaml``) in
    ``content/``, which the server watches: its own writes start no second build."""
    seed = served.project / "seeds" / "dongying.txt"
    edited, count = re.subn("全面推动光伏发电规模化发展，", "全面推动光伏发电规模化发展服务编辑，",
                            seed.read_text(encoding="utf-8"), count=1)
    assert count == 1
    start = len(served.text())
    seed.write_text(edited, encoding="utf-8")
    end = served.wait_for(r"Reloading browsers", after=start, timeout=180)
    built, reused = builds(served.text()[start:end])
    assert {"dongying/", "en/dongying/"} <= built
    assert {"national-2030/", "en/national-2030/"} <= reused
    assert "服务编辑" in served.get("dongying/3/1/1/")
    assert "服务编辑" in (served.project / "content" / "dongying" / "plan.yaml").read_text(encoding="utf-8")
    time.sleep(3)
    assert "Detected file changes" not in served.text()[end:]
