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

  var rp = window.rp;
  if (!rp || !rp.once("printLinks")) return;

  function mark() {
    rp.all(document, ".md-typeset a[href]").forEach(function (a) {
      if ((a.protocol === "http:" || a.protocol === "https:") && a.host !== location.host) {
        a.setAttribute("data-rp-address", a.href);
      }
    });
  }

  rp.onPage(mark);
})();
