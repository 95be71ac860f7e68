"""A plan's translation as a gettext PO file, for translation tools (Poedit, Weblate, Lokalize, OmegaT).

``plansite translate export`` writes one entry per sentence of the plan, in reading order:

* ``msgctxt``: the sentence's id (``3.1.1.s2``), so two sentences with the same Chinese stay apart;
* ``msgid``: the Chinese sentence as the plan has it now; ``msgstr``: its English, or empty;
* ``#:`` the plan's text file and the line of the sentence's clause; ``#.`` the clause's address;
* a *stale* translation (its sentence was reworded since it was made) is ``#, fuzzy``, with the
  Chinese it translated as the previous ``#| msgid``, so the tool shows what changed;
* translations of sentences no longer in the text are obsolete entries (``#~``).

``plansite translate import`` reads such a file back (:func:`read`) and refuses every entry whose
``msgid`` is not the present text of the sentence its ``msgctxt`` names, or that is still fuzzy.
The format is read and written by polib, never by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from builder.errors import ParseError
from builder.model import Plan
from builder.render import urls
from builder.translation import Entry, Translation, sentences

#: The header field that names the plan a file belongs to.
PLAN_FIELD = "X-Plansite-Plan"


def export(plan: Plan, translation: Translation, source: str) -> str:
    """The PO file's text. ``source``: the plan's text file as shown in ``#:`` references."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"plansite {plan.id}",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        PLAN_FIELD: plan.id,
        "X-Source-Language": "zh_CN",
    }
    lines = {}
    for unit in plan.walk():
        for n in range(1, len(unit.sentences) + 1):
            lines[unit.sentence_id(n)] = (unit.line, unit.id)
    for sid, text in sentences(plan):
        entry = translation.entries.get(sid)
        line, _ = lines[sid]
        po_entry = polib.POEntry(msgctxt=sid, msgid=text, msgstr=entry.en if entry else "",
                                 occurrences=[(source, str(line))] if line else [],
                                 comment=urls.unit_url(plan.id, sid))
        if entry and entry.zh != text:
            po_entry.flags.append("fuzzy")
            po_entry.previous_msgid = entry.zh
        po.append(po_entry)
    for sid, entry in translation.obsolete.items():
        if entry.zh and entry.en:
            po.append(polib.POEntry(msgctxt=sid, msgid=entry.zh, msgstr=entry.en, obsolete=True))
    return str(po) + "\n"


@dataclass(frozen=True)
class Imported:
    translation: Translation
    taken: tuple[str, ...]
    refused: tuple[str, ...]  # FILE:LINE:COL: warning: … for each entry not taken
    unchanged: int


def read(path: Path, shown: str, plan: Plan, translation: Translation) -> Imported:
    """``translation`` with the PO file's reviewed entries taken in. Raises
    :class:`~builder.errors.ParseError` where the file is not a PO file, or one of another plan."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        found = error.strerror.lower() if isinstance(error, OSError) and error.strerror else "text that is not UTF-8"
        raise ParseError(shown, 1, 1, f"expected a readable PO file, found {found}") from None
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as error:
        line = _line_of(str(error))
        raise ParseError(shown, line, 1, f"expected a gettext PO file, found {error}") from None
    named = po.metadata.get(PLAN_FIELD)
    if named and named != plan.id:
        raise ParseError(shown, 1, 1, f"expected a PO file of plan '{plan.id}', found one of '{named}' "
                                      f"(its {PLAN_FIELD} header)")
    texts = dict(sentences(plan))
    entries = dict(translation.entries)
    taken, refused, unchanged = [], [], 0
    for po_entry in po:
        if po_entry.obsolete or not po_entry.msgstr.strip():
            continue
        where = f"{shown}:{po_entry.linenum}:1"
        sid = po_entry.msgctxt
        if sid is None:
            refused.append(f"{where}: warning: expected a sentence id as msgctxt, found none; not imported")
        elif sid not in texts:
            refused.append(f"{where}: warning: expected a sentence of the plan, found `{sid}`, which names none; "
                           f"not imported")
        elif po_entry.msgid != texts[sid]:
            refused.append(f"{where}: warning: the source of {sid} no longer matches the text: expected "
                           f"「{texts[sid]}」, found 「{po_entry.msgid}」; not imported (export the file again)")
        elif "fuzzy" in po_entry.flags:
            refused.append(f"{where}: warning: {sid} is marked fuzzy (to review); not imported until its "
                           f"fuzzy mark is removed")
        else:
            new = Entry(sid, po_entry.msgid, po_entry.msgstr)
            if entries.get(sid) == new:
                unchanged += 1
                continue
            entries[sid] = new
            taken.append(sid)
    order = {sid: n for n, sid in enumerate(texts)}
    ordered = dict(sorted(entries.items(), key=lambda kv: (kv[0] not in order, order.get(kv[0], 0), kv[0])))
    return Imported(Translation(ordered, dict(translation.obsolete)), tuple(taken), tuple(refused), unchanged)


def _line_of(message: str) -> int:
    import re

    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 1
