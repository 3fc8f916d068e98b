// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // After a refused form, take keyboard and screen-reader users to what went wrong
  // (the GOV.UK error summary pattern). Without this file the summary still comes
  // first in the page and the title starts with "Error".
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
  for (const button of document.querySelectorAll(".js-print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  openFiltersOnWideScreens();
  countTicked();
});

// Send the CSRF token with every htmx request that changes something.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token && event.detail.verb !== "get") {
    event.detail.headers["X-CSRFToken"] = token.content;
  }
});

// The provider list's filters fold into one control on a phone; on a wide screen they
// stand open beside the list.
const wideScreen = window.matchMedia("(min-width: 60rem)");

function openFiltersOnWideScreens() {
  const panel = document.getElementById("filter-panel");
  if (panel && wideScreen.matches) {
    panel.open = true;
  }
}

wideScreen.addEventListener("change", openFiltersOnWideScreens);

// The compare bar says how many providers are ticked. (CSS keeps it in view once one is.)
function countTicked() {
  for (const bar of document.querySelectorAll("form.compare-bar[id]")) {
    const count = bar.querySelector(".compare-count");
    const number = bar.querySelector(".compare-number");
    if (!count || !number) {
      continue;
    }
    const ticked = document.querySelectorAll(`input[form="${bar.id}"]:checked`).length;
    // Every language on the site writes these small numbers with the digits 0-9.
    number.textContent = String(ticked);
    count.hidden = ticked === 0;
  }
}

document.addEventListener("change", (event) => {
  if (event.target.matches("input[type=checkbox][form]")) {
    countTicked();
  }
});
document.addEventListener("htmx:afterSettle", countTicked);
