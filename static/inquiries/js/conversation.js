// Conversation page: reply templates into the box, Ctrl+Enter to send, WhatsApp template preview.
(function () {
  "use strict";
  var box = document.getElementById("id_body");
  if (box) {
    document.querySelectorAll("[data-template-body]").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-template-body");
        box.value = box.value ? box.value.replace(/\s*$/, "") + "\n" + text : text;
        box.focus();
      });
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        box.form.requestSubmit();
      }
    });
  }
  var picker = document.getElementById("id_wa_template");
  var preview = document.getElementById("wa-template-preview");
  if (picker && preview) {
    var show = function () {
      var option = picker.options[picker.selectedIndex];
      preview.textContent = option ? option.getAttribute("data-text") : "";
    };
    picker.addEventListener("change", show);
    show();
  }
})();
