// Register the service worker (shell and static files only; see core/pwa.py) with the whole app as scope.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || !script.dataset.sw) { return; }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(script.dataset.sw, { scope: "/" }).catch(function () { /* optional */ });
  });
})();
