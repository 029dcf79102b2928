// The export page's "select all" box, bound here rather than in an onchange attribute (the page's
// Content-Security-Policy runs no inline script). onSelectToggleChange is django-import-export's.
document.addEventListener("DOMContentLoaded", function () {
  for (const toggle of document.querySelectorAll("input.select-toggle")) {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
