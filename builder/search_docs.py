"""The documents of a build's search index, as a reader's search needs them.

Material's search plugin indexes a page as one document per heading. On this site that is the wrong
grain: a clause's page has one heading and many sentences, each with its own address; the listing
pages (the agencies index, the targets table, the full text) repeat the clauses' words as walls of
table text and outrank the clauses they list; and the words jieba keeps whole (海上风电,
整县制屋顶分布式光伏) can only be found from their start. After each build's search plugin has
written its index, :func:`reshape` rewrites it from what the build knows of its pages
(:func:`plan_pages`, :func:`glossary_pages`), which the build carries in ``extra`` like its pages:

* **A clause's page** is one document whose text is the page's own sentences, one block each (so
  a result's preview shows the sentences that matched, and the heading once, as its title), then
  one document per sentence at the sentence's anchor (``3/1/1/#3.1.1.s3``), titled with its
  address: a result leads to the sentence that matched. On the English site a sentence's document
  holds its English and its Chinese twin, in one block (the preview shows both). The page's ``keys`` are its addresses: the site's number
  (``3.1.1``) and the plan's own (三（一）1, kept as ``三.一.1``: :func:`plan_number`), which a
  query for a clause's number matches exactly (``builder/search_worker.js``).
* **An agency's page** is found by its name (its title, its name in the other language as its text,
  and as keys the name as the plan writes it and without its level: 生态环境局), not by the clauses
  it lists: their pages hold them, with the agencies responsible.
* **A target's page** is its name (the title) with its year and value (2030 · 2500万千瓦), not its
  table of facts; its sentence is found as the sentence.
* **The downloads page** (about the data's fields: 责任单位, 目标 …) is kept, ranked below the
  plan's own text.
* **An index page** keeps its title and nothing else of its text (plus any sentences only it shows:
  the lead and preface of the full text), and ranks below the pages it lists (``boost``).
* **A glossary term** gets a document at its anchor, with its names, its definition and, as keys,
  its pinyin as the glossary writes it, without tones (``tanzhonghe``, ``tan zhong he``).
* Every document's ``parts`` field holds the ends of its longer Chinese words (上风电 and 风电 of
  海上风电), so a search for a word inside another finds it (the browser matches the starts of
  indexed words, never their middles); a match there counts less than one in the text.
* The search plugin leaves these pages out (it would parse their HTML for documents that are
  replaced): :func:`take_page` tells it so as each page is rendered, keeping the page's title.
* A page title's `` · <plan title>`` is dropped: within a plan's search it names every page, and
  the portal's search labels each result with its plan (:mod:`builder.search_index`).

The index's configuration gains the two hidden fields and loses the stemmer: lunr's stemmer cut
``CCUS`` to ``ccu`` in the index, which the query (a prefix search, never stemmed) then missed.
Queries are stemmed in the browser instead (``builder/search_worker.js``). Text is escaped HTML as
Material writes it (Material shows titles and text as HTML), cut into words with jieba as the
search plugin cuts its own. Running :func:`reshape` on an index it wrote gives the same file.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: the key of ``extra`` under which a build's pages reach :func:`reshape` (through the build's hook)
KEY = "plansite_search"

#: the hidden fields: a page's addresses and names (matched exactly, as strongly as a title), and
#: the parts of its long words (found, but below a match of the word itself)
FIELDS = {"keys": {"boost": 1000.0}, "parts": {"boost": 0.5}, "pinyin": {"boost": 0.5}}
#: what separates words: white space, the zero-width space between jieba's words, and punctuation,
#: Chinese and Latin (Material's own leaves （PUE） and 《方案》 one word each); not ``.`` (3.1.1,
#: 2.5) nor ``%`` (13%), nor what lunr's queries are written with (``+ - * ~ ^ :``): Material cuts a
#: query's terms with the separator too, and would cut a wildcard off; nor ``;``, which ends the
#: entities of escaped text (``&lt;``): a highlight must never cut one
SEPARATOR = "[\\s\\u200b\\u3000、。，．？！；：（）【】《》〈〉“”‘’「」『』·•…—/()\\[\\]{}<>\"',!?=|]+"
#: how an index page ranks against the pages it lists (lunr multiplies a document's score): a match
#: of its title (boosted 1000×) weighs about as much as one word of a clause's text
INDEX_BOOST = 0.001
#: the downloads page describes the data's fields (责任单位, 目标 …): found, below the plan's text
ABOUT_BOOST = 0.3
#: a target's page repeats its clause's sentence and agencies: it ranks below the clause
TARGET_BOOST = 0.5

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SEPARATOR = "\u200b"
_LEVEL = re.compile(r"^(?:市|省|县|区|市委|省委)(?=..)")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# --------------------------------------------------------------------------------------------
# What a build knows of its pages (computed where its pages are rendered)


def plan_pages(view: Any, lang: str, terms: Iterable[Any] = ()) -> dict[str, dict[str, Any]]:
    """The pages of a plan's build, by their folder below the plan (``3/1/1/``): clause pages with
    their sentences and addresses, target pages, and the plan's index pages. A sentence that
    mentions a glossary term of ``terms`` first in its clause (the mention the page links) has the
    term's pinyin in a hidden field of its own, ``pinyin``: ``tanpuhui`` finds the plan's clause on
    碳普惠 from the plan's search. (The portal's index, which has the glossary's own entries, keyed
    by their pinyin, leaves the field out: there the entry comes first.)"""
    prefix = f"{view.id}/"
    pages: dict[str, dict[str, Any]] = {}
    pinyin = {term.id: pinyin_keys(term) for term in terms}

    def sentence(s: Any) -> list[Any]:
        keys = [k for _, link in s.pieces if link is not None and not link.plan for k in pinyin.get(link.id, ())]
        if lang == "zh":
            return [s.id, s.zh, None, keys]
        return [s.id, s.en or s.zh, s.zh if s.en else None, keys]

    for clause in _walk(view):
        folder = clause.page.removeprefix(prefix)
        entry = pages.setdefault(folder, {"kind": "index" if not clause.has_page else "clause",
                                          "keys": [], "sentences": []})
        if clause.has_page and clause.page == clause.url:
            entry["keys"] = [clause.id, plan_number(clause.label_zh)]
            entry["agencies"] = _agencies(clause, lang)
        entry["sentences"].extend(sentence(s) for s in clause.sentences)
    for target in view.targets:
        value = target.value_text_si if lang == "en" and target.value_text_si else target.quote
        pages.setdefault(target.url.removeprefix(prefix), {"kind": "target", "keys": [target.id],
                                                           "text": f"{target.year} · {value}"})
    for agency in view.agencies:
        name = _nfkc(agency.name_zh).replace(" ", "")
        # the name as the plan writes it, and without the level it opens with (市生态环境局 → 生态环境局)
        other = (agency.name_en or "") if lang == "zh" else agency.name_zh
        pages.setdefault(agency.url.removeprefix(prefix), {"kind": "agency", "keys": [name, _LEVEL.sub("", name)],
                                                           "other": other})
    for folder in ("", "agencies/", "targets/", "text/", "deadlines/", "changes/"):
        pages.setdefault(folder, {"kind": "index", "keys": [], "sentences": []})
    pages["downloads/"] = {"kind": "about"}
    title = view.title_zh if lang == "zh" else (view.title_en or view.title_zh)
    return {"title": title, "pages": pages}


def plan_number(label: str) -> str:
    """A clause's number as the plan writes it, as the index keeps it (brackets are separators):
    三（一）1 → 三.一.1, 三（一） → 三.一; a query for either form is read so too."""
    return ".".join(p for p in re.split(r"[()\s]+", _nfkc(label)) if p)


def _agencies(clause: Any, lang: str) -> str:
    """The clause's responsible agencies as its page names them (the plan's words in Chinese)."""
    if lang == "zh":
        return clause.responsibility_zh or ""
    return "; ".join(a.name_en or a.name_zh for a in clause.agencies)


def _walk(view: Any) -> Iterable[Any]:
    """The plan's clauses: the lead and preface (shown by the full text), then the parts; not the
    title, which heads the plan's pages rather than being a sentence of one."""
    for clause in view.special.values():
        if clause.kind != "title":
            yield clause
    for part in view.parts:
        yield from part.walk()


def toneless(pinyin: str) -> str:
    """The glossary's pinyin as readers type it: without tone marks, lower case, ü as v, the key
    a pinyin keyboard types it with (tàn zhōng hé → tan zhong he; lǜ sè → lv se)."""
    text = unicodedata.normalize("NFD", pinyin.lower()).replace("u\u0308", "v")
    bare = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z]+", bare))


#: the folders of the site-wide pages that list what the plans hold (the comparisons)
ROOT_INDEX_PREFIXES = ("actions/", "metrics/")


def root_pages(terms: Iterable[Any], lang: str) -> dict[str, Any]:
    """The pages of a root build (the portal, the comparison pages, the glossary): a document per
    glossary term, with its pinyin as keys; the portal and the comparisons' indexes as index pages."""
    entries = []
    for term in terms:
        title = f"{term.zh} · {term.en}" if lang == "zh" else f"{term.en} · {term.zh}"
        definition = term.definition_zh if lang == "zh" else term.definition_en
        entries.append([term.id, title, f"{term.pinyin} · {definition}",
                        [*pinyin_keys(term), *(a.replace(" ", "") for a in term.aliases)]])
    pages: dict[str, Any] = {"": {"kind": "index"}, "glossary/": {"kind": "index", "terms": entries}}
    # the comparisons of actions and metrics list the plans' clauses and targets
    return {"title": None, "pages": pages, "prefixes": {folder: {"kind": "index"} for folder in ROOT_INDEX_PREFIXES}}


def pinyin_keys(term: Any) -> list[str]:
    """How a reader types a glossary term in pinyin: the glossary's own pinyin without tones, its
    syllables together and apart, and together from each syllable on, ü as ``v`` and as ``u``
    (调峰 → tiaofeng, tiao, feng; 虚拟电厂 → xunidianchang, …, nidianchang, dianchang, chang: a
    query is matched to the start of a key, so xuni dianchang finds it, word by word)."""
    typed = toneless(term.pinyin)
    forms = dict.fromkeys([typed, typed.replace("v", "u")])  # lv, and as some write it, lu
    keys: dict[str, None] = {}
    for form in forms:
        syllables = form.split()
        keys.update(dict.fromkeys([form.replace(" ", ""), *syllables]))
        keys.update(dict.fromkeys("".join(syllables[i:]) for i in range(1, len(syllables) - 1)))
    return list(keys)


# --------------------------------------------------------------------------------------------
# Rewriting the index


def reshape(path: Path, known: dict[str, Any], lang: str) -> None:
    """Rewrite the search index at ``path`` (as the search plugin wrote it) with what ``known``
    (:func:`plan_pages`, :func:`glossary_pages`) says of its pages."""
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data["config"]["fields"] = {**data["config"]["fields"], **FIELDS}
    data["config"]["pipeline"] = []
    data["config"]["separator"] = SEPARATOR
    data["docs"] = documents(data["docs"], known, lang)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


#: the kinds of page whose documents are made here from what the build knows, never from their HTML:
#: the search plugin is told to leave them out (:func:`take_page`), which spares it parsing them
MADE_HERE = frozenset({"clause", "index", "agency", "target"})
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _entry(known: dict[str, Any], url: str) -> dict[str, Any] | None:
    folder = url.partition("#")[0].removesuffix("index.html")
    return known.get("pages", {}).get(folder) or next(
        (e for prefix, e in known.get("prefixes", {}).items() if folder.startswith(prefix)), None)


def take_page(known: dict[str, Any], page: Any) -> None:
    """A page of the build, as it is rendered (before the search plugin reads it): its place in the
    index's order, and, where its documents are made here, its title (its H1, as the search plugin
    would have read it) and the plugin told to leave it out."""
    known.setdefault("order", []).append(page.url)
    entry = _entry(known, page.url)
    if entry is None or entry["kind"] not in MADE_HERE:
        return
    heading = _H1.search(page.content or "")  # HTML, its text escaped: kept so (the page's title too)
    title = _TAG.sub("", heading.group(1)).strip() if heading else str(page.title or "")
    known.setdefault("made", {})[page.url] = _segment(title)
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}


def _in_order(docs: list[dict[str, Any]], known: dict[str, Any]) -> list[dict[str, Any]]:
    """The search plugin's documents with a head document for each page it left out (its title),
    in the order the pages were rendered."""
    made = known.get("made") or {}
    if not made:
        return docs
    by_page: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        by_page.setdefault(doc["location"].partition("#")[0], []).append(doc)
    out: list[dict[str, Any]] = []
    for url in dict.fromkeys(known.get("order", [])):
        if url in made:
            out.append({"location": url, "title": made[url], "text": ""})
        out.extend(by_page.pop(url, []))
    for rest in by_page.values():
        out.extend(rest)
    return out


def documents(docs: list[dict[str, Any]], known: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    suffix = "·" + html.escape(known["title"], quote=False).replace(" ", "") if known.get("title") else None
    out: list[dict[str, Any]] = []
    done: set[str] = set()
    for doc in _in_order(docs, known):
        page, _, anchor = doc["location"].partition("#")
        entry = _entry(known, page)
        cut = doc["title"].rfind(" · ")
        if suffix and cut > 0 and doc["title"][cut:].replace(_SEPARATOR, "").replace(" ", "") == suffix:
            doc = {**doc, "title": doc["title"][:cut].rstrip(_SEPARATOR)}
        if entry is None:
            out.append(_with_parts(doc))
            continue
        if entry["kind"] == "about":  # the page and its sections, each as Material wrote it
            out.append(_with_parts({**doc, "boost": ABOUT_BOOST}))
            continue
        if page in done:
            continue  # a section of a page already written whole
        if anchor:
            out.append(_with_parts(doc))
            continue
        done.add(page)
        out.extend(_page(doc, page, entry, lang))
    return out


def _page(doc: dict[str, Any], page: str, entry: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    kind = entry["kind"]
    keys = [_nfkc(k).lower() for k in entry.get("keys", [])]
    if kind == "target":  # its name (the title), its year and value; its sentence has its own document
        text = f"<p>{_words(entry['text'])}</p>" if entry.get("text") else ""
        return [_with_parts({"location": doc["location"], "title": doc["title"], "text": text,
                             "boost": TARGET_BOOST, "keys": _join(keys)})]
    if kind == "agency":  # found by its name (title, keys); its text lists clauses found on their own
        other = entry.get("other") or ""
        text = f'<p lang="{"en" if lang == "zh" else "zh-CN"}">{_words(other)}</p>' if other else ""
        return [_with_parts({"location": doc["location"], "title": doc["title"], "text": text, "keys": _join(keys)})]
    head: dict[str, Any] = {"location": doc["location"], "title": doc["title"]}
    sentences = entry.get("sentences", [])
    if kind == "clause":
        blocks = [text for _, text, *_ in sentences]
        if entry.get("agencies"):
            blocks.append(entry["agencies"])
        head["text"] = "".join(f"<p>{_words(text)}</p>" for text in blocks)
    else:
        head["text"] = ""
        head["boost"] = INDEX_BOOST
    if keys:
        head["keys"] = _join(keys)
    # the pinyin of the glossary terms a sentence mentions, for the plan's own search: a field of
    # its own, which the portal's index (where the glossary's entries are) leaves out
    # (builder/search_index.py)
    if kind == "clause":
        _with_pinyin(head, [k for *_, pinyin in sentences for k in pinyin])
    out = [_with_parts(head)]
    for sid, text, twin, pinyin in sentences:
        # one block: a result's preview shows the blocks that matched, the twin with them
        twin_html = f' <span lang="zh-CN">{_words(twin)}</span>' if twin else ""
        out.append(_with_pinyin(_anchored(page, sid, sid, f"<p>{_words(text)}{twin_html}</p>", [sid.lower()]),
                                pinyin))
    for term_id, title, text, term_keys in entry.get("terms", []):
        out.append(_anchored(page, term_id, _words(title), _words(text), [_nfkc(k).lower() for k in term_keys]))
    return out


def _anchored(page: str, anchor: str, title: str, text: str, keys: list[str]) -> dict[str, Any]:
    """The document of a place in a page (a sentence, a glossary term): ``title`` and ``text``
    already escaped and cut into words."""
    return _with_parts({"location": f"{page}#{anchor}", "title": title, "text": text, "keys": _join(keys)})


def _with_pinyin(doc: dict[str, Any], pinyin: Iterable[str]) -> dict[str, Any]:
    if joined := _join(pinyin):
        doc["pinyin"] = joined
    return doc


def _words(text: str) -> str:
    """A plan's text as a document's HTML: escaped, its Chinese cut into words."""
    return _segment(html.escape(text, quote=False))


def _join(words: Iterable[str]) -> str:
    return _SEPARATOR.join(dict.fromkeys(w for w in words if w))


def _segment(text: str) -> str:
    """Chinese cut into jieba's words with zero-width spaces, as Material's search plugin cuts it."""
    import jieba

    return _HAN.sub(lambda m: _SEPARATOR + _SEPARATOR.join(jieba.cut(m.group(0))) + _SEPARATOR, text).strip(_SEPARATOR)


def _with_parts(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with the ends of its longer Chinese words (``parts``), its names (``keys``) too."""
    found: dict[str, None] = {}
    for field in ("title", "text", "keys"):
        for word in re.split(r"[\u200b\s<>]+", doc.get(field, "")):
            if len(word) > 2 and _HAN.fullmatch(word):
                for part in _parts(word):
                    found[part] = None
    doc = {k: v for k, v in doc.items() if k != "parts"}
    if found:
        doc["parts"] = _SEPARATOR.join(found)
    return doc


def _parts(word: str) -> tuple[str, ...]:
    """The ends of ``word`` from its second character on, of two characters or more: 海上风电 →
    上风电, 风电. The browser finds a query's word as the start of an indexed one, so a word inside
    another (风电, 驱油 in 二氧化碳驱油, 分布式光伏 in 整县制屋顶分布式光伏) is found through the end
    it starts."""
    return tuple(word[i:] for i in range(1, len(word) - 1))
