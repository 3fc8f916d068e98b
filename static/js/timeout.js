// The warning before a session ends (the GOV.UK timeout warning pattern). A while before
// the end a dialog says when the session ends and offers to go on; Escape goes on too. If
// the time runs out, the page ends the session and shows the page that explains it.
// Without this file the page still says when the session ends (the note at its top), and
// any link or button extends the session as before.
(() => {
  const root = document.querySelector("[data-session-timeout]");
  const dialog = root && root.querySelector("dialog");
  if (!dialog || typeof dialog.showModal !== "function") {
    return; // an old browser: the note alone
  }
  const extendForm = dialog.querySelector("form[data-session-extend]");
  const continueButton = extendForm.querySelector("button");
  const problem = dialog.querySelector("[data-session-problem]");
  const timedOutForm = root.querySelector("form[data-session-timed-out]");
  const warningMs = Number(root.dataset.warningSeconds) * 1000;
  // The server counted the seconds left when it made the page. Counting them from when
  // the request began errs early, so the warning never comes late.
  let deadline = performance.timeOrigin + Number(root.dataset.secondsLeft) * 1000;
  let warnedFor = null; // the deadline last warned of: one warning for each
  let returnFocus = null;
  let ending = false;

  // Other tabs of this session, in the same language: a page loaded or extended there
  // extends the session here too. (A client's choice and a staff login never share one.)
  const scope = `${extendForm.getAttribute("action")} ${document.documentElement.lang}`;
  const tabs = "BroadcastChannel" in window ? new BroadcastChannel("session-timeout") : null;

  // The dialog belongs to the whole page, not to the header it is written in.
  document.body.append(dialog);

  function isFinal() {
    const reason = timedOutForm.elements.namedItem("reason");
    return Boolean(reason) && reason.value === "limit";
  }

  function currentNotice() {
    return root.querySelector("[data-session-notice]").textContent;
  }

  // The session now ends at `next`; a final end (a staff login's age limit) is not warned of twice.
  function moveDeadline(next, notice, final) {
    deadline = next;
    warnedFor = final ? next : null;
    for (const note of document.querySelectorAll("[data-session-notice]")) {
      note.textContent = notice;
    }
    const reason = timedOutForm.elements.namedItem("reason");
    if (reason) {
      reason.value = final ? "limit" : "idle";
    }
    problem.hidden = true;
    if (dialog.open) {
      dialog.close();
    }
  }

  function warn() {
    warnedFor = deadline;
    returnFocus = document.activeElement;
    problem.hidden = true;
    dialog.showModal();
    continueButton.focus();
  }

  function end() {
    if (!ending) {
      ending = true;
      timedOutForm.submit();
    }
  }

  function check() {
    const now = Date.now();
    if (now >= deadline) {
      end();
    } else if (now >= deadline - warningMs && warnedFor !== deadline && !dialog.open) {
      warn();
    }
  }

  function showProblem() {
    if (!dialog.open) {
      dialog.showModal();
    }
    // An alert only once there is one, so nothing reads the hidden text as one.
    problem.setAttribute("role", "alert");
    problem.hidden = false;
    continueButton.focus();
  }

  async function goOn() {
    const sentAt = Date.now();
    let answer;
    try {
      const response = await fetch(extendForm.action, {
        method: "POST",
        body: new FormData(extendForm),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.status >= 400 && response.status < 500) {
        end(); // the session had ended already: show the page that says so
        return;
      }
      if (!response.ok) {
        throw new Error(`The site answered ${response.status}`);
      }
      answer = await response.json();
    } catch {
      showProblem();
      return;
    }
    // Forms on a page kept open this long need a fresh token to be sent.
    for (const input of document.querySelectorAll('input[name="csrf_token"]')) {
      input.value = answer.csrf_token;
    }
    const meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      meta.content = answer.csrf_token;
    }
    const next = sentAt + answer.seconds_left * 1000;
    moveDeadline(next, answer.notice, answer.final);
    tabs?.postMessage({ scope, deadline: next, notice: answer.notice, final: answer.final });
  }

  extendForm.addEventListener("submit", (event) => {
    event.preventDefault();
    goOn();
  });
  // Escape means "continue", as the button does.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    goOn();
  });
  dialog.addEventListener("close", () => {
    if (returnFocus && returnFocus.isConnected) {
      returnFocus.focus();
    }
  });
  tabs?.addEventListener("message", ({ data }) => {
    if (data.scope === scope && data.deadline > deadline) {
      moveDeadline(data.deadline, data.notice, data.final);
    }
  });
  // Loading this page extended the session: the other tabs learn of it.
  tabs?.postMessage({ scope, deadline, notice: currentNotice(), final: isFinal() });

  // Timers sleep in background tabs and while the device sleeps: look again on return.
  document.addEventListener("visibilitychange", check);
  window.addEventListener("pageshow", check);
  window.setInterval(check, 1000);
  check();
})();
