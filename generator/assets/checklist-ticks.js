/* Relationship Playbooks: checklists, part 1 of 4: ticks saved in the browser, and progress.
 *
 * Defines `rp.checklists` (the parts' shared functions; checklists.js, loaded last, describes
 * the markup and wires the page). Here: storage that never throws, the keys ticks are saved
 * under, restoring, saving and resetting ticks, and the progress bars and counts.
 *
 * Saved progress, localStorage, one key per ticked item (absent = not ticked):
 *   rp:v1:<site key>:<vendor slug>:<play id>:<item id>  ->  "1"
 * and on a joiner's page (.rp-path[data-rp-joiner]), their own:
 *   rp:v1:<site key>:<vendor slug>/<joiner id>:<play id>:<item id>  ->  "1"
 * Each part is encodeURIComponent-ed, so a ":" inside a part can never be confused with the
 * separator. The site key (model.Site.key) is the same across rebuilds; play and item ids come
 * from the play's front matter, so re-ordering or rewording items keeps their ticks, and the
 * same play is ticked separately for every vendor. "v1" versions this layout.
 */
(function () {
  "use strict";

  var rp = window.rp;
  if (!rp || !rp.once("checklist-ticks")) return;

  var C = rp.checklists = {};
  var VERSION = "v1";
  var PREFIX = C.PREFIX = "rp:" + VERSION + ":";

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

  var ticks = C.ticks = makeStore("localStorage");
  C.session = makeStore("sessionStorage");

  var key = C.key = function (parts) {
    return PREFIX + parts.map(encodeURIComponent).join(":");
  };

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

  // --- the page's lists and items ------------------------------------------------------------

  var boxOf = C.boxOf = function (item) {
    return item.querySelector("input.rp-box");
  };

  var lists = C.lists = function () {
    return rp.all(document, ".rp-checklist[data-rp-vendor][data-rp-play], .rp-path[data-rp-vendor]");
  };

  var toolsOf = C.toolsOf = function () {
    return document.querySelector(".rp-tools[data-rp-vendor]");
  };

  var shared = C.shared = function (item) {
    return item.hasAttribute("data-rp-shared");
  };

  var isDone = C.isDone = function (item) {
    var b = boxOf(item);
    return shared(item) || !!(b && b.checked);
  };

  var count = C.count = function (items) {
    var done = items.filter(isDone).length;
    return { done: done, total: items.length };
  };

  var ticked = C.ticked = function (items) { // ticks in this browser only: what Reset clears
    return items.filter(function (item) { var b = boxOf(item); return b && b.checked; }).length;
  };

  var summary = C.summary = function (c) {
    return c.done + " of " + c.total + " done";
  };

  // --- ticks ---------------------------------------------------------------------------------

  C.restore = function (list) {
    rp.all(list, "li.rp-item[data-rp-item]").forEach(function (item) {
      var box = boxOf(item);
      if (!box) return;
      box.checked = ticks.get(itemKey(item)) === "1";
      item.classList.toggle("rp-done", box.checked);
    });
  };

  C.save = function (item, checked) {
    if (checked) ticks.set(itemKey(item), "1");
    else ticks.remove(itemKey(item));
    item.classList.toggle("rp-done", checked);
  };

  C.reset = function (list) {
    var prefix = checklistPrefix(list);
    ticks.keys().forEach(function (k) {
      if (k && k.indexOf(prefix) === 0) ticks.remove(k);
    });
    C.restore(list);
  };

  // --- progress ------------------------------------------------------------------------------

  var el = C.el = function (tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (content) node.textContent = content;
    return node;
  };

  C.addStatus = function (list) {
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
  };

  function setBar(bar, c) {
    if (!bar) return;
    bar.max = Math.max(c.total, 1);
    bar.value = c.done;
  }

  C.update = function () {
    var everything = [];
    lists().forEach(function (list) {
      var items = rp.all(list, "li.rp-item[data-rp-item]");
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
    C.showing(tools); // checklist-filters.js: the line saying what the filter shows
  };
})();
