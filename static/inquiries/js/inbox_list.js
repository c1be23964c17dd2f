// Inbox list: Bootstrap classes on the filter selects Django renders plain.
document.querySelectorAll("[data-testid=inbox-filters] select").forEach(function (el) {
  el.classList.add("form-select", "form-select-sm");
});
