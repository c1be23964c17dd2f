// Live "n / limit" counter under a textarea with data-char-limit; over the limit it turns red
// and says so (the server refuses the text and keeps it, nothing is cut).
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-char-limit]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-char-limit"), 10);
    var holder = document.getElementById(area.id.replace(/^id_/, "") + "-counter") || area.parentElement;
    var count = holder.querySelector("[data-char-count]");
    if (!count) { return; }
    function update() {
      var length = area.value.length;
      count.textContent = length + " / " + limit;
      var over = length > limit;
      count.classList.toggle("text-danger", over);
      count.classList.toggle("fw-semibold", over);
      area.classList.toggle("is-invalid", over);
    }
    area.addEventListener("input", update);
    update();
  });
})();
