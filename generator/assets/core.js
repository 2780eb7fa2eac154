/* Relationship Playbooks: what every script of the site shares, loaded before them.
 *
 * mkdocs.yml's extra_javascript lists this file first, and both engines (MkDocs with Material,
 * and Zensical, which reads the same list) load the scripts in that order at the end of every
 * page. It defines `window.rp`:
 *
 *   rp.once(name)            true the first time a script of that name asks, false after: a
 *                            script loaded twice keeps its first copy
 *   rp.onPage(run)           runs `run` on every page: through Material's and Zensical's
 *                            `document$` (it emits each page, the first one and every page
 *                            instant navigation brings), else once the document is ready
 *   rp.all(root, selector)   querySelectorAll as an array
 *   rp.text(node)            a node's text with runs of white space folded
 *   rp.query()               the address's query (URLSearchParams)
 *   rp.setQuery(params)      writes the query back into the address, keeping the path and the
 *                            fragment, without a new history entry and only when it changed
 *   rp.ignored(asked)        the sentence that says which of a link's values ("role “chef”")
 *                            a page does not have, or "" when there are none
 *   rp.compare(x, y, desc)   the one rule by which every table sorts (below)
 *   rp.sorted(rows, keys, desc)  rows sorted by `keys` in turn, ties in their built order
 *   rp.sortButton(heading)   makes a column heading's content a sort button (button.rp-sort)
 *   rp.markSorted(headings, heading, desc)  `aria-sort` on that heading only
 *
 * search.js is the one script that does not use it: it runs in the page's head, before
 * Material's bundle and before this file (generator/theme/main.html).
 */
(function () {
  "use strict";

  if (window.rp) return; // loaded twice: keep the first

  var loaded = {};
  var rp = {};

  rp.once = function (name) {
    if (loaded[name]) return false;
    loaded[name] = true;
    return true;
  };

  rp.onPage = function (run) {
    var pages = window.document$;
    if (pages && typeof pages.subscribe === "function") {
      pages.subscribe(function () { run(); }); // Material / Zensical: every page, instant or not
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { run(); });
    } else {
      run();
    }
  };

  rp.all = function (root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  };

  rp.text = function (node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  };

  // --- the view in the address ---------------------------------------------------------------

  rp.query = function () {
    return new URLSearchParams(location.search);
  };

  rp.setQuery = function (params) {
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      try { history.replaceState(history.state, "", url); } catch (e) { /* file:// in some browsers */ }
    }
  };

  // `asked`: what a link named that the page does not have, each as `name “value”`.
  rp.ignored = function (asked) {
    if (!asked || !asked.length) return "";
    return "This link asks for " + asked.join(", ") + ", which this page does not have: " +
      (asked.length > 1 ? "they are" : "it is") + " ignored.";
  };

  rp.asked = function (name, value) {
    return name + " \u201c" + value + "\u201d";
  };

  // --- sorting tables ------------------------------------------------------------------------

  function missing(value) {
    return value === null || value === undefined || value === "" || (typeof value === "number" && isNaN(value));
  }

  // Numbers by value, text in the reader's alphabet; a value that is missing (an empty cell, a
  // number that is not one) comes after every other, whichever way the column is sorted.
  rp.compare = function (x, y, descending) {
    var xMissing = missing(x), yMissing = missing(y);
    if (xMissing || yMissing) return xMissing === yMissing ? 0 : (xMissing ? 1 : -1);
    var result = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return descending ? -result : result;
  };

  // `rows`: objects with the `index` they were built in; `keys`: functions giving a row's value
  // for each key in turn (the second decides where the first ties).
  rp.sorted = function (rows, keys, descending) {
    return rows.slice().sort(function (a, b) {
      for (var i = 0; i < keys.length; i++) {
        var result = rp.compare(keys[i](a), keys[i](b), descending);
        if (result) return result;
      }
      return a.index - b.index;
    });
  };

  rp.sortButton = function (heading) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "rp-sort";
    while (heading.firstChild) button.appendChild(heading.firstChild);
    heading.appendChild(button);
    return button;
  };

  rp.markSorted = function (headings, sorted, descending) {
    headings.forEach(function (heading) {
      if (heading === sorted) heading.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else heading.removeAttribute("aria-sort");
    });
  };

  window.rp = rp;
})();
