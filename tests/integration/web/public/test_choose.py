"""The client's online choice through the test client: code, providers, confirm, receipt, switch."""

import re
from datetime import date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from tests import htmlcheck
from tests.conftest import build_app, isolated_database_url, parse_page
from webapp.authorizations.models import Authorization
from webapp.catalog.models import Service
from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.choices.rules import create_invitation
from webapp.core import clock
from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.providers.models import Provider

GENERIC = (
    "Koden stämmer inte. Kontrollera att du har skrivit av koden rätt."
    " Om det fortfarande inte fungerar, kontakta din handläggare."
)
LOCKED = "Koden är låst efter för många försök. Kontakta din handläggare."
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


def service_id(code: str) -> int:
    """Return a service's id (inside an app context)."""
    return get_session().exec(select(Service.id).where(Service.code == code)).one()


def provider_id(slug: str) -> int:
    """Return a provider's id (inside an app context)."""
    return get_session().exec(select(Provider.id).where(Provider.slug == slug)).one()


def make_invitation(app, *, service="MATCH-1", deadline=None, **changes) -> tuple[int, str]:
    """Create and commit an invitation; return its id and its code."""
    with app.app_context():
        session = get_session()
        invitation, code = create_invitation(
            session,
            service_id=service_id(service),
            decision_date=clock.today(),
            deadline=deadline or clock.today() + timedelta(days=14),
            letter_lang="so",
            case_reference="",
            key=app.config["CHOICE_CODE_KEY"],
            created_by=None,
        )
        for name, value in changes.items():
            setattr(invitation, name, value)
        session.commit()
        return invitation.id, code


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
    invitation_id, code = make_invitation(app)
    person = people()
    assert person.enter(code).status_code == 303
    return person, invitation_id, code


# --- The code ----------------------------------------------------------------------


def test_code_page_explains_and_has_one_field_made_for_typing_a_code(people):
    person = people()
    response = person.client.get("/sv/choose")
    page = parse_page(response)
    field = page.find("input", attrs={"name": "code"})
    assert page.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Kod"
    hint = page.find(id=field["aria-describedby"]).get_text(strip=True)
    assert hint == "Koden står i brevet från kommunen. Den ser ut så här: ABCD-EFGH-JKMN."
    assert field["autocomplete"] == "off"
    assert field["autocapitalize"] == "characters"
    assert field["spellcheck"] == "false"
    assert field["inputmode"] == "text"
    assert [f["name"] for f in page.select("form.choose-code input")] == [
        "csrf_token",
        "code",
    ]
    assert "kaka (cookie) som behövs" in main_text(page)
    assert "session=" in response.headers["Set-Cookie"]  # the one strictly necessary cookie


def test_ordinary_public_pages_set_no_cookie(client):
    for url in ("/sv/", "/sv/providers", "/sv/providers/jobbtorget", "/ar/providers"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, url


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {spaced} "])
def test_valid_code_opens_a_fresh_session_holding_only_the_invitation(app, people, typed):
    invitation_id, code = make_invitation(app)
    person = people()
    with person.client.session_transaction() as session:
        session["left_over"] = "from before"
    entered = typed.format(code=code, lower=code.lower(), spaced=code.replace("-", " "))
    response = person.enter(entered)
    assert response.status_code == 303
    assert response.headers["Location"] == "/sv/choose/providers"
    with person.client.session_transaction() as session:
        assert dict(session) == {"choice_invitation": invitation_id, "_permanent": True}
    assert load_invitation(app, invitation_id).code_attempts == 1


def test_malformed_and_unknown_codes_get_the_same_answer(app, people):
    make_invitation(app)
    person = people()
    malformed = person.enter("ABCD-1234")
    unknown = person.enter("ABCD-EFGH-JKMN")
    assert malformed.status_code == unknown.status_code == 200
    assert error_text(malformed) == error_text(unknown) == GENERIC
    page = parse_page(unknown)
    assert page.find("input", attrs={"name": "code"})["value"] == "ABCD-EFGH-JKMN"
    assert page.find("input", attrs={"name": "code"})["aria-invalid"] == "true"
    assert page.select_one(".error-summary a")["href"] == "#code"
    with person.client.session_transaction() as session:
        assert "choice_invitation" not in session


def test_empty_code_asks_for_the_code(people):
    response = people().enter("   ")
    assert response.status_code == 200
    assert error_text(response) == "Skriv koden från brevet."


def test_cancelled_code_gets_the_generic_answer(app, people):
    _id, code = make_invitation(app, cancelled_at=utc_now())
    response = people().enter(code)
    assert response.status_code == 200
    assert error_text(response) == GENERIC


def test_code_locks_after_too_many_entries_and_stays_locked(app, people, monkeypatch):
    monkeypatch.setitem(app.config, "CHOICE_CODE_MAX_ATTEMPTS", 3)
    invitation_id, code = make_invitation(app)
    person = people()
    assert [person.enter(code).status_code for _ in range(3)] == [303, 303, 303]
    locked = person.enter(code)
    assert locked.status_code == 200
    assert error_text(locked) == LOCKED
    assert error_text(people().enter(code.lower())) == LOCKED  # from anywhere, from now on
    stored = load_invitation(app, invitation_id)
    assert stored.locked
    assert stored.code_attempts == 4
    # The browser that got in before the lock is told so, and cannot choose.
    page = person.page("providers")
    assert LOCKED in main_text(page)
    assert not page.select("form.choose-form")


# --- Throttling ----------------------------------------------------------------------


@pytest.fixture
def throttled_app(tmp_path_factory):
    """An app with low limits on code entries and a database of its own."""
    app = build_app(
        isolated_database_url(tmp_path_factory, "choose_throttle"),
        CHOICE_RATE_LIMIT_IP="3 per minute",
        CHOICE_RATE_LIMIT_CODE="2 per minute",
    )
    yield app
    app.extensions["db_engine"].dispose()


def client_at(app, address: str) -> ChoiceClient:
    """Return a client that comes from the given IP address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return ChoiceClient(client)


def test_code_entries_are_throttled_per_address(throttled_app):
    person = client_at(throttled_app, "10.0.0.1")
    codes = ["AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF", "GGGG-HHHH-JJJJ", "KKKK-MMMM-NNNN"]
    statuses = [person.enter(code).status_code for code in codes]
    assert statuses == [200, 200, 200, 429]
    assert "För många försök" in person.enter("PPPP-QQQQ-RRRR").get_data(as_text=True)
    assert client_at(throttled_app, "10.0.0.2").enter(codes[-1]).status_code == 200


def test_code_entries_are_throttled_per_code_whatever_the_address(throttled_app):
    code = "AAAA-BBBB-CCCC"
    statuses = [
        client_at(throttled_app, f"10.0.1.{n}").enter(typed).status_code
        for n, typed in enumerate([code, code.lower(), code.replace("-", " ")])
    ]
    assert statuses == [200, 200, 429]  # the same code however it is typed
    assert client_at(throttled_app, "10.0.1.9").enter("DDDD-EEEE-FFFF").status_code == 200
    # The limiter's keys hold a hash of the code, never the code.
    keys = " ".join(str(key) for key in limiter.storage.storage)
    assert "AAAABBBBCCCC" not in keys.upper()
    assert "choice-code:" in keys


def test_text_that_cannot_be_a_code_is_throttled_per_address_only(throttled_app):
    statuses = [
        client_at(throttled_app, f"10.0.3.{n}").enter(typed).status_code
        for n, typed in enumerate(["ABCD", "abcd", "A-B-C-D", ""])
    ]
    assert statuses == [200, 200, 200, 200]


def test_throttled_answer_is_the_same_for_known_and_unknown_codes(throttled_app):
    _id, code = make_invitation(throttled_app)
    known = client_at(throttled_app, "10.0.2.1")
    unknown = client_at(throttled_app, "10.0.2.2")
    for _ in range(2):
        known.enter(code)
        unknown.enter("AAAA-BBBB-CCCC")
    assert known.enter(code).status_code == unknown.enter("AAAA-BBBB-CCCC").status_code == 429


# --- Pages that need the code ---------------------------------------------------------


@pytest.mark.parametrize("path", CHOOSE_PAGES)
def test_choice_pages_without_a_code_send_to_the_code_form(people, path):
    person = people()
    response = person.client.get(person.url(path))
    assert response.status_code == 302
    assert response.headers["Location"] == "/sv/choose"
    page = parse_page(person.client.get("/sv/choose"))
    assert "Skriv koden från brevet för att se ditt val." in main_text(page)


def test_choice_pages_are_private_and_not_indexed(chosen):
    person, _id, _code = chosen
    for path in ["", *CHOOSE_PAGES]:
        response = person.client.get(person.url(path))
        assert response.headers["Cache-Control"] == "no-store", path
        assert "noindex" in response.headers["X-Robots-Tag"], path
    assert "X-Robots-Tag" not in person.client.get("/sv/providers").headers


def test_providers_page_shows_the_service_deadline_and_only_authorized_providers(chosen):
    person, _id, _code = chosen
    page = person.page("providers")
    text = main_text(page)
    assert "Matchning mot arbete – grund" in text
    deadline = clock.today() + timedelta(days=14)
    assert f"{deadline.day} " in page.select_one(".choose-facts").get_text()
    offered = {button["value"] for button in page.select("form.choose-form button")}
    assert offered >= AUTHORIZED
    assert NOT_FOR_THE_SERVICE not in offered and DEAUTHORIZED not in offered
    form = page.select_one("form.choose-form")
    assert form["method"] == "get" and form["action"] == "/sv/choose/confirm"
    assert page.select_one("button[value=jarvalyftet]").get_text() == "Välj Järvalyftet AB"
    # The comparison tools of the public list, for this service.
    compare = page.find("form", id="compare-form")
    assert compare["action"] == "/sv/compare"
    assert compare.find("input", attrs={"name": "service"})["value"] == "MATCH-1"
    assert len(page.select("input[name=p][form=compare-form]")) == len(offered)
    assert page.select(".provider-card .result")
    assert page.select_one("form.choose-leave")["action"] == "/sv/choose/leave"


def test_providers_can_be_sorted_by_result(chosen):
    person, _id, _code = chosen
    by_name = [b["value"] for b in person.page("providers").select("form.choose-form button")]
    by_result = [
        b["value"] for b in person.page("providers?sort=result").select("form.choose-form button")
    ]
    assert sorted(by_name) == sorted(by_result)
    assert by_name != by_result


def test_the_code_is_kept_across_languages(chosen):
    person, _id, _code = chosen
    person.lang = "ar"
    page = person.page("providers")
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    switcher = page.select_one("nav.language-nav a[hreflang=so]")["href"]
    assert switcher == "/so/choose/providers"
    person.lang = "so"
    assert person.page("providers").html["lang"] == "so"


# --- Choosing ---------------------------------------------------------------------------


def test_full_flow_from_code_to_receipt(app, chosen):
    person, invitation_id, _code = chosen
    confirm = person.page("confirm?provider=jarvalyftet")
    text = main_text(confirm)
    assert "Järvalyftet AB" in text and "Matchning mot arbete – grund" in text
    assert "Du kan ändra ditt val fram till och med" in text
    assert confirm.select_one("main .result")
    form = confirm.select_one("form.choose-confirm")
    assert form["action"] == "/sv/choose/confirm"
    assert form.find("input", attrs={"name": "provider"})["value"] == "jarvalyftet"
    assert len(form.find("input", attrs={"name": "token"})["value"]) >= 20

    response = person.choose("jarvalyftet")
    assert response.status_code == 303
    assert response.headers["Location"] == "/sv/choose/receipt"

    [choice] = choices_of(app, invitation_id)
    assert choice.kind == "client" and choice.is_current and choice.confirm_token
    with app.app_context():
        assert choice.provider_id == provider_id("jarvalyftet")
    receipt = person.page("receipt")
    reference = receipt.find(id="reference").get_text(strip=True)
    assert re.fullmatch(rf"V{choice.chosen_at:%Y}-{choice.id:06d}", reference)
    text = main_text(receipt)
    assert "Järvalyftet AB" in text and "kontakt@jarvalyftet.example" in text
    assert "Din handläggare ser det direkt" in text
    assert receipt.select_one("button.js-print")
    assert "bistånd" not in text and "försörjningsstöd" not in text


def test_client_may_change_the_choice_before_the_deadline(app, chosen):
    person, invitation_id, _code = chosen
    person.choose("jarvalyftet")
    page = person.page("providers")
    assert "Du har valt Järvalyftet AB." in main_text(page)
    assert not page.select("button[value=jarvalyftet]")  # the current one is marked instead
    assert "Du har valt Järvalyftet AB tidigare" in main_text(
        person.page("confirm?provider=jobbtorget")
    )
    assert person.choose("jobbtorget").status_code == 303
    old, new = choices_of(app, invitation_id)
    assert not old.is_current and new.is_current
    with app.app_context():
        assert (old.provider_id, new.provider_id) == (
            provider_id("jarvalyftet"),
            provider_id("jobbtorget"),
        )
    assert "Jobbtorget" in person.page("receipt").select_one(".receipt").get_text()


def test_double_click_records_one_choice_and_gives_the_same_receipt(app, chosen):
    person, invitation_id, _code = chosen
    fields = person.confirm_form("jarvalyftet")
    first = person.client.post(person.url("confirm"), data=fields)
    second = person.client.post(person.url("confirm"), data=fields)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"] == "/sv/choose/receipt"
    assert len(choices_of(app, invitation_id)) == 1


@pytest.mark.parametrize("slug", [NOT_FOR_THE_SERVICE, DEAUTHORIZED, "no-such-provider", ""])
def test_provider_not_authorized_for_the_service_today_cannot_be_chosen(app, chosen, slug):
    person, invitation_id, _code = chosen
    message = "Den här anordnaren kan inte väljas för din insats i dag."
    assert message in main_text(person.page(f"confirm?provider={slug}", status=422))
    fields = person.confirm_form("jarvalyftet")
    response = person.client.post(person.url("confirm"), data={**fields, "provider": slug})
    assert response.status_code == 422
    assert message in main_text(parse_page(response))
    assert choices_of(app, invitation_id) == []


def test_provider_deauthorized_after_the_list_was_shown_cannot_be_chosen(app, rollback, chosen):
    person, invitation_id, _code = chosen
    fields = person.confirm_form("jarvalyftet")
    with app.app_context():
        session = get_session()
        for authorization in session.exec(
            select(Authorization).where(Authorization.provider_id == provider_id("jarvalyftet"))
        ):
            authorization.valid_until = clock.today()
            session.add(authorization)
        session.commit()
    response = person.client.post(person.url("confirm"), data=fields)
    assert response.status_code == 422
    assert choices_of(app, invitation_id) == []


def test_choice_is_fixed_after_the_deadline(app, people, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0), tick=False)
    invitation_id, code = make_invitation(app, deadline=date(2026, 11, 30))
    person = people()
    person.enter(code)
    person.choose("jarvalyftet")
    fields = person.confirm_form("jobbtorget")

    time_machine.move_to(datetime(2026, 12, 1, 10, 0), tick=False)
    assert person.enter(code).status_code == 303  # the session ran out; the code still works
    page = person.page("providers")
    text = main_text(page)
    assert "Din anordnare är Järvalyftet AB. Tiden för att ändra valet har gått ut." in text
    assert not page.select("form.choose-form")
    assert page.select_one("a[href='/sv/choose/switch']")
    redirected = person.client.get(person.url("confirm?provider=jobbtorget"))
    assert redirected.headers["Location"] == "/sv/choose/providers"
    fields["csrf_token"] = person.csrf_token()
    refused = person.client.post(person.url("confirm"), data=fields)
    assert refused.status_code == 303
    [choice] = choices_of(app, invitation_id)
    assert choice.is_current
    assert "Valet kan inte ändras längre." in main_text(person.page("receipt"))


def test_default_provider_is_applied_lazily_once_the_deadline_has_passed(app, people, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0), tick=False)
    invitation_id, code = make_invitation(app, deadline=date(2026, 11, 30))
    person = people()
    person.enter(code)
    assert "Om du inte väljer i tid får du kommunens egen anordnare." in main_text(
        person.page("providers")
    )
    assert choices_of(app, invitation_id) == []

    # No daily job has run: reading the invitation applies the default.
    time_machine.move_to(datetime(2026, 12, 1, 10, 0), tick=False)
    person.enter(code)
    page = person.page("providers")
    assert "Därför har du fått kommunens egen anordnare: Jobbtorget." in main_text(page)
    assert not page.select("form.choose-form")
    [choice] = choices_of(app, invitation_id)
    assert choice.kind == "default" and choice.is_current
    # Committed when read: the next request finds it and adds nothing.
    receipt = person.page("receipt")
    assert len(choices_of(app, invitation_id)) == 1
    assert receipt.find(id="reference")
    assert "kommunens egen anordnare" in main_text(receipt)


def test_cancelled_while_open_says_so_and_offers_nothing(app, chosen):
    person, invitation_id, _code = chosen
    with app.app_context():
        session = get_session()
        invitation = session.get(ChoiceInvitation, invitation_id)
        invitation.cancelled_at = utc_now()
        session.add(invitation)
        session.commit()
    page = person.page("providers")
    assert "Du kan inte välja anordnare med den här koden." in main_text(page)
    assert not page.select("form.choose-form")
    assert person.client.get(person.url("confirm?provider=jobbtorget")).status_code == 303


def test_deauthorized_choice_can_be_made_again_after_the_deadline(app, people, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0), tick=False)
    invitation_id, code = make_invitation(app, deadline=date(2026, 11, 30))
    person = people()
    person.enter(code)
    person.choose("jarvalyftet")
    with app.app_context():
        session = get_session()
        for authorization in session.exec(
            select(Authorization).where(Authorization.provider_id == provider_id("jarvalyftet"))
        ):
            authorization.valid_until = date(2026, 12, 5)
            session.add(authorization)
        session.commit()
    time_machine.move_to(datetime(2026, 12, 10, 10, 0), tick=False)
    person.enter(code)
    page = person.page("providers")
    assert "Järvalyftet AB får inte längre ge din insats. Välj en ny anordnare." in main_text(page)
    assert person.choose("jobbtorget").status_code == 303
    assert choices_of(app, invitation_id)[-1].is_current


# --- Switch requests ------------------------------------------------------------------------


@pytest.fixture
def fixed_choice(app, people, time_machine):
    """A person whose choice of Järvalyftet can no longer be changed by themselves."""
    time_machine.move_to(datetime(2026, 11, 23, 10, 0), tick=False)
    invitation_id, code = make_invitation(app, deadline=date(2026, 11, 30))
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


def test_switch_request_is_sent_to_the_caseworker(app, fixed_choice):
    person, invitation_id = fixed_choice
    page = person.page("switch")
    options = [o["value"] for o in page.select("select[name=provider] option")]
    assert options[0] == "" and "jobbtorget" in options
    assert "jarvalyftet" not in options and DEAUTHORIZED not in options
    reason = page.find("textarea", attrs={"name": "reason"})
    assert reason["maxlength"] == "500"
    assert "Högst 500 tecken" in page.find(id=reason["aria-describedby"].split()[0]).get_text()

    response = send_switch(person, provider="jobbtorget", reason="  Jag har flyttat.  ")
    assert response.status_code == 303
    assert response.headers["Location"] == "/sv/choose/providers"
    [request] = switch_requests(app, invitation_id)
    assert request.status == "pending" and request.reason == "Jag har flyttat."
    with app.app_context():
        assert request.provider_id == provider_id("jobbtorget")
    text = main_text(person.page("providers"))
    assert "Du har bett om att få byta till Jobbtorget" in text
    assert "Din begäran om byte är skickad till din handläggare." in text


def test_second_pending_switch_request_is_refused(app, fixed_choice):
    person, invitation_id = fixed_choice
    send_switch(person, provider="jobbtorget", reason="Flyttat.")
    response = send_switch(person, provider="arbetslust-stockholm", reason="Ändrat mig.")
    assert response.status_code == 200
    assert "Du har redan en begäran om byte som väntar på beslut." in main_text(
        parse_page(response)
    )
    assert len(switch_requests(app, invitation_id)) == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"provider": "", "reason": "Flyttat."}, "provider", "Välj vilken anordnare du vill"),
        ({"provider": "jobbtorget", "reason": "  "}, "reason", "Skriv varför du vill byta"),
        ({"provider": "jobbtorget", "reason": "x" * 501}, "reason", "Skriv högst 500 tecken."),
        ({"provider": DEAUTHORIZED, "reason": "Flyttat."}, "provider", "Välj en anordnare i"),
        ({"provider": "jarvalyftet", "reason": "Flyttat."}, "provider", "Välj en anordnare i"),
    ],
)
def test_switch_form_errors_are_shown_next_to_the_field(app, fixed_choice, fields, field, message):
    person, invitation_id = fixed_choice
    response = send_switch(person, **fields)
    assert response.status_code == 200
    page = parse_page(response)
    assert message in page.find(id=f"{field}-error").get_text()
    assert page.select_one(".error-summary")
    if fields["reason"].strip():
        assert page.find("textarea", attrs={"name": "reason"}).get_text() == fields["reason"]
    assert switch_requests(app, invitation_id) == []


def test_switch_is_not_offered_while_the_client_can_still_change(app, chosen):
    person, invitation_id, _code = chosen
    person.choose("jarvalyftet")
    page = person.page("switch")
    assert "Du kan fortfarande ändra ditt val själv." in main_text(page)
    assert not page.select("form textarea")
    send_switch(person, provider="jobbtorget", reason="Flyttat.")
    assert switch_requests(app, invitation_id) == []


# --- Leaving -----------------------------------------------------------------------------------


def test_leaving_forgets_the_code_in_this_browser(chosen):
    person, _id, _code = chosen
    response = person.client.post(person.url("leave"))  # works without a form token
    assert response.status_code == 303
    assert response.headers["Location"] == "/sv/choose"
    assert "Du är utloggad." in main_text(person.page(""))
    assert person.client.get(person.url("providers")).status_code == 302
    with person.client.session_transaction() as session:
        assert "choice_invitation" not in session


# --- The pages themselves ------------------------------------------------------------------------


def test_choice_pages_load_nothing_from_other_hosts(chosen):
    person, _id, _code = chosen
    person.choose("jarvalyftet")
    for path in ["", "providers", "confirm?provider=jobbtorget", "receipt", "switch"]:
        page = person.page(path)
        for tag, attribute in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("form", "action"),
        ):
            for element in page.find_all(tag):
                if tag == "link" and element.get("rel") == ["alternate"]:
                    continue
                value = element.get(attribute, "")
                assert not value.startswith(("http:", "https:", "//")), (path, value)


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_choice_pages_are_valid_html(app, people, lang):
    _id, code = make_invitation(app)
    person = people(lang)
    documents = {}
    documents["code form with an error"] = person.enter("ABCD-EFGH").data
    person.enter(code)
    for path in ["providers", "confirm?provider=jobbtorget", "confirm?provider=oppna-vagar"]:
        documents[path] = person.client.get(person.url(path)).data
    person.choose("jobbtorget")
    for path in ["receipt", "switch", ""]:
        documents[path or "code form"] = person.client.get(person.url(path)).data
    errors = htmlcheck.validate(documents)
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)


def test_closed_choice_and_switch_pages_are_valid_html(fixed_choice):
    person, _id = fixed_choice
    documents = {
        "providers, closed": person.client.get(person.url("providers")).data,
        "switch form": person.client.get(person.url("switch")).data,
        "switch form with errors": send_switch(person, provider="", reason="").data,
    }
    send_switch(person, provider="jobbtorget", reason="Flyttat.")
    documents["providers, switch pending"] = person.client.get(person.url("providers")).data
    errors = htmlcheck.validate(documents)
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)
