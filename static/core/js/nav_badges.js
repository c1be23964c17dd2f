// Navigation badges refresh through the htmx poll; when the inbox badge grows and the agent allowed
// it, the browser shows a notification for the newly assigned conversations (optional).
(function () {
  "use strict";
  var counts = {};  // filled by the first answer after page load: only later growth notifies
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var el = event.detail.elt;
    if (!el || el.getAttribute("data-testid") !== "nav-badge") { return; }
    var name = el.getAttribute("data-nav");
    var count = parseInt(el.getAttribute("data-count") || "0", 10);
    var before = counts[name];
    counts[name] = count;
    if (before !== undefined && count > before && window.Notification && Notification.permission === "granted") {
      new Notification(el.getAttribute("data-title") || "PMB CRM", { body: String(count) });
    }
  });
  document.querySelectorAll("[data-enable-notifications]").forEach(function (button) {
    if (!window.Notification || Notification.permission !== "default") { button.classList.add("d-none"); return; }
    button.addEventListener("click", function () {
      Notification.requestPermission().then(function () { button.classList.add("d-none"); });
    });
  });
})();
