// "Listen": read the page's main content aloud with the browser's own speech synthesis.
// Nothing leaves the device. The buttons (components/_listen.html) stay hidden unless the
// device has a voice for the page's language: Tigrinya, for one, rarely has any. Their
// words come from the page, in its language; this file holds none.
(() => {
  const synth = window.speechSynthesis;
  const control = document.querySelector("[data-listen]");
  if (!synth || !window.SpeechSynthesisUtterance || !control) {
    return;
  }
  const play = control.querySelector("[data-listen-play]");
  const stop = control.querySelector("[data-listen-stop]");
  const main = document.querySelector("main");
  const pageLang = primary(document.documentElement.lang);

  // Elements whose text is read as one piece, highlighted while it is read.
  const BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,caption,th,td,summary,legend,label,figcaption";
  let pieces = [];
  let index = 0;
  let run = 0; // each start gets a number, so events of a cancelled run are ignored
  let state = "idle"; // "idle", "speaking" or "paused"

  function primary(tag) {
    return (tag || "").toLowerCase().replace("_", "-").split("-")[0];
  }

  function voiceFor(lang) {
    const voices = synth.getVoices().filter((voice) => primary(voice.lang) === lang);
    return voices.find((voice) => voice.localService) || voices[0] || null;
  }

  function isShown(element) {
    if (element.closest("[hidden], [aria-hidden='true'], [data-listen], svg")) {
      return false;
    }
    return element.checkVisibility
      ? element.checkVisibility()
      : element.getClientRects().length > 0;
  }

  // The text of main in reading order, a piece per block and language: a Swedish name
  // inside an Arabic sentence is a piece of its own, read by a Swedish voice if any.
  function collectPieces() {
    const found = [];
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent.trim() || !parent || !isShown(parent)) {
        continue;
      }
      const block = parent.closest(BLOCKS) || parent;
      const lang = primary(parent.closest("[lang]")?.lang) || pageLang;
      const last = found[found.length - 1];
      if (last && last.block === block && last.lang === lang) {
        last.text += node.textContent;
      } else {
        found.push({ block, lang, text: node.textContent });
      }
    }
    return found
      .map((piece) => ({ ...piece, text: piece.text.replace(/\s+/g, " ").trim() }))
      .filter((piece) => piece.text);
  }

  function mark(piece, on) {
    piece?.block.classList.toggle("listen-current", on);
  }

  // The state picks the play button's words and icon (CSS) and shows the stop button.
  function show(newState) {
    state = newState;
    const label = {
      idle: play.dataset.labelListen,
      speaking: play.dataset.labelPause,
      paused: play.dataset.labelResume,
    }[state];
    play.querySelector(".listen-label").textContent = label;
    control.dataset.state = state;
    stop.hidden = state === "idle";
  }

  function speakFrom(start) {
    run += 1;
    const thisRun = run;
    index = start;
    const next = () => {
      if (thisRun !== run) {
        return;
      }
      mark(pieces[index - 1], false);
      if (index >= pieces.length) {
        finish();
        return;
      }
      const piece = pieces[index];
      const utterance = new SpeechSynthesisUtterance(piece.text);
      // A part in another language (a text only in Swedish) gets a voice for it if
      // the device has one; otherwise the page's voice reads it.
      const voice = voiceFor(piece.lang) || voiceFor(pageLang);
      utterance.lang = voice && primary(voice.lang) === piece.lang ? piece.lang : pageLang;
      utterance.voice = voice;
      utterance.addEventListener("end", () => {
        index += 1;
        next();
      });
      utterance.addEventListener("error", (event) => {
        if (thisRun === run && event.error !== "interrupted" && event.error !== "canceled") {
          finish();
        }
      });
      mark(piece, true);
      synth.speak(utterance);
    };
    show("speaking");
    next();
  }

  function finish() {
    run += 1;
    synth.cancel();
    pieces.forEach((piece) => mark(piece, false));
    index = 0;
    show("idle");
  }

  // Pausing cancels and remembers the piece: speechSynthesis.pause() does not work
  // on every phone. Going on starts that piece again.
  function pause() {
    run += 1;
    synth.cancel();
    show("paused");
  }

  play.addEventListener("click", () => {
    if (state === "speaking") {
      pause();
    } else if (state === "paused") {
      speakFrom(index);
    } else {
      pieces = collectPieces();
      synth.cancel();
      speakFrom(0);
    }
  });
  stop.addEventListener("click", () => {
    finish();
    play.focus();
  });
  // New content (a filtered list) or leaving the page ends the reading.
  document.addEventListener("htmx:beforeSwap", () => state !== "idle" && finish());
  window.addEventListener("pagehide", () => synth.cancel());

  // Voices may arrive after the page has loaded.
  function offerIfVoice() {
    control.hidden = !voiceFor(pageLang);
    if (control.hidden && state !== "idle") {
      finish();
    }
  }
  offerIfVoice();
  synth.addEventListener?.("voiceschanged", offerIfVoice);
})();
