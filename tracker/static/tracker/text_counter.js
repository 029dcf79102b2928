/* A character counter under every text area with a data-limit ("120 of 4,000 characters"), marked when the
   text is too long. The server checks the limit too and keeps the text when it refuses it. */
(function () {
  "use strict";
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  document.querySelectorAll("textarea[data-limit]").forEach(function (area) {
    var limit = parseInt(area.dataset.limit, 10);
    var counter = document.createElement("div");
    counter.className = "form-text text-counter";
    counter.id = area.id + "_counter";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function show() {
      var count = area.value.trim().length;
      var over = count > limit;
      var template = over ? area.dataset.counterOver : area.dataset.counter;
      counter.textContent = template.replace("{count}", numbers.format(count)).replace("{limit}", numbers.format(limit));
      counter.classList.toggle("text-danger", over);
      counter.classList.toggle("fw-semibold", over);
    }
    area.addEventListener("input", show);
    show();
  });
})();
