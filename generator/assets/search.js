/* Relationship Playbooks: two repairs to Material for MkDocs' search (lunr in a web worker).
 *
 * Loaded in the page's head (generator/theme/main.html), before the engine's bundle, so that it
 * sees the search worker being made; it only touches a worker whose setup message carries
 * lunr's `pipeline` (Material's). Zensical 0.0.73 uses the same override and loads this file
 * too, but its worker's setup (search.json) has no `pipeline`: its search is left alone, and
 * neither repair applies there (tests/test_zensical.py).
 *
 * 1. Whole words are stemmed. mkdocs.yml turns on lunr's English stemmer, so "penalties" is
 *    indexed as "penalti"; but Material sends every word typed as a prefix ("penalty*"), and
 *    lunr does not stem a prefix, so "penalty" would find nothing. Each plain word is sent
 *    a second time as a whole word with a boost ("penalty^1000"), which lunr stems: "penalty"
 *    finds "penalties", and a page holding the very words typed ("Lea Fischer") ranks above
 *    pages that only hold words starting with them ("lead", "learn").
 * 2. A query is not lost. Material searches the box's text when a key goes up, when the box
 *    gets focus and when the index is ready; text set otherwise (filled in at the page's load
 *    event, pasted with the mouse, dictated) after the index is ready was never searched
 *    ("Type to start searching" for good, 4 loads in 10 of the sample). So after any input,
 *    and when the worker says it is ready, the box's text is searched if Material has not
 *    searched it (the answer goes to Material's own list, as any other).
 */
(function () {
  "use strict";

  var Native = window.Worker;
  if (!Native || window.__rpSearch) return;
  window.__rpSearch = true;

  var READY = 1, QUERY = 2, RESULT = 3;  // Material's message types (setup 0, ready 1, query 2, result 3)
  var WORD = /^[\p{L}\p{N}][\p{L}\p{N}'-]*$/u;

  function stemmed(query) {
    if (typeof query !== "string" || /["+\-:^~*]/.test(query.replace(/(\S)-(?=\S)/g, "$1"))) return query;
    var words = query.trim().split(/\s+/).filter(function (w) { return WORD.test(w); });
    var whole = [];
    words.forEach(function (w) {
      w.split("-").forEach(function (part) { if (part) whole.push(part + "^1000"); });
    });
    return whole.length ? query.trim() + " " + whole.join(" ") : query;
  }

  // Material lists a word as "Missing" when no word it matched starts with it, and it compares
  // the typed word with the index's stems ("penalti" does not start with "penalty"). A word is
  // found where a marked word (what lunr matched, highlighted) shares all but its last three
  // letters with it: "penalty" and "penalties", "Confluence" and "Confluence".
  function near(term, word) {
    var common = 0;
    while (common < term.length && common < word.length && term[common] === word[common]) common++;
    return common >= 3 && common >= Math.min(term.length, word.length) - 3;
  }
  function found(data) {
    if (!data || !Array.isArray(data.items)) return;
    data.items.forEach(function (group) {
      (Array.isArray(group) ? group : [group]).forEach(function (item) {
        if (!item || !item.terms) return;
        var marked = ((item.title || "") + " " + (item.text || "")).toLowerCase().match(/<mark[^>]*>[^<]*<\/mark>/g) || [];
        var words = marked.map(function (m) { return m.replace(/<[^>]+>/g, ""); });
        Object.keys(item.terms).forEach(function (term) {
          if (!item.terms[term] && words.some(function (w) { return near(term, w); })) item.terms[term] = true;
        });
      });
    });
  }

  function input() { return document.querySelector(".md-search__input"); }

  function watch(worker) {
    var send = worker.postMessage;
    var lunr = false, ready = false, asked = null;  // asked: the text last searched, as typed
    worker.postMessage = function (message) {
      if (message && message.type === 0 && message.data && message.data.config && "pipeline" in message.data.config) lunr = true;
      if (lunr && message && message.type === QUERY) {
        asked = message.data;
        message = { type: QUERY, data: stemmed(message.data) };
      }
      return send.apply(worker, [message].concat(Array.prototype.slice.call(arguments, 1)));
    };
    function again() {  // the box's text, if Material has not searched it: once ready, and after any input
      var box = input();
      if (lunr && ready && box && box.value !== asked && (box.value.trim() || asked)) {
        worker.postMessage({ type: QUERY, data: box.value });
      }
    }
    worker.addEventListener("message", function (event) {  // before Material's own listener
      if (!lunr || !event.data) return;
      if (event.data.type === RESULT) found(event.data.data);
      if (event.data.type !== READY) return;
      ready = true;
      setTimeout(again, 0);
    });
    // Material searches on a key going up, on focus and when the index is ready; text that
    // arrives otherwise (set or pasted at the page's load, dictated, filled in) is searched here.
    document.addEventListener("input", function (event) {
      if (event.target && event.target.classList && event.target.classList.contains("md-search__input")) setTimeout(again, 150);
    }, true);
  }

  function Tracked(url, options) {
    var worker = new Native(url, options);
    try { watch(worker); } catch (error) { /* the search still works, unrepaired */ }
    return worker;
  }
  Tracked.prototype = Native.prototype;
  window.Worker = Tracked;
})();
