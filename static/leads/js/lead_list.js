// Lead list: searchable filter dropdowns, select all on the page / all matching, bulk fields per action.
(function () {
  "use strict";
  document.querySelectorAll("[data-option-search]").forEach(function (input) {
    input.addEventListener("input", function () {
      var text = input.value.trim().toLowerCase();
      input.closest("fieldset").querySelectorAll("[data-option]").forEach(function (row) {
        row.classList.toggle("d-none", text !== "" && row.textContent.toLowerCase().indexOf(text) === -1);
      });
    });
  });

  var form = document.getElementById("bulk-form");
  if (!form) { return; }
  var boxes = Array.prototype.slice.call(form.querySelectorAll("[data-lead-check]"));
  var pageBox = form.querySelector("[data-select-page]");
  var counter = form.querySelector("[data-selected-count]");
  var offer = form.querySelector("[data-matching-offer]");
  var chosen = form.querySelector("[data-matching-chosen]");
  var allMatching = form.querySelector("input[name=all_matching]");
  var action = form.querySelector("select[name=action]");

  function setAllMatching(on) {
    if (allMatching) { allMatching.value = on ? "on" : ""; }
    if (chosen) { chosen.classList.toggle("d-none", !on); }
  }
  function refresh() {
    var picked = boxes.filter(function (box) { return box.checked; }).length;
    if (counter) { counter.textContent = String(picked); }
    var all = boxes.length > 0 && picked === boxes.length;
    if (pageBox) { pageBox.checked = all; pageBox.indeterminate = picked > 0 && !all; }
    if (!all) { setAllMatching(false); }
    if (offer) { offer.classList.toggle("d-none", !all || (allMatching && allMatching.value === "on")); }
  }
  boxes.forEach(function (box) { box.addEventListener("change", refresh); });
  if (pageBox) {
    pageBox.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = pageBox.checked; });
      refresh();
    });
  }
  var matchButton = form.querySelector("[data-select-matching]");
  if (matchButton) {
    matchButton.addEventListener("click", function () { setAllMatching(true); refresh(); });
  }
  var clearButton = form.querySelector("[data-clear-selection]");
  if (clearButton) {
    clearButton.addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      setAllMatching(false);
      refresh();
    });
  }
  function showFields() {
    if (!action) { return; }
    form.querySelectorAll("[data-for-action]").forEach(function (el) {
      el.classList.toggle("d-none", el.getAttribute("data-for-action") !== action.value);
    });
  }
  if (action) { action.addEventListener("change", showFields); }
  showFields();
  refresh();
})();
