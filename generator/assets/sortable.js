/* Relationship Playbooks: tables the reader can sort (the portfolio's heat table, issue 17).
 *
 * Loaded on every page (mkdocs.yml extra_javascript); does nothing on pages without a
 * `table[data-rp-sortable]`. Each column heading becomes a button; pressing it sorts the rows
 * by that column, worst or highest first, and pressing it again reverses the order. A cell's
 * `data-rp-sort-value` is what it sorts by (a number, or text for a heading marked
 * `data-rp-sort-type="text"`, which sorts A to Z first); `aria-sort` on the heading says the
 * order to screen readers. Without JavaScript the table keeps the order it was built in.
 * Works with Material's instant navigation (document$) and without it.
 */
(function () {
  "use strict";

  if (window.__rpSortable) return;
  window.__rpSortable = true;

  function value(row, index, text) {
    var cell = row.children[index];
    var raw = cell ? (cell.getAttribute("data-rp-sort-value") || cell.textContent || "") : "";
    if (text) return raw.trim().toLowerCase();
    var number = parseFloat(raw);
    return isNaN(number) ? -Infinity : number;
  }

  function sort(table, index, heading) {
    var text = heading.getAttribute("data-rp-sort-type") === "text";
    var current = heading.getAttribute("aria-sort");
    // Numbers (statuses, counts) first sort worst/highest first; text A to Z.
    var ascending = text ? current !== "ascending" : current === "descending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, index, text), y = value(b, index, text);
      if (x === y) return 0;
      return (x < y ? -1 : 1) * (ascending ? 1 : -1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-rp-sortable]"), function (table) {
      if (table.dataset.rpSortReady || !table.tHead || !table.tBodies.length) return;
      table.dataset.rpSortReady = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "rp-sort";
        while (heading.firstChild) button.appendChild(heading.firstChild);
        heading.appendChild(button);
        button.addEventListener("click", function () { sort(table, index, heading); });
      });
    });
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
