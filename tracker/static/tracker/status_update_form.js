/* Log progress form: picking a status prefills progress with the status's default, and marks the reason
   fields as required when the status needs a reason. Without JavaScript the server applies the default. */
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
  status.addEventListener("change", function () {
    var option = selected();
    if (progress && option && option.dataset.defaultProgress !== undefined) {
      progress.value = option.dataset.defaultProgress;
    }
    markReason();
  });
  markReason();
})();
