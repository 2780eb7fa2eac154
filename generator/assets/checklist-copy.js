/* Relationship Playbooks: checklists, part 3 of 4: copying progress out of the page.
 *
 * Adds `rp.checklists.copy(tools, yaml)` (checklist-ticks.js defines the namespace). "Copy my
 * progress" copies what the filter shows as a Markdown task list for a ticket; "Copy as YAML"
 * copies the items ticked here that the vendor file does not record yet, as the `progress:`
 * entries to paste into content/vendors/<slug>.yml by pull request. Where the clipboard is
 * refused, the text is shown in a box to copy by hand.
 */
(function () {
  "use strict";

  var rp = window.rp;
  if (!rp || !rp.checklists || !rp.once("checklist-copy")) return;
  var C = rp.checklists;

  function md(value) {
    return value.replace(/[\\`*_{}[\]<>|~]/g, "\\$&");
  }

  function markdown(tools) {
    var everything = rp.all(document, ".rp-checklist li.rp-item[data-rp-item]");
    var shown = everything.filter(function (item) { return !item.hidden; });
    var filtered = shown.length !== everything.length;
    var c = C.count(shown);
    var heading = document.querySelector(".md-content h1, article h1, h1");
    var title = tools.dataset.rpVendorName ? "Checklists: " + tools.dataset.rpVendorName : rp.text(heading);
    var out = ["## " + md(title), ""];
    out.push(C.summary(c) + (filtered ? " (filtered: " + md(C.describe(tools)) + ")" : "") + ".");
    var here = location.href.split("#")[0];
    out.push("", "Copied from " + here + " on " + new Date().toISOString().slice(0, 10) + ".");
    C.lists().forEach(function (list) {
      var items = rp.all(list, "li.rp-item[data-rp-item]").filter(function (item) { return !item.hidden; });
      if (!items.length) return;
      var lc = C.count(items);
      out.push("", "### " + md(list.dataset.rpTitle || "") + " (" + lc.done + "/" + lc.total + ")");
      rp.all(list, "p.rp-phase[data-rp-phase]").forEach(function (p) {
        var phaseItems = items.filter(function (item) { return item.dataset.rpPhase === p.dataset.rpPhase; });
        if (!phaseItems.length) return;
        out.push("", "**" + md(rp.text(p)) + "**", "");
        phaseItems.forEach(function (item) {
          var owner = rp.text(item.querySelector(".rp-owner"));
          var by = C.shared(item) ? " (" + md(rp.text(item.querySelector(".rp-shared"))) + ")" : "";
          out.push("- [" + (C.isDone(item) ? "x" : " ") + "] " + md(rp.text(item.querySelector(".rp-text"))) +
            (owner ? " — " + md(owner) : "") + by);
        });
      });
    });
    return out.join("\n") + "\n";
  }

  // The `progress:` entries for the items ticked in this browser that the vendor file does not
  // record yet. Who did it: the person the owner filter names, else the item's named owner.
  function progressYaml(tools) {
    var f = C.currentFilter(tools);
    var chosen = f.owner.indexOf("person:") === 0 ? f.owner.split(":")[2] : "";
    var today = new Date().toISOString().slice(0, 10);
    var plays = [];
    var byPlay = {};
    rp.all(document, ".rp-checklist li.rp-item[data-rp-item]").forEach(function (item) {
      var box = C.boxOf(item);
      if (!box || !box.checked || C.shared(item)) return;
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
    var area = C.el("textarea", { readonly: "", "aria-hidden": "true", "class": "rp-offscreen" });
    area.value = value;
    document.body.appendChild(area);
    area.select();
    var ok;
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

  C.copy = function (tools, yaml) {
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
      var box = C.el("textarea", { "class": "rp-fallback", readonly: "", rows: "8",
        "aria-label": yaml ? "Your progress as YAML for the vendor file" : "Your progress as Markdown" });
      box.value = value;
      tools.appendChild(box);
      box.focus();
      box.select();
      say(tools, "Copying is blocked here: select the text below and copy it.");
    });
  };
})();
