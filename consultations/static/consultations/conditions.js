// Progressive enhancement: hide questions whose condition is not met. Without JavaScript every question
// shows, with a hint saying when to answer it, and the server discards answers to hidden questions.
(function () {
  "use strict";
  function chosen(form, id) {
    var values = [];
    form.querySelectorAll('[name="q' + id + '"]').forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value) { values.push(el.value); }
    });
    return values;
  }
  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var parent = form.querySelector('[data-question="' + block.dataset.showIf + '"]');
      var wanted = block.dataset.showIfValues.split("|");
      var shown = (!parent || !parent.hidden) && chosen(form, block.dataset.showIf).some(function (v) { return wanted.indexOf(v) >= 0; });
      block.hidden = !shown;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-conditions]").forEach(function (form) {
      update(form);
      form.addEventListener("change", function () { update(form); });
    });
  });
})();
