"""How the service is delivered, as a visitor reads it on a profile and on the compare page."""

import re

import pytest
from babel.numbers import format_percent

from tests.factories.results import set_delivery, stored_cell
from webapp.core.config import LANGUAGES
from webapp.core.db import get_session

WINDOW = ("2025H1", "2025H2")  # every service's published twelve months in the demo


def service_section(page, code: str):
    """Return a profile's section for one service."""
    return page.find(id=f"service-{code}").find_parent("section")


def text(element) -> str:
    """Return an element's text as read, runs of spaces and line breaks made one space."""
    # Not str.split(): the no-break space in "13 %" stays what it is.
    return re.sub(r"[ \t\r\n]+", " ", element.get_text(" ", strip=True))


def delivery_texts(scope) -> tuple[str, list[str]]:
    """Return what a profile section or compare card says under left early and first meeting."""
    left = scope.select_one(".fact-left_early dd")
    meeting = scope.select_one(".fact-first_meeting dd")
    medians = [text(li) for li in meeting.select("li")] or [text(meeting)]
    return text(left), medians


def window_rows(app, slug: str, code: str):
    """Return a provider's stored half-years of the window for a service, newest first."""
    with app.app_context():
        session = get_session()
        return [stored_cell(session, slug=slug, code=code, period=p) for p in reversed(WINDOW)]


def percent(share: float) -> str:
    """Format a share as the Swedish pages do."""
    return format_percent(share, locale="sv")


def test_profile_shows_left_early_with_its_count_and_the_half_years_of_starting(app, get_page):
    rows = window_rows(app, "jobbtorget", "MATCH-1")
    started = sum(row.started for row in rows)
    left = sum(row.left_early for row in rows)

    left_text, _medians = delivery_texts(
        service_section(get_page("/sv/providers/jobbtorget"), "MATCH-1")
    )

    assert left_text == (
        f"{left} av {started} ({percent(left / started)}) som påbörjade insatsen "
        "januari 2025 – december 2025"
    )


def test_profile_gives_each_half_years_median_with_its_people_newest_first(app, get_page):
    rows = window_rows(app, "jobbtorget", "MATCH-1")

    _left, medians = delivery_texts(
        service_section(get_page("/sv/providers/jobbtorget"), "MATCH-1")
    )

    assert medians == [
        f"Median {row.first_meeting_days} dagar från valet till första mötet "
        f"({row.first_meeting_people} personer som påbörjade insatsen {label})"
        for row, label in zip(rows, ["juli–december 2025", "januari–juni 2025"], strict=True)
    ]


def test_a_median_over_too_few_people_is_left_out_and_the_shown_one_names_its_half_year(
    app, get_page
):
    hidden, shown = window_rows(app, "zenith-karriar", "MATCH-1")
    assert hidden.first_meeting_people < app.config["MIN_GROUP_SIZE"] <= hidden.completed

    _left, medians = delivery_texts(
        service_section(get_page("/sv/providers/zenith-karriar"), "MATCH-1")
    )

    assert medians == [
        f"Median {shown.first_meeting_days} dagar från valet till första mötet "
        f"({shown.first_meeting_people} personer som påbörjade insatsen januari–juni 2025)"
    ]


def test_a_half_year_with_too_few_starters_is_left_out_of_left_early_and_the_label_says_so(
    app, rollback, get_page
):
    with app.app_context():
        session = get_session()
        set_delivery(
            session, slug="jobbtorget", code="MATCH-1", period="2025H2", started=9, left_early=2
        )
        session.commit()
    _hidden, shown = window_rows(app, "jobbtorget", "MATCH-1")

    left_text, _medians = delivery_texts(
        service_section(get_page("/sv/providers/jobbtorget"), "MATCH-1")
    )

    share = percent(shown.left_early / shown.started)
    assert left_text == (
        f"{shown.left_early} av {shown.started} ({share}) som påbörjade insatsen januari–juni 2025"
    )


def test_hidden_and_unreported_measures_are_said_in_words_without_numbers(app, rollback, get_page):
    with app.app_context():
        session = get_session()
        for period in WINDOW:
            # MATCH-1: too few starters, and medians over too few people.
            set_delivery(
                session,
                slug="jobbtorget",
                code="MATCH-1",
                period=period,
                started=9,
                left_early=3,
                first_meeting_days=12,
                first_meeting_people=9,
            )
            # FORB-1: nothing reported.
            set_delivery(
                session,
                slug="jobbtorget",
                code="FORB-1",
                period=period,
                started=None,
                left_early=None,
                first_meeting_days=None,
                first_meeting_people=None,
            )
        session.commit()

    page = get_page("/sv/providers/jobbtorget")

    hidden = delivery_texts(service_section(page, "MATCH-1"))
    assert hidden == (
        "För få som påbörjade insatsen för att visa",
        ["För få personer för att visa"],
    )
    assert delivery_texts(service_section(page, "FORB-1")) == ("Ingen uppgift", ["Ingen uppgift"])
    # The headline figure is still shown: only the delivery measures were too small.
    assert service_section(page, "MATCH-1").select_one(".result-shown")


def test_compare_shows_each_providers_delivery_as_its_profile_does(get_page):
    slugs = ["jobbtorget", "jarvalyftet", "zenith-karriar"]
    page = get_page("/sv/compare?service=MATCH-1&" + "&".join(f"p={slug}" for slug in slugs))

    cards = page.select(".compare-card")

    assert len(cards) == 3
    for slug, card in zip(slugs, cards, strict=True):
        profile = get_page(f"/sv/providers/{slug}")
        assert delivery_texts(card) == delivery_texts(service_section(profile, "MATCH-1"))
        labels = [text(dt) for dt in card.select(".fact-left_early dt, .fact-first_meeting dt")]
        assert labels == ["Slutade i förtid", "Tid till första mötet"]


def test_compare_marks_the_delivery_rows_that_differ(get_page):
    page = get_page("/sv/compare?service=MATCH-1&p=jobbtorget&p=jarvalyftet&diff=1")
    for row in ("left_early", "first_meeting"):
        texts = [text(dd) for dd in page.select(f".fact-{row} dd")]
        assert len(texts) == 2
        assert bool(page.select(f".fact-{row}.differs")) == (texts[0] != texts[1])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_delivery_measures_read_in_every_language(get_page, lang):
    section = service_section(get_page(f"/{lang}/providers/jobbtorget"), "MATCH-1")
    left_text, medians = delivery_texts(section)
    labels = [text(dt) for dt in section.select(".fact-left_early dt, .fact-first_meeting dt")]
    if lang != "sv":
        assert labels != ["Slutade i förtid", "Tid till första mötet"]
        assert "påbörjade" not in left_text and "mötet" not in " ".join(medians)
    # Every figure carries its count of people, and each median its half-year.
    assert len(re.findall(r"\d+", left_text)) >= 4  # left, started, share, year
    assert len(medians) == 2
    assert all(len(re.findall(r"\d+", median)) >= 3 for median in medians)
