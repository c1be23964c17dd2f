// Conversation page: reply templates into the box, Ctrl+Enter to send, WhatsApp template preview.
(function () {
  "use strict";
  var box = document.getElementById("id_body");
  if (box) {
    document.querySelectorAll("[data-template-body]").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-template-body");
        box.value = box.value ? box.value.replace(/\s*$/, "") + "\n" + text : text;
        // The library counts the approved version whose text went into this reply.
        var version = document.getElementById("id_template_version");
        if (version) { version.value = button.getAttribute("data-template-version") || ""; }
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

// Tell other agents someone is typing here (at most every 5 seconds).
(function () {
  "use strict";
  var box = document.getElementById("id_body");
  var url = box && box.getAttribute("data-typing-url");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!url || !token) { return; }
  var last = 0;
  box.addEventListener("input", function () {
    var now = Date.now();
    if (now - last < 5000) { return; }
    last = now;
    fetch(url, { method: "POST", headers: { "X-CSRFToken": token.value }, credentials: "same-origin" });
  });
})();
