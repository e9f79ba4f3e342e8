// Filters the findings table as the reader types. Without script the form
// stays hidden and the whole table is shown: this is an enhancement only.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("findings");
  if (!form || !table) {
    return;
  }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var shown = document.getElementById("shown");
  var fields = ["severity", "status", "team"];

  function matches(row, text, wanted) {
    for (var i = 0; i < fields.length; i += 1) {
      var value = wanted[fields[i]];
      if (value && row.getAttribute("data-" + fields[i]) !== value) {
        return false;
      }
    }
    return !text || row.textContent.toLowerCase().indexOf(text) !== -1;
  }

  function apply() {
    var text = form.elements.q.value.trim().toLowerCase();
    var wanted = {};
    fields.forEach(function (name) {
      wanted[name] = form.elements[name].value;
    });
    var count = 0;
    rows.forEach(function (row) {
      var visible = matches(row, text, wanted);
      row.hidden = !visible;
      count += visible ? 1 : 0;
    });
    shown.textContent = count + " of " + rows.length + " findings shown";
  }

  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.hidden = false;
  apply();
})();
