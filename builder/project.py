"""A plansite project on disk: where seeds, curated content and templates live, and loading them.

This module and :mod:`builder.publish` are the only ones that read files; everything they hand on
is plain data.
"""

from __future__ import annotations

import copy
import datetime
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from builder.errors import ParseError, PlansiteError
from builder.serialize import load_schema, plan_from_data
from builder.extract import extract_plan
from builder.agencies import AgencyRegistry
from builder.extract.targets import MetricNames
from builder.extract.terms import Glossary
from builder.model import Plan
from builder.parse import parse_plan
from builder.parse.decode import decode_plan_bytes, read_plan_file
from builder.versions import IdMap, Versions, fingerprint
from builder.uptodate import build_epoch, project_root
from builder.translation import FILE as TRANSLATION_FILE, Translation, load as load_translation
from builder.meta import PlanMeta

if TYPE_CHECKING:  # the render stage is loaded by the commands that render, not by `plansite parse`
    from builder.render.metrics import MetricRegistry
    from builder.render.site import PlanInput

_ID_OK = "abcdefghijklmnopqrstuvwxyz0123456789-"


@dataclass(frozen=True)
class Project:
    """The folders of a project checkout (``root`` holds ``mkdocs.yml``)."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project around ``start`` (default: the working directory), else the package's own."""
        return cls.around(start or Path.cwd()) or cls(Path(__file__).resolve().parent.parent)

    @classmethod
    def around(cls, start: Path) -> Project | None:
        """The project folder ``start`` is in (it holds ``mkdocs.yml`` and ``templates/``), if any."""
        found = project_root(start)
        return cls(found) if found is not None else None

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def build_dir(self) -> Path:
        """Git-ignored working folder: generated Markdown (``zh/``, ``en/``) and configuration."""
        return self.root / "generated"

    def pin_build_date(self) -> None:
        """Fix the build's date (sitemaps and their gzip header, zip entries, the reuse key) in
        ``SOURCE_DATE_EPOCH``, so that two builds of the same input are byte-identical, whether
        ``plansite build``, ``mkdocs build`` or ``mkdocs serve`` runs them. A value already set is
        kept (it must be a number of seconds); else the time of the checkout's last commit; else,
        outside git, the newest modification time of the project's inputs."""
        try:
            os.environ["SOURCE_DATE_EPOCH"] = build_epoch(self.root)
        except ValueError as error:
            raise PlansiteError(f"error: expected SOURCE_DATE_EPOCH to be a number of seconds, found '{error}'") from None

    def seed_files(self) -> list[Path]:
        return sorted(self.seeds.glob("*.txt"))

    def strings(self) -> dict[str, dict[str, str]]:
        return load_yaml(self.templates / "strings.yaml") or {}

    def plan_id_for(self, path: Path) -> str:
        """The plan id of a text file: its name without extension, or ``id:`` in its curated meta;
        of a ``plan.yaml``: the id it records."""
        if is_plan_yaml(path):
            return self.read_plan_yaml(path).id
        stem = path.stem.lower()
        meta = load_yaml(self.content / stem / "meta.yaml") or {}
        plan_id = str(meta.get("id", stem))
        if not plan_id or any(c not in _ID_OK for c in plan_id) or plan_id.startswith("-"):
            raise PlansiteError(f"{path}: error: expected a plan id of lower-case ASCII letters, digits "
                                f"and hyphens (from the file name or content/{stem}/meta.yaml), found '{plan_id}'")
        return plan_id

    def registry(self, plan_id: str) -> AgencyRegistry:
        return AgencyRegistry.from_data(load_yaml(self.content / "agencies.yaml"),
                                        load_yaml(self.content / plan_id / "agencies.yaml"))

    def glossary(self) -> Glossary:
        """The site-wide glossary (``content/glossary.yaml``)."""
        return Glossary.from_data(load_yaml(self.content / "glossary.yaml"))

    def metric_registry(self) -> MetricRegistry:
        """The registry of metrics (``content/metrics.yaml``; empty where there is none). A registry
        that breaks its schema, repeats an id or gives a form to two metrics is a
        :class:`~builder.errors.ValidationError` naming the file and the path of each problem."""
        from builder.render.metrics import MetricRegistry

        path = self.content / "metrics.yaml"
        return MetricRegistry.from_data(load_yaml(path), display_path(path))

    def metric_names(self) -> MetricNames:
        """English metric names: the glossary's terms, then every form of the metric registry
        (which wins where both name one)."""
        names = {}
        for term in (load_yaml(self.content / "glossary.yaml") or {}).get("terms") or []:
            names[str(term["zh"])] = str(term["en"])
        names.update(self.metric_registry().english_names())
        return MetricNames(names)

    def translation(self, plan_id: str) -> Translation:
        """``content/<plan>/translation.en.yaml`` (:mod:`builder.translation`; empty where there is
        none). A malformed file is a :class:`~builder.errors.ValidationError`."""
        path = self.translation_file(plan_id)
        return load_translation(path, display_path(path)) or Translation()

    def translation_file(self, plan_id: str) -> Path:
        return self.content / plan_id / TRANSLATION_FILE

    def source_record(self, path: Path, plan_id: str) -> dict[str, Any] | None:
        """Where the plan's text came from (``plansite import``): the ``source.yaml`` beside its
        ``plan.yaml``, or, for a text, ``content/<plan>/source.yaml``; ``None`` where there is none.
        A file that breaks its schema is a :class:`~builder.errors.ValidationError`."""
        from builder.importer.record import check_source

        file = path.parent / "source.yaml" if is_plan_yaml(path) else self.content / plan_id / "source.yaml"
        data = load_yaml(file)
        if data is None:
            return None
        check_source(data, display_path(file))
        return data

    def meta(self, plan_id: str) -> PlanMeta | None:
        """``content/<plan>/meta.yaml`` (:mod:`builder.meta`), or ``None`` where the plan has none."""
        path = self.content / plan_id / "meta.yaml"
        data = load_yaml(path)
        return None if data is None else PlanMeta.from_data(data, display_path(path))

    def versions(self, plan_id: str) -> Versions:
        """``content/<plan>/versions.yaml``: the plan's published versions (none where there is no file)."""
        path = self.content / plan_id / "versions.yaml"
        return Versions.from_data(load_yaml(path), display_path(path))

    def version_input(self, plan_id: str, version: Any) -> PlanInput:
        """A published version of a plan, as kept by `plansite version`
        (``content/<plan>/versions/<id>/``), to be built at ``<plan>/v/<id>/``: its text and its
        English as they were, the plan's curated agencies and metadata as they are."""
        import dataclasses

        from builder.render.site import PlanInput

        folder = self.content / plan_id / "versions" / version.id
        plan = self.read_plan_yaml(folder / "plan.yaml")
        shown = display_path(folder / TRANSLATION_FILE)
        translation = load_translation(folder / TRANSLATION_FILE, shown) or Translation()
        english = translation.current(plan)  # keyed on the version's own sentences
        return PlanInput(dataclasses.replace(plan, id=f"{plan_id}/v/{version.id}"), self.registry(plan_id), english,
                         None, None, build_date(), self.meta(plan_id), self.metric_registry(), version)

    def id_map(self, plan_id: str) -> IdMap | None:
        """``content/<plan>/ids.yaml`` (old ids → new ids, see :mod:`builder.versions`), or ``None``."""
        path = self.content / plan_id / "ids.yaml"
        if not path.is_file():
            return None
        return IdMap.from_data(load_yaml(path), display_path(path))

    def parse(self, path: Path, extract: bool = True) -> Plan:
        """Read, decode, parse and (by default) extract one plan file; a ``plan.yaml`` (the
        pipeline's contract: what parsing and extraction wrote) is read as it is."""
        if is_plan_yaml(path):
            return self.read_plan_yaml(path)
        plan_id = self.plan_id_for(path)
        shown = display_path(path)
        try:
            data = read_plan_file(path, shown)
        except OSError as error:
            raise ParseError(shown, 1, 1, f"expected a readable plan file, found {error.strerror.lower()}") from None
        plan = parse_plan(decode_plan_bytes(data, shown), shown, plan_id, self.registry(plan_id))
        plan.source = path.name  # errors name the file as given; the data names it alone
        return extract_plan(plan, self.metric_names()) if extract else plan

    def read_plan_yaml(self, path: Path) -> Plan:
        """A plan from its ``plan.yaml`` alone (no seed needed), after checking it against the
        plan schema. A file that is not YAML, or breaks the schema, is a
        :class:`~builder.errors.ParseError` at the line and column of the first problem."""
        stat = path.stat() if path.is_file() else None
        data = _plan_yaml_data(path.resolve(), display_path(path), stat.st_size if stat else -1,
                               stat.st_mtime_ns if stat else -1)
        return plan_from_data(copy.deepcopy(data))

    def load_inputs(self, paths: list[Path]) -> list[PlanInput]:
        from builder.render.site import PlanInput

        inputs = []
        seen: dict[str, Path] = {}
        for path in paths:
            plan = self.parse(path)
            if plan.id in seen:
                raise PlansiteError(f"{path}: error: plan id '{plan.id}' is already used by {seen[plan.id]}")
            seen[plan.id] = path
            english = self.translation(plan.id).current(plan)
            versions = self.versions(plan.id)
            inputs.append(PlanInput(plan, self.registry(plan.id), english, self.id_map(plan.id),
                                    self.source_record(path, plan.id), build_date(), self.meta(plan.id),
                                    self.metric_registry(), versions.of_text(fingerprint(plan)),
                                    self.version_texts(plan, english, versions)))
        return inputs

    def version_texts(self, plan: Plan, english: dict[str, str], versions: Versions) -> list[Any]:
        """The texts of the plan's published versions (kept by `plansite version`), oldest first,
        then the current text unless it is the last of them (:class:`builder.changes.Text`); none
        where the plan has no published version."""
        from builder.changes import Text

        texts = []
        for version in versions.versions:
            folder = self.content / plan.id / "versions" / version.id
            kept = self.read_plan_yaml(folder / "plan.yaml")
            translation = load_translation(folder / TRANSLATION_FILE, display_path(folder / TRANSLATION_FILE))
            texts.append(Text(version, kept, (translation or Translation()).current(kept)))
        if not texts:
            return []
        if texts[-1].version.fingerprint == fingerprint(plan):
            texts[-1] = Text(texts[-1].version, plan, english)
        else:
            texts.append(Text(None, plan, english))
        return texts


def build_date() -> str | None:
    """The build's date (UTC, ISO) from ``SOURCE_DATE_EPOCH``, which every build pins
    (:meth:`Project.pin_build_date`): deadlines are past or to come as of this day. ``None``
    outside a build."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(value), tz=datetime.timezone.utc).date().isoformat()


def load_yaml(path: Path) -> Any:
    """A YAML file's data, or ``None`` where the file does not exist.

    Each version of a file (path, size, modification time) is parsed once per process — the
    glossary and registries are read for every plan — and every caller gets its own copy.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return copy.deepcopy(_parsed_yaml(path.resolve(), stat.st_size, stat.st_mtime_ns))


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where installed: same data, faster


@functools.lru_cache(maxsize=256)
def _parsed_yaml(path: Path, size: int, mtime_ns: int) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{display_path(path)}:{mark.line + 1}:{mark.column + 1}" if mark else display_path(path)
        raise PlansiteError(f"{where}: error: expected valid YAML, found {getattr(error, 'problem', error)}") from None


def display_path(path: Path) -> str:
    """A path as the user would write it: relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def is_plan_yaml(path: Path) -> bool:
    """Whether ``path`` names a plan's YAML (``content/<plan>/plan.yaml``) rather than its text."""
    return path.suffix.lower() in (".yaml", ".yml")


@functools.lru_cache(maxsize=64)
def _plan_yaml_data(path: Path, shown: str, size: int, mtime_ns: int) -> Any:
    """A ``plan.yaml``'s data, valid against the plan schema (each version of the file once)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        found = error.strerror.lower() if isinstance(error, OSError) and error.strerror else "text that is not UTF-8"
        raise ParseError(shown, 1, 1, f"expected a readable plan.yaml, found {found}") from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        error = _yaml_error(text)  # said as the pure-Python parser says it, with or without libyaml
        mark = getattr(error, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise ParseError(shown, line, col, f"expected YAML, found {getattr(error, 'problem', None) or error}",
                         _line(text, line)) from None
    import jsonschema  # only where a plan.yaml is read: `plansite parse` of a text needs none

    errors = list(jsonschema.Draft202012Validator(load_schema("plan")).iter_errors(data))
    if errors:  # the file is read again as a node tree only now, for the problems' positions
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        error = min(errors, key=lambda e: (_position(node, list(e.absolute_path)), e.message))
        line, col = _position(node, list(error.absolute_path))
        where = ".".join(str(p) for p in error.absolute_path) or "the file"
        raise ParseError(shown, line, col, f"expected a plan.yaml as `plansite parse --write` writes it "
                                           f"(schema: data/plan.schema.json); at {where}, {error.message}",
                         _line(text, line)) from None
    return data


def _yaml_error(text: str) -> yaml.YAMLError:
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        return error
    return yaml.YAMLError("YAML that libyaml could not read")


def _position(node: Any, path: list[Any]) -> tuple[int, int]:
    """Line and column (1-based) of the YAML node at ``path`` (the nearest one that exists)."""
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            found = node.value[part]
        else:
            found = None
        if found is None:
            break
        node = found
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def _line(text: str, line: int) -> str | None:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else None
