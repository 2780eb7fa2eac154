/* Relationship Playbooks: two repairs to Material for MkDocs' search (lunr in a web worker).
 *
 * Loaded in the page's head (generator/theme/main.html), before Material's bundle, so that it
 * sees the search worker being made; it only touches a worker whose setup message carries
 * lunr's `pipeline` (Material's: Zensical's search is another engine and is left alone).
 *
 * 1. Whole words are stemmed. mkdocs.yml turns on lunr's English stemmer, so "penalties" is
 *    indexed as "penalti"; but Material sends every word typed as a prefix ("penalty*"), and
 *    lunr does not stem a prefix, so "penalty" would find nothing. Each plain word is sent
 *    a second time as a whole word with a boost ("penalty^1000"), which lunr stems: "penalty"
 *    finds "penalties", and a page holding the very words typed ("Lea Fischer") ranks above
 *    pages that only hold words starting with them ("lead", "learn").
 * 2. A query is not lost. Typed before the worker has built its index (at the page's load
 *    event, 4 loads in 10 of the sample), Material can drop it and show "Type to start
 *    searching" for good; so when the worker says it is ready, the box's current text is
 *    searched again (the answer goes to Material's own list, as any other).
 */
(function () {
  "use strict";

  var Native = window.Worker;
  if (!Native || window.__rpSearch) return;
  window.__rpSearch = true;

  var READY = 1, QUERY = 2;  // Material's message types (setup 0, ready 1, query 2, result 3)
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

  function input() { return document.querySelector(".md-search__input"); }

  function watch(worker) {
    var send = worker.postMessage;
    var lunr = false;
    worker.postMessage = function (message) {
      if (message && message.type === 0 && message.data && message.data.config && "pipeline" in message.data.config) lunr = true;
      if (lunr && message && message.type === QUERY) {
        message = { type: QUERY, data: stemmed(message.data) };
      }
      return send.apply(worker, [message].concat(Array.prototype.slice.call(arguments, 1)));
    };
    worker.addEventListener("message", function (event) {
      if (!lunr || !event.data || event.data.type !== READY) return;
      setTimeout(function () {
        var box = input();
        if (box && box.value.trim()) worker.postMessage({ type: QUERY, data: box.value });
      }, 0);
    });
  }

  function Tracked(url, options) {
    var worker = new Native(url, options);
    try { watch(worker); } catch (error) { /* the search still works, unrepaired */ }
    return worker;
  }
  Tracked.prototype = Native.prototype;
  window.Worker = Tracked;
})();
