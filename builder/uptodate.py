"""A build that would change nothing does nothing: ``plansite build`` into a site whose inputs
are as they were at its last build, and whose files are as that build wrote them, only checks.

This module is what ``plansite build`` runs before anything heavy is imported (no MkDocs, no
jieba, no templates), so the check costs an interpreter's start, reading the inputs once to hash
them and a ``stat`` of every file of the site. The key is over everything a build reads:

* plansite's own code and the versions of the packages that write pages (:func:`builder.cache.code_digest`);
* ``mkdocs.yml``, ``templates/`` and the whole of ``content/`` (curated and generated);
* the plans' texts (every ``seeds/*.txt``, or the files named on the command line);
* the settings: offline or not, the output folder, and the build's date (``SOURCE_DATE_EPOCH``,
  pinned as every build pins it: :func:`build_epoch`).

After a build that succeeded the key is recorded, computed again (the build may have refreshed a
``content/<plan>/plan.yaml``), with the size and modification time of every file the site and its
offline bundles hold (``generated/cache/site-<hash of the output folder>.json``). A file changed
by hand, removed or added makes the next build run; so does ``--fresh`` or ``PLANSITE_CACHE=0``.
When the check fails, the per-plan reuse of :mod:`builder.cache` still spares the plans that did
not change.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from builder.cache import _digest_tree, _stats, code_digest, enabled

FORMAT = 1


def project_root(start: Path) -> Path | None:
    """The project folder ``start`` is in (it holds ``mkdocs.yml`` and ``templates/``), if any."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "templates").is_dir():
            return folder
    return None


def build_epoch(root: Path) -> str:
    """The build's date as ``SOURCE_DATE_EPOCH`` gives it (seconds), or as a build pins it where it
    is not set: the time of the checkout's last commit; else, outside git, the newest modification
    time of the project's inputs. Raises ``ValueError`` where the variable is not a number."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        if not value.isdigit():
            raise ValueError(value)
        return value
    return str(_last_commit_time(root) or _newest_input_time(root))


def _last_commit_time(root: Path) -> int | None:
    try:
        commit = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                                text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    out = commit.stdout.strip()
    return int(out) if commit.returncode == 0 and out.isdigit() else None


def _newest_input_time(root: Path) -> int:
    files = [root / "mkdocs.yml"]
    for folder in (root / "seeds", root / "content", root / "templates"):
        files += [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    return max((int(p.stat().st_mtime) for p in files if p.exists()), default=0)


def site_key(root: Path, plans: Sequence[Path] | None, settings: dict[str, Any]) -> str:
    """The key of a whole build: every input and setting (see the module's docstring)."""
    digest = hashlib.sha256(code_digest().encode("ascii"))
    digest.update((root / "mkdocs.yml").read_bytes() + b"\0")
    _digest_tree(digest, root / "templates", root)
    _digest_tree(digest, root / "content", root)
    texts = sorted(plans) if plans is not None else sorted((root / "seeds").glob("*.txt"))
    for path in texts:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
        if plans is not None and path.name == "plan.yaml":  # a plan's YAML alone: its folder too
            _digest_tree(digest, path.parent, path.parent)
    digest.update(json.dumps({"plans": plans is not None, **settings}, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()


def record_path(root: Path, out_dir: Path) -> Path:
    name = hashlib.sha256(str(out_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return root / "generated" / "cache" / f"site-{name}.json"


def _files(out_dir: Path, extra: Sequence[Path]) -> dict[str, Any]:
    files: dict[str, Any] = {"site": _stats(out_dir)}
    for path in extra:
        info = path.stat()
        files[str(path)] = [info.st_size, info.st_mtime_ns]
    return files


def unchanged(root: Path, out_dir: Path, key: str) -> bool:
    """Whether the last build into ``out_dir`` had this key and its files are as it wrote them."""
    if not enabled() or not out_dir.is_dir():
        return False
    try:
        record = json.loads(record_path(root, out_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if record.get("format") != FORMAT or record.get("key") != key:
        return False
    extra = [Path(p) for p in record.get("files", {}) if p != "site"]
    try:
        return _files(out_dir, extra) == record["files"]
    except OSError:  # a bundle is gone
        return False


def remember(root: Path, out_dir: Path, key: str, extra: Sequence[Path] = ()) -> None:
    """Record a build that succeeded (written beside, then renamed: never half a record)."""
    path = record_path(root, out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({"format": FORMAT, "key": key, "files": _files(out_dir, extra)}), encoding="utf-8")
    os.replace(partial, path)


def forget(root: Path, out_dir: Path) -> None:
    record_path(root, out_dir).unlink(missing_ok=True)
