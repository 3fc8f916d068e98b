"""The client's choice pages: a client that types codes and chooses as a browser would."""

from datetime import date, datetime

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from tests.conftest import parse_page
from tests.factories import choices as factories
from tests.factories.choices import stored_invitation
from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.core.db import get_session
from webapp.staff.models import AuditEvent

GENERIC = (
    "Koden stämmer inte. Kontrollera att du har skrivit av koden rätt."
    " Om det fortfarande inte fungerar, kontakta din handläggare."
)
# The start of the answer to the right code while it is locked (minutes left follow).
LOCKED = "Koden är låst efter för många felaktiga försök."
CHOOSE_PAGES = ["providers", "confirm?provider=jarvalyftet", "receipt", "switch"]
# MATCH-1 providers in the seed: authorized today, for another service only, de-authorized.
AUTHORIZED = {"jobbtorget", "jarvalyftet", "arbetslust-stockholm"}
NOT_FOR_THE_SERVICE = "oppna-vagar"
DEAUTHORIZED = "linjen-rekrytering"


class ChoiceClient:
    """A test client that enters codes and chooses as a person in a browser would."""

    def __init__(self, client, lang: str = "sv"):
        self.client = client
        self.lang = lang

    def url(self, path: str) -> str:
        """Return the address of a choice page in this client's language."""
        return f"/{self.lang}/choose{'/' + path if path else ''}"

    def csrf_token(self) -> str:
        """Return this session's CSRF token, read from the code form."""
        page = BeautifulSoup(self.client.get(self.url("")).get_data(as_text=True), "html5lib")
        return page.find("input", attrs={"name": "csrf_token"})["value"]

    def enter(self, code: str):
        """Type a code into the code form and send it."""
        return self.client.post(self.url(""), data={"csrf_token": self.csrf_token(), "code": code})

    def page(self, path: str, status: int = 200):
        """GET a choice page, check its status and return it parsed."""
        response = self.client.get(self.url(path))
        assert response.status_code == status, f"{path} answered {response.status_code}"
        return parse_page(response)

    def confirm_form(self, slug: str) -> dict:
        """Open the confirm page for a provider; return its form's fields."""
        form = self.page(f"confirm?provider={slug}").select_one("form.choose-confirm")
        return {field["name"]: field.get("value", "") for field in form.find_all("input")}

    def choose(self, slug: str):
        """Pick a provider and confirm it."""
        return self.client.post(self.url("confirm"), data=self.confirm_form(slug))


def provider_id(slug: str) -> int:
    """Return a provider's id (inside an app context)."""
    return factories.provider_id(get_session(), slug)


def end_authorizations_of(app, slug: str, valid_until: date) -> None:
    """End a provider's authorizations on a day and commit, as a decision elsewhere would."""
    with app.app_context():
        factories.end_authorizations(get_session(), provider=slug, valid_until=valid_until)
        get_session().commit()


def choices_of(app, invitation_id: int) -> list[Choice]:
    """Return an invitation's choices, oldest first."""
    with app.app_context():
        statement = select(Choice).where(Choice.invitation_id == invitation_id).order_by(Choice.id)
        return list(get_session().exec(statement))


def load_invitation(app, invitation_id: int) -> ChoiceInvitation:
    """Return an invitation as stored now."""
    with app.app_context():
        return get_session().get(ChoiceInvitation, invitation_id)


def error_text(response) -> str:
    """Return the message next to the code field."""
    page = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    return page.select_one("#code-error").get_text(" ", strip=True).removeprefix("Fel: ")


def main_text(page) -> str:
    """Return the text of a page's main element, spaces normalised."""
    return " ".join(page.main.get_text(" ").split())


@pytest.fixture
def people(app, rollback, monkeypatch):
    """Return a function that gives a new person's client; limits raised for these tests."""
    # The throttle has tests of its own below; here many entries come from one address.
    monkeypatch.setitem(app.config, "CHOICE_RATE_LIMIT_IP", "1000 per minute")
    monkeypatch.setitem(app.config, "CHOICE_RATE_LIMIT_CODE", "1000 per minute")

    def new_person(lang: str = "sv") -> ChoiceClient:
        return ChoiceClient(app.test_client(), lang)

    return new_person


@pytest.fixture
def chosen(app, people):
    """A person who has entered their code; returns (client, invitation id, code)."""
    invitation_id, code = stored_invitation(app)
    person = people()
    assert person.enter(code).status_code == 303
    return person, invitation_id, code


def audit_events_of(app, invitation_id: int) -> list[str]:
    """Return the audit events about an invitation, oldest first."""
    with app.app_context():
        statement = (
            select(AuditEvent.action)
            .where(AuditEvent.entity_id == invitation_id)
            .where(AuditEvent.entity_type == "choice_invitation")
            .order_by(AuditEvent.id)
        )
        return list(get_session().exec(statement))


@pytest.fixture
def fixed_choice(app, people, time_machine):
    """A person whose choice of Järvalyftet can no longer be changed by themselves."""
    time_machine.move_to(datetime(2026, 11, 23, 10, 0), tick=False)
    invitation_id, code = stored_invitation(app, deadline=date(2026, 11, 30))
    person = people()
    person.enter(code)
    person.choose("jarvalyftet")
    time_machine.move_to(datetime(2026, 12, 2, 10, 0), tick=False)
    person.enter(code)
    return person, invitation_id


def switch_requests(app, invitation_id: int) -> list[SwitchRequest]:
    """Return an invitation's switch requests."""
    with app.app_context():
        statement = select(SwitchRequest).where(SwitchRequest.invitation_id == invitation_id)
        return list(get_session().exec(statement))


def send_switch(person, **fields):
    """Send the switch form."""
    data = {"csrf_token": person.csrf_token(), **fields}
    return person.client.post(person.url("switch"), data=data)
