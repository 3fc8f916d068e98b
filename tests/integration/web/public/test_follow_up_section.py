"""The public profile's "Follow-up" section: facts only, published only, in every language."""

from datetime import date

import pytest

from tests import htmlcheck
from tests.clock import freeze
from tests.conftest import parse_page
from tests.factories.followups import make_follow_up
from webapp.core.config import LANGUAGES
from webapp.core.db import get_session

TODAY = date(2026, 11, 22)
HEADINGS = {
    "sv": "Uppföljning",
    "en": "Follow-up",
    "ar": "المتابعة",
    "fa": "پیگیری",
    "so": "Dabagal",
    "ti": "ክትትል",
    "uk": "Перевірки",
}
DEMAND = {
    "sv": "Krav på åtgärd",
    "en": "Demand for action",
    "ar": "طلب إصلاح",
    "fa": "درخواست اقدام اصلاحی",
    "so": "Dalab wax-ka-qabasho",
    "ti": "ሕቶ ምእራም",
    "uk": "Вимога виправити",
}


@pytest.fixture(autouse=True)
def today(time_machine):
    freeze(time_machine, TODAY)


def section(client, slug: str, lang: str = "sv"):
    """Return a provider's follow-up section, parsed."""
    return parse_page(client.get(f"/{lang}/providers/{slug}")).find(id="follow-up")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_published_site_visit_with_a_demand_in_every_language(client, lang):
    found = section(client, "arbetslust-stockholm", lang)
    assert found.h2.get_text(strip=True) == HEADINGS[lang]
    latest = found.find(id="latest-follow-ups").li.get_text(" ", strip=True)
    assert DEMAND[lang] in latest
    demand = found.find(id="open-demands").li
    term = demand.find("span")
    assert term.get_text(strip=True) == "6.3 Aktiviteter enligt planen"
    # The term's name exists only in Swedish, and says so.
    assert term.get("lang") == (None if lang == "sv" else "sv")
    if lang != "sv":
        assert found.select_one(".in-swedish")
    # Every outcome is explained in the visitor's language.
    assert len(found.select("details dt")) == 6


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reason_for_a_de_authorization_in_every_language(client, lang):
    from flask_babel import force_locale

    from webapp.authorizations.vocab import END_REASONS

    page = parse_page(client.get(f"/{lang}/providers/linjen-rekrytering"))
    with client.application.test_request_context(), force_locale(lang):
        reason = str(END_REASONS["breach"])
    assert reason in page.select_one("[role=note]").get_text()
    assert reason in page.find(id="endings").get_text()


def test_staff_notes_and_unpublished_follow_ups_never_show(client):
    page = parse_page(client.get("/sv/providers/arbetslust-stockholm")).get_text()
    assert "Lokalerna var stängda" not in page and "Planerna saknar" not in page
    spira = section(client, "spira-rehab-och-arbete")
    assert "Kommunen har inte publicerat någon uppföljning av anordnaren ännu." in spira.get_text()
    assert "Handledaren" not in spira.get_text()


def test_a_closed_remark_reads_closed(client):
    latest = (
        section(client, "nordljus-matchning").find(id="latest-follow-ups").get_text(" ", strip=True)
    )
    assert "Granskning av månadsrapporter: Anmärkning." in latest
    assert "Avslutad 4 maj 2026." in latest


def test_sanctions_of_the_last_24_months_with_the_term(app, client, rollback):
    with app.app_context():
        session = get_session()
        for held_on, verdict in [(date(2024, 11, 1), "warning"), (date(2025, 1, 10), "warning")]:
            make_follow_up(
                session,
                provider="motesplats-tensta",
                held_on=held_on,
                kind="report_review",
                services=("FORB-2",),
                scheme="FORB",
                findings=(("3.2", verdict, None),),
                published_on=held_on,
            )
        session.commit()
    sanctions = [
        " ".join(li.get_text().split())
        for li in section(client, "motesplats-tensta").find(id="sanctions").find_all("li")
    ]
    assert sanctions == [
        "Sänkt ersättning efter uppföljningen 2 juni 2026. Gäller villkoret 4.2 Månadsrapporter "
        "i tid.",
        "Varning efter uppföljningen 10 januari 2025. Gäller villkoret 3.2 Handledning på plats.",
    ]


def test_the_five_latest_follow_ups_then_a_pointer_to_the_open_data(app, client, rollback):
    with app.app_context():
        session = get_session()
        for day in range(1, 7):
            make_follow_up(
                session,
                provider="jobbtorget",
                held_on=date(2025, 3, day),
                kind="report_review",
                findings=(("4.2", "met", None),),
                published_on=date(2025, 3, 10),
            )
        session.commit()
    found = section(client, "jobbtorget")
    assert len(found.find(id="latest-follow-ups").find_all("li")) == 5
    assert "2 tidigare uppföljningar finns i öppna data." in found.get_text()


def test_a_provider_that_gave_up_a_service_shows_why(client):
    text = (
        section(client, "kompassen-jobbcoachning", "en")
        .find(id="endings")
        .get_text(" ", strip=True)
    )
    assert text.startswith("From 1 July 2024 you cannot choose the provider for:")
    assert "Reason: At the provider’s request." in text


def test_profiles_with_follow_ups_are_valid_html(client):
    pages = {
        f"/{lang}/providers/{slug}": client.get(f"/{lang}/providers/{slug}").data
        for lang in ("sv", "ar")
        for slug in ("arbetslust-stockholm", "linjen-rekrytering", "motesplats-tensta")
    }
    errors = htmlcheck.validate(pages)
    assert not errors, "\n".join(errors)
