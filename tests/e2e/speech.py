"""Voices for the Listen button in tests: a fake speech synthesis injected before page scripts."""

import json
from pathlib import Path

FAKE_SPEECH = Path(__file__).with_name("fake_speech.js")


def offer_voices(target, langs, *, speak_ms: int = 150) -> None:
    """Give a page or browser context fake voices for these languages (none: no voice at all)."""
    settings = (
        f"window.__fakeVoiceLangs = {json.dumps(list(langs))}; window.__fakeSpeechMs = {speak_ms};"
    )
    target.add_init_script(script=settings + FAKE_SPEECH.read_text())
