/* Inbox filters: Bootstrap classes on the filter selects. */
(function () {
  'use strict';
  document.querySelectorAll('[data-testid=inbox-filters] select').forEach(function (el) {
    el.classList.add('form-select', 'form-select-sm');
  });
})();
