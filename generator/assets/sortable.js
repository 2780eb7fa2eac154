/* Relationship Playbooks: tables the reader can sort (the portfolio's heat table, issue 17).
 *
 * Loaded on every page (mkdocs.yml extra_javascript); does nothing on pages without a
 * `table[data-rp-sortable]`. Each column heading becomes a button; pressing it sorts the rows
 * by that column, worst or highest first, and pressing it again reverses the order. A cell's
 * `data-rp-sort-value` is what it sorts by (a number, or text for a heading marked
 * `data-rp-sort-type="text"`, which sorts A to Z first); `aria-sort` on the heading says the
 * order to screen readers. Without JavaScript the table keeps the order it was built in.
 * Non-numbers sort after numbers whichever way (core.js, rp.compare, the rule the directory
 * shares). Works with Material's instant navigation (document$) and without it (core.js).
 */
(function () {
  "use strict";

  var rp = window.rp;
  if (!rp || !rp.once("sortable")) return;

  function value(row, index, text) {
    var cell = row.tr.children[index];
    var raw = cell ? (cell.getAttribute("data-rp-sort-value") || cell.textContent || "") : "";
    return text ? raw.trim().toLowerCase() : parseFloat(raw);
  }

  function sort(table, index, heading) {
    var text = heading.getAttribute("data-rp-sort-type") === "text";
    var current = heading.getAttribute("aria-sort");
    // Numbers (statuses, counts) first sort worst/highest first; text A to Z.
    var ascending = text ? current !== "ascending" : current === "descending";
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (tr, i) { return { tr: tr, index: i }; });
    rp.sorted(rows, [function (row) { return value(row, index, text); }], !ascending)
      .forEach(function (row) { body.appendChild(row.tr); });
    rp.markSorted(Array.prototype.slice.call(table.tHead.rows[0].cells), heading, !ascending);
  }

  function init() {
    rp.all(document, "table[data-rp-sortable]").forEach(function (table) {
      if (table.dataset.rpSortReady || !table.tHead || !table.tBodies.length) return;
      table.dataset.rpSortReady = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, index) {
        rp.sortButton(heading).addEventListener("click", function () { sort(table, index, heading); });
      });
    });
  }

  rp.onPage(init);
})();
