"""What a user waits for: whole commands, each from a fresh process, timed from the outside.

``benchmarks/run.py`` times the stages of a build inside a warm process; this script times the
commands a user types, as wall time from starting the process to its exit (interpreter start-up,
imports and everything else included), several runs each, and prints the minimum and the median:

=========================  ==================================================================
row                        what is run
=========================  ==================================================================
build cold                 ``plansite build my-plan.txt -o out`` in a fresh copy of the project
                           (the Dongying text as a new plan, no curated content, no
                           ``generated/``): every run starts from nothing
build unchanged            the same command again, nothing changed
build after translation    ``plansite build seeds/dongying.txt -o out`` after one English
                           sentence of ``content/dongying/translation.en.yaml`` was edited
                           (the plan is built again; nothing else of the project is)
parse                      ``plansite parse seeds/dongying.txt`` (the YAML to a file)
help                       ``plansite --help`` (the interpreter and the command line alone)
serve reload               ``mkdocs serve`` of Dongying's site: from saving an edit to one
                           English sentence to the page open in Chromium showing it (MkDocs'
                           live reload), the page ``en/dongying/3/1/1/``; the sentence is the
                           clause's heading, which the English comparison of actions shows too
serve reload, body         the same for a sentence of the clause's body (the plan's pages only)
serve reload, text         the same for a sentence of the plan's Chinese text (``seeds/dongying.txt``,
                           3.1.1.s3), the page ``dongying/3/1/1/``: the plan's text is read again,
                           and both languages' pages are built again
=========================  ==================================================================

The goals (issue 21), as ratios measured in the same run as well as in seconds: a cold one-plan
build ≤ 5 s; nothing changed ≤ 1 s and ≤ 0.15 × cold.

    .venv/bin/python benchmarks/commands.py [--runs 5] [--json FILE]

The project is copied (what git tracks) into a temporary folder and every command runs there
with the checkout's interpreter; nothing in the checkout is touched. jieba's dictionary cache
(in the system's temporary folder) is warmed once before the first run, as any earlier use of
plansite leaves it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_project(into: Path) -> Path:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True)
    for name in listed.stdout.decode("utf-8").split("\0"):
        if name and (ROOT / name).is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
    return into


def timed(args: list[str], cwd: Path, stdout: Path | None = None) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    started = time.perf_counter()
    with open(stdout or os.devnull, "wb") as out:
        result = subprocess.run([sys.executable, "-m", "builder.cli", *args], cwd=cwd, env=env, stdout=out,
                                stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr.decode('utf-8', 'replace')}")
    return seconds


#: the English sentences the benchmark edits: 3.1.1.s1, the clause's heading (also on the English
#: comparison of actions, so the English site-wide pages are built again), and 3.1.1.s3, of its
#: body (on the plan's pages only): (its start, what follows the marker)
SENTENCES = {"heading": ("Vigorously develop new energy", "."),
             "body": ("Comprehensively promote the large-scale development of photovoltaic power generation", ",")}


def edit_translation(project: Path, n: int, sentence: str = "heading") -> None:
    """Edit one English sentence (``SENTENCES``): the ``n``-th edit, marked "(edit n)"."""
    path = project / "content" / "dongying" / "translation.en.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = SENTENCES[sentence]
    edited, count = re.subn(rf"en: {re.escape(start)}(?: \(edit \d+\))?{re.escape(end)}",
                            f"en: {start} (edit {n}){end}", text, count=1)
    assert count == 1, "the sentence the benchmark edits is not in the translation"
    path.write_text(edited, encoding="utf-8")


#: the marks the benchmark adds to a sentence of the Chinese text, one per edit (no digits: a figure
#: in the sentence would be read as a target)
TEXT_MARKS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def edit_text(project: Path, n: int) -> str:
    """Edit one sentence of Dongying's Chinese text (3.1.1.s3): the ``n``-th edit; returns the mark
    the page then shows."""
    path = project / "seeds" / "dongying.txt"
    text = path.read_text(encoding="utf-8")
    mark = "标记" + TEXT_MARKS[(n - 1) % len(TEXT_MARKS)]
    edited, count = re.subn(r"全面推动光伏发电规模化发展(?:标记.)?，", f"全面推动光伏发电规模化发展{mark}，", text, count=1)
    assert count == 1, "the sentence the benchmark edits is not in the plan's text"
    path.write_text(edited, encoding="utf-8")
    return mark


def serve_reload(base: Path, work: Path, runs: int) -> dict[str, list[float]]:
    """Seconds from saving an edit to the served page showing it, ``runs`` times for each sentence
    of ``SENTENCES`` (the translation) and for the plan's text, in one server's session."""
    import socket

    from playwright.sync_api import Error, sync_playwright

    project = work / "serve"
    shutil.copytree(base, project)
    for seed in (project / "seeds").glob("*.txt"):
        if seed.stem != "dongying":
            seed.unlink()
            shutil.rmtree(project / "content" / seed.stem, ignore_errors=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    log = open(work / "serve.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    server_url = f"http://127.0.0.1:{port}/"
    seconds: dict[str, list[float]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium")
            page = browser.new_page()
            shown = ""
            for n, kind in enumerate([kind for kind in [*SENTENCES, "text"] for _ in range(runs)], 1):
                url = server_url + ("dongying/3/1/1/" if kind == "text" else "en/dongying/3/1/1/")
                if url != shown:
                    deadline = time.monotonic() + 300
                    while True:
                        try:
                            page.goto(url, timeout=5000)
                            break
                        except Error:
                            if time.monotonic() > deadline or server.poll() is not None:
                                raise SystemExit(f"mkdocs serve did not serve {url}: see {work / 'serve.log'}")
                            time.sleep(0.5)
                    shown = url
                time.sleep(2)  # the server idle again
                started = time.perf_counter()
                if kind == "text":
                    mark = edit_text(project, n)
                else:
                    edit_translation(project, n, kind)
                    mark = f"(edit {n})"
                while True:
                    try:
                        if mark in page.inner_text("article"):
                            break
                    except Error:
                        pass  # the page is reloading
                    if time.perf_counter() - started > 120:
                        raise SystemExit(f"the page did not show edit {n}: see {work / 'serve.log'}")
                    time.sleep(0.02)
                seconds.setdefault(kind, []).append(time.perf_counter() - started)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "commands-latest.json")
    parser.add_argument("--only", choices=("build", "serve"), help="only the build rows (and parse, help) or only "
                        "the serve row")
    parser.add_argument("--keep-log", type=Path, metavar="FILE", help="copy mkdocs serve's log to FILE")
    args = parser.parse_args()
    rows: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="plansite-commands-") as work:
        base = copy_project(Path(work) / "base")
        shutil.copy(ROOT / "seeds" / "dongying.txt", base / "my-plan.txt")
        timed(["parse", "seeds/dongying.txt"], base)  # jieba's dictionary cache, as any earlier use leaves it
        for n in range(args.runs if args.only != "serve" else 0):
            project = Path(work) / f"cold-{n}"
            shutil.copytree(base, project)
            rows.setdefault("build cold", []).append(timed(["build", "my-plan.txt", "-o", "out"], project))
            rows.setdefault("build unchanged", []).append(timed(["build", "my-plan.txt", "-o", "out"], project))
            shutil.rmtree(project)
        project = Path(work) / "dongying"
        shutil.copytree(base, project)
        if args.only != "serve":
            timed(["build", "seeds/dongying.txt", "-o", "out"], project)
        for n in range(args.runs if args.only != "serve" else 0):
            edit_translation(project, n + 1)
            rows.setdefault("build after translation", []).append(
                timed(["build", "seeds/dongying.txt", "-o", "out"], project))
            rows.setdefault("parse", []).append(timed(["parse", "seeds/dongying.txt"], project,
                                                      stdout=Path(work) / "plan.yaml"))
            rows.setdefault("help", []).append(timed(["--help"], project))
        if args.only != "build":
            reloads = serve_reload(base, Path(work), args.runs)
            rows["serve reload"] = reloads["heading"]
            rows["serve reload, body"] = reloads["body"]
            rows["serve reload, text"] = reloads["text"]
        if args.keep_log and (Path(work) / "serve.log").exists():
            shutil.copy(Path(work) / "serve.log", args.keep_log)
    cold = statistics.median(rows["build cold"]) if "build cold" in rows else float("nan")
    print(f"{'command':<24}  {'min s':>6}  {'median s':>8}  {'× cold':>6}")
    print(f"{'-' * 24}  {'-' * 6}  {'-' * 8}  {'-' * 6}")
    for name, values in rows.items():
        median = statistics.median(values)
        print(f"{name:<24}  {min(values):6.2f}  {median:8.2f}  {median / cold:6.2f}")
    load = os.getloadavg()
    print(f"\n{args.runs} runs each; {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average {load[0]:.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"runs": args.runs, "cores": os.cpu_count(), "load_average": load,
                                     "rows": {k: {"min": min(v), "median": statistics.median(v), "all": v}
                                              for k, v in rows.items()}}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
