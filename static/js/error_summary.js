// The summary above a form with several errors (templates/bootstrap5/errors.html): it takes the
// focus when the page opens, so a screen reader reads it first, and each of its links moves the
// focus to its field (a plain #anchor would only scroll there).
(function () {
  "use strict";
  if (window.errorSummaryReady) return;
  window.errorSummaryReady = true;

  function focusField(id) {
    var field = document.getElementById(id);
    if (!field) return false;
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[data-focus]");
    if (link && focusField(link.getAttribute("data-focus"))) event.preventDefault();
  });

  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusSummary);
  else focusSummary();
})();
