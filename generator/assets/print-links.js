/* Relationship Playbooks: a link that leaves the site prints with its address.
 *
 * Paper has no hover, so playbooks.css prints a mark's `data-rp-address` after the link. The
 * mark is set here, not by CSS alone on `href^="http"`: Material's instant navigation makes
 * the site's own links absolute in the page, and those must print as they are. Runs on every
 * page, and again after instant navigation (window.document$). Without the script, links
 * print without their address.
 */
(function () {
  "use strict";

  if (window.__rpPrintLinks) return;
  window.__rpPrintLinks = true;

  function mark() {
    var links = document.querySelectorAll(".md-typeset a[href]");
    Array.prototype.forEach.call(links, function (a) {
      if ((a.protocol === "http:" || a.protocol === "https:") && a.host !== location.host) {
        a.setAttribute("data-rp-address", a.href);
      }
    });
  }

  var pages = window.document$;
  if (pages && typeof pages.subscribe === "function") {
    pages.subscribe(function () { mark(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();
