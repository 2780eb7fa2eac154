/* Relationship Playbooks: table cells that know their column's heading.
 *
 * On a phone, playbooks.css shows a table of three or more columns (relationship.css: the
 * scorecards' heat table, as one card per vendor) as one block per row, so
 * that nothing scrolls sideways; each value is then introduced by its column's heading, which
 * this script copies into the cell's `data-label` (CSS prints it with `::before`). Built pages
 * stay plain Markdown tables: nothing is added per cell at build time, where it would cost
 * every vendor page. Without the script the values stand alone, still readable. Runs on every
 * page, and again after Material's or Zensical's instant navigation (window.document$).
 */
(function () {
  "use strict";

  var rp = window.rp;
  if (!rp || !rp.once("tables")) return;

  function label() {
    rp.all(document, ".md-typeset table:not([class]), .md-typeset table.rp-heat").forEach(function (table) {
      var heads = rp.all(table, "thead th").map(rp.text);
      if (!heads.length) return;
      rp.all(table, "tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[index] || "");
        });
      });
    });
  }

  rp.onPage(label);
})();
