"""A plan's curated metadata (``content/<plan>/meta.yaml``): what it is, who issued it, at what
level of government and for where, its document number (文号), when it was issued, its status and
where its text comes from. The portal's cards, its filters and ``data/plans.json`` are made of it.

The schema is ``builder/schemas/meta.schema.json``; a file that breaks it is a
:class:`~builder.errors.ValidationError` naming every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from builder.errors import ValidationError

#: Levels of government, from the widest; ``sector``: a plan for one sector, issued by ministries.
LEVELS = ("national", "sector", "provincial", "municipal", "district")
STATUSES = ("final", "draft", "superseded", "repealed")


@dataclass(frozen=True)
class PlanMeta:
    title_zh: str
    title_en: str | None
    issuer_zh: str
    issuer_en: str | None
    level: str
    region_zh: str
    region_en: str | None
    status: str
    within_zh: str | None = None
    within_en: str | None = None
    document_number: str | None = None
    date_issued: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    source_name: str | None = None
    source_url: str | None = None
    source_sha256: str | None = None

    @property
    def year(self) -> str | None:
        return self.date_issued[:4] if self.date_issued else None

    @classmethod
    def from_data(cls, data: Any, shown: str) -> PlanMeta:
        check_meta(data, shown)
        region = data["region"]
        within = region.get("within") or {}
        source = data.get("source") or {}
        return cls(
            title_zh=data["title"]["zh"], title_en=data["title"].get("en"),
            issuer_zh=data["issuer"]["zh"], issuer_en=data["issuer"].get("en"),
            level=data["level"], region_zh=region["zh"], region_en=region.get("en"), status=data["status"],
            within_zh=within.get("zh"), within_en=within.get("en"),
            document_number=data.get("document_number"), date_issued=_date(data.get("date_issued")),
            aliases=tuple(data.get("aliases") or ()), source_name=source.get("name"), source_url=source.get("url"),
            source_sha256=source.get("sha256"))

    def to_data(self) -> dict[str, Any]:
        """Plain data (the fields by name), as a plan's summary keeps it."""
        return {name: (list(value) if isinstance(value, tuple) else value)
                for name, value in self.__dict__.items()}

    @classmethod
    def from_summary(cls, data: dict[str, Any]) -> PlanMeta:
        return cls(**{**data, "aliases": tuple(data.get("aliases") or ())})


def _date(value: Any) -> str | None:
    """YAML reads ``2021-10-24`` as a date: the schema and the data want the ISO text."""
    return None if value is None else str(value)


def check_meta(data: Any, shown: str) -> None:
    """Raise :class:`~builder.errors.ValidationError` listing every way ``data`` breaks the schema."""
    import jsonschema

    from builder.serialize import load_schema

    if isinstance(data, dict) and data.get("date_issued") is not None:
        data = {**data, "date_issued": str(data["date_issued"])}
    problems = [f"{shown}: error: at {'.'.join(str(p) for p in e.absolute_path) or 'the file'}, {e.message}"
                for e in jsonschema.Draft202012Validator(load_schema("meta")).iter_errors(data)]
    if problems:
        raise ValidationError(problems)
