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
});

// Send the CSRF token with every htmx request that changes something.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token && event.detail.verb !== "get") {
    event.detail.headers["X-CSRFToken"] = token.content;
  }
});
