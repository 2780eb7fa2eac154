/* Relationship Playbooks: checklists people can work through (issue 4).
 *
 * Loaded on every page (mkdocs.yml extra_javascript); does nothing on pages without
 * checklists. No external requests, no dependencies. Works with Material for MkDocs' instant
 * navigation (window.document$ emits each new page), with Zensical (same API), and without
 * either bundle (plain DOMContentLoaded).
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
 * Saved progress, localStorage, one key per ticked item (absent = not ticked):
 *   rp:v1:<site key>:<vendor slug>:<play id>:<item id>  ->  "1"
 * and on a joiner's page (.rp-path[data-rp-joiner]), their own:
 *   rp:v1:<site key>:<vendor slug>/<joiner id>:<play id>:<item id>  ->  "1"
 * Each part is encodeURIComponent-ed, so a ":" inside a part can never be confused with the
 * separator. The site key (model.Site.key) is the same across rebuilds; play and item ids come
 * from the play's front matter, so re-ordering or rewording items keeps their ticks, and the
 * same play is ticked separately for every vendor. "v1" versions this layout.
 *
 * Shared progress: an item the vendor file records as done (`data-rp-shared`) counts as done in
 * every count and copy, for every reader, and is shown so; the reader's own box stays theirs.
 * "Copy as YAML" copies the items ticked here that the file does not record yet, as the
 * `progress:` entries to paste into content/vendors/<slug>.yml by pull request.
 *
 * <html class="rp-js"> marks a page whose checklists the script has set up.
 *
 * Filters, in the address (so a view can be linked to) and, for this tab, sessionStorage:
 *   ?side=vendor|ours  &role=<role>  &person=<ours|theirs>:<person id>  &phase=<phase>
 *   rp:v1:<site key>:<vendor slug>:filter  ->  {"owner": "", "phase": ""}
 * owner is "" (everyone), "side:ours" / "side:vendor", "role:<our-|vendor-><role>" or
 * "person:<ours|theirs>:<person id>"; phase is "" or a phase id. A link's filter wins over the
 * tab's; a value the page does not have is ignored and the page says so. `role` without a side
 * means the reader's side first (data-rp-reader). Every change is written back to the address
 * (history.replaceState). Filtering only sets `hidden` on items, phase headings, whole plays and
 * their entries in the table of contents; it never touches ticks.
 *
 * The welcome pack's role switch reads and writes `?role=<role>` the same way.
 */
(function () {
  "use strict";

  if (window.__rpChecklists) return; // loaded twice: keep the first
  window.__rpChecklists = true;

  var VERSION = "v1";
  var PREFIX = "rp:" + VERSION + ":";

  // --- storage that never throws (private mode, disabled storage, file://) -------------------

  var memory = {};

  function area(name) {
    try {
      var s = window[name];
      var probe = PREFIX + "probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }

  function makeStore(name) {
    var backing = area(name);
    return {
      persistent: !!backing,
      get: function (key) {
        if (backing) { try { return backing.getItem(key); } catch (e) { /* fall through */ } }
        return Object.prototype.hasOwnProperty.call(memory, name + key) ? memory[name + key] : null;
      },
      set: function (key, value) {
        if (backing) { try { backing.setItem(key, value); return; } catch (e) { /* fall through */ } }
        memory[name + key] = value;
      },
      remove: function (key) {
        if (backing) { try { backing.removeItem(key); } catch (e) { /* ignore */ } }
        delete memory[name + key];
      },
      keys: function () {
        var out = [];
        if (backing) {
          try {
            for (var i = 0; i < backing.length; i++) out.push(backing.key(i));
          } catch (e) { /* ignore */ }
        }
        Object.keys(memory).forEach(function (k) {
          if (k.indexOf(name) === 0) out.push(k.slice(name.length));
        });
        return out;
      }
    };
  }

  var ticks = makeStore("localStorage");
  var session = makeStore("sessionStorage");

  function key(parts) {
    return PREFIX + parts.map(encodeURIComponent).join(":");
  }

  function scope(list) {
    // A joiner's own first weeks (generator/joiners.py) keep their ticks apart from the role's
    // and from every other joiner's: "<vendor slug>/<joiner id>" ("/" never in a slug).
    return list.dataset.rpJoiner ? list.dataset.rpVendor + "/" + list.dataset.rpJoiner : list.dataset.rpVendor;
  }

  function checklistPrefix(list) {
    return key([list.dataset.rpSite, scope(list), list.dataset.rpPlay]) + ":";
  }

  function itemKey(item) {
    // An item of a role's first weeks names its play itself; on the checklists page its list does.
    var list = item.closest(".rp-checklist, .rp-path");
    return key([list.dataset.rpSite, scope(list), item.dataset.rpPlay || list.dataset.rpPlay, item.dataset.rpItem]);
  }

  function filterKey(tools) {
    return key([tools.dataset.rpSite, tools.dataset.rpVendor, "filter"]);
  }

  // --- helpers -------------------------------------------------------------------------------

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function boxOf(item) {
    return item.querySelector("input.rp-box");
  }

  function text(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function lists() {
    return all(document, ".rp-checklist[data-rp-vendor][data-rp-play], .rp-path[data-rp-vendor]");
  }

  function toolsOf() {
    return document.querySelector(".rp-tools[data-rp-vendor]");
  }

  function shared(item) {
    return item.hasAttribute("data-rp-shared");
  }

  function isDone(item) {
    var b = boxOf(item);
    return shared(item) || !!(b && b.checked);
  }

  function count(items) {
    var done = items.filter(isDone).length;
    return { done: done, total: items.length };
  }

  function ticked(items) { // ticks in this browser only: what Reset clears
    return items.filter(function (item) { var b = boxOf(item); return b && b.checked; }).length;
  }

  function summary(c) {
    return c.done + " of " + c.total + " done";
  }

  // --- ticks ---------------------------------------------------------------------------------

  function restore(list) {
    all(list, "li.rp-item[data-rp-item]").forEach(function (item) {
      var box = boxOf(item);
      if (!box) return;
      box.checked = ticks.get(itemKey(item)) === "1";
      item.classList.toggle("rp-done", box.checked);
    });
  }

  function save(item, checked) {
    if (checked) ticks.set(itemKey(item), "1");
    else ticks.remove(itemKey(item));
    item.classList.toggle("rp-done", checked);
  }

  function reset(list) {
    var prefix = checklistPrefix(list);
    ticks.keys().forEach(function (k) {
      if (k && k.indexOf(prefix) === 0) ticks.remove(k);
    });
    restore(list);
  }

  // --- progress ------------------------------------------------------------------------------

  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (content) node.textContent = content;
    return node;
  }

  function addStatus(list) {
    if (list.querySelector(".rp-status")) return;
    var title = list.dataset.rpTitle || "this checklist";
    var bar = el("div", { "class": "rp-status" });
    bar.appendChild(el("progress", { "class": "rp-bar", max: "1", value: "0", "aria-label": "Progress: " + title }));
    bar.appendChild(el("span", { "class": "rp-count", "aria-live": "polite" }));
    if (list.classList.contains("rp-path")) { // reset lives on the checklists page, per play
      list.insertBefore(bar, list.firstChild);
      return;
    }
    bar.appendChild(el("button", {
      type: "button",
      "class": "rp-button rp-button--small",
      "data-rp-action": "reset",
      "aria-label": "Reset checklist: " + title
    }, "Reset"));
    list.insertBefore(bar, list.firstChild);
  }

  function setBar(bar, c) {
    if (!bar) return;
    bar.max = Math.max(c.total, 1);
    bar.value = c.done;
  }

  function update() {
    var everything = [];
    lists().forEach(function (list) {
      var items = all(list, "li.rp-item[data-rp-item]");
      everything = everything.concat(items);
      var c = count(items);
      setBar(list.querySelector(".rp-status .rp-bar"), c);
      var label = list.querySelector(".rp-status .rp-count");
      if (label && label.textContent !== summary(c)) label.textContent = summary(c);
      var button = list.querySelector("[data-rp-action=reset]");
      if (button) button.disabled = ticked(items) === 0;
      list.classList.toggle("rp-complete", c.total > 0 && c.done === c.total);
    });
    var tools = toolsOf();
    if (!tools) return;
    var c = count(everything);
    setBar(tools.querySelector(".rp-overall .rp-bar"), c);
    var total = tools.querySelector("[data-rp-count]");
    if (total) total.textContent = summary(c) + (c.total ? " (" + Math.round((100 * c.done) / c.total) + "%)" : "");
    showing(tools);
  }

  // --- filters -------------------------------------------------------------------------------

  function select(tools, name) {
    return tools.querySelector("select[data-rp-filter=" + name + "]");
  }

  function currentFilter(tools) {
    var owner = select(tools, "owner");
    var phase = select(tools, "phase");
    return { owner: owner ? owner.value : "", phase: phase ? phase.value : "" };
  }

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

  function applyFilter(tools) {
    var f = currentFilter(tools);
    lists().forEach(function (list) {
      var anyInList = false;
      all(list, "ul.rp-items").forEach(function (ul) {
        var any = false;
        all(ul, "li.rp-item").forEach(function (item) {
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
    update();
  }

  // The table of contents (Material's and Zensical's right-hand sidebar, and the copy in the
  // navigation drawer) lists one entry per play: it hides the plays the filter hides. Links are
  // matched by their fragment: instant navigation rewrites them to whole addresses.
  function followContents() {
    var hidden = {};
    all(document, ".rp-play").forEach(function (section) {
      var heading = section.querySelector("h2[id]");
      if (heading) hidden[heading.id] = section.hidden;
    });
    all(document, ".md-nav--secondary a[href*='#']").forEach(function (link) {
      var id;
      try { id = decodeURIComponent(link.hash.slice(1)); } catch (e) { return; }
      if (!Object.prototype.hasOwnProperty.call(hidden, id)) return;
      var entry = link.closest("li");
      if (entry) hide(entry, hidden[id]);
    });
  }

  function showing(tools) {
    var line = tools.querySelector("[data-rp-showing]");
    if (!line) return;
    var f = currentFilter(tools);
    var active = !!(f.owner || f.phase);
    hide(line, !active);
    if (!active) return;
    var items = all(document, ".rp-checklist li.rp-item[data-rp-item]");
    var shown = items.filter(function (item) { return !item.hidden; });
    var c = count(shown);
    var words = "Showing " + shown.length + " of " + items.length + " items (" + c.done + " done) for " + describe(tools) + ".";
    var out = line.querySelector("[data-rp-showing-text]");
    if (out && out.textContent !== words) out.textContent = words;
  }

  function describe(tools) {
    var parts = [];
    ["owner", "phase"].forEach(function (name) {
      var s = select(tools, name);
      if (s && s.value && s.selectedIndex >= 0) parts.push(text(s.options[s.selectedIndex]));
    });
    return parts.join(", ") || "everyone";
  }

  function loadFilter(tools) {
    var saved = {};
    try { saved = JSON.parse(session.get(filterKey(tools)) || "{}") || {}; } catch (e) { saved = {}; }
    ["owner", "phase"].forEach(function (name) {
      var s = select(tools, name);
      if (!s) return;
      var wanted = typeof saved[name] === "string" ? saved[name] : "";
      var exists = all(s, "option").some(function (o) { return o.value === wanted; });
      s.value = exists ? wanted : "";
    });
  }

  // --- filters in the address ----------------------------------------------------------------

  var FILTER_PARAMS = ["side", "role", "person", "phase"];

  function hasOption(s, value) {
    return !!s && all(s, "option").some(function (o) { return o.value === value; });
  }

  // The filter a link asks for, or null when it asks for none; what it names but the page does
  // not have is listed in `ignored`.
  function fromAddress(tools) {
    var params = new URLSearchParams(location.search);
    if (!FILTER_PARAMS.some(function (name) { return params.has(name); })) return null;
    var owner = select(tools, "owner");
    var out = { owner: "", phase: "" };
    var ignored = [];
    var side = params.get("side"), role = params.get("role"), person = params.get("person"), phase = params.get("phase");
    var sideCode = side === "vendor" || side === "ours" ? side : null;
    if (side !== null && !sideCode) ignored.push("side \u201c" + side + "\u201d");
    if (person !== null) {
      if (hasOption(owner, "person:" + person)) out.owner = "person:" + person;
      else ignored.push("person \u201c" + person + "\u201d");
    }
    if (role !== null && !out.owner) {
      var mine = tools.dataset.rpReader === "vendor" ? ["vendor-", "our-"] : ["our-", "vendor-"];
      var prefixes = sideCode ? [sideCode === "ours" ? "our-" : "vendor-"] : mine;
      var candidates = /^(our|vendor)-/.test(role) ? [role] : prefixes.map(function (p) { return p + role; });
      var found = candidates.filter(function (c) { return hasOption(owner, "role:" + c); })[0];
      if (found) {
        out.owner = "role:" + found;
        if (sideCode && found.indexOf(sideCode === "ours" ? "our-" : "vendor-") !== 0) ignored.push("side \u201c" + side + "\u201d");
      } else {
        ignored.push("role \u201c" + role + "\u201d");
      }
    }
    if (!out.owner && sideCode) out.owner = "side:" + sideCode;
    if (phase !== null) {
      if (hasOption(select(tools, "phase"), phase)) out.phase = phase;
      else ignored.push("phase \u201c" + phase + "\u201d");
    }
    return { filter: out, ignored: ignored };
  }

  function toAddress(tools) {
    var f = currentFilter(tools);
    var params = new URLSearchParams(location.search);
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
    setQuery(params);
  }

  function setQuery(params) {
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      try { history.replaceState(history.state, "", url); } catch (e) { /* file:// in some browsers */ }
    }
  }

  function noteIgnored(tools, ignored) {
    var note = tools.querySelector("[data-rp-url-note]");
    if (!note) return;
    if (ignored && ignored.length) {
      note.textContent = "This link asks for " + ignored.join(", ") + ", which this page does not have: " +
        (ignored.length > 1 ? "they are" : "it is") + " ignored.";
      note.hidden = false;
    } else {
      note.textContent = "";
      note.hidden = true;
    }
  }

  function saveFilter(tools) {
    var f = currentFilter(tools);
    if (f.owner || f.phase) session.set(filterKey(tools), JSON.stringify(f));
    else session.remove(filterKey(tools));
  }

  // --- copy my progress ----------------------------------------------------------------------

  function md(value) {
    return value.replace(/[\\`*_{}\[\]<>|~]/g, "\\$&");
  }

  function markdown(tools) {
    var everything = all(document, ".rp-checklist li.rp-item[data-rp-item]");
    var shown = everything.filter(function (item) { return !item.hidden; });
    var filtered = shown.length !== everything.length;
    var c = count(shown);
    var heading = document.querySelector(".md-content h1, article h1, h1");
    var title = tools.dataset.rpVendorName ? "Checklists: " + tools.dataset.rpVendorName : text(heading);
    var out = ["## " + md(title), ""];
    out.push(summary(c) + (filtered ? " (filtered: " + md(describe(tools)) + ")" : "") + ".");
    var here = location.href.split("#")[0];
    out.push("", "Copied from " + here + " on " + new Date().toISOString().slice(0, 10) + ".");
    lists().forEach(function (list) {
      var items = all(list, "li.rp-item[data-rp-item]").filter(function (item) { return !item.hidden; });
      if (!items.length) return;
      var lc = count(items);
      out.push("", "### " + md(list.dataset.rpTitle || "") + " (" + lc.done + "/" + lc.total + ")");
      all(list, "p.rp-phase[data-rp-phase]").forEach(function (p) {
        var phaseItems = items.filter(function (item) { return item.dataset.rpPhase === p.dataset.rpPhase; });
        if (!phaseItems.length) return;
        out.push("", "**" + md(text(p)) + "**", "");
        phaseItems.forEach(function (item) {
          var owner = text(item.querySelector(".rp-owner"));
          var by = shared(item) ? " (" + md(text(item.querySelector(".rp-shared"))) + ")" : "";
          out.push("- [" + (isDone(item) ? "x" : " ") + "] " + md(text(item.querySelector(".rp-text"))) +
            (owner ? " — " + md(owner) : "") + by);
        });
      });
    });
    return out.join("\n") + "\n";
  }

  // The `progress:` entries for the items ticked in this browser that the vendor file does not
  // record yet. Who did it: the person the owner filter names, else the item's named owner.
  function progressYaml(tools) {
    var f = currentFilter(tools);
    var chosen = f.owner.indexOf("person:") === 0 ? f.owner.split(":")[2] : "";
    var today = new Date().toISOString().slice(0, 10);
    var plays = [];
    var byPlay = {};
    all(document, ".rp-checklist li.rp-item[data-rp-item]").forEach(function (item) {
      var box = boxOf(item);
      if (!box || !box.checked || shared(item)) return;
      var play = item.closest(".rp-checklist").dataset.rpPlay;
      if (!byPlay[play]) { byPlay[play] = []; plays.push(play); }
      var person = chosen || (item.dataset.rpPerson || "").split(":")[1] || "";
      byPlay[play].push("    " + item.dataset.rpItem + ': {done: "' + today + '"' + (person ? ", by: " + person : "") + "}");
    });
    if (!plays.length) return null;
    var out = [
      "# Checklist progress for " + (tools.dataset.rpVendorName || tools.dataset.rpVendor) + ", copied " + today + ".",
      "# Paste under `progress:` in content/vendors/" + tools.dataset.rpVendor + ".yml (merge plays already there),",
      "# then open a pull request: once merged, these items show as done for everyone.",
      "progress:"
    ];
    plays.forEach(function (play) { out.push("  " + play + ":"); out = out.concat(byPlay[play]); });
    return out.join("\n") + "\n";
  }

  function legacyCopy(value) {
    var area = el("textarea", { readonly: "", "aria-hidden": "true", "class": "rp-offscreen" });
    area.value = value;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copyText(value) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(value).catch(function () { return legacyCopy(value); });
    }
    return legacyCopy(value);
  }

  var messageTimer = null;

  function say(tools, words) {
    var out = tools.querySelector("[data-rp-message]");
    if (!out) return;
    out.textContent = words;
    clearTimeout(messageTimer);
    messageTimer = setTimeout(function () { out.textContent = ""; }, 6000);
  }

  function copy(tools, yaml) {
    var value = yaml ? progressYaml(tools) : markdown(tools);
    if (value === null) {
      say(tools, "Nothing to copy: tick the items you have done that the page does not show as done yet.");
      return;
    }
    var old = tools.querySelector(".rp-fallback");
    if (old) old.remove();
    copyText(value).then(function () {
      say(tools, yaml ? "Copied as YAML: paste it into the vendor file's `progress:`." : "Copied as a Markdown task list.");
    }, function () {
      // No clipboard access: show the text to copy by hand.
      var box = el("textarea", { "class": "rp-fallback", readonly: "", rows: "8",
        "aria-label": yaml ? "Your progress as YAML for the vendor file" : "Your progress as Markdown" });
      box.value = value;
      tools.appendChild(box);
      box.focus();
      box.select();
      say(tools, "Copying is blocked here: select the text below and copy it.");
    });
  }

  // --- wiring --------------------------------------------------------------------------------

  // The welcome pack: `?role=<role>` picks the role whose first weeks it shows.
  function initSwitch() {
    var wanted = new URLSearchParams(location.search).get("role");
    if (!wanted) return;
    all(document, ".rp-switch input.rp-switch-input").forEach(function (input) {
      if (input.value === wanted) input.checked = true;
    });
  }

  function init() {
    initSwitch();
    var found = lists();
    var tools = toolsOf();
    if (!found.length) return;
    document.documentElement.classList.add("rp-js");
    found.forEach(function (list) {
      addStatus(list);
      restore(list);
    });
    if (tools) {
      var linked = fromAddress(tools);
      if (linked) {
        select(tools, "owner").value = linked.filter.owner;
        var phase = select(tools, "phase");
        if (phase) phase.value = linked.filter.phase;
        saveFilter(tools);
      } else {
        loadFilter(tools);
      }
      noteIgnored(tools, linked ? linked.ignored : null);
      tools.hidden = false;
      toAddress(tools);
      applyFilter(tools);
      if (!ticks.persistent) {
        var note = tools.querySelector("[data-rp-message]");
        if (note) note.textContent = "This browser does not let the page save data: ticks are lost when you leave it.";
      }
    } else {
      update();
    }
  }

  function refresh() {
    lists().forEach(restore);
    update();
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (target.matches(".rp-checklist input.rp-box, .rp-path input.rp-box")) {
      var item = target.closest("li.rp-item[data-rp-item]");
      if (item) save(item, target.checked);
      update();
    } else if (target.matches(".rp-tools select[data-rp-filter]")) {
      var tools = target.closest(".rp-tools");
      saveFilter(tools);
      noteIgnored(tools, null);
      toAddress(tools);
      applyFilter(tools);
    } else if (target.matches(".rp-switch-input")) {
      var params = new URLSearchParams(location.search);
      params.set("role", target.value);
      setQuery(params);
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("button[data-rp-action]") : null;
    if (!target) return;
    var action = target.dataset.rpAction;
    var tools = toolsOf();
    if (action === "reset") {
      var list = target.closest(".rp-checklist");
      if (!list) return;
      var mine = ticked(all(list, "li.rp-item[data-rp-item]"));
      var vendor = tools && tools.dataset.rpVendorName ? " for " + tools.dataset.rpVendorName : "";
      var question = "Clear all " + mine + " ticks of “" + (list.dataset.rpTitle || "this checklist") + "”" + vendor +
        "? This cannot be undone.";
      if (window.confirm(question)) {
        reset(list);
        update();
      }
    } else if ((action === "copy" || action === "copy-yaml") && tools) {
      copy(tools, action === "copy-yaml");
    } else if (action === "show-all" && tools) {
      ["owner", "phase"].forEach(function (name) { var s = select(tools, name); if (s) s.value = ""; });
      saveFilter(tools);
      noteIgnored(tools, null);
      toAddress(tools);
      applyFilter(tools);
      var first = select(tools, "owner");
      if (first) first.focus();
    }
  });

  // Ticks made in another tab, or a page restored from the back/forward cache.
  window.addEventListener("storage", function (event) {
    if (event.key === null || (event.key && event.key.indexOf(PREFIX) === 0)) refresh();
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) refresh();
  });

  var pages = window.document$;
  if (pages && typeof pages.subscribe === "function") {
    pages.subscribe(function () { init(); }); // Material / Zensical: every page, instant or not
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
