/* Relationship Playbooks: checklists, part 2 of 4: filters, in the address and for this tab.
 *
 * Adds to `rp.checklists` (checklist-ticks.js). Filters, in the address (so a view can be
 * linked to) and, for this tab, sessionStorage:
 *   ?side=vendor|ours  &role=<role>  &person=<ours|theirs>:<person id>  &phase=<phase>
 *   rp:v1:<site key>:<vendor slug>:filter  ->  {"owner": "", "phase": ""}
 * owner is "" (everyone), "side:ours" / "side:vendor", "role:<our-|vendor-><role>" or
 * "person:<ours|theirs>:<person id>"; phase is "" or a phase id. A link's filter wins over the
 * tab's; a value the page does not have is ignored and the page says so. `role` without a side
 * means the reader's side first (data-rp-reader). Every change is written back to the address
 * (rp.setQuery). Filtering only sets `hidden` on items, phase headings, whole plays and their
 * entries in the table of contents; it never touches ticks.
 */
(function () {
  "use strict";

  var rp = window.rp;
  if (!rp || !rp.checklists || !rp.once("checklist-filters")) return;
  var C = rp.checklists;

  function filterKey(tools) {
    return C.key([tools.dataset.rpSite, tools.dataset.rpVendor, "filter"]);
  }

  var select = C.select = function (tools, name) {
    return tools.querySelector("select[data-rp-filter=" + name + "]");
  };

  var currentFilter = C.currentFilter = function (tools) {
    var owner = select(tools, "owner");
    var phase = select(tools, "phase");
    return { owner: owner ? owner.value : "", phase: phase ? phase.value : "" };
  };

  function ownerMatches(item, owner) {
    if (!owner) return true;
    var cut = owner.indexOf(":");
    var kind = owner.slice(0, cut);
    var value = owner.slice(cut + 1);
    if (kind === "side") return item.dataset.rpSide === value;
    if (kind === "role") return item.dataset.rpRole === value;
    if (kind === "person") return item.dataset.rpPerson === value;
    return true;
  }

  function hide(node, hidden) {
    if (node && node.hidden !== hidden) node.hidden = hidden;
  }

  C.applyFilter = function (tools) {
    var f = currentFilter(tools);
    C.lists().forEach(function (list) {
      var anyInList = false;
      rp.all(list, "ul.rp-items").forEach(function (ul) {
        var any = false;
        rp.all(ul, "li.rp-item").forEach(function (item) {
          var show = ownerMatches(item, f.owner) && (!f.phase || item.dataset.rpPhase === f.phase);
          hide(item, !show);
          any = any || show;
        });
        hide(ul, !any);
        var heading = list.querySelector('p.rp-phase[data-rp-phase="' + ul.dataset.rpPhase + '"]');
        hide(heading, !any);
        anyInList = anyInList || any;
      });
      hide(list.closest(".rp-play") || list, !anyInList);
    });
    followContents();
    C.update();
  };

  // The table of contents (Material's and Zensical's right-hand sidebar, and the copy in the
  // navigation drawer) lists one entry per play: it hides the plays the filter hides. Links are
  // matched by their fragment: instant navigation rewrites them to whole addresses.
  function followContents() {
    var hidden = {};
    rp.all(document, ".rp-play").forEach(function (section) {
      var heading = section.querySelector("h2[id]");
      if (heading) hidden[heading.id] = section.hidden;
    });
    rp.all(document, ".md-nav--secondary a[href*='#']").forEach(function (link) {
      var id;
      try { id = decodeURIComponent(link.hash.slice(1)); } catch (e) { return; }
      if (!Object.prototype.hasOwnProperty.call(hidden, id)) return;
      var entry = link.closest("li");
      if (entry) hide(entry, hidden[id]);
    });
  }

  C.showing = function (tools) {
    var line = tools.querySelector("[data-rp-showing]");
    if (!line) return;
    var f = currentFilter(tools);
    var active = !!(f.owner || f.phase);
    hide(line, !active);
    if (!active) return;
    var items = rp.all(document, ".rp-checklist li.rp-item[data-rp-item]");
    var shown = items.filter(function (item) { return !item.hidden; });
    var c = C.count(shown);
    var words = "Showing " + shown.length + " of " + items.length + " items (" + c.done + " done) for " + C.describe(tools) + ".";
    var out = line.querySelector("[data-rp-showing-text]");
    if (out && out.textContent !== words) out.textContent = words;
  };

  C.describe = function (tools) {
    var parts = [];
    ["owner", "phase"].forEach(function (name) {
      var s = select(tools, name);
      if (s && s.value && s.selectedIndex >= 0) parts.push(rp.text(s.options[s.selectedIndex]));
    });
    return parts.join(", ") || "everyone";
  };

  C.loadFilter = function (tools) {
    var saved = {};
    try { saved = JSON.parse(C.session.get(filterKey(tools)) || "{}") || {}; } catch (e) { saved = {}; }
    ["owner", "phase"].forEach(function (name) {
      var s = select(tools, name);
      if (!s) return;
      var wanted = typeof saved[name] === "string" ? saved[name] : "";
      s.value = hasOption(s, wanted) ? wanted : "";
    });
  };

  C.saveFilter = function (tools) {
    var f = currentFilter(tools);
    if (f.owner || f.phase) C.session.set(filterKey(tools), JSON.stringify(f));
    else C.session.remove(filterKey(tools));
  };

  // --- filters in the address ----------------------------------------------------------------

  var FILTER_PARAMS = ["side", "role", "person", "phase"];

  function hasOption(s, value) {
    return !!s && rp.all(s, "option").some(function (o) { return o.value === value; });
  }

  // The filter a link asks for, or null when it asks for none; what it names but the page does
  // not have is listed in `ignored`.
  C.fromAddress = function (tools) {
    var params = rp.query();
    if (!FILTER_PARAMS.some(function (name) { return params.has(name); })) return null;
    var owner = select(tools, "owner");
    var out = { owner: "", phase: "" };
    var ignored = [];
    var side = params.get("side"), role = params.get("role"), person = params.get("person"), phase = params.get("phase");
    var sideCode = side === "vendor" || side === "ours" ? side : null;
    if (side !== null && !sideCode) ignored.push(rp.asked("side", side));
    if (person !== null) {
      if (hasOption(owner, "person:" + person)) out.owner = "person:" + person;
      else ignored.push(rp.asked("person", person));
    }
    if (role !== null && !out.owner) {
      var mine = tools.dataset.rpReader === "vendor" ? ["vendor-", "our-"] : ["our-", "vendor-"];
      var prefixes = sideCode ? [sideCode === "ours" ? "our-" : "vendor-"] : mine;
      var candidates = /^(our|vendor)-/.test(role) ? [role] : prefixes.map(function (p) { return p + role; });
      var found = candidates.filter(function (c) { return hasOption(owner, "role:" + c); })[0];
      if (found) {
        out.owner = "role:" + found;
        if (sideCode && found.indexOf(sideCode === "ours" ? "our-" : "vendor-") !== 0) ignored.push(rp.asked("side", side));
      } else {
        ignored.push(rp.asked("role", role));
      }
    }
    if (!out.owner && sideCode) out.owner = "side:" + sideCode;
    if (phase !== null) {
      if (hasOption(select(tools, "phase"), phase)) out.phase = phase;
      else ignored.push(rp.asked("phase", phase));
    }
    return { filter: out, ignored: ignored };
  };

  C.toAddress = function (tools) {
    var f = currentFilter(tools);
    var params = rp.query();
    FILTER_PARAMS.forEach(function (name) { params.delete(name); });
    if (f.owner) {
      var cut = f.owner.indexOf(":");
      var kind = f.owner.slice(0, cut), value = f.owner.slice(cut + 1);
      var role = /^(our|vendor)-(.+)$/.exec(value);
      if (kind === "side") params.set("side", value);
      else if (kind === "role" && role) { params.set("side", role[1] === "our" ? "ours" : "vendor"); params.set("role", role[2]); }
      else if (kind === "person") params.set("person", value);
    }
    if (f.phase) params.set("phase", f.phase);
    rp.setQuery(params);
  };

  C.noteIgnored = function (tools, ignored) {
    var note = tools.querySelector("[data-rp-url-note]");
    if (!note) return;
    note.textContent = rp.ignored(ignored);
    note.hidden = !note.textContent;
  };

  // A filter chosen on the page: kept for the tab, written to the address, applied.
  C.filterChanged = function (tools) {
    C.saveFilter(tools);
    C.noteIgnored(tools, null);
    C.toAddress(tools);
    C.applyFilter(tools);
  };
})();
