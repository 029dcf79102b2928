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

// The categories offered are those of the one strategy chosen: choosing strategies loads the whole page again
// (not only the results), without the categories of the strategies chosen before.
document.addEventListener("DOMContentLoaded", function () {
  const strategies = document.getElementById("strategy-filter");
  const form = document.getElementById("action-filter");
  if (!strategies || !form) {
    return;
  }
  strategies.addEventListener("change", function (event) {
    event.stopPropagation(); // htmx, listening on the form, would load the results alone
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (value !== "" && key !== "category") {
        params.append(key, value);
      }
    }
    if (!params.get("agency")) {
      params.delete("role");
    }
    const query = params.toString();
    window.location.assign(form.action + (query ? "?" + query : ""));
  });
});
