/* plansite: cite controls. Each [data-cite] button copies "citation, URL" to the clipboard.
   Without JavaScript the buttons stay hidden and the anchor links still give the permanent URL. */
(function () {
  "use strict";
  function siteRoot() {
    var meta = document.querySelector('meta[name="plansite:site-url"]');
    if (meta && meta.content) return meta.content.replace(/\/?$/, "/");
    var config = document.getElementById("__config");
    var base = ".";
    if (config) { try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ } }
    return new URL(base.replace(/\/?$/, "/"), location.href).href;
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }
  function setup() {
    var root = siteRoot();
    document.querySelectorAll("button[data-cite]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        var text = button.dataset.cite + " " + new URL(button.dataset.url, root).href;
        window.plansiteLastCitation = text;
        copy(text).then(function () {
          button.textContent = document.documentElement.lang.indexOf("zh") === 0 ? "已复制" : "Copied";
          button.classList.add("ps-cite--done");
          setTimeout(function () { button.textContent = label; button.classList.remove("ps-cite--done"); }, 1500);
        });
      });
    });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
