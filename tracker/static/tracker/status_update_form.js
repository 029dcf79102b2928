/* Log progress form: picking a status prefills progress with the status's default and bounds it by the
   status's range, and marks the reason fields as required when the status needs a reason. Without JavaScript
   the server applies the default and refuses progress outside the range. */
(function () {
  "use strict";
  var status = document.getElementById("id_status");
  var progress = document.getElementById("id_progress");
  if (!status) {
    return;
  }
  function selected() {
    return status.options[status.selectedIndex] || null;
  }
  function markReason() {
    var option = selected();
    var needed = Boolean(option && option.dataset.needsReason === "true");
    document.querySelectorAll("[data-reason-field]").forEach(function (field) {
      field.setAttribute("aria-required", needed ? "true" : "false");
      var label = document.querySelector('label[for="' + field.id + '"]');
      if (label) {
        label.classList.toggle("required", needed);
      }
    });
  }
  function bound() {
    var option = selected();
    if (progress && option && option.dataset.minProgress !== undefined) {
      progress.min = option.dataset.minProgress;
      progress.max = option.dataset.maxProgress;
    }
  }
  status.addEventListener("change", function () {
    var option = selected();
    if (progress && option && option.dataset.defaultProgress !== undefined) {
      progress.value = option.dataset.defaultProgress;
    }
    bound();
    markReason();
  });
  bound();
  markReason();
})();
/* The correction form: the table of what the correction changes follows the fields (old → new), marking the
   rows that differ. */
(function () {
  "use strict";
  document.querySelectorAll("tr[data-diff-source]").forEach(function (row) {
    var field = document.getElementById(row.dataset.diffSource);
    var cell = row.querySelector("[data-diff-new]");
    if (!field || !cell) {
      return;
    }
    var oldCell = row.querySelector("td");
    var old = oldCell.dataset.value || oldCell.textContent.trim();
    var lang = document.documentElement.lang || undefined;
    var dates = new Intl.DateTimeFormat(lang, lang && lang.indexOf("zh") === 0
      ? {year: "numeric", month: "long", day: "numeric"}
      : {year: "numeric", month: "short", day: "numeric"});
    function show() {
      var value = field.tagName === "SELECT"
        ? (field.options[field.selectedIndex] || {text: ""}).text
        : field.value + (field.value && row.dataset.diffSuffix ? row.dataset.diffSuffix : "");
      var shown = value;
      if (row.dataset.diffDate !== undefined && value) {
        // The date field holds an ISO date; it is shown as the page writes dates ("3 Dec 2026", "2026年12月3日").
        shown = value === old ? oldCell.textContent.trim() : dates.format(new Date(value + "T00:00:00"));
      }
      cell.textContent = shown;
      row.classList.toggle("table-warning", value.trim() !== old);
    }
    field.addEventListener("change", show);
    field.addEventListener("input", show);
    show();
  });
})();
