/* Long texts marked data-fold show their first lines and a "Read more" button that unfolds them. Without
   JavaScript the whole text shows. */
(function () {
  "use strict";
  document.querySelectorAll("[data-fold]").forEach(function (text, index) {
    if (!text.id) {
      text.id = "fold-" + index;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-link btn-sm p-0 fold-toggle";
    button.setAttribute("aria-controls", text.id);
    function set(folded) {
      text.classList.toggle("is-folded", folded);
      button.setAttribute("aria-expanded", folded ? "false" : "true");
      button.textContent = folded ? text.dataset.more : text.dataset.less;
    }
    button.addEventListener("click", function () {
      set(!text.classList.contains("is-folded"));
    });
    text.insertAdjacentElement("afterend", button);
    set(true);
  });
})();
