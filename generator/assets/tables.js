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

  if (window.__rpTables) return; // loaded twice: keep the first
  window.__rpTables = true;

  function label() {
    var tables = document.querySelectorAll(".md-typeset table:not([class]), .md-typeset table.rp-heat");
    Array.prototype.forEach.call(tables, function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.replace(/\s+/g, " ").trim();
      });
      if (!heads.length) return;
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[index] || "");
        });
      });
    });
  }

  var pages = window.document$;
  if (pages && typeof pages.subscribe === "function") {
    pages.subscribe(function () { label(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", label);
  } else {
    label();
  }
})();
