/* plansite: search every plan from a plan's page. The plan's search box searches that plan's own
   index; the link under the result count (partials/search.html) opens the portal's search, which
   holds every plan, with the same query (?q=…, which Material's search reads on load). Without
   JavaScript there is no search box, and the link stays hidden. */
(function () {
  "use strict";
  var link = document.querySelector("a[data-ps-search-widen]");
  var input = document.querySelector("input[data-md-component=search-query]");
  if (!link || !input) return;
  var portal = link.getAttribute("href");
  function update() {
    var query = input.value.trim();
    link.setAttribute("href", query ? portal + "?q=" + encodeURIComponent(query) : portal);
  }
  ["input", "keyup", "change", "focus"].forEach(function (name) { input.addEventListener(name, update); });
  if (input.form) input.form.addEventListener("reset", function () { setTimeout(update, 0); });
  update();
  link.parentNode.hidden = false;
})();
