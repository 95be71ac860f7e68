"""Material's search worker as the site ships it: plansite's reading of queries first, and one fix.

``search_worker.js`` (beside this module) runs first in the worker: it rewrites each query before
Material's handler sees it (all words required, quoted phrases, addresses, Chinese cut into the
index's words, Latin words stemmed) and orders each result again before the page draws it (see the
script's head). The script keeps to what Material's worker exposes: ``self.lunr``, its message
handler (taken as it registers) and ``postMessage``; so it works as a worker and inside the
``iframe-worker`` shim that stands in for one from ``file://``.

The fix: Material cuts a query's Chinese into words again, with its own rule (at each position,
the longest word of the index that starts there), before lunr sees it. That would cut the pieces
plansite's script chose (驱油, found as the end of 二氧化碳驱油, became 驱 and 油; a required piece
became a required word and an optional one), so the worker is shipped without that step: the
query reaches Material's own reading (its ``+``, ``-``, wildcards) as the script wrote it.

The worker is a minified file of the theme; the root build writes it with the script before it and
that one step taken out. Where a version of Material writes the step otherwise, the file is left as
it is and :func:`fix` says so (``tests/test_search.py`` checks the pinned version's file,
``tests/test_search_browser.py`` types queries in Chromium).
"""

from __future__ import annotations

import re
from pathlib import Path

#: plansite's reading of queries and ordering of results, run first in the worker
SCRIPT = Path(__file__).with_name("search_worker.js")

#: the step that cuts the query's Chinese with the index's words:
#: ``e=e.replace(new RegExp("\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* ")),``
_SEGMENTATION = re.compile(r'(\w+)=\1\.replace\(new RegExp\("\\\\p\{sc=Han\}\+","gu"\),(\w+)=>\[\.\.\.\w+\(\2,'
                          r'this\.index\.invertedIndex\)\]\.join\("\* "\)\),')

#: the worker's path in the theme (its name carries a hash of its content)
WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


def fix(source: str) -> str | None:
    """The worker with plansite's script first and Material's segmentation of the query taken out,
    or ``None`` where that step is not found exactly once (another version of Material)."""
    found = list(_SEGMENTATION.finditer(source))
    if len(found) != 1:
        return None
    match = found[0]
    return SCRIPT.read_text(encoding="utf-8") + source[:match.start()] + source[match.end():]
