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

// "Use my location" on the find page: the form works without this (latitude and longitude typed in).
document.querySelectorAll("form[data-use-location]").forEach((form) => {
  const button = form.querySelector("[data-location-button]");
  const status = form.querySelector("[data-location-status]");
  if (!button || !("geolocation" in navigator)) return;
  button.classList.remove("govuk-!-display-none"); // hidden until script can ask for the location
  button.addEventListener("click", () => {
    status.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(
      (position) => {
        form.elements.latitude.value = position.coords.latitude.toFixed(5);
        form.elements.longitude.value = position.coords.longitude.toFixed(5);
        status.textContent = "Location found. Finding your area…";
        form.submit();
      },
      () => {
        status.textContent = "We could not get your location. Enter your postcode or a place name instead.";
      },
      { timeout: 10000, maximumAge: 60000 },
    );
  });
});
