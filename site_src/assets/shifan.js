/* shifan: filter and sort unit tables (progressive enhancement; tables work without it). */
(function () {
  "use strict";

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  // Statuses in the order a unit lives through them (shifan.status.State), not by name.
  var LIFECYCLE = ["pending", "in_notice", "awarded", "review_due", "review_overdue", "revoked",
    "rejected", "withdrawn"];

  function rank(item) {
    var at = LIFECYCLE.indexOf(item.value);
    return at < 0 ? LIFECYCLE.length : at;
  }

  function options(rows, attr, labelIndex) {
    var seen = {};
    var list = [];
    rows.forEach(function (row) {
      var value = row.getAttribute(attr) || "";
      if (value && !seen[value]) {
        seen[value] = true;
        list.push({ value: value, label: labelIndex < 0 ? value : cellText(row, labelIndex) });
      }
    });
    list.sort(function (a, b) {
      if (attr === "data-status" && rank(a) !== rank(b)) return rank(a) - rank(b);
      return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
    });
    return list;
  }

  function select(label, name, items) {
    var wrap = document.createElement("label");
    wrap.textContent = label;
    var sel = document.createElement("select");
    sel.name = name;
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "全部";
    sel.appendChild(all);
    items.forEach(function (item) {
      var opt = document.createElement("option");
      opt.value = item.value;
      opt.textContent = item.label;
      sel.appendChild(opt);
    });
    wrap.appendChild(sel);
    return { wrap: wrap, select: sel };
  }

  function enhance(table) {
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var bar = document.createElement("div");
    bar.className = "sf-filter";
    var filters = [
      ["县（市、区）", "data-district", 4],
      ["状态", "data-status", 5],
      ["授牌年份", "data-year", -1]
    ].map(function (spec) {
      var control = select(spec[0], spec[1], options(rows, spec[1], spec[2]));
      bar.appendChild(control.wrap);
      return { attr: spec[1], select: control.select };
    });
    var count = document.createElement("p");
    count.className = "sf-count";
    count.setAttribute("aria-live", "polite");
    bar.appendChild(count);
    var host = table.parentNode.classList.contains("sf-table-wrap") ? table.parentNode : table;
    host.parentNode.insertBefore(bar, host);

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = filters.every(function (f) {
          return !f.select.value || row.getAttribute(f.attr) === f.select.value;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "显示 " + shown + " / " + rows.length + " 个";
    }
    filters.forEach(function (f) { f.select.addEventListener("change", apply); });
    apply();

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.setAttribute("aria-sort", "none");
      th.tabIndex = 0;
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          other.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = cellText(a, index), y = cellText(b, index);
          var result = x.localeCompare(y, "zh-Hans-CN", { numeric: true });
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sf-filter]"), enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* Material shows a Markdown table (e.g. on /keys/) in a box that scrolls sideways when it is
   wider than the page; such a box must take keyboard focus (axe scrollable-region-focusable). */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table:not([class])"),
    function (table) {
      if (!table.hasAttribute("tabindex")) table.setAttribute("tabindex", "0");
    });
})();

/* Material's search is a role=dialog without a name (axe aria-dialog-name): name it. */
(function () {
  "use strict";
  var dialog = document.querySelector(".md-search[role='dialog']");
  if (dialog && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", "搜索");
  }
})();
