/* Relationship Playbooks: the Upcoming page filtered to one person (issue 26).
 *
 * Loaded on every page (mkdocs.yml extra_javascript); does nothing without the Upcoming
 * page's tools. No requests, no dependencies; works with Material's and Zensical's instant
 * navigation (window.document$) and without it. Without this script every row shows.
 *
 * Markup (generator/templates/upcoming.md.j2, generator/upcoming_markup.py):
 *   section[data-rp-upcoming][hidden]   the tools: select[data-rp-up-person] (a person's id, or
 *                                       "" for everyone), [data-rp-up-count], [data-rp-up-note]
 *   span.rp-up-row[data-rp-people="id id"]   first in each table row: whom the row concerns
 *
 * The choice lives in the address, so a filtered page can be shared: ?person=<id>. An id the
 * page does not have is ignored, and the page says so. A table left with no row is hidden,
 * with a line saying there is nothing for that person.
 */
(function () {
  "use strict";

  if (window.__rpUpcoming) return; // loaded twice: keep the first
  window.__rpUpcoming = true;

  function show(element, on) {
    if (on) element.style.removeProperty("display");
    else element.style.setProperty("display", "none", "important"); // stacked tables set display
  }

  function setUp(tools) {
    if (tools.dataset.rpReady) return;
    tools.dataset.rpReady = "1";
    var select = tools.querySelector("[data-rp-up-person]");
    var count = tools.querySelector("[data-rp-up-count]");
    var note = tools.querySelector("[data-rp-up-note]");
    var rows = [];
    var tables = [];
    Array.prototype.forEach.call(document.querySelectorAll(".rp-up-row"), function (marker) {
      var tr = marker.closest("tr"), table = tr && tr.closest("table");
      if (!table) return;
      rows.push({ tr: tr, people: (marker.dataset.rpPeople || "").split(" ") });
      if (tables.indexOf(table) < 0) tables.push(table);
    });
    var boxes = tables.map(function (table) {
      var box = table.closest(".md-typeset__scrollwrap") || table;
      var none = document.createElement("p");
      none.className = "rp-up-none";
      none.setAttribute("data-rp-up-none", "");
      show(none, false);
      box.parentNode.insertBefore(none, box.nextSibling);
      return { table: table, box: box, none: none };
    });

    function nameOf(id) {
      var option = Array.prototype.filter.call(select.options, function (o) { return o.value === id; })[0];
      return option ? option.textContent : "";
    }

    function apply() {
      var person = select.value, name = nameOf(person), shown = 0;
      rows.forEach(function (row) {
        var on = !person || row.people.indexOf(person) >= 0;
        show(row.tr, on);
        if (on) shown += 1;
      });
      boxes.forEach(function (one) {
        var any = Array.prototype.some.call(one.table.tBodies[0].rows, function (tr) { return tr.style.display !== "none"; });
        show(one.box, any);
        one.none.textContent = person ? "Nothing here for " + name + "." : "";
        show(one.none, !any);
      });
      count.textContent = person ? shown + (shown === 1 ? " row concerns " : " rows concern ") + name + "." : "";
    }

    function toAddress() {
      var params = new URLSearchParams(window.location.search);
      if (select.value) params.set("person", select.value);
      else params.delete("person");
      var query = params.toString();
      window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    var wanted = new URLSearchParams(window.location.search).get("person");
    if (wanted !== null && wanted !== "") {
      if (nameOf(wanted)) {
        select.value = wanted;
      } else {
        note.textContent = "No one on this page has the id \u201c" + wanted + "\u201d: showing everyone.";
        note.hidden = false;
      }
    }
    select.addEventListener("change", function () {
      note.hidden = true;
      apply();
      toAddress();
    });
    tools.hidden = false;
    apply();
  }

  function init() {
    var tools = document.querySelector("[data-rp-upcoming]");
    if (tools) setUp(tools);
  }

  var pages = window.document$;
  if (pages && typeof pages.subscribe === "function") {
    pages.subscribe(function () { init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
