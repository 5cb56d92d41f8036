(function () {
  "use strict";
  var form = document.getElementById("filter");
  var rows = document.querySelectorAll("tr.unit");
  var shown = document.getElementById("shown");
  function checked(name) {
    var out = new Set();
    form.querySelectorAll("input[name=" + name + "]").forEach(function (box) {
      if (box.checked) { out.add(box.value); }
    });
    return out;
  }
  function apply() {
    var states = checked("state");
    var checks = checked("check");
    var count = 0;
    rows.forEach(function (row) {
      var found = JSON.parse(row.dataset.checks);
      var byCheck = found.length === 0 ? checks.has("") : found.some(function (c) { return checks.has(c); });
      var show = states.has(row.dataset.state) && byCheck;
      row.hidden = !show;
      if (show) { count += 1; }
    });
    shown.textContent = count + " of " + rows.length + " units shown";
  }
  form.addEventListener("change", apply);
  apply();
})();
