"""The processes that run MkDocs builds: one build per plan and language, spread over the cores.

:mod:`builder.publish` hands each build to :func:`run_build` through a pool of worker processes
(started from a fork server that imported MkDocs, Material and jieba — and loaded jieba's
dictionary — once, so every worker starts with them in memory). A build is a plain MkDocs build of one configuration: nothing in
it depends on another build, so builds can run in any order, on any machine.
"""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jieba

from builder.errors import BuildError, PlansiteError
from builder.plan_build import PlanJob, prepare_plan

jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not the user's business


@dataclass(frozen=True)
class BuildSpec:
    """One MkDocs build: the project's ``mkdocs.yml`` with these top-level settings replaced."""

    config_file: str
    overrides: dict[str, Any]
    mount: str  # where its site goes below the site root: "", "en/", "dongying/", "en/dongying/"
    lang: str
    plan: PlanJob | None = None  # a plan's build: the plan and language the worker renders first


@dataclass(frozen=True)
class BuildStats:
    mount: str
    lang: str
    seconds: float
    cpu_seconds: float
    pid: int
    folder: str  # where it was written
    own_seconds: float = 0.0  # loading and rendering the plan's pages, before MkDocs
    own_cpu_seconds: float = 0.0
    cached: bool = False  # taken from the cache (builder.cache), not built


def mkdocs_build(config_file: str, overrides: dict[str, Any], what: str) -> None:
    """One MkDocs build of ``config_file`` with ``overrides``; MkDocs' own failures (a warning in
    strict mode, a bad setting, a file that cannot be written) become a
    :class:`~builder.errors.BuildError` that names ``what`` was being built."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        build(load_config(config_file, **overrides))
    except (Abort, ConfigurationError) as error:
        raise BuildError(f"error: the MkDocs build of {what} failed: {error}") from None
    except OSError as error:
        raise BuildError(f"{error.filename or overrides.get('site_dir')}: error: the site could not be "
                         f"written: {error.strerror or error}") from None


def run_build(spec: BuildSpec) -> BuildStats:
    """Run one MkDocs build into its own folder (in a worker process). Errors come back as
    :class:`~builder.errors.BuildError` naming the build, whatever raised them (the exception
    must survive the trip back to the parent)."""
    what = f"{spec.mount or 'the site root'} ({spec.lang})"
    overrides, own, own_cpu = spec.overrides, 0.0, 0.0
    try:
        if spec.plan is not None:
            started, cpu = time.perf_counter(), time.process_time()
            overrides = prepare_plan(spec.plan, overrides)
            own, own_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        mkdocs_build(spec.config_file, overrides, what)
    except BuildError:
        raise
    except PlansiteError as error:  # as its message: not every error class survives pickling
        raise BuildError(str(error)) from None
    except Exception as error:  # noqa: BLE001 - see above
        raise BuildError(f"error: the MkDocs build of {what} failed: {type(error).__name__}: {error}") from None
    return BuildStats(spec.mount, spec.lang, time.perf_counter() - started, time.process_time() - cpu,
                      os.getpid(), str(spec.overrides["site_dir"]), own, own_cpu)


def _init_worker(level: int) -> None:
    """A worker's MkDocs log goes to stderr like the parent's (warnings fail a strict build: the
    reader must see which)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(max(level, logging.WARNING))  # the root build reports progress; workers report problems


def warm() -> None:
    """Import what every build uses and load jieba's dictionary: run once in the fork server (by
    importing :mod:`builder.warm`), so that each worker forked from it has them already."""
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401
    import material.plugins.search.plugin  # noqa: F401

    from builder.extract import terms

    terms.standard_tokenizer(())  # jieba's dictionary, read once: every tokenizer of a worker copies it


_USER_WORDS: str | None = None  # the user dictionary jieba holds in this process


def use_jieba_dictionary(path: str) -> None:
    """Give jieba its standard dictionary plus the words of ``path``, exactly once per process.

    Material's search plugin loads its user dictionary at every build; jieba adds the words'
    frequencies to its total each time, so a process that has run more builds would cut words
    differently, and a page's index would depend on which worker built it. Here every build of
    every process segments with the same dictionary; a changed file (``mkdocs serve`` after an edit
    to the glossary) starts jieba afresh."""
    global _USER_WORDS
    text = Path(path).read_text(encoding="utf-8")
    if text == _USER_WORDS:
        return
    from builder.extract.terms import standard_tokenizer

    # a fresh tokenizer: the standard dictionary only, as loaded once per process (in a worker, by
    # the fork server), so its cache is not read again
    standard = standard_tokenizer(())
    jieba.dt.__init__()
    jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = standard.FREQ, standard.total, True
    jieba.load_userdict(path)
    _USER_WORDS = text


def default_jobs() -> int:
    """Worker processes: ``PLANSITE_JOBS`` where set, else one per core this process may use."""
    value = os.environ.get("PLANSITE_JOBS", "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise BuildError(f"error: expected PLANSITE_JOBS to be a number of processes (1 or more), found '{value}'")
        return int(value)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def executor(jobs: int, builds: int) -> concurrent.futures.Executor:
    """A pool of ``min(jobs, builds)`` worker processes (at least one). Even one build runs in a
    worker, never inside the root build: MkDocs shares a plugin's instance between the builds of a
    process, so a build nested in another would change the outer one's plugin settings."""
    workers = max(1, min(jobs, builds))
    try:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["builder.workers", "builder.warm"])
    except ValueError:  # no fork server on this platform
        context = multiprocessing.get_context("spawn")
    level = logging.getLogger("mkdocs").getEffectiveLevel()
    return concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                                  initializer=_init_worker, initargs=(level,))

