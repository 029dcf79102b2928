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
