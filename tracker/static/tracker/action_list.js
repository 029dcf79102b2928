// Keep the action list's address short: leave empty filters out of the query string htmx builds.
document.addEventListener("htmx:configRequest", function (event) {
  if (event.detail.elt.id !== "action-filter") {
    return;
  }
  const params = event.detail.parameters;
  for (const key of Object.keys(params)) {
    if (params[key] === "") {
      delete params[key];
    }
  }
  if (!params.agency) {
    delete params.role; // the role only matters together with an agency
  }
});

// On a phone the open filters would push the results a screen down: start them folded there.
document.addEventListener("DOMContentLoaded", function () {
  const filters = document.querySelector("details.filters");
  if (filters && window.matchMedia("(max-width: 991.98px)").matches) {
    filters.removeAttribute("open");
  }
});
