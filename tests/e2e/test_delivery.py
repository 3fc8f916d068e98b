"""On a phone, a person reads on a profile how the service is delivered, with how many people."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import ProfilePage

PHONE = {"width": 360, "height": 800}


@pytest.fixture
def phone(browser, base_url):
    """A phone-sized page."""
    context = browser.new_context(viewport=PHONE, base_url=base_url)
    yield context.new_page()
    context.close()


def test_profile_shows_left_early_and_time_to_first_meeting_with_their_people(phone: Page):
    profile = ProfilePage(phone).open(lang="sv", slug="jobbtorget")
    service = phone.get_by_role("region", name="Matchning mot arbete – grund")
    left_early = service.get_by_role("term").filter(has_text="Slutade i förtid")
    left_early.scroll_into_view_if_needed()
    expect(left_early).to_be_in_viewport()

    figure = service.locator(".fact-left_early dd")
    expect(figure).to_have_text(
        re.compile(r"^\d+ av \d+ \(\d+\s%\) som påbörjade insatsen januari 2025 – december 2025$")
    )
    medians = service.locator(".fact-first_meeting").get_by_role("listitem")
    expect(medians).to_have_count(2)
    expect(medians.first).to_have_text(
        re.compile(
            r"^Median \d+ dagar? från valet till första mötet "
            r"\(\d+ personer som påbörjade insatsen juli–december 2025\)$"
        )
    )
    for element in (figure, medians.first, medians.last):
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert profile.scroll_width() <= PHONE["width"]
    violations = profile.axe_violations()
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
