"""The letter with the code: date, reference, the caseworker, what to do, a Swedish summary."""

import pytest

from tests.conftest import parse_page
from tests.integration.web.admin.choices.conftest import audit_events, invitation_form
from webapp.choices.codes import normalize_code


def create(caseworker, lang: str):
    """Create an invitation with a letter in a language; return the letter."""
    page = parse_page(caseworker.post("/admin/choices/new", invitation_form(letter_lang=lang)))
    return page.find(id="choice-letter")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_a_swedish_letter_has_date_reference_caseworker_and_what_to_do(app, caseworker):
    letter = create(caseworker, "sv")
    [invite] = audit_events(app, "choice.invite")
    facts = {
        fact.dt.get_text(strip=True): " ".join(fact.dd.get_text(" ").split())
        for fact in letter.select(".letter-facts > div")
    }
    assert facts == {
        "Datum": "22 november 2026",
        "Referens": f"B2026-{invite.entity_id:06d}",
        "Din handläggare": "Caseworker",
        "E-post": "caseworker@kommun.example",
        "Telefon": app.config["CONTACT_PHONE"],
    }
    # The reference is not the case number the caseworker typed.
    assert "SN 2026/1234" not in text_of(letter)
    assert "Har du tappat bort brevet, eller fungerar inte koden?" in text_of(letter)
    assert "Handläggaren kan ge dig en ny kod." in text_of(letter)
    assert "samma kod igen för att se ditt val" in text_of(letter)
    assert letter.find(id="letter-summary") is None  # a Swedish letter needs no summary


@pytest.mark.parametrize("lang", ["ar", "fa", "so", "ti", "uk", "en"])
def test_a_letter_in_another_language_ends_with_a_swedish_summary(app, caseworker, lang):
    letter = create(caseworker, lang)
    summary = letter.find(id="letter-summary")
    assert (summary["lang"], summary["dir"]) == ("sv", "ltr")
    said = text_of(summary)
    assert said.startswith("Sammanfattning på svenska")
    assert "Du har fått insatsen Matchning mot arbete – grund." in said
    assert "Välj senast 6 december 2026." in said
    # Links in letters name the canonical address, whatever host the request came in on.
    assert f"{app.config['PUBLIC_BASE_URL']}/sv/choose" in said
    assert "Handläggaren kan ge dig en ny kod." in said
    # The same code, the same reference, in both parts.
    codes = [normalize_code(c.get_text()) for c in letter.select(".letter-code")]
    assert len(codes) == 2 and codes[0] == codes[1]
    references = [r.get_text() for r in letter.select("[id$=-reference]")]
    assert references[0] == references[1]
    # The letter itself is in its own language.
    summary.extract()
    assert "Sammanfattning" not in text_of(letter)
    assert "Har du tappat bort brevet" not in text_of(letter)


def test_codes_and_references_read_left_to_right_in_an_arabic_letter(caseworker):
    letter = create(caseworker, "ar")
    assert letter["dir"] == "rtl"
    for code in letter.select(".letter-code"):
        assert code.find("bdi")["dir"] == "ltr"
    for reference in letter.select("[id$=-reference]"):
        assert (reference.name, reference["dir"]) == ("bdi", "ltr")
