/* PMB CRM: behaviour shared by every page (no inline handlers: Content-Security-Policy). */
(function () {
  'use strict';
  // <select data-autosubmit> sends its form when changed (the language switch).
  document.addEventListener('change', function (event) {
    var el = event.target;
    if (el.matches && el.matches('select[data-autosubmit]') && el.form) {
      el.form.submit();
    }
  });
})();
