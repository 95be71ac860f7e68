/* plansite: cite controls. Each [data-cite] button copies a citation with the published address:
   data-form="full" the full reference (data-cite: issuer, title, document number, date, unit),
   the address and the day it is copied (the reader's today: the page itself names no date, so
   builds stay the same); data-form="short" the short citation and the address. The forms' words
   come from the page's head (templates/strings.yaml, meta plansite:cite-*). The address is always
   the published one (meta plansite:site-url, from site_url): from a folder (file://) with no
   address configured, the citation says so and gives the path within the site.
   Without JavaScript the buttons stay hidden and the anchor links still give the permanent URL. */
(function () {
  "use strict";
  function meta(name) {
    var tag = document.querySelector('meta[name="plansite:' + name + '"]');
    return tag && tag.content ? tag.content : "";
  }
  function siteRoot() {
    var published = meta("site-url");
    if (published) return published.replace(/\/?$/, "/");
    if (!/^https?:$/.test(location.protocol)) return "";  /* a folder: no address to give */
    var base = meta("root") || ".";
    return new URL(base.replace(/\/?$/, "/"), location.href).href;
  }
  /* The address of a site path (dongying/3/1/1/#3.1.1.s2): absolute where the site has one, else
     the path, introduced by the page's words for "no address configured". */
  function address(root, path) {
    if (root) return new URL(path, root).href;
    return fill(meta("cite-no-address") || "{path}", { path: path });
  }
  /* Put values into a template of strings.yaml: {name} → value, as text (no pattern syntax). */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }
  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  function citation(button, root) {
    var form = button.dataset.form === "short" ? "short" : "full";
    var template = meta("cite-" + form) || "{ref} {url}";
    return fill(template, { ref: button.dataset.cite, url: address(root, button.dataset.url), date: today() });
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }
  /* On paper a clause's address is printed in full (print.css reads data-print-url). */
  function printAddresses(root) {
    document.querySelectorAll("a.ps-marker[data-url], a[data-print-url-of]").forEach(function (link) {
      link.dataset.printUrl = address(root, link.dataset.url || link.dataset.printUrlOf);
    });
  }
  function setup() {
    var root = siteRoot();
    printAddresses(root);
    /* the page's word for "copied" (templates/strings.yaml, in the page's head) */
    var copiedLabel = meta("copied");
    document.querySelectorAll("button[data-cite]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        var text = citation(button, root);
        window.plansiteLastCitation = text;
        copy(text).then(function () {
          button.textContent = copiedLabel || label;
          button.classList.add("ps-cite--done");
          setTimeout(function () { button.textContent = label; button.classList.remove("ps-cite--done"); }, 1500);
        });
      });
    });
  }
  /* Sortable tables (class ps-sortable): each column heading becomes a button; numbers sort as
     numbers (data-sort="number"), clause ids part by part (data-sort="clause"), the rest as text. */
  function sortKey(cell, how) {
    var raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
    if (how === "number") { var n = parseFloat(raw); return isNaN(n) ? -Infinity : n; }
    if (how === "clause") return raw.split(".").map(function (p) { return /^\d+$/.test(p) ? ("0000" + p).slice(-4) : p; }).join(".");
    return raw;
  }
  function makeSortable(table) {
    if (table.dataset.sortReady) return;
    table.dataset.sortReady = "1";
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button"; button.className = "ps-sort"; button.textContent = th.textContent;
      th.textContent = ""; th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0], how = th.dataset.sort || "text";
        var rows = Array.prototype.slice.call(body.rows).map(function (row, i) { return [sortKey(row.cells[column], how), i, row]; });
        rows.sort(function (a, b) {
          var c = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1];
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r[2]); });
      });
    });
  }
  /* Material's search reads the box on keyup; text that arrives with no key released (an input
     method committing 光伏, a paste with the mouse, dictation) would not be searched. Pass every
     input on as a keyup. */
  function searchOnInput() {
    var box = document.querySelector("input.md-search__input");
    if (!box || box.dataset.psInput) return;
    box.dataset.psInput = "1";
    box.addEventListener("input", function (event) {
      if (!event.isComposing) box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
    box.addEventListener("compositionend", function () {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
  }
  /* Full text: show Chinese, English or both. */
  function showLanguage() {
    var group = document.querySelector(".ps-show"), text = document.querySelector(".ps-fulltext");
    if (!group || !text || group.dataset.ready) return;
    group.dataset.ready = "1";
    group.hidden = false;
    group.querySelectorAll("button[data-show]").forEach(function (button) {
      button.addEventListener("click", function () {
        text.dataset.show = button.dataset.show;
        group.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      });
    });
  }
  /* Portal: filter the plans' cards by level, region and year, and sort them by date. Without
     JavaScript the form stays hidden and every plan is listed. */
  function portalFilters() {
    var form = document.querySelector("form[data-ps-filters]"), list = document.querySelector("[data-ps-cards]");
    if (!form || !list || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var cards = Array.prototype.slice.call(list.children), shown = form.querySelector("[data-ps-shown]");
    function apply() {
      var want = { level: form.elements.level.value, region: form.elements.region.value, year: form.elements.year.value };
      var count = 0;
      cards.forEach(function (card) {
        var ok = ["level", "region", "year"].every(function (k) { return !want[k] || card.dataset[k] === want[k]; });
        card.hidden = !ok;
        if (ok) count += 1;
      });
      var sort = form.elements.sort.value;
      cards.slice().sort(function (a, b) {
        if (!sort) return a.dataset.order - b.dataset.order;
        var x = a.dataset.date || (sort === "newest" ? "0" : "9"), y = b.dataset.date || (sort === "newest" ? "0" : "9");
        var c = x < y ? -1 : x > y ? 1 : a.dataset.order - b.dataset.order;
        return sort === "newest" ? -c : c;
      }).forEach(function (card) { list.appendChild(card); });
      if (shown) shown.textContent = String(count);
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }
  /* The language switch keeps the reader's place: the other language's page carries the same
     anchors (clause, sentence and target ids, glossary term ids), so the switch's link takes the
     anchor of this page's address, on load, whenever the anchor changes and at the moment it is
     followed. Without JavaScript the link still leads to the same page in the other language.
     From a folder (file://) a link to a folder gets its index.html, as the offline bundle's do. */
  function switchHref(link) {
    if (link.dataset.psHref === undefined) link.dataset.psHref = link.getAttribute("href") || "";
    var at = link.dataset.psHref.indexOf("#");
    var base = at < 0 ? link.dataset.psHref : link.dataset.psHref.slice(0, at);
    var hash = location.hash.length > 1 ? location.hash : (at < 0 ? "" : link.dataset.psHref.slice(at));
    if (location.protocol === "file:" && /\/$/.test(base)) base += "index.html";
    return base + hash;
  }
  function keepPlace() {
    document.querySelectorAll("a.ps-lang-switch").forEach(function (link) {
      link.setAttribute("href", switchHref(link));
      if (link.dataset.psKeep) return;
      link.dataset.psKeep = "1";
      link.addEventListener("click", function () { link.setAttribute("href", switchHref(link)); });
    });
  }
  window.addEventListener("hashchange", keepPlace);
  /* The skip link: the content's start takes the focus, so that the next Tab goes on from there. */
  function skipLink() {
    var link = document.querySelector("a.ps-skip"), start = document.getElementById("ps-content");
    if (!link || !start || link.dataset.ready) return;
    link.dataset.ready = "1";
    link.addEventListener("click", function (event) {
      event.preventDefault();
      start.focus();
      start.scrollIntoView();
    });
  }
  function setupAll() {
    setup();
    keepPlace();
    skipLink();
    showLanguage();
    portalFilters();
    searchOnInput();
    document.querySelectorAll("table.ps-sortable").forEach(makeSortable);
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setupAll);
  else document.addEventListener("DOMContentLoaded", setupAll);
})();
