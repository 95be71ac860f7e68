/* plansite: how the site's search reads a query and orders its results (builder/search_worker.py).
 *
 * This runs first in Material's search worker and stands between the page and Material's own
 * message handler: a query is rewritten before lunr sees it, and the result is ordered again before
 * the page draws it. Material's index, its highlighting and its result list are kept.
 *
 * A query:
 * - needs all its words (AND); "A OR B", "A | B" asks for any of them;
 * - keeps a "quoted phrase" together: a result must hold it as written;
 * - is cut where the script changes (2500万千瓦 → 2500, 万千瓦; CCUS全产业链 → ccus, 全产业链) and
 *   its Chinese into the index's own words, the longest first (分布式光伏 → 分布式, 光伏), each
 *   found as the start of a word of the text or of a word inside one (the index's `parts`);
 * - looks for its Latin words from the start they share with their stem (emissions → emiss*,
 *   trading → trad*), the index keeping words whole (so CCUS stays ccus), and keeps the results
 *   holding a form of the word itself (trade, trading; not traditional) where there are any;
 * - looks for an address exactly (3.1.1, 3.1.1.s2, 三（一）1): the clause, or the sentence, first.
 * A result:
 * - that holds a word the reader typed as it was typed (分布式光伏, 100万吨), or the words
 *   together (carbon neutrality), ranks above one holding them apart; one whose title is what
 *   the query names (碳中和 · carbon neutrality, or its whole pinyin, tanzhonghe) first, then those
 *   whose title starts with it;
 * - of a clause's page leads to the sentence that matched, unless the page's own title matched;
 * - comes in order of its best match.
 */
(() => {
  "use strict"
  const SETUP = 0, QUERY = 2, RESULT = 3
  const listen = self.addEventListener.bind(self)
  const post = self.postMessage.bind(self)
  /* the index's terms (lunr's inverted index), and its documents by location */
  let terms = Object.create(null)
  const docs = new Map()
  const plainOf = new Map()
  /* what each query sent on asked for, in order: its result comes back in the same order */
  const asked = []

  const HAN = /\p{sc=Han}/u
  const ADDRESS = /^(?:\d+(?:\.\d+)+(?:\.[a-z]\d+)?|\d+\.[a-z]\d+|[一二三四五六七八九十]+\([一二三四五六七八九十]+\)\d*)$/u
  const RUN = /\p{sc=Han}+|[a-z0-9]+(?:\.[a-z0-9]+)*%?/gu
  const SENTENCE = /\.s\d+$/

  /* lunr builds the index in Material's handler: keep its terms */
  function watchIndex() {
    const builder = self.lunr.Builder.prototype
    if (builder.plansiteBuild)
      return
    builder.plansiteBuild = builder.build
    builder.build = function () {
      const index = this.plansiteBuild()
      terms = index.invertedIndex
      sorted = null
      return index
    }
  }

  const NAMED = {lt: "<", gt: ">", quot: "\"", apos: "'", amp: "&"}

  /* text of the index's HTML: no markup, entities read (in one pass: &amp;lt; is "&lt;") */
  function plain(html) {
    return html.replace(/<[^>]*>/g, "").replace(/\u200b/g, "")
      .replace(/&(?:#(\d+)|#x([0-9a-f]+)|(lt|gt|quot|apos|amp));/gi, (all, dec, hex, name) => {
        const code = dec ? parseInt(dec, 10) : hex ? parseInt(hex, 16) : -1
        if (code < 0) return NAMED[name.toLowerCase()]
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all
      })
      .normalize("NFKC").toLowerCase()
  }

  /* a document's own text, as a reader reads it (no markup, no word breaks) */
  function textOf(location) {
    let text = plainOf.get(location)
    if (text === undefined) {
      const doc = docs.get(location)
      text = doc ? plain(`${doc.title} ${doc.text}`).replace(/\s+/g, "") : ""
      plainOf.set(location, text)
    }
    return text
  }

  /* the index's terms in order, for finding those a piece of a query starts */
  let sorted = null
  function startsTerm(piece) {
    sorted = sorted || Object.keys(terms).sort()
    let lo = 0, hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (sorted[mid] < piece) lo = mid + 1
      else hi = mid
    }
    return lo < sorted.length && sorted[lo].startsWith(piece)
  }

  /* a word of the text itself (its title or text, not only the hidden fields) */
  function isWord(word) {
    const posting = terms[word]
    if (!posting)
      return false
    for (const field of ["title", "text"])
      if (posting[field] && Object.keys(posting[field]).length)
        return true
    return false
  }

  /* a document's title, as a reader reads it */
  function titleOf(location) {
    const doc = docs.get(location)
    return doc ? plain(doc.title).replace(/\s+/g, "") : ""
  }

  /* a document's first key: a glossary term's whole pinyin (tanzhonghe), a clause's address */
  function firstKey(location) {
    const doc = docs.get(location)
    return doc && doc.keys ? doc.keys.split("\u200b")[0] : ""
  }

  /* a run of Chinese cut into pieces the index can find, fewest first: words of the text (1),
   * the start of a word or of a word's end (1.5: 驱油, the end of 二氧化碳驱油), or a character
   * alone (3). 分布式光伏 is 分布式 + 光伏, found together in 整县制屋顶分布式光伏 (through its ends)
   * and wherever the text has both words. */
  function segment(run) {
    const n = run.length
    const best = new Array(n + 1).fill(null)
    best[0] = { cost: 0, cuts: [] }
    for (let i = 0; i < n; i++) {
      if (!best[i])
        continue
      for (let j = n; j > i; j--) {
        const piece = run.slice(i, j)
        const cost = isWord(piece) ? 1 : j - i === 1 ? 3 : startsTerm(piece) ? 1.5 : null
        if (cost === null)
          continue
        const total = best[i].cost + cost
        if (!best[j] || total < best[j].cost)
          best[j] = { cost: total, cuts: [...best[i].cuts, piece] }
      }
    }
    return best[n].cuts
  }

  /* the start a word shares with its stem (emissions → emiss, trading → trad: lunr's stemmer
   * writes trade, which the text's trading does not start with) */
  function fullStem(word) {
    try {
      return self.lunr.stemmer(new self.lunr.Token(word)).toString() || word
    } catch (err) {
      return word
    }
  }

  function stem(word) {
    const stemmed = fullStem(word)
    let n = 0
    while (n < stemmed.length && stemmed[n] === word[n])
      n++
    return word.slice(0, Math.max(n, Math.min(3, word.length)))
  }

  /* what a query asks for: lunr's query, the phrases a result must hold, the runs it should */
  function read(query) {
    let text = query.normalize("NFKC").toLowerCase()
    const phrases = []
    text = text.replace(/"([^"]*)"?/g, (_, phrase) => {
      const kept = phrase.replace(/\s+/g, "")
      if (kept)
        phrases.push(kept)
      return ` ${phrase} `
    })
    const words = text.split(/[\s|]+/).filter(Boolean)
    const any = words.length > 1 && (/\|/.test(text) || words.includes("or"))
    const clauses = []
    const runs = []
    const stems = []
    const han = []
    for (const word of words) {
      if (any && word === "or")
        continue
      const bare = word.replace(/^[+\-]+|[*~^:]+/g, "")
      if (ADDRESS.test(bare)) {
        /* 三(一)1 is kept as 三.一.1 (brackets separate words) */
        const key = bare.split(/[()]+/).filter(Boolean).join(".")
        if (key in terms) {
          clauses.push(`+${key}`)
          continue
        }
      }
      const before = clauses.length
      for (const [piece] of bare.matchAll(RUN)) {
        if (HAN.test(piece)) {
          han.push(piece)
          for (const cut of segment(piece))
            clauses.push(`+${cut}*`)
        } else if (/^[a-z]+$/.test(piece)) {
          clauses.push(`+${stem(piece)}*`)
          stems.push(fullStem(piece))
        } else {
          clauses.push(`+${piece}*`)
        }
      }
      if (clauses.length - before > 1)
        runs.push(bare.replace(/[^\p{sc=Han}a-z0-9.%]/gu, ""))
    }
    const typed = words.filter(w => !(any && w === "or")).map(w => w.replace(/[^\p{sc=Han}a-z0-9.%]/gu, ""))
    if (!any && typed.length > 1)
      runs.push(typed.join(""))  /* the words as typed, together (carbon neutrality) */
    const unique = [...new Set(clauses)]
    return {
      /* any: the words optional, and Material's own reading adds the trailing wildcard */
      lunr: (any ? unique.map(c => c.replace(/^\+/, "").replace(/\*$/, "")) : unique).join(" "),
      phrases,
      runs: [...new Set(runs)],
      stems: any ? [] : [...new Set(stems)],
      whole: typed.join(""),
      han: [...new Set(han)].sort((a, b) => b.length - a.length)
    }
  }

  /* the stems of a document's Latin words */
  const stemsOf = new Map()
  function hasStems(location, wanted) {
    let found = stemsOf.get(location)
    if (found === undefined) {
      const doc = docs.get(location)
      const text = doc ? plain(`${doc.title} ${doc.text}`) : ""
      found = new Set((text.match(/[a-z]+/g) || []).map(fullStem))
      stemsOf.set(location, found)
    }
    return wanted.every(s => found.has(s))
  }

  /* the Chinese the reader typed, marked in a preview that matched it only inside a longer word
   * (the index's hidden ends of words: 分布式光伏 in 整县制屋顶分布式光伏), as Material marks what
   * it found in the text itself; only in text, never inside a tag */
  function mark(html, pieces) {
    if (!pieces.length || /<mark>/.test(html))
      return html
    const pattern = new RegExp(pieces
      .map(piece => [...piece].map(c => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\u200b?"))
      .join("|"), "gu")
    return html.replace(/(<[^>]*>)|([^<]+)/g, (all, tag, text) =>
      tag ? tag : text.replace(pattern, found => `<mark>${found}</mark>`))
  }

  /* the result, filtered by the phrases asked for and ordered again */
  function reorder(result, wanted) {
    if (!wanted || !result || !Array.isArray(result.items))
      return result
    /* a Latin word is looked for as the start of words (trad* for trading): where some results
     * hold the word itself or another form of it (trade, trades), those that only hold another
     * word starting so (traditional) are left out */
    const precise = wanted.stems.length > 0 && result.items.some(group =>
      group.some(item => item.score > 0 && hasStems(item.location, wanted.stems)))
    const groups = []
    for (const group of result.items) {
      const article = group.find(item => !item.location.includes("#"))
      let items = group.filter(item => item.score > 0)
      if (precise)
        items = items.filter(item => hasStems(item.location, wanted.stems))
      if (wanted.phrases.length)
        items = items.filter(item => wanted.phrases.every(p => textOf(item.location).includes(p)))
      if (!items.length)
        continue
      for (const item of items) {
        for (const run of wanted.runs)
          if (textOf(item.location).includes(run))
            item.score *= 2
        if (wanted.whole) {  /* the query names it: 碳中和 (or tanzhonghe) before 碳中和债, before 碳达峰碳中和 */
          const name = titleOf(item.location).split("·")[0]
          const named = name === wanted.whole || firstKey(item.location) === wanted.whole
          item.score *= named ? 8 : name.startsWith(wanted.whole) ? 2 : 1
        }
      }
      const rank = Math.max(...items.map(item => item.score))
      const sentences = items.filter(item => SENTENCE.test(item.location.split("#")[1] || ""))
      let head = items.find(item => item === article)
      if (!head && article)
        head = { ...article, score: 0 }
      if (head && sentences.length && !/<mark>/.test(head.title)) {
        const top = Math.max(...sentences.map(item => item.score))
        head.score = Math.min(head.score, top * 0.99)
      }
      for (const item of items)
        item.text = mark(item.text, wanted.han)
      const rest = items.filter(item => item !== head).sort((a, b) => b.score - a.score)
      const ordered = head ? [head, ...rest].sort((a, b) => b.score - a.score) : rest
      groups.push({ rank, items: ordered })
    }
    groups.sort((a, b) => b.rank - a.rank)
    return { ...result, items: groups.map(group => group.items) }
  }

  self.addEventListener = function (type, handler, options) {
    if (type !== "message")
      return listen(type, handler, options)
    return listen(type, ev => {
      const message = ev.data
      if (message && message.type === SETUP) {
        watchIndex()
        docs.clear()
        plainOf.clear()
        stemsOf.clear()
        for (const doc of message.data.docs)
          docs.set(doc.location, doc)
      } else if (message && message.type === QUERY) {
        const wanted = read(String(message.data))
        asked.push(wanted)
        return handler({ data: { type: QUERY, data: wanted.lunr } })
      }
      return handler(ev)
    }, options)
  }

  self.postMessage = function (message, ...rest) {
    if (message && message.type === RESULT)
      message = { type: RESULT, data: reorder(message.data, asked.shift()) }
    return post(message, ...rest)
  }
})();
