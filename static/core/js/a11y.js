// Scrollable tables get keyboard focus (axe: scrollable-region-focusable), with a name for screen readers.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        var table = box.querySelector("table");
        if (table && !box.hasAttribute("aria-label")) {
          var caption = box.closest("section") && box.closest("section").querySelector("h2, h3, .card-header");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
        }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  document.addEventListener("htmx:afterSettle", mark);
  window.addEventListener("resize", mark);
})();
