"""The agency registry: stable ASCII ids and English names for the agencies plans name.

Lookup order for a name as written: the plan's own registry (``content/<plan>/agencies.yaml``),
then the site-wide one (``content/agencies.yaml``), each by name or alias. A name no registry
knows gets an id derived from the name alone (:func:`derive_agency_id`), so the same name always
gets the same id, whatever else the plan says.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


_MAX_ID = 64
_GENERIC = re.compile(r"^各|有关|相关|其他|成员单位$")


@dataclass(frozen=True)
class Agency:
    """A registry entry."""

    id: str
    zh: str
    en: str | None = None
    aliases: tuple[str, ...] = ()
    generic: bool = False


def derive_agency_id(name: str) -> str:
    """An ASCII id made from a Chinese agency name alone.

    Each Chinese character becomes its pinyin syllable with the tone as a digit (toneless
    syllables collide too often: 市水务局 and 市税务局 are both *shi shui wu ju*); letters and
    digits are kept lower-cased; everything else separates.

    ====================  ==========================================
    name                  id
    ====================  ==========================================
    市发展改革委            shi4-fa1-zhan3-gai3-ge2-wei3
    市水务局 / 市税务局      shi4-shui3-wu4-ju2 / shi4-shui4-wu4-ju2
    市委党校（行政学院）     shi4-wei3-dang3-xiao4-xing2-zheng4-xue2-yuan4
    国家能源局 NEA          guo2-jia1-neng2-yuan2-ju2-nea
    ====================  ==========================================
    """
    from pypinyin import Style, lazy_pinyin  # 0.3 s to load: only where a name is not in the registry

    syllables = lazy_pinyin(unicodedata.normalize("NFKC", name), style=Style.TONE3, neutral_tone_with_five=True,
                            errors=lambda chars: [chars])
    words: list[str] = []
    for syllable in syllables:
        words.extend(w for w in re.split(r"[^0-9a-z]+", syllable.lower().replace("ü", "v")) if w)
    derived = "-".join(words) or "agency"
    if len(derived) > _MAX_ID:  # a path segment must stay a valid file name: keep a prefix and a digest
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        derived = derived[:_MAX_ID - 9].rstrip("-") + "-" + digest
    return derived


def is_generic_name(name: str) -> bool:
    """Whether a name stands for a class of bodies (各有关部门, 各县区政府) rather than one agency."""
    return bool(_GENERIC.search(name))


@dataclass
class AgencyRegistry:
    """Agencies known by name; see the module docstring for the lookup order."""

    entries: list[Agency] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_name: dict[str, Agency] = {}
        self._by_id: dict[str, Agency] = {}
        for entry in self.entries:  # later entries (the plan's own) override earlier ones
            for name in (entry.zh, *entry.aliases):
                self._by_name[name] = entry
            self._by_id[entry.id] = entry

    @classmethod
    def from_data(cls, *documents: Mapping[str, Any] | None) -> AgencyRegistry:
        """Build from parsed YAML documents (site-wide first, then the plan's own)."""
        entries: list[Agency] = []
        for document in documents:
            for row in (document or {}).get("agencies", []) or []:
                entries.append(Agency(
                    id=str(row["id"]), zh=str(row["zh"]), en=row.get("en"),
                    aliases=tuple(str(a) for a in row.get("aliases", []) or []),
                    generic=bool(row.get("generic", False)),
                ))
        return cls(entries)

    def lookup(self, name: str) -> Agency | None:
        return self._by_name.get(name)

    def by_id(self, agency_id: str) -> Agency | None:
        return self._by_id.get(agency_id)

    def resolve(self, name: str) -> tuple[str, bool]:
        """``(id, generic?)`` for a name as written."""
        entry = self.lookup(name)
        if entry is not None:
            return entry.id, entry.generic
        return derive_agency_id(name), is_generic_name(name)

    def english(self, agency_id: str) -> str | None:
        entry = self._by_id.get(agency_id)
        return entry.en if entry else None

    def ids(self) -> Iterable[str]:
        return self._by_id.keys()
