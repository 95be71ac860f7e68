"""A fix to Material's search worker: a Chinese query that is a word of the index is searched whole.

Material segments a Chinese query in the browser with the words of the search index: for each
position it finds the longest index word that starts there, and searches those words. Its loop
tries only the pieces that end *before* the query's last character (``j < query.length``), so the
word that ends the query is never tried whole. Typing 碳中和, with 碳 and 中 in the index as words
of their own, searches 碳* and 中* — and the best match is a page about a logistics centre (中心),
while 碳中和 itself, a word of the index, is never looked for. Trying every piece, the last one
included (``j <= query.length``), makes 碳中和 one term again; a query of several words
(东营碳中和) is still cut into its words.

The worker is a minified file of the theme; the root build writes it with this one comparison
changed. Where a version of Material writes the loop otherwise, the file is left as it is and
:func:`fix` says so (``tests/test_browser.py`` types these queries in Chromium).
"""

from __future__ import annotations

import re

#: the segmentation loop as the minifier writes it: ``for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&``
_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in \w+&&")

#: the worker's path in the theme (its name carries a hash of its content)
WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


def fix(source: str) -> str | None:
    """The worker with the loop's last piece included, or ``None`` where the loop is not found
    exactly once (another version of Material)."""
    found = list(_LOOP.finditer(source))
    if len(found) != 1:
        return None
    match = found[0]
    end, length = match.group(1), match.group(3)
    loop = match.group(0).replace(f";{end}<{length}.length;", f";{end}<={length}.length;", 1)
    return source[:match.start()] + loop + source[match.end():]
