"""The receipt says when the choice was made in the client's language, on a 24-hour clock."""

from datetime import UTC, date, datetime

import pytest

from tests.factories.choices import stored_invitation
from tests.integration.web.public.choose.conftest import main_text

# 13:05 UTC on a November day is 14:05 in Stockholm.
CHOSEN_AT = datetime(2026, 11, 23, 13, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("lang", "when"),
    [
        ("sv", "23 november 2026 kl. 14:05"),
        ("en", "23 November 2026 at 14:05"),
        ("ar", "23 نوفمبر 2026 الساعة 14:05"),
        ("uk", "23 листопада 2026 року о 14:05"),
    ],
)
def test_the_receipt_gives_date_and_24_hour_time(app, people, time_machine, lang, when):
    time_machine.move_to(CHOSEN_AT, tick=False)
    _invitation_id, code = stored_invitation(app, deadline=date(2026, 11, 30))
    person = people(lang)
    assert person.enter(code).status_code == 303
    assert person.choose("jarvalyftet").status_code == 303

    receipt = person.page("receipt")
    registered = receipt.select("dl.receipt dd")[-2].get_text(" ", strip=True)
    assert registered == when
    assert "م" not in registered.split()  # never the Arabic 12-hour "2:05 م"
    assert "14:05" in main_text(receipt)
