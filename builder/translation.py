"""A plan's English translation, keyed on what it translates (``content/<plan>/translation.en.yaml``).

Each entry names a sentence by its id *and* holds the Chinese it translates::

    sentences:
      3.1.1.s1:
        zh: 大力发展新能源。
        en: Vigorously develop new energy.

so that an id that comes to hold another sentence (a task inserted before it) never shows the
English of the old one, as gettext keys a translation on its source text. Guarantees, in one place:

* **Shown only beside its source.** :meth:`Translation.current` gives the English of a sentence
  only where the entry's ``zh`` is that sentence's text, exactly. Any other entry is *stale*
  (its sentence was reworded) or *orphaned* (no sentence has its id), and the site shows that
  sentence as untranslated.
* **Translations follow their sentences.** :func:`follow` (run by ``plansite ids``) moves each
  entry to the id its Chinese now has: the same text anywhere in the new version (the id the
  version comparison gives first, then any), else the id the comparison matched its sentence to,
  where it stays stale until a translator reviews it. An entry whose sentence is gone is kept
  under ``obsolete`` (nothing a translator wrote is lost) and left out of the site.
* **Reported.** :func:`status` lists missing, stale and orphaned entries; ``plansite check``
  prints them, and ``plansite translate export`` marks stale entries *fuzzy*.

The file is written by :func:`to_yaml` in the plan's reading order (small diffs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.errors import ValidationError
from builder.model import Plan

FILE = "translation.en.yaml"

HEADER = """\
# Curated: the English translation of {title}, sentence by sentence.
# Each entry is keyed by the sentence's id and holds the Chinese it translates (zh) beside the
# English (en): the site shows an English sentence only beside that exact Chinese. The Chinese text
# is authoritative. `plansite ids` moves entries with their sentences when the text is renumbered;
# `plansite check` lists sentences whose English is missing or stale (their Chinese changed);
# `plansite translate export/import` exchange the file with translation tools (gettext PO).
# obsolete: translations of sentences no longer in the text, kept for reuse.
"""


@dataclass(frozen=True)
class Entry:
    """One translated sentence: its id, the Chinese it translates and the English."""

    id: str
    zh: str
    en: str


@dataclass
class Translation:
    """A plan's translation file: entries by sentence id, and obsolete ones (by their last id)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    obsolete: dict[str, Entry] = field(default_factory=dict)

    def current(self, plan: Plan) -> dict[str, str]:
        """Sentence id → English, for every sentence whose entry translates its present text."""
        texts = dict(sentences(plan))
        return {sid: e.en for sid, e in self.entries.items() if texts.get(sid) == e.zh and e.en.strip()}


@dataclass(frozen=True)
class Status:
    """What a translation lacks against a plan's text."""

    missing: tuple[str, ...]  # sentences without an entry (or with an empty English)
    stale: tuple[tuple[str, str, str], ...]  # (id, the Chinese the entry translates, the Chinese now)
    orphaned: tuple[str, ...]  # entries whose id names no sentence

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.orphaned)


def sentences(plan: Plan) -> Iterator[tuple[str, str]]:
    """Every sentence of the plan as ``(id, Chinese)``, in reading order."""
    for unit in plan.walk():
        for n, text in enumerate(unit.sentences, start=1):
            yield unit.sentence_id(n), text


def status(plan: Plan, translation: Translation) -> Status:
    texts = dict(sentences(plan))
    missing = tuple(sid for sid in texts if sid not in translation.entries or not translation.entries[sid].en.strip())
    stale = tuple((sid, e.zh, texts[sid]) for sid, e in translation.entries.items() if sid in texts and e.zh != texts[sid])
    orphaned = tuple(sid for sid in translation.entries if sid not in texts)
    return Status(missing, stale, orphaned)


# -- reading and writing ---------------------------------------------------------------------------

def load(path: Path, shown: str) -> Translation | None:
    """The file at ``path`` (``None`` where there is none). A file that is not YAML or not of this
    form is a :class:`~builder.errors.ValidationError` naming each problem's line and column;
    an entry that is a plain string (the older form, keyed on the id alone) is one of them."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return parse(text, shown)


def parse(text: str, shown: str) -> Translation:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else f"{shown}:1:1"
        raise ValidationError([f"{where}: error: expected YAML, found {getattr(error, 'problem', None) or error}"]) \
            from None
    if root is None:
        return Translation()
    problems: list[str] = []

    def at(node: Any) -> str:
        return f"{shown}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"

    if not isinstance(root, yaml.MappingNode):
        raise ValidationError([f"{at(root)}: error: expected a mapping with `sentences`, found {_kind(root)}"])
    result = Translation()
    for key, value in root.value:
        if key.value not in ("sentences", "obsolete"):
            problems.append(f"{at(key)}: error: expected `sentences` or `obsolete`, found `{key.value}`")
            continue
        target = result.entries if key.value == "sentences" else result.obsolete
        if isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null"):
            continue
        if not isinstance(value, yaml.MappingNode):
            problems.append(f"{at(value)}: error: expected a mapping of sentence ids, found {_kind(value)}")
            continue
        for sid_node, entry in value.value:
            sid = str(sid_node.value)
            if sid in target:
                problems.append(f"{at(sid_node)}: error: expected each sentence once, found `{sid}` again")
                continue
            if isinstance(entry, yaml.ScalarNode):
                problems.append(f"{at(entry)}: error: expected {{zh: the Chinese sentence, en: its English}}, "
                                f"found the English alone (the older form, keyed on the id only): run "
                                f"`plansite translate sync PLAN.txt` to key each entry on the sentence it translates")
                continue
            if not isinstance(entry, yaml.MappingNode):
                problems.append(f"{at(entry)}: error: expected {{zh: …, en: …}}, found {_kind(entry)}")
                continue
            fields = {k.value: v for k, v in entry.value}
            bad = [k for k in entry.value if k[0].value not in ("zh", "en")]
            for k, _ in bad:
                problems.append(f"{at(k)}: error: expected `zh` or `en`, found `{k.value}`")
            for name in ("zh", "en"):
                node = fields.get(name)
                if node is None:
                    problems.append(f"{at(entry)}: error: expected `{name}` in the entry of `{sid}`, found none")
                elif not isinstance(node, yaml.ScalarNode):
                    problems.append(f"{at(node)}: error: expected text for `{name}` of `{sid}`, found {_kind(node)}")
            if not bad and all(isinstance(fields.get(n), yaml.ScalarNode) for n in ("zh", "en")):
                target[sid] = Entry(sid, _text(fields["zh"]), _text(fields["en"]))
    if problems:
        raise ValidationError(problems)
    return result


def _text(node: Any) -> str:
    return "" if node.tag == "tag:yaml.org,2002:null" else str(node.value)


def _kind(node: Any) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "nothing" if node.value in ("", "~", "null") else f"`{node.value}`"


def to_yaml(translation: Translation, plan: Plan, title: str | None = None) -> str:
    """The file's text: entries in the plan's reading order (then any orphaned, by id), obsolete
    entries after them."""
    from builder import ids

    order = {sid: n for n, (sid, _) in enumerate(sentences(plan))}
    keys = sorted(translation.entries, key=lambda s: (s not in order, order.get(s, 0), ids.sort_key(s)))

    def block(entries: Mapping[str, Entry], keys: list[str]) -> dict[str, Any]:
        return {k: {"zh": entries[k].zh, "en": entries[k].en} for k in keys}
    data: dict[str, Any] = {"sentences": block(translation.entries, keys)}
    if translation.obsolete:
        data["obsolete"] = block(translation.obsolete, sorted(translation.obsolete, key=ids.sort_key))
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False)
    return HEADER.format(title=title or plan.title or plan.id) + body


# -- following a new version ------------------------------------------------------------------------

@dataclass(frozen=True)
class Followed:
    """What :func:`follow` did: entries moved (old id → new id), made stale, made obsolete."""

    translation: Translation
    moved: tuple[tuple[str, str], ...]
    stale: tuple[str, ...]
    obsolete: tuple[str, ...]

    def lines(self) -> list[str]:
        out = []
        if self.moved:
            out.append(f"translations moved with their sentences: {len(self.moved)} ("
                       + ", ".join(f"{a} → {b}" for a, b in self.moved[:8]) + (", …" if len(self.moved) > 8 else "") + ")")
        if self.stale:
            out.append(f"translations to review (their Chinese changed; not shown until reviewed): {', '.join(self.stale)}")
        if self.obsolete:
            out.append(f"translations of sentences no longer in the text, kept under obsolete: {', '.join(self.obsolete)}")
        return out


def follow(translation: Translation, new: Plan, where: Callable[[str], str | None]) -> Followed:
    """The translation after the text became ``new``. ``where(old id)`` is the id the version
    comparison matched an old sentence to (:meth:`builder.versions.Changes.where`), or ``None``.

    Each entry goes, in this order of preference, to: the id ``where`` gives, if that sentence's
    text is the entry's Chinese; another sentence with exactly that text and no entry yet; the id
    ``where`` gives (stale: the Chinese changed); else ``obsolete``. No two entries share an id:
    an entry that translates a sentence's present text wins over a stale one."""
    texts = dict(sentences(new))
    order = {sid: n for n, sid in enumerate(texts)}
    free_by_text: dict[str, list[str]] = {}
    for sid, text in texts.items():
        free_by_text.setdefault(text, []).append(sid)
    placed: dict[str, tuple[Entry, bool]] = {}  # new id → (the entry, stale)

    def place(sid: str, entry: Entry, stale: bool) -> None:
        placed[sid] = (entry, stale)
        if sid in free_by_text.get(texts[sid], []):
            free_by_text[texts[sid]].remove(sid)
    matched = {entry.id: where(entry.id) for entry in translation.entries.values()}
    pending = []
    for entry in translation.entries.values():  # 1. the comparison's match, the text unchanged
        to = matched[entry.id]
        if to in texts and texts[to] == entry.zh and to not in placed:
            place(to, entry, False)
        else:
            pending.append(entry)
    later = []
    for entry in pending:  # 2. the same text elsewhere
        same = free_by_text.get(entry.zh)
        if same:
            place(same[0], entry, False)
        else:
            later.append(entry)
    obsolete = dict(translation.obsolete)
    gone = []
    for entry in later:  # 3. the comparison's match, reworded: stale; else obsolete
        to = matched[entry.id]
        if to in texts and to not in placed:
            place(to, entry, True)
        else:
            obsolete[entry.id] = entry
            gone.append(entry.id)
    ordered = sorted(placed.items(), key=lambda item: order[item[0]])
    return Followed(
        Translation({sid: Entry(sid, e.zh, e.en) for sid, (e, _) in ordered}, obsolete),
        tuple((e.id, sid) for sid, (e, _) in ordered if e.id != sid),
        tuple(sid for sid, (_, stale) in ordered if stale),
        tuple(gone))


def keyed_on(plan: Plan, english: Mapping[str, str]) -> Translation:
    """A translation of the older form (sentence id → English), keyed on the plan's present text:
    every id that names a sentence gets that sentence's Chinese (``plansite translate sync``)."""
    texts = dict(sentences(plan))
    entries = {sid: Entry(sid, texts[sid], str(en)) for sid, en in english.items() if sid in texts}
    obsolete = {sid: Entry(sid, "", str(en)) for sid, en in english.items() if sid not in texts}
    return Translation(entries, obsolete)
