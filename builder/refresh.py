"""The build's first step: a plan's text becomes its ``plan.yaml``, and the site is built from that.

The YAML is the contract between the stages (parse → extract → YAML → render): a build never
renders a plan it parsed in memory, it renders the ``plan.yaml`` that parsing and extraction
wrote. :func:`refresh` guarantees, for one plan given as text:

* a seed of the project (``seeds/<plan>.txt``) refreshes ``content/<plan>/plan.yaml``, written
  only when its bytes change (so a clean checkout stays clean, and ``mkdocs serve``, which
  watches ``content/``, is not woken again by its own write);
* except when the new text would give an id of the published version another meaning or none
  (a clause renumbered or removed, a sentence moved): then ``content/<plan>/plan.yaml`` keeps the
  published version, which ``plansite ids`` needs in order to record where the ids went, the
  build renders the new text from ``generated/yaml/<plan>/plan.yaml``, and the result carries a
  note saying so;
* a text refresh that keeps every id (wording changed, clauses added at the end) also brings
  ``content/<plan>/ids.yaml`` up to date with the new version (its ``version:`` fingerprint), as
  ``plansite ids`` would;
* a text from outside ``seeds/`` (a corpus build, a test) is written to
  ``generated/yaml/<plan>/plan.yaml`` and leaves ``content/`` alone;
* a ``plan.yaml`` given as such is used as it is.

Parsing is skipped when nothing it depends on changed since the last refresh (the text, the
plan's and the site's curated content, plansite's code): a record in
``generated/cache/yaml/<plan>.json`` holds the key and the ``plan.yaml`` it led to, so a build of
unchanged plans pays a hash of their inputs, not a parse.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder import cache
from builder.errors import PlansiteError
from builder.project import Project, display_path, is_plan_yaml
from builder.serialize import plan_yaml_text
from builder.versions import compare, fingerprint, merge


@dataclass(frozen=True)
class Refreshed:
    """What a build renders for one plan: its ``plan.yaml``, and a note for the user, if any."""

    path: Path
    note: str | None = None


def refresh_all(project: Project, paths: list[Path]) -> list[Refreshed]:
    """:func:`refresh` for each plan, after checking that no two texts claim one plan id (the second
    would overwrite the first's ``plan.yaml``)."""
    seen: dict[str, Path] = {}
    for path in paths:
        if is_plan_yaml(path):
            continue
        plan_id = project.plan_id_for(path)
        if plan_id in seen:
            raise PlansiteError(f"{path}: error: plan id '{plan_id}' is already used by {seen[plan_id]}")
        seen[plan_id] = path
    shared = _shared_digest(project)  # read once for all the plans
    return [refresh(project, path, shared) for path in paths]


def refresh(project: Project, path: Path, shared: str | None = None) -> Refreshed:
    """The ``plan.yaml`` the build renders for the plan at ``path`` (see the module's docstring).
    ``shared``: :func:`_shared_digest` of the project, where the caller has it."""
    if is_plan_yaml(path):
        return Refreshed(path)
    plan_id = project.plan_id_for(path)
    shared = shared or _shared_digest(project)
    record = project.build_dir / "cache" / "yaml" / f"{plan_id}.json"
    known = _recorded(record, _key(shared, project, path, plan_id))
    if known is not None:
        return known
    result = _write(project, path, plan_id)
    _record(record, _key(shared, project, path, plan_id), result)  # ids.yaml may have changed: the key after
    return result


def _write(project: Project, path: Path, plan_id: str) -> Refreshed:
    plan = project.parse(path)
    text = plan_yaml_text(plan)
    pending = project.build_dir / "yaml" / plan_id / "plan.yaml"
    published = project.content / plan_id / "plan.yaml"
    if path.resolve().parent != project.seeds.resolve():
        _write_text(pending, text)
        _carry_source(path.resolve().parent.parent / "content" / plan_id / "source.yaml", pending)
        return Refreshed(pending)
    if not published.is_file() or published.read_text(encoding="utf-8") == text:
        _write_text(published, text)
        return Refreshed(published)
    try:
        old = project.read_plan_yaml(published)
    except PlansiteError:  # a broken plan.yaml holds no version worth keeping
        _write_text(published, text)
        return Refreshed(published)
    changes = compare(old, plan)
    moved = {k: v for k, v in {**changes.clauses, **changes.children}.items() if k != v}
    if moved:
        _write_text(pending, text)
        _carry_source(project.content / plan_id / "source.yaml", pending)
        shown, seed = (os.path.relpath(p, project.root) for p in (published, path))
        return Refreshed(pending, f"{display_path(path)}: note: this text moves {len(moved)} "
                                  f"id{'s' if len(moved) != 1 else ''} of the version in {shown} (first: "
                                  f"{_first(moved)}); the site shows the new text, and {shown} keeps the "
                                  f"published version until `plansite ids {seed}` records where the old "
                                  "addresses go")
    ids_file = project.content / plan_id / "ids.yaml"
    existing = project.id_map(plan_id)
    if existing is not None and existing.version == fingerprint(old):
        id_map, _ = merge(existing, old, plan, changes)
        _write_text(ids_file, id_map.to_yaml(plan_id))
    _write_text(published, text)
    return Refreshed(published)


def _carry_source(source: Path, plan_yaml: Path) -> None:
    """A plan's provenance is the ``source.yaml`` beside its ``plan.yaml``: copy the text's there
    (or remove one left by an earlier text)."""
    beside = plan_yaml.parent / "source.yaml"
    if source.is_file():
        _write_text(beside, source.read_text(encoding="utf-8"))
    elif beside.is_file():
        beside.unlink()


def _first(moved: dict[str, str | None]) -> str:
    from builder.ids import sort_key

    key = min(moved, key=sort_key)
    return f"{key} → {moved[key] if moved[key] is not None else 'the plan’s home page'}"


#: the files this process wrote (a plan's ``plan.yaml`` and ``ids.yaml`` in ``content/``) as they
#: were then (inode, size, modification time), and the temporary files it wrote them through:
#: ``mkdocs serve``, which watches ``content/``, is not woken by the build's own writes
#: (:func:`written_here`), only by a writer after it
_WRITTEN: dict[str, tuple[int, int, int]] = {}
_TEMPORARY: set[str] = set()


def _write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` when it differs from what is there, atomically."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    _TEMPORARY.add(os.path.abspath(temporary))
    temporary.write_text(text, encoding="utf-8")
    # recorded before the move (which keeps the file's inode and times): the watcher may see the
    # move before this process goes on
    _WRITTEN[os.path.abspath(path)] = _state(temporary)
    os.replace(temporary, path)


def _state(path: Path | str) -> tuple[int, int, int]:
    found = os.stat(path)
    return found.st_ino, found.st_size, found.st_mtime_ns


def written_here(path: str) -> bool:
    """Whether ``path`` is a file this process wrote by :func:`_write_text` and nobody has changed
    since, or the temporary file it wrote it through."""
    path = os.path.abspath(path)
    if path in _TEMPORARY:
        return True
    if path not in _WRITTEN:
        return False
    try:
        return _state(path) == _WRITTEN[path]
    except OSError:
        return False


def _shared_digest(project: Project) -> str:
    """What every plan's parsing reads alike: plansite's code and packages, the site's curated
    content (agency registry, glossary, metric names)."""
    digest = hashlib.sha256(cache.code_digest().encode("ascii"))
    _digest_files(digest, [p for p in sorted(project.content.glob("*")) if p.is_file()])
    return digest.hexdigest()


def _key(shared: str, project: Project, path: Path, plan_id: str) -> str:
    """Everything parsing and extraction read: :func:`_shared_digest`, the text, the plan's own
    curated content (not the ``plan.yaml`` this step writes) and its provenance."""
    digest = hashlib.sha256(shared.encode("ascii"))
    digest.update(str(path.resolve()).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    files: list[Path] = []
    outside = path.resolve().parent.parent / "content" / plan_id / "source.yaml"  # a text's from outside seeds/
    files += [outside] if outside.is_file() and not outside.is_relative_to(project.content.resolve()) else []
    folder = project.content / plan_id
    if folder.is_dir():
        files += [p for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "plan.yaml"]
    _digest_files(digest, files)
    return digest.hexdigest()


def _digest_files(digest: Any, files: list[Path]) -> None:
    for file in files:
        if not file.name.startswith("."):
            digest.update(str(file).encode("utf-8") + b"\0" + file.read_bytes() + b"\0")


def _recorded(record: Path, key: str) -> Refreshed | None:
    """The last refresh's result, if its key is ``key`` and its ``plan.yaml`` is as it wrote it."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    target = Path(str(data.get("path")))
    try:
        info = target.stat()
    except OSError:
        return None
    if [info.st_size, info.st_mtime_ns] != data.get("stat"):
        return None
    return Refreshed(target, data.get("note"))


def _record(record: Path, key: str, result: Refreshed) -> None:
    info = result.path.stat()
    record.parent.mkdir(parents=True, exist_ok=True)
    temporary = record.with_suffix(".tmp")
    temporary.write_text(json.dumps({"key": key, "path": str(result.path.resolve()), "note": result.note,
                                     "stat": [info.st_size, info.st_mtime_ns]}, ensure_ascii=False),
                         encoding="utf-8")
    os.replace(temporary, record)
