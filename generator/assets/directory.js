/* Relationship Playbooks: the vendor directory, sorted and filtered in the page (issue 15).
 *
 * Loaded on every page (mkdocs.yml extra_javascript); does nothing without a directory. No
 * requests, no dependencies; works with Material's and Zensical's instant navigation
 * (window.document$) and without it. Without this script the page is the full table.
 *
 * Markup (generator/templates/directory.md.j2, generator/directory.py):
 *   .rp-dir-tools[data-rp-directory][data-rp-columns="name tier ..."][hidden]   the controls
 *     [data-rp-dir=q|tier|status|service|tz|short]   the filters; button[data-rp-dir-action=reset]
 *     select[data-rp-dir-sort]   "<column>" or "<column> desc": sorting where the headings are hidden
 *     [data-rp-dir-count], [data-rp-dir-note]        what is shown; what a link asked for in vain
 *   .rp-directory table (a Markdown table), one row per vendor, its first cell holding
 *     span.rp-dir-row[data-tier][data-status][data-services][data-tz][data-offset][data-overlap]
 *                    [data-short][data-rank-tier][data-rank-status]
 *
 * The view lives in the address, so a filtered, sorted view can be shared:
 *   ?q=<text>&tier=<code>&status=<code>&service=<type>&tz=<zone>&short=1&sort=<column>&dir=asc|desc
 * Columns are sorted by a header's button (aria-sort says how); filtering sets `hidden` on rows.
 * A value the page does not have is ignored, and the page says so. Sorting follows core.js's
 * one rule (rp.compare): numbers by value, text A to Z, a missing value last either way.
 */
(function () {
  "use strict";

  var rp = window.rp;
  if (!rp || !rp.once("directory")) return;

  var FILTERS = ["q", "tier", "status", "service", "tz", "short"];
  var NUMERIC = { tier: "rankTier", status: "rankStatus", tz: "offset", overlap: "overlap", scorecard: "rankScorecard" };

  // Lower case, accents and runs of space folded: "Bogotá" is found by "bogota".
  function fold(value) {
    var text = String(value || "").toLowerCase();
    if (text.normalize) text = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return text.replace(/\s+/g, " ").trim();
  }

  function setUp(tools) {
    var table = document.querySelector(".rp-directory table");
    if (!table || !table.tBodies.length || !table.tHead || table.dataset.rpReady) return;
    table.dataset.rpReady = "1";
    var columns = (tools.dataset.rpColumns || "").split(" ");
    var body = table.tBodies[0];
    var rows = rp.all(body, "tr").map(function (tr, index) {
      var marker = tr.querySelector(".rp-dir-row");
      return {
        tr: tr, index: index, data: marker ? marker.dataset : {}, text: fold(tr.textContent),
        cells: Array.prototype.map.call(tr.cells, function (cell) { return fold(cell.textContent); })
      };
    });
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var view = { sort: "", dir: "asc" };

    heads.forEach(function (th, i) {
      if (columns[i]) rp.sortButton(th).dataset.rpSort = columns[i];
    });

    function control(name) {
      return tools.querySelector("[data-rp-dir=" + name + "]");
    }

    function value(name) {
      var input = control(name);
      if (!input) return "";
      return input.type === "checkbox" ? (input.checked ? "1" : "") : input.value;
    }

    function matches(row) {
      var q = fold(value("q"));
      if (q && q.split(" ").some(function (word) { return row.text.indexOf(word) < 0; })) return false;
      var tier = value("tier"), status = value("status"), service = value("service"), tz = value("tz");
      if (tier && row.data.tier !== tier) return false;
      if (status && row.data.status !== status) return false;
      if (service && (" " + (row.data.services || "") + " ").indexOf(" " + service + " ") < 0) return false;
      if (tz && row.data.tz !== tz) return false;
      if (value("short") && row.data.short !== "1") return false;
      return true;
    }

    // By the column's number where it has one (a rank, an offset, minutes), then by its text.
    function keys() {
      var key = view.sort, i = columns.indexOf(key), out = [];
      if (NUMERIC[key]) out.push(function (row) { return parseFloat(row.data[NUMERIC[key]]); });
      if (i >= 0) out.push(function (row) { return row.cells[i]; });
      return out;
    }

    function show() {
      var ordered = view.sort ? rp.sorted(rows, keys(), view.dir === "desc") : rows;
      var shown = 0;
      ordered.forEach(function (row) {
        var visible = matches(row);
        if (row.tr.hidden === visible) row.tr.hidden = !visible;
        if (visible) shown++;
        body.appendChild(row.tr); // in the new order; a row is moved, never copied
      });
      rp.markSorted(heads, view.sort ? heads[columns.indexOf(view.sort)] : null, view.dir === "desc");
      var count = tools.querySelector("[data-rp-dir-count]");
      var words = shown === rows.length ? "All " + rows.length + " vendors." :
        shown ? "Showing " + shown + " of " + rows.length + " vendors." : "No vendor matches these filters.";
      if (count && count.textContent !== words) count.textContent = words;
      var menu = tools.querySelector("[data-rp-dir-sort]");
      if (menu) menu.value = view.sort ? view.sort + (view.dir === "desc" ? " desc" : "") : "";
      var reset = tools.querySelector("[data-rp-dir-action=reset]");
      if (reset) reset.disabled = shown === rows.length && !view.sort;
    }

    function toAddress() {
      var params = rp.query();
      FILTERS.concat(["sort", "dir"]).forEach(function (name) { params.delete(name); });
      FILTERS.forEach(function (name) { var v = value(name); if (v) params.set(name, v); });
      if (view.sort) {
        params.set("sort", view.sort);
        if (view.dir === "desc") params.set("dir", "desc");
      }
      rp.setQuery(params);
    }

    function fromAddress() {
      var params = rp.query();
      var ignored = [];
      FILTERS.forEach(function (name) {
        if (!params.has(name)) return;
        var wanted = params.get(name), input = control(name);
        if (!input) return;
        if (input.type === "checkbox") {
          input.checked = wanted === "1";
          if (wanted !== "1" && wanted !== "") ignored.push(rp.asked(name, wanted));
        } else if (input.tagName === "SELECT") {
          var exists = rp.all(input, "option").some(function (o) { return o.value === wanted; });
          input.value = exists ? wanted : "";
          if (!exists) ignored.push(rp.asked(name, wanted));
        } else {
          input.value = wanted;
        }
      });
      var sort = params.get("sort");
      if (sort !== null) {
        if (columns.indexOf(sort) >= 0) view.sort = sort;
        else ignored.push(rp.asked("sort", sort));
      }
      view.dir = params.get("dir") === "desc" ? "desc" : "asc";
      var note = tools.querySelector("[data-rp-dir-note]");
      if (note) {
        note.hidden = !ignored.length;
        note.textContent = rp.ignored(ignored);
      }
    }

    function changed() {
      var note = tools.querySelector("[data-rp-dir-note]");
      if (note) note.hidden = true;
      show();
      toAddress();
    }

    function sortFromMenu(event) {
      var menu = event.target;
      if (!(menu instanceof Element) || !menu.matches("[data-rp-dir-sort]")) return false;
      var parts = menu.value.split(" ");
      view.sort = parts[0];
      view.dir = parts[1] === "desc" ? "desc" : "asc";
      return true;
    }

    tools.addEventListener("input", function (event) { sortFromMenu(event); changed(); });
    tools.addEventListener("change", function (event) { sortFromMenu(event); changed(); });
    tools.addEventListener("click", function (event) {
      var button = event.target instanceof Element ? event.target.closest("[data-rp-dir-action=reset]") : null;
      if (!button) return;
      FILTERS.forEach(function (name) {
        var input = control(name);
        if (input && input.type === "checkbox") input.checked = false;
        else if (input) input.value = "";
      });
      view.sort = "";
      view.dir = "asc";
      changed();
      var find = control("q");
      if (find) find.focus();
    });
    table.tHead.addEventListener("click", function (event) {
      var button = event.target instanceof Element ? event.target.closest("button.rp-sort") : null;
      if (!button) return;
      var key = button.dataset.rpSort;
      view.dir = view.sort === key && view.dir === "asc" ? "desc" : "asc";
      view.sort = key;
      changed();
    });

    fromAddress();
    tools.hidden = false;
    show();
    toAddress();
  }

  function init() {
    var tools = document.querySelector(".rp-dir-tools[data-rp-directory]");
    if (tools) setUp(tools);
  }

  rp.onPage(init);
})();
