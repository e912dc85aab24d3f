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
