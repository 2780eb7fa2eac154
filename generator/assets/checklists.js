/* Relationship Playbooks: checklists people can work through (issue 4), part 4 of 4: the page.
 *
 * Loaded on every page (mkdocs.yml extra_javascript), after core.js and the other parts:
 * checklist-ticks.js (ticks saved in the browser, progress), checklist-filters.js (filters, in
 * the address and for this tab) and checklist-copy.js (copying progress out); this file sets a
 * page up and answers the reader's clicks. Does nothing on pages without checklists. No
 * external requests, no dependencies. Works with Material for MkDocs' instant navigation
 * (window.document$ emits each new page), with Zensical (same API), and without either bundle
 * (plain DOMContentLoaded): core.js, rp.onPage.
 *
 * Markup (generator/templates/vendor-checklists.md.j2):
 *   .rp-tools[data-rp-site][data-rp-vendor][data-rp-reader][hidden]   filters, overall progress, copy
 *   section.rp-play > .rp-checklist[data-rp-site][data-rp-vendor][data-rp-play][data-rp-title]
 *     p.rp-phase[data-rp-phase] + ul.rp-items[data-rp-phase]
 *       li.rp-item[data-rp-item][data-rp-phase][data-rp-side][data-rp-role][data-rp-person]
 *         label > input.rp-box + span.rp-text,  span.rp-owner
 *       [data-rp-shared=<day>] + span.rp-shared: done for everyone (the vendor file's `progress`)
 * A role's first weeks and the welcome pack (generator/first_weeks.py) hold items of many plays:
 *   .rp-path[data-rp-site][data-rp-vendor][data-rp-title] > ul.rp-items > li.rp-item[data-rp-play][data-rp-item]
 * and the pack's role switch: .rp-switch > input.rp-switch-input[value=<role>] (radio buttons).
 *
 * Shared progress: an item the vendor file records as done (`data-rp-shared`) counts as done in
 * every count and copy, for every reader, and is shown so; the reader's own box stays theirs.
 *
 * <html class="rp-js"> marks a page whose checklists the script has set up.
 *
 * The welcome pack's role switch reads and writes `?role=<role>` the same way as the filters.
 */
(function () {
  "use strict";

  var rp = window.rp;
  if (!rp || !rp.checklists || !rp.once("checklists")) return;
  var C = rp.checklists;

  // The welcome pack: `?role=<role>` picks the role whose first weeks it shows.
  function initSwitch() {
    var wanted = rp.query().get("role");
    if (!wanted) return;
    rp.all(document, ".rp-switch input.rp-switch-input").forEach(function (input) {
      if (input.value === wanted) input.checked = true;
    });
  }

  function initTools(tools) {
    var linked = C.fromAddress(tools);
    if (linked) {
      C.select(tools, "owner").value = linked.filter.owner;
      var phase = C.select(tools, "phase");
      if (phase) phase.value = linked.filter.phase;
      C.saveFilter(tools);
    } else {
      C.loadFilter(tools);
    }
    C.noteIgnored(tools, linked ? linked.ignored : null);
    tools.hidden = false;
    C.toAddress(tools);
    C.applyFilter(tools);
    if (!C.ticks.persistent) {
      var note = tools.querySelector("[data-rp-message]");
      if (note) note.textContent = "This browser does not let the page save data: ticks are lost when you leave it.";
    }
  }

  function init() {
    initSwitch();
    var found = C.lists();
    var tools = C.toolsOf();
    if (!found.length) return;
    document.documentElement.classList.add("rp-js");
    found.forEach(function (list) {
      C.addStatus(list);
      C.restore(list);
    });
    if (tools) initTools(tools);
    else C.update();
  }

  function refresh() {
    C.lists().forEach(C.restore);
    C.update();
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (target.matches(".rp-checklist input.rp-box, .rp-path input.rp-box")) {
      var item = target.closest("li.rp-item[data-rp-item]");
      if (item) C.save(item, target.checked);
      C.update();
    } else if (target.matches(".rp-tools select[data-rp-filter]")) {
      C.filterChanged(target.closest(".rp-tools"));
    } else if (target.matches(".rp-switch-input")) {
      var params = rp.query();
      params.set("role", target.value);
      rp.setQuery(params);
    }
  });

  function resetAsked(button, tools) {
    var list = button.closest(".rp-checklist");
    if (!list) return;
    var mine = C.ticked(rp.all(list, "li.rp-item[data-rp-item]"));
    var vendor = tools && tools.dataset.rpVendorName ? " for " + tools.dataset.rpVendorName : "";
    var question = "Clear all " + mine + " ticks of \u201c" + (list.dataset.rpTitle || "this checklist") + "\u201d" + vendor +
      "? This cannot be undone.";
    if (window.confirm(question)) {
      C.reset(list);
      C.update();
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("button[data-rp-action]") : null;
    if (!target) return;
    var action = target.dataset.rpAction;
    var tools = C.toolsOf();
    if (action === "reset") {
      resetAsked(target, tools);
    } else if ((action === "copy" || action === "copy-yaml") && tools) {
      C.copy(tools, action === "copy-yaml");
    } else if (action === "show-all" && tools) {
      ["owner", "phase"].forEach(function (name) { var s = C.select(tools, name); if (s) s.value = ""; });
      C.filterChanged(tools);
      var first = C.select(tools, "owner");
      if (first) first.focus();
    }
  });

  // Ticks made in another tab, or a page restored from the back/forward cache.
  window.addEventListener("storage", function (event) {
    if (event.key === null || (event.key && event.key.indexOf(C.PREFIX) === 0)) refresh();
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) refresh();
  });

  rp.onPage(init);
})();
