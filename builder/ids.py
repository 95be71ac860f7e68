"""The id grammar of the public contract, in one place: what an id looks like, its parts, its order.

=============  ==================  ============================================
id             what                :func:`child` gives
=============  ==================  ============================================
``3``          part 三             ``None``
``3.1.2``      item 2 of （一）     ``None``
``2.p1``       a paragraph         base ``2``, kind ``p``, n 1
``3.1.2.s3``   a sentence          base ``3.1.2``, kind ``s``, n 3
``2.p1.s2``    a paragraph's       base ``2.p1``, kind ``s``, n 2
``3.1.2.t2``   a target            base ``3.1.2``, kind ``t``, n 2
``lead``       a special unit      ``None`` (:data:`SPECIAL`)
=============  ==================  ============================================

An id never depends on a title or a translation; :func:`sort_key` orders ids as the plan does
(``2.1.9`` before ``2.1.10``, a clause before its sentences).
"""

from __future__ import annotations

import re
from typing import Any

#: The units outside the plan's numbering, each with an id of its own name.
SPECIAL = ("title", "notice", "lead", "preface")

#: A clause, paragraph, sentence or target id of the plan's numbering (``ids.yaml``'s keys).
ID_PATTERN = r"^[0-9]+(\.[0-9]+)*(\.p[0-9]+)?(\.[st][0-9]+)?$"
CLAUSE_ID = re.compile(ID_PATTERN)

_CHILD = re.compile(r"^(?P<base>.+)\.(?P<kind>[pst])(?P<n>[0-9]+)$")


def child(ident: str, kinds: str = "pst") -> re.Match[str] | None:
    """The last step of ``ident`` when it is a paragraph (``p``), sentence (``s``) or target
    (``t``) of one of ``kinds``: a match with the groups ``base``, ``kind`` and ``n``."""
    match = _CHILD.match(ident)
    return match if match is not None and match.group("kind") in kinds else None


def sort_key(ident: str) -> tuple[Any, ...]:
    """Natural order of ids: ``2.1.9`` before ``2.1.10``, a clause before its sentences."""
    return tuple((0, int(p), "") if p.isdigit() else (1, int(p[1:]) if p[1:].isdigit() else 0, p[:1])
                 for p in ident.split("."))
