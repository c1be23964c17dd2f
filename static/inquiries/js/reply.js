/* Conversation page: template buttons fill the reply box; Ctrl/Cmd+Enter sends it. */
(function () {
  'use strict';
  var box = document.getElementById('id_body');
  if (!box) { return; }
  document.querySelectorAll('[data-template-body]').forEach(function (button) {
    button.addEventListener('click', function () {
      var text = button.getAttribute('data-template-body');
      box.value = box.value ? box.value.replace(/\s*$/, '') + '\n' + text : text;
      box.focus();
    });
  });
  box.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      box.form.requestSubmit();
    }
  });
})();
