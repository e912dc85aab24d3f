// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/build/govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
initAll();

// After htmx swaps content in, start any GOV.UK components inside it.
document.body.addEventListener("htmx:afterSwap", (event) => {
  initAll({ scope: event.target });
});

// A live region that htmx refreshes is announced only when its summary changes: a panel re-rendered after every
// change of an unrelated field would otherwise be read out again each time. The swapped content carries the
// summary in data-checks-summary; the live region is #<target id>-summary.
document.body.addEventListener("htmx:afterSwap", (event) => {
  const live = document.getElementById(`${event.target.id}-summary`);
  const source = event.target.querySelector("[data-checks-summary]");
  if (live && source && live.textContent !== source.dataset.checksSummary) {
    live.textContent = source.dataset.checksSummary;
  }
});
