/* Relationship Playbooks: the Upcoming page filtered to one person (issue 26), on the core
 * (core.js: window.rp).
 *
 * Does nothing without the Upcoming page's tools. Without this script every row shows.
 *
 * Markup (generator/templates/upcoming.md.j2, generator/render/markup/upcoming.py):
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

  var rp = window.rp;
  if (!rp || !rp.once("upcoming")) return;

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
    rp.all(document, ".rp-up-row").forEach(function (marker) {
      var tr = marker.closest("tr"), table = tr && tr.closest("table");
      if (!table) return;
      rows.push({ tr: tr, people: (marker.dataset.rpPeople || "").split(" ") });
      if (tables.indexOf(table) < 0) tables.push(table);
    });
    var boxes = tables.map(function (table) {
      var box = table.closest(".md-typeset__scrollwrap") || table;
      var none = document.createElement("p");
      none.className = "rp-up-none";
      show(none, false);
      box.parentNode.insertBefore(none, box.nextSibling);
      return { table: table, box: box, none: none };
    });

    function nameOf(id) {
      var option = rp.all(select, "option").filter(function (o) { return o.value === id; })[0];
      return option ? rp.text(option) : "";
    }

    function apply() {
      var person = select.value, name = nameOf(person), shown = 0;
      rows.forEach(function (row) {
        var on = !person || row.people.indexOf(person) >= 0;
        show(row.tr, on);
        if (on) shown += 1;
      });
      boxes.forEach(function (one) {
        var any = rp.all(one.table, "tbody tr").some(function (tr) { return tr.style.display !== "none"; });
        show(one.box, any);
        one.none.textContent = person ? "Nothing here for " + name + "." : "";
        show(one.none, !any);
      });
      count.textContent = person ? shown + (shown === 1 ? " row concerns " : " rows concern ") + name + "." : "";
    }

    function toAddress() {
      var params = rp.query();
      if (select.value) params.set("person", select.value);
      else params.delete("person");
      rp.setQuery(params);
    }

    var wanted = rp.query().get("person");
    if (wanted) {
      if (nameOf(wanted)) {
        select.value = wanted;
      } else {
        note.textContent = rp.ignored(["person \u201c" + wanted + "\u201d"]);
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

  rp.onPage(function () {
    var tools = document.querySelector("[data-rp-upcoming]");
    if (tools) setUp(tools);
  });
})();
