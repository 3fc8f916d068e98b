// A stand-in for the browser's speech synthesis, injected before any page script runs
// (page.add_init_script). It offers a voice for each language in window.__fakeVoiceLangs,
// "speaks" each utterance for window.__fakeSpeechMs milliseconds, and records what it was
// asked to say in window.__spoken, so a test can check what the Listen button read.
(() => {
  const langs = window.__fakeVoiceLangs || [];
  const speakMs = window.__fakeSpeechMs || 150;
  const voices = langs.map((lang) => ({
    name: `Fake ${lang}`,
    lang: `${lang}-XX`,
    voiceURI: `fake-${lang}`,
    localService: true,
    default: false,
  }));
  class FakeUtterance extends EventTarget {
    constructor(text) {
      super();
      this.text = text;
      this.lang = "";
      this.voice = null;
    }
  }
  const synth = new EventTarget();
  const spoken = [];
  let current = null;
  let timer = null;
  synth.speaking = false;
  synth.getVoices = () => voices;
  synth.speak = (utterance) => {
    spoken.push({ text: utterance.text, lang: utterance.lang, voice: utterance.voice?.name });
    current = utterance;
    synth.speaking = true;
    timer = setTimeout(() => {
      current = null;
      synth.speaking = false;
      utterance.dispatchEvent(new Event("end"));
    }, speakMs);
  };
  synth.cancel = () => {
    clearTimeout(timer);
    synth.speaking = false;
    if (current) {
      const interrupted = current;
      current = null;
      const event = new Event("error");
      event.error = "interrupted";
      interrupted.dispatchEvent(event);
    }
  };
  synth.pause = () => {};
  synth.resume = () => {};
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = FakeUtterance;
  window.__spoken = spoken;
})();
