#!/usr/bin/env python3
"""plansite benchmark: time, peak memory and output of every stage of ``plansite build``.

    .venv/bin/python benchmarks/run.py                 # sizes 1,10,50 (the default; N=50 is slow)
    .venv/bin/python benchmarks/run.py --quick         # sizes 1,2: checks that everything works
    .venv/bin/python benchmarks/run.py --sizes 1,10 --timeout 600 --no-offline

Workloads: ``dongying`` (seeds/dongying.txt with its curated content, both languages) and
``corpus-N``: N plans ``plan-001.txt`` … made by cycling through the real texts in seeds/ and
tests/corpus/. Every measured step runs in its own subprocess (``run.py --worker SPEC``) against a
snapshot of the working tree taken when the run starts (builder/, templates/, content/,
mkdocs.yml copied into a temporary project), so that concurrent edits do not change the code
half-way through a run and nothing in the checkout (generated/, site/, dist/) is touched.

Peak memory is the subprocess's maximum resident set size from ``os.wait4`` (the same figure as
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``, but for that one child and its descendants);
the split between the Chinese and the English build uses ``VmHWM`` of ``/proc/self/status``,
reset through ``/proc/self/clear_refs`` when the English build starts. See benchmarks/README.md.

The table goes to stdout, JSON to benchmarks/results/latest.json, progress (on a terminal only)
to stderr. After it, how well extraction reads every plan that has an answer key (recall and
precision of targets, responsibility lists with their leads, shared agencies and deadlines), as
``python -m tests.targets.score`` scores them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pickle
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"

#: What the temporary project copies from the checkout.
SNAPSHOT = ("builder", "templates", "content", "mkdocs.yml")

#: Rows of the table, per workload, in this order.
STAGES = ("parse", "extract", "render", "mkdocs zh", "mkdocs en", "search", "own", "build", "rebuild one",
          "build -search", "offline", "floor")

#: Which floor a stage's seconds are divided by: the pages of one language or of both.
FLOOR_OF = {"mkdocs zh": "zh", "mkdocs en": "en"}

DEFAULT_SIZES = (1, 10, 50)
QUICK_SIZES = (1, 2)
DEFAULT_TIMEOUT = 30 * 60

MIB = 1024 * 1024

# --------------------------------------------------------------------------------------------
# The parent: plan the steps, run the workers, print and save.
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        return worker(Path(argv[1]))
    args = _parser().parse_args(argv)
    sizes = QUICK_SIZES if args.quick else _sizes(args.sizes)
    progress = Progress(sys.stderr.isatty() and not args.no_progress)
    started = time.time()
    load_start = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="plansite-bench-"))
    try:
        result = run(args, sizes, tmp, progress)
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    result["load_average"] = {"start": [round(x, 2) for x in load_start],
                              "end": [round(x, 2) for x in os.getloadavg()]}
    result["duration_s"] = round(time.time() - started, 1)
    result["extraction"] = extraction_scores()
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(format_table(result))
    sys.stdout.write(format_extraction(result["extraction"]))
    sys.stdout.flush()
    return 0


def extraction_scores() -> dict[str, dict[str, Any]]:
    """How well extraction reads every plan that has an answer key (``tests/targets``, scored as
    ``python -m tests.targets.score`` does, with the checkout's code): targets and responsibility lists."""
    sys.path.insert(0, str(ROOT))
    from tests.targets.score import keyed_plans, score

    out = {}
    for name in keyed_plans():
        s = score(name)
        numeric, qualitative = s.recall_of("numeric"), s.recall_of("qualitative")
        row: dict[str, Any] = {"keyed": s.keyed, "found": len(s.found), "false": len(s.false),
                               "recall": round(s.recall, 3), "precision": round(s.precision, 3),
                               "numeric": list(numeric), "qualitative": list(qualitative)}
        if s.lists is not None:
            ls = s.lists
            row["lists"] = {"keyed": ls.keyed, "found": len(ls.found), "false": len(ls.false),
                            "lead_right": ls.right("lead"), "shared_right": ls.right("shared"),
                            "deadline_right": ls.right("deadline")}
        out[name] = row
    return out


def format_extraction(scores: dict[str, dict[str, Any]]) -> str:
    lines = ["", "extraction, on every plan with an answer key (tests/targets)",
             f"{'plan':<34}{'recall':>7}{'precision':>10}{'numeric':>9}{'qualit.':>9}{'false':>6}"
             f"{'lists':>7}{'lead':>6}{'shared':>7}{'deadline':>9}"]
    for name, row in scores.items():
        lists = row.get("lists") or {}
        lines.append(f"{name:<34}{row['recall']:>7.3f}{row['precision']:>10.3f}"
                     f"{'/'.join(map(str, row['numeric'])):>9}{'/'.join(map(str, row['qualitative'])):>9}"
                     f"{row['false']:>6}{lists.get('found', 0):>4}/{lists.get('keyed', 0):<2}"
                     f"{lists.get('lead_right', 0):>6}{lists.get('shared_right', 0):>7}{lists.get('deadline_right', 0):>9}")
    return "\n".join(lines) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), metavar="N,N,…",
                        help="corpus sizes (plans per build); default %(default)s")
    parser.add_argument("--quick", action="store_true", help=f"sizes {','.join(map(str, QUICK_SIZES))} only")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help="per measured step; the step is then recorded as 'timeout' (default %(default)d)")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline bundle")
    parser.add_argument("--no-ablation", action="store_true",
                        help="skip the build without the search plugin (search memory then unknown)")
    parser.add_argument("--no-dongying", action="store_true", help="skip the Dongying workload")
    parser.add_argument("--json", default=str(RESULTS / "latest.json"), metavar="FILE",
                        help="where to write the JSON (default: benchmarks/results/latest.json)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and outputs")
    parser.add_argument("--no-progress", action="store_true", help="no progress lines, even on a terminal")
    return parser


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(s) for s in text.split(",") if s.strip()}))
    except ValueError:
        raise SystemExit(f"--sizes: expected numbers separated by commas, found {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise SystemExit("--sizes: expected at least one size of 1 or more")
    return sizes


class Progress:
    """One line per step on stderr, only when it is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.total = 0
        self.done = 0

    def start(self, workload: str, step: str) -> None:
        self.done += 1
        if self.enabled:
            width = len(str(self.total))
            sys.stderr.write(f"[{self.done:>{width}}/{self.total}] {workload:<10} {step:<14} … ")
            sys.stderr.flush()

    def end(self, text: str) -> None:
        if self.enabled:
            sys.stderr.write(text + "\n")
            sys.stderr.flush()


def run(args: argparse.Namespace, sizes: tuple[int, ...], tmp: Path, progress: Progress) -> dict[str, Any]:
    root = snapshot(tmp / "project")
    nosearch_root = snapshot(tmp / "project-nosearch", search=False)
    sources = corpus_sources()
    workloads: list[tuple[str, list[Path], Path]] = []
    if not args.no_dongying:
        seed = root / "seeds" / "dongying.txt"
        seed.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "seeds" / "dongying.txt", seed)
        workloads.append(("dongying", [seed], root))
    for n in sizes:
        folder = tmp / "inputs" / f"corpus-{n}"
        folder.mkdir(parents=True)
        paths = []
        for i in range(n):
            path = folder / f"plan-{i + 1:03d}.txt"
            shutil.copyfile(sources[i % len(sources)], path)
            paths.append(path)
        workloads.append((f"corpus-{n}", paths, root))

    steps_per_workload = 6 + (not args.no_ablation) + (not args.no_offline)
    progress.total = 1 + steps_per_workload * len(workloads)
    (tmp / "worker-tmp").mkdir()
    env = {"timeout": args.timeout, "tmp": tmp}

    progress.start("-", "baseline")
    base = call_worker({"kind": "baseline", "root": str(root)}, root, env)
    progress.end(f"{_mb(base.get('baseline_kb'))} MB" if base["status"] == "ok" else base["status"])

    out_workloads = []
    timed_out: dict[str, str] = {}  # step → the corpus whose step timed out: larger corpora skip it
    for name, paths, wroot in workloads:
        rows: dict[str, dict[str, Any]] = {}
        spec = {"root": str(wroot), "plans": [str(p) for p in paths]}

        def step(stage: str, kind: str, project: Path = wroot, clean: bool = True, **extra: Any) -> dict[str, Any]:
            progress.start(name, stage)
            if clean:
                clean_generated(project)
            res = call_worker({**spec, "root": str(project), "kind": kind, **extra}, project, env)
            progress.end(_progress_text(res))
            return res

        rows["parse"] = stage_row(step("parse", "parse"))
        rows["extract"] = stage_row(step("extract", "extract"))
        render = step("render", "render", tmp=str(tmp))
        rows["render"] = stage_row(render)
        floor = step("floor", "floor", clean=False, docs=str(wroot / "generated"), out=str(tmp / "floor" / name))
        shutil.rmtree(tmp / "floor" / name, ignore_errors=True)
        rows["floor"] = stage_row(floor)

        corpus = name.startswith("corpus-")
        skip_note = f"skipped: the {timed_out['build']} build timed out" if corpus and "build" in timed_out else None
        site = tmp / "site" / name
        if skip_note:
            build = skipped(skip_note)
            progress.start(name, "build")
            progress.end("skipped")
        else:
            build = step("build", "build", out=str(site))
        if build["status"] == "ok":  # over the site just built, with the cache it filled
            rows["rebuild one"] = _tree_row(step("rebuild one", "rebuild", clean=False, out=str(site)))
        else:
            rows["rebuild one"] = stage_row(skipped("skipped: no build to start from"))
            progress.start(name, "rebuild one")
            progress.end("skipped")
        shutil.rmtree(site, ignore_errors=True)
        if build["status"] == "timeout" and corpus:
            timed_out.setdefault("build", name)
        note = skip_note or (None if build["status"] == "ok" else
                             f"skipped: the build {'timed out' if build['status'] == 'timeout' else build['status']}")
        if not args.no_ablation:
            if note:
                nosearch = skipped(note)
                progress.start(name, "build -search")
                progress.end("skipped")
            else:
                nosearch = step("build -search", "build", project=nosearch_root, out=str(site))
                shutil.rmtree(site, ignore_errors=True)
        else:
            nosearch = skipped("skipped: --no-ablation")
        rows.update(build_rows(build, nosearch))
        if args.no_offline:
            rows["offline"] = stage_row(skipped("skipped: --no-offline"))
        elif note or (corpus and "offline" in timed_out):
            note = note or f"skipped: the {timed_out['offline']} offline bundle timed out"
            rows["offline"] = stage_row(skipped(note))
            progress.start(name, "offline")
            progress.end("skipped")
        else:
            offline = step("offline", "offline", out=str(tmp / "offline" / name / "site"),
                           dist=str(tmp / "offline" / name / "dist"))
            shutil.rmtree(tmp / "offline" / name, ignore_errors=True)
            rows["offline"] = _tree_row(offline)
            if offline["status"] == "timeout" and corpus:
                timed_out.setdefault("offline", name)

        add_floor_ratios(rows)
        out_workloads.append({
            "name": name,
            "plans": len(paths),
            "sources": [_source_name(sources[i % len(sources)]) for i in range(len(paths))]
            if corpus else ["seeds/dongying.txt"],
            "rows": [{"stage": s, **rows[s]} for s in STAGES],
        })

    return {
        "schema": 1,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": "benchmarks/run.py " + " ".join(sys.argv[1:]),
        "settings": {"sizes": list(sizes), "timeout_s": args.timeout, "offline": not args.no_offline,
                     "ablation": not args.no_ablation, "dongying": not args.no_dongying},
        "machine": machine_info(),
        "code": code_info(),
        "corpus_sources": [_source_name(p) for p in sources],
        "baseline_peak_mb": _mb(base.get("baseline_kb")),
        "workloads": out_workloads,
    }


def snapshot(dest: Path, search: bool = True) -> Path:
    """A temporary project: the checkout's code, templates, content and configuration."""
    import yaml

    dest.mkdir(parents=True)
    for name in SNAPSHOT:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copyfile(src, dest / name)
    for lang in ("zh", "en"):
        (dest / "generated" / lang).mkdir(parents=True)
    if not search:
        config = yaml.safe_load((dest / "mkdocs.yml").read_text(encoding="utf-8"))
        config["plugins"] = [p for p in config.get("plugins") or []
                             if (next(iter(p)) if isinstance(p, dict) else p) not in ("search", "material/search")]
        (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # compile now, so that no measured step pays for it
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(dest / "builder")], check=True,
                   stdout=subprocess.DEVNULL)
    return dest


def clean_generated(project: Path) -> None:
    """Every step starts from an empty generated/ (sync_tree then writes every file)."""
    for lang in ("zh", "en"):
        folder = project / "generated" / lang
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    shutil.rmtree(project / "generated" / "plans", ignore_errors=True)
    shutil.rmtree(project / "generated" / "jinja-cache", ignore_errors=True)  # templates compile in every step
    shutil.rmtree(project / "generated" / "cache", ignore_errors=True)  # every plan is built (and stored)
    (project / "generated" / "jieba-user.txt").unlink(missing_ok=True)


def corpus_sources() -> list[Path]:
    """The real texts the corpus workloads cycle through: those the parser accepts (a few texts of
    tests/corpus/ are kept as published, for the importer's tests, and refused by the parser)."""
    from builder.errors import PlansiteError
    from builder.parse import parse_plan
    from builder.parse.decode import decode_plan_bytes, read_plan_file

    sources = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "corpus").glob("*.txt"))
    usable = []
    for path in sources:
        try:
            parse_plan(decode_plan_bytes(read_plan_file(path, path.name), path.name), path.name, "probe")
        except PlansiteError:
            continue
        usable.append(path)
    if not usable:
        raise SystemExit("no plan texts in seeds/ or tests/corpus/ that the parser accepts")
    return usable


def _source_name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def call_worker(spec: dict[str, Any], cwd: Path, env: dict[str, Any]) -> dict[str, Any]:
    """Run one measured step in a subprocess (its own session); wait4 gives its peak RSS."""
    fd, spec_path = tempfile.mkstemp(prefix="spec-", suffix=".json", dir=env["tmp"])
    result_path = Path(spec_path).with_suffix(".result.json")
    log_path = Path(spec_path).with_suffix(".log")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({**spec, "result": str(result_path)}, handle)
    # TMPDIR: jieba's dictionary cache (warmed by the baseline step) and offline.write_bundles'
    # per-plan builds land in the run's temporary folder, which is removed at the end
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(cwd), PYTHONHASHSEED="0",
                       TMPDIR=str(env["tmp"] / "worker-tmp"))
    started = time.monotonic()
    timed_out = False
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker", spec_path],
                                cwd=cwd, env=environment, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True)
        sampler = TreeSampler(proc.pid)
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                sampler.sample()
                if time.monotonic() - started > env["timeout"]:
                    timed_out = True
                    os.killpg(proc.pid, signal.SIGKILL)
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.05)
        except BaseException:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            raise
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    process = {"process_seconds": round(wall, 3),
               "process_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
               "maxrss_kb": usage.ru_maxrss,
               "tree_peak_kb": sampler.peak_kb, "tree_cpu_seconds": round(sampler.cpu_seconds(), 3),
               "tree_processes": len(sampler.cpu)}
    if timed_out:
        return {"status": "timeout", "note": f"timeout after {env['timeout']:.0f} s", **process}
    try:
        result = json.loads(result_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or ["no output"]
        result = {"status": "failed", "error": f"exit status {proc.returncode}: {tail[0][:300]}"}
    result.update(process)
    # clear_refs resets the high-water mark, so the worker's own maxima count too; a build's worker
    # processes run at once, so their resident memory is summed (sampled every 50 ms)
    result["peak_kb"] = max(usage.ru_maxrss, result.get("peak_kb") or 0, sampler.peak_kb)
    return result


class TreeSampler:
    """Samples every process of a step's session (the step's process, the build's fork server and
    worker processes): the peak of their summed resident memory, and each one's CPU time as last
    seen (a process that ends between two samples loses at most one interval of CPU time)."""

    def __init__(self, session: int) -> None:
        self.session = session
        self.peak_kb = 0
        self.cpu: dict[int, float] = {}
        self.tick = os.sysconf("SC_CLK_TCK")
        self.page_kb = os.sysconf("SC_PAGE_SIZE") // 1024

    def sample(self) -> None:
        total = 0
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as handle:
                    stat = handle.read().decode("ascii", "replace")
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2:].split()
            if int(fields[3]) != self.session:  # field 6 of stat: the session id
                continue
            self.cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / self.tick  # utime + stime
            total += self._pss_kb(entry.name) or int(fields[21]) * self.page_kb  # else rss, in pages
        self.peak_kb = max(self.peak_kb, total)

    @staticmethod
    def _pss_kb(pid: str) -> int | None:
        """Proportional set size: a page shared by n processes (the workers forked from the fork
        server share its modules and jieba's dictionary) counts 1/n in each, so the sum is the
        memory the build really holds."""
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def skipped(note: str) -> dict[str, Any]:
    return {"status": "skipped", "note": note}


def _progress_text(res: dict[str, Any]) -> str:
    if res["status"] != "ok":
        return f"{res['status']}: {res.get('error') or res.get('note') or ''}".rstrip(": ")
    seconds = res.get("seconds")
    return f"{seconds:.2f} s, {_mb(res.get('peak_kb'))} MB" if seconds is not None else "done"


def _row(status: str = "ok", seconds: float | None = None, cpu: float | None = None, peak_kb: int | None = None,
         pages: int | None = None, written: int | None = None, note: str | None = None,
         details: dict[str, Any] | None = None, peak_delta: bool = False) -> dict[str, Any]:
    """One table row; every row has the same keys."""
    return {
        "status": status,
        "seconds": None if seconds is None else round(seconds, 3),
        "cpu_seconds": None if cpu is None else round(cpu, 3),
        "peak_mb": _mb(peak_kb),
        "peak_is_delta": peak_delta,
        "pages": pages,
        "bytes_written": written,
        "mb_written": None if written is None else round(written / MIB, 2),
        "x_floor": None,
        "note": note,
        "details": details or {},
    }


def stage_row(res: dict[str, Any]) -> dict[str, Any]:
    if res["status"] != "ok":
        return _row(res["status"], note=res.get("error") or res.get("note"),
                    details={k: res[k] for k in ("process_seconds", "process_cpu_seconds") if k in res})
    details = dict(res.get("details") or {})
    details["process_seconds"] = res["process_seconds"]
    details["process_cpu_seconds"] = res["process_cpu_seconds"]
    return _row(seconds=res["seconds"], cpu=res.get("cpu_seconds"), peak_kb=res["peak_kb"],
                pages=res.get("pages"), written=res.get("bytes_written"), note=res.get("note"), details=details)


def build_rows(build: dict[str, Any], nosearch: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The rows one build gives: mkdocs zh, mkdocs en, search, own, build; and the ablation."""
    rows: dict[str, dict[str, Any]] = {}
    rows["build -search"] = _tree_row(nosearch)
    if build["status"] != "ok":
        failed = stage_row(build)
        for stage in ("mkdocs zh", "mkdocs en", "search", "own", "build"):
            rows[stage] = dict(failed)
        return rows
    d = build["details"]
    rows["build"] = _tree_row(build)
    for lang in ("zh", "en"):
        rows[f"mkdocs {lang}"] = _row(
            seconds=d[f"mkdocs_{lang}_s"], cpu=d[f"mkdocs_{lang}_cpu_s"], pages=d[f"pages_{lang}"],
            written=d[f"bytes_{lang}"],
            note=f"{d[f'mkdocs_{lang}_builds']} builds, summed (they run in parallel); slowest "
                 f"{d[f'mkdocs_{lang}_slowest_s']:.2f} s")
    own = d["own_s"] + d.get("own_worker_own_s", 0)
    own_cpu = d.get("own_cpu_s", 0) + d.get("own_worker_own_cpu_s", 0)
    own_details = {k: v for k, v in d.items() if k.startswith("own_")}
    own_details["share_of_build_cpu"] = round(own_cpu / build["tree_cpu_seconds"], 4)
    own_details["building_process_share_of_build_seconds"] = round(d["own_s"] / build["seconds"], 4)
    rows["own"] = _row(seconds=own, cpu=round(own_cpu, 3),
                       note="plansite's own stages in the build, all but MkDocs: loading, rendering and writing the "
                            "pages (in the workers, summed), the site-wide pages, the merge",
                       details=own_details)
    search_details = {"indexes": d["search_indexes"], "largest_index_bytes": d["search_index_largest_bytes"]}
    seconds = delta = None
    if nosearch["status"] == "ok":
        seconds = build["seconds"] - nosearch["seconds"]
        delta = build["peak_kb"] - nosearch["peak_kb"]
        search_details["ablation_cpu_seconds_difference"] = round(
            build["tree_cpu_seconds"] - nosearch["tree_cpu_seconds"], 3)
    rows["search"] = _row(seconds=seconds, cpu=search_details.get("ablation_cpu_seconds_difference"),
                          peak_kb=delta, pages=d["pages_zh"] + d["pages_en"], written=d["search_index_bytes"],
                          details=search_details, peak_delta=True,
                          note="the build minus the build without the search plugin (part of mkdocs zh/en)")
    return rows


def _tree_row(res: dict[str, Any]) -> dict[str, Any]:
    """A whole build's row: wall time, CPU time and peak memory of all its processes."""
    row = stage_row(res)
    if res["status"] == "ok":
        row["cpu_seconds"] = res["tree_cpu_seconds"]
        row["details"]["tree_processes"] = res["tree_processes"]
    return row


def add_floor_ratios(rows: dict[str, dict[str, Any]]) -> None:
    floor = rows["floor"]
    if floor["status"] != "ok":
        return
    seconds = {"both": floor["seconds"], "zh": floor["details"].get("zh_s"), "en": floor["details"].get("en_s")}
    for stage, row in rows.items():
        base = seconds.get(FLOOR_OF.get(stage, "both"))
        if row["status"] == "ok" and row["seconds"] is not None and base:
            row["x_floor"] = round(row["seconds"] / base, 2)


def machine_info() -> dict[str, Any]:
    from importlib import metadata

    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / MIB, 1)  # kB → GiB
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu,
        "memory_gib": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": {name: version(name) for name in
                     ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pymdown-extensions", "jieba", "pyyaml")},
    }


def code_info() -> dict[str, Any]:
    def git(*args: str) -> str | None:
        try:
            return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True,
                                  text=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return None

    status = git("status", "--porcelain", "--", *SNAPSHOT)
    return {"commit": git("rev-parse", "HEAD"),
            "modified_files": None if status is None else len(status.splitlines()),
            "measured": "a copy of the working tree (" + ", ".join(SNAPSHOT) + ") taken when the run started"}


# --------------------------------------------------------------------------------------------
# The table.
# --------------------------------------------------------------------------------------------

COLUMNS = ("workload", "stage", "seconds", "peak MB", "pages", "MB written", "×floor")


def format_table(result: dict[str, Any]) -> str:
    lines = [COLUMNS]
    for workload in result["workloads"]:
        for row in workload["rows"]:
            if row["status"] == "skipped" and (row["note"] or "").startswith("skipped: --"):
                continue  # switched off by an option: not worth a line
            if row["status"] != "ok":
                cells = [row["status"]] + [""] * 4
            else:
                peak = row["peak_mb"]
                cells = [
                    "—" if row["seconds"] is None else f"{row['seconds']:.2f}",
                    "—" if peak is None else (f"{peak:+.1f}" if row["peak_is_delta"] else f"{peak:.1f}"),
                    "—" if row["pages"] is None else str(row["pages"]),
                    "—" if row["mb_written"] is None else f"{row['mb_written']:.2f}",
                    "—" if row["x_floor"] is None else f"{row['x_floor']:.2f}",
                ]
            lines.append((workload["name"], row["stage"], *cells))
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    out = []
    for n, line in enumerate(lines):
        text = "  ".join(cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(line))
        out.append(text.rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    out.append("")
    for workload in result["workloads"]:
        rows = {row["stage"]: row for row in workload["rows"]}
        own, build = rows.get("own"), rows.get("build")
        if own and build and own["status"] == "ok" and build["status"] == "ok" and build["cpu_seconds"]:
            out.append(f"{workload['name']}: plansite's own stages took {own['cpu_seconds']:.2f} s of the build's "
                       f"{build['cpu_seconds']:.2f} s of CPU ({100 * own['details']['share_of_build_cpu']:.1f}%); "
                       f"{own['seconds']:.2f} s of wall time summed over processes, "
                       f"{own['details']['own_s']:.2f} s of it in the building process")
    m, c = result["machine"], result["code"]
    packages = m["packages"]
    out.append("")
    out.append(f"{result['date']}  {m['nproc']} cores ({m['cpu']}), Python {m['python']}, "
               f"mkdocs {packages['mkdocs']}, material {packages['mkdocs-material']}")
    out.append(f"commit {(c['commit'] or '?')[:10]} + {c['modified_files']} modified files; load average "
               f"{result['load_average']['start'][0]} at start, {result['load_average']['end'][0]} at end; "
               f"a worker's interpreter and imports alone: {result['baseline_peak_mb']} MB")
    return "\n".join(out) + "\n"


def _mb(kb: int | None) -> float | None:
    return None if kb is None else round(kb / 1024, 1)


# --------------------------------------------------------------------------------------------
# The worker: one measured step in its own process.
# --------------------------------------------------------------------------------------------


def worker(spec_path: Path) -> int:
    import logging
    import traceback

    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        result = WORKERS[spec["kind"]](spec)
        result.setdefault("status", "ok")
    except Exception as error:  # reported in the table as "failed"
        traceback.print_exc()
        message = str(error).strip().splitlines()
        result = {"status": "failed", "error": f"{type(error).__name__}: {message[0] if message else ''}"[:300]}
    result["peak_kb"] = max(result.get("peak_kb") or 0, _hwm_kb() or 0)
    Path(spec["result"]).write_text(json.dumps(result), encoding="utf-8")
    return 0 if result["status"] == "ok" else 1


def _hwm_kb() -> int | None:
    """This process's peak RSS so far (``VmHWM``), in kB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_hwm() -> bool:
    """Reset ``VmHWM`` to the current RSS (Linux ≥ 4.0); False where that is not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _project(spec: dict[str, Any]) -> Any:
    from builder.project import Project

    return Project(Path(spec["root"]))


def _tree(folder: Path, suffix: str, exclude: Path | None = None) -> tuple[int, int]:
    """(files ending in ``suffix``, bytes of all files) under ``folder``, leaving ``exclude`` out."""
    pages = size = 0
    for path in folder.rglob("*"):
        if exclude is not None and (path == exclude or exclude in path.parents):
            continue
        if path.is_file():
            size += path.stat().st_size
            pages += path.name.endswith(suffix)
    return pages, size


def work_baseline(spec: dict[str, Any]) -> dict[str, Any]:
    """The interpreter and the imports every step pays for; then warm jieba's cache (unmeasured)."""
    import jinja2  # noqa: F401
    import markdown  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import builder.publish  # noqa: F401

    peak = _hwm_kb()
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()  # writes its dictionary cache once, so that no measured build pays for it
    return {"seconds": None, "baseline_kb": peak}


def work_parse(spec: dict[str, Any]) -> dict[str, Any]:
    project = _project(spec)
    paths = [Path(p) for p in spec["plans"]]
    started, cpu = time.perf_counter(), time.process_time()
    plans = [project.parse(path, extract=False) for path in paths]
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "details": {"plans": len(plans)}}


def work_extract(spec: dict[str, Any]) -> dict[str, Any]:
    from builder.extract import extract_plan

    project = _project(spec)
    plans = [project.parse(Path(p), extract=False) for p in spec["plans"]]
    started, cpu = time.perf_counter(), time.process_time()
    for plan in plans:
        extract_plan(plan, project.metric_names())  # as Project.parse does it
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "details": {"plans": len(plans)}}


def work_render(spec: dict[str, Any]) -> dict[str, Any]:
    """What a build does besides MkDocs, with the plans already parsed and extracted: per plan, the
    view and summary (the building process) and each language's pages and the exports
    (``plan_build.render_job``, which the workers run); then the site-wide pages. All in one process."""
    from builder import plan_build
    from builder import summaries as summaries_
    from builder.render import urls
    from builder.render.site import make_environment, plan_views, summarize

    project = _project(spec)
    paths = [Path(p) for p in spec["plans"]]
    inputs = {str(path): item for path, item in zip(paths, project.load_inputs(paths))}  # the stages above
    glossary, strings = project.glossary(), project.strings()
    data_dir = Path(spec["tmp"]) / "render-data"
    started, cpu = time.perf_counter(), time.process_time()
    summaries = []
    for path in paths:
        item = inputs[str(path)]
        view = plan_views([item], glossary, strings=strings)[0]
        summaries.append(summarize(item, view, glossary))
        summaries_.write_summary(project, summaries[-1])
        for lang in urls.LANGS:  # as the build's workers do, with the plan it loaded (pickled on the way)
            loaded = pickle.loads(pickle.dumps((item, view), protocol=pickle.HIGHEST_PROTOCOL))
            _, pages, _, _ = plan_build.render_job(plan_build.PlanJob(
                str(project.root), str(path), lang, True, str(data_dir / item.plan.id) if lang == "zh" else None, loaded))
            untimed = time.perf_counter(), time.process_time()  # the build keeps them in memory; the floor reads files
            plan_build.sync_tree(plan_build.plan_docs(project, item.plan.id, lang), pages)
            started += time.perf_counter() - untimed[0]
            cpu += time.process_time() - untimed[1]
    env = make_environment(project.templates, plan_build.template_cache(project))
    summaries_.write_root_docs(project, summaries, env, strings, glossary, True)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    _, data_bytes = _tree(data_dir, ".json")
    shutil.rmtree(data_dir, ignore_errors=True)
    docs = project.build_dir
    pages_zh = bytes_zh = pages_en = bytes_en = 0
    for lang_docs, lang in [(docs / "zh", "zh"), (docs / "en", "en")] + [
            (folder, folder.name) for folder in sorted((docs / "plans").glob("*/*")) if folder.is_dir()]:
        pages, size = _tree(lang_docs, ".md")
        if lang == "zh":
            pages_zh, bytes_zh = pages_zh + pages, bytes_zh + size
        else:
            pages_en, bytes_en = pages_en + pages, bytes_en + size
    return {"seconds": seconds, "cpu_seconds": cpu, "pages": pages_zh + pages_en,
            "bytes_written": bytes_zh + bytes_en + data_bytes,
            "details": {"pages_zh": pages_zh, "pages_en": pages_en, "bytes_zh": bytes_zh, "bytes_en": bytes_en,
                        "data_bytes": data_bytes}}


FLOOR_TEMPLATE = """<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main>{{ body }}</main></body>
</html>
"""


def work_floor(spec: dict[str, Any]) -> dict[str, Any]:
    """The same Markdown pages to HTML with python-markdown and one Jinja2 template: no nav, no search."""
    import jinja2
    import markdown
    import markupsafe
    import yaml

    extensions: list[str] = []
    configs: dict[str, Any] = {}
    config = yaml.safe_load((Path(spec["root"]) / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    for entry in config.get("markdown_extensions") or []:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        extensions.append(name)
        if options:
            configs[name] = options
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    template = jinja2.Environment(autoescape=True).from_string(FLOOR_TEMPLATE)
    docs, out = Path(spec["docs"]), Path(spec["out"])
    details: dict[str, Any] = {"extensions": extensions}
    pages = written = 0
    total = 0.0
    cpu = time.process_time()
    for lang in ("zh", "en"):
        started = time.perf_counter()
        count = size = 0
        sources = [(source, source.relative_to(docs / lang)) for source in sorted((docs / lang).rglob("*.md"))]
        for folder in sorted((docs / "plans").glob(f"*/{lang}")):  # each plan's pages
            sources += [(source, Path(folder.parent.name) / source.relative_to(folder))
                        for source in sorted(folder.rglob("*.md"))]
        for source, rel in sources:
            text = source.read_text(encoding="utf-8")
            if text.startswith("---\n"):
                end = text.find("\n---\n", 4)
                if end != -1:
                    text = text[end + 5:]
            html = template.render(lang=lang, title=rel.parent.as_posix(), body=markupsafe.Markup(md.reset().convert(text)))
            target = (out / lang / rel).with_suffix(".html")
            target.parent.mkdir(parents=True, exist_ok=True)
            data = html.encode("utf-8")
            target.write_bytes(data)
            count += 1
            size += len(data)
        seconds = time.perf_counter() - started
        details[f"{lang}_s"] = round(seconds, 3)
        details[f"pages_{lang}"] = count
        details[f"bytes_{lang}"] = size
        pages += count
        written += size
        total += seconds
    return {"seconds": total, "cpu_seconds": time.process_time() - cpu, "pages": pages, "bytes_written": written,
            "details": details}


def work_build(spec: dict[str, Any]) -> dict[str, Any]:
    """``plansite build`` for the plans (build_site, as the command line calls it). The build
    returns its own stages and each MkDocs build (run in worker processes) as its result."""
    return _build(spec)[0]


def _build(spec: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """:func:`work_build`'s figures, and the build's own result."""
    from builder import publish

    project = _project(spec)
    paths = [Path(p) for p in spec["plans"]]
    out = Path(spec["out"])
    started, cpu = time.perf_counter(), time.process_time()
    result = publish.build_site(project, paths, out)
    seconds = time.perf_counter() - started
    parent_cpu = time.process_time() - cpu
    timings, stats = result.timings, [asdict(s) for s in result.stats]
    pages_zh, bytes_zh = _tree(out, ".html", exclude=out / "en")
    pages_en, bytes_en = _tree(out / "en", ".html")
    details: dict[str, Any] = {f"own_{k}": round(v, 3) for k, v in timings.items()}
    details.update(pages_zh=pages_zh, pages_en=pages_en, bytes_zh=bytes_zh, bytes_en=bytes_en,
                   parent_cpu_s=round(parent_cpu, 3), builds=len(stats) + 1,
                   worker_processes=len({s["pid"] for s in stats}))
    for lang in ("zh", "en"):
        mine = [s for s in stats if s["lang"] == lang]
        details[f"mkdocs_{lang}_builds"] = len(mine) + (lang == "zh")
        details[f"mkdocs_{lang}_s"] = round(sum(s["seconds"] for s in mine)
                                           + (timings.get("root_build_s", 0) if lang == "zh" else 0), 3)
        details[f"mkdocs_{lang}_cpu_s"] = round(sum(s["cpu_seconds"] for s in mine), 3)
        details[f"mkdocs_{lang}_slowest_s"] = round(max((s["seconds"] for s in mine), default=0), 3)
    indexes = sorted(out.rglob("search/search_index.json"))
    details["search_indexes"] = len(indexes)
    details["search_index_bytes"] = sum(p.stat().st_size for p in indexes)
    details["search_index_largest_bytes"] = max((p.stat().st_size for p in indexes), default=0)
    details["own_s"] = round(sum(timings.get(k, 0) for k in ("setup_s", "load_s", "render_s", "write_s",
                                                             "root_render_s", "merge_s")), 3)
    return {"seconds": seconds, "cpu_seconds": parent_cpu, "pages": pages_zh + pages_en,
            "bytes_written": bytes_zh + bytes_en, "details": details}, result


def work_offline(spec: dict[str, Any]) -> dict[str, Any]:
    """``plansite build --offline``: the file:// site, then dist/<plan>-offline.zip per plan."""
    from builder.publish import build_site

    project = _project(spec)
    paths = [Path(p) for p in spec["plans"]]
    out, dist = Path(spec["out"]), Path(spec["dist"])
    started, cpu = time.perf_counter(), time.process_time()
    build_site(project, paths, out, offline=True)
    site_seconds = time.perf_counter() - started
    from builder.bundles import write_bundles

    bundles = write_bundles(project, paths, out, dist)
    note = None
    seconds = time.perf_counter() - started
    pages, size = _tree(out, ".html")
    zips = sum(p.stat().st_size for p in bundles)
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "pages": pages,
            "bytes_written": size + zips, "note": note,
            "details": {"site_s": round(site_seconds, 3), "bundles_s": round(seconds - site_seconds, 3),
                        "bundles": len(bundles), "site_bytes": size, "zip_bytes": zips}}


def work_rebuild(spec: dict[str, Any]) -> dict[str, Any]:
    """``plansite build`` again, into the site the build before wrote, after the first plan's text
    changed (a line added at its end): that plan is rebuilt, every other plan is reused."""
    first = Path(spec["plans"][0])
    original = first.read_bytes()
    first.write_bytes(original + b"\n")
    try:
        figures, built = _build(spec)
    finally:
        first.write_bytes(original)
    plan_builds = [s for s in built.stats if s.mount.strip("/") not in ("", "en")]
    figures["note"] = f"{sum(1 for s in plan_builds if s.cached)} of {len(plan_builds)} plan builds reused"
    return figures


WORKERS = {"baseline": work_baseline, "parse": work_parse, "extract": work_extract, "render": work_render,
           "floor": work_floor, "build": work_build, "rebuild": work_rebuild, "offline": work_offline}


if __name__ == "__main__":
    sys.exit(main())
