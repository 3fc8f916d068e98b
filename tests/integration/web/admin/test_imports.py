"""Importing results from CSV: upload, every problem, preview, confirm, all or nothing."""

import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, func
from sqlmodel import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests import htmlcheck
from tests.conftest import parse_page
from tests.factories import scene
from webapp.authorizations.models import Authorization
from webapp.catalog.models import Service
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.providers.models import Provider
from webapp.results.models import Result
from webapp.staff.models import AuditEvent

HEADER = "organisationsnummer;insats;halvar;avslutade;i_arbete;i_studier;snitt_dagar"
JOBBTORGET = "212000-9747"
LINJEN = "559236-0548"  # de-authorized 1 April 2025
FRAMTIDSVAGEN = "559498-3719"  # authorized from 1 September 2026
IMPORT_URL = "/admin/results/import"
CONFIRM_URL = "/admin/results/import/confirm"


@pytest.fixture(autouse=True)
def fresh_login_limits(app):
    """Start each test with no login attempts counted: these tests log in often."""
    limiter.reset()


@pytest.fixture(autouse=True)
def fixed_day(time_machine):
    """Import on 22 November 2026: 2026H1 is over, 2026H2 is not."""
    time_machine.move_to(datetime(2026, 11, 22, 10, 0, tzinfo=UTC), tick=False)


@pytest.fixture
def editor(staff_client):
    """A client logged in as an editor, inside a rolled-back transaction."""
    return staff_client("editor")


def upload(client, content: str | bytes, name: str = "resultat.csv"):
    """Send a file to the import form, as a browser would."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    # The body is built in memory: the test client would spool a large one to a
    # temporary file it never closes.
    boundary, body = encode_multipart(
        {
            "csrf_token": client.csrf_token(),
            "file": FileStorage(io.BytesIO(data), filename=name, content_type="text/csv"),
        }
    )
    return client.client.post(
        IMPORT_URL, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def problems(response) -> list[tuple[str, str, str]]:
    """Return the problems table as (row, column, message) texts."""
    page = parse_page(response)
    table = page.find(id="import-problems")
    assert table is not None, "no problems listed"
    return [
        tuple(cell.get_text(" ", strip=True) for cell in tr.find_all("td"))
        for tr in table.tbody.find_all("tr")
    ]


def confirm_data(response) -> dict[str, str]:
    """Return the hidden fields of the preview's confirm form."""
    form = parse_page(response).find("form", action=CONFIRM_URL)
    assert form is not None, "the preview has no confirm form"
    return {field["name"]: field.get("value", "") for field in form.find_all("input")}


def result_rows(app) -> dict[tuple, tuple]:
    """Return every stored result's values by (provider, service, period)."""
    with app.app_context():
        rows = get_session().exec(select(Result)).all()
        return {
            (row.provider_id, row.service_id, row.period): (
                row.completed,
                row.in_work,
                row.in_studies,
                row.average_days,
                row.survey_respondents,
                row.survey_satisfied,
                row.started,
                row.left_early,
                row.first_meeting_days,
                row.first_meeting_people,
            )
            for row in rows
        }


def import_events(app) -> list[AuditEvent]:
    """Return the audit events of imports, oldest first."""
    with app.app_context():
        statement = select(AuditEvent).where(AuditEvent.action == "results.import")
        return list(get_session().exec(statement.order_by(AuditEvent.id)))


def stored_result(app, org_number: str, code: str, period: str) -> Result | None:
    """Return one stored result."""
    with app.app_context():
        statement = (
            select(Result)
            .join(Provider, Provider.id == Result.provider_id)
            .join(Service, Service.id == Result.service_id)
            .where(Provider.org_number == org_number, Service.code == code, Result.period == period)
        )
        return get_session().exec(statement).first()


# --- The form and the template ------------------------------------------------------


def test_form_explains_the_format(editor):
    response = editor.get(IMPORT_URL)
    assert response.status_code == 200
    page = parse_page(response)
    assert page.h1.get_text(strip=True) == "Läs in resultat"
    form = page.find("form", action=IMPORT_URL)
    assert form["enctype"] == "multipart/form-data"
    file_input = form.find("input", type="file")
    assert page.find("label", attrs={"for": file_input["id"]}).get_text(strip=True)
    columns = [th.get_text(strip=True) for th in page.select("table th[scope=row]")]
    assert columns == [
        "organisationsnummer",
        "insats",
        "halvar",
        "avslutade",
        "i_arbete",
        "i_studier",
        "snitt_dagar",
        "enkat_svarande",
        "enkat_nojda",
        "paborjade",
        "slutade_i_fortid",
        "median_dagar_forsta_motet",
        "antal_forsta_motet",
    ]
    assert "MATCH-1" in page.get_text()  # the service codes are listed
    assert page.find("a", href="/admin/results/template.csv")


def test_template_downloads_as_excel_csv(editor):
    response = editor.get("/admin/results/template.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbforganisationsnummer;insats;halvar;")
    assert len(body.decode("utf-8-sig").strip().splitlines()) == 2


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", IMPORT_URL),
        ("post", IMPORT_URL),
        ("post", CONFIRM_URL),
        ("get", "/admin/results/template.csv"),
    ],
)
def test_caseworkers_may_not_import(staff_client, method, url):
    client = staff_client("caseworker")
    response = getattr(client, method)(url)
    assert response.status_code == 403


def test_anonymous_visitors_go_to_login(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")


# --- Upload, preview, confirm -------------------------------------------------------


def test_upload_preview_and_confirm(app, editor):
    unchanged = stored_result(app, JOBBTORGET, "MATCH-1", "2025H1")
    before_change = stored_result(app, JOBBTORGET, "MATCH-1", "2025H2")
    content = (
        "\ufeff"
        + HEADER
        + "\r\n"
        + f"{JOBBTORGET};MATCH-1;2026H1;50;20;5;100,5\r\n"
        + f"{JOBBTORGET};MATCH-1;2025H2;{before_change.completed + 1};"
        + f"{before_change.in_work};{before_change.in_studies};{before_change.average_days}\r\n"
        + f"{JOBBTORGET};MATCH-1;2025H1;{unchanged.completed};{unchanged.in_work};"
        + f"{unchanged.in_studies};{unchanged.average_days}\r\n"
    )
    before = result_rows(app)

    preview = upload(editor, content, "vår-fil.csv")

    assert preview.status_code == 200
    page = parse_page(preview)
    assert page.h1.get_text(strip=True) == "Förhandsgranska inläsningen"
    summary = [li.get_text(" ", strip=True) for li in page.select(".import-summary li")]
    assert summary == ["1 nytt resultat", "1 ändrat resultat", "1 resultat är oförändrat"]
    added = page.find(id="import-added").tbody.find_all("tr")
    assert [cell.get_text(strip=True) for cell in added[0].find_all(["th", "td"])][:8] == [
        "2",
        "Jobbtorget",
        "MATCH-1",
        "2026H1",
        "50",
        "20",
        "5",
        "101",
    ]
    (changed,) = page.find(id="import-changed").tbody.find_all("tr")
    (change,) = changed.select("li[data-field]")
    assert change["data-field"] == "completed"
    assert change.select_one(".diff-old").get_text(strip=True) == str(before_change.completed)
    assert change.select_one(".diff-new").get_text(strip=True) == str(before_change.completed + 1)
    # Per service and half-year: what shows at once, and what waits to be published.
    impact = [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in page.find(id="import-impact").tbody.find_all("tr")
    ]
    assert [row[:4] for row in impact] == [
        ["MATCH-1", "juli–december 2025 (2025H2)", "0", "1"],
        ["MATCH-1", "januari–juni 2026 (2026H1)", "1", "0"],
    ]
    assert impact[0][4].startswith("Direkt.") and "genomsnittet" in impact[0][4]
    assert impact[1][4] == "Inte förrän du publicerar halvåret för insatsen."
    assert result_rows(app) == before  # a preview writes nothing

    done = editor.post(CONFIRM_URL, confirm_data(preview))

    assert done.status_code == 302
    assert done.headers["Location"] == IMPORT_URL
    message = parse_page(editor.get(IMPORT_URL)).select_one(".success[role=status]")
    assert "1 nya och 1 ändrade resultat sparades" in message.get_text()
    new = stored_result(app, JOBBTORGET, "MATCH-1", "2026H1")
    assert (new.completed, new.in_work, new.in_studies, new.average_days) == (50, 20, 5, 101)
    assert new.survey_respondents is None
    assert stored_result(app, JOBBTORGET, "MATCH-1", "2025H2").completed == (
        before_change.completed + 1
    )
    after = result_rows(app)
    assert len(after) == len(before) + 1
    (audit,) = import_events(app)
    assert audit.summary == "vår-fil.csv: 1 added, 1 changed"
    assert audit.actor_email == "editor@kommun.example"
    assert audit.before == {f"{JOBBTORGET} MATCH-1 2025H2": {"completed": before_change.completed}}
    assert audit.after[f"{JOBBTORGET} MATCH-1 2026H1"]["completed"] == 50


def trend_periods(page, code: str) -> list[str]:
    """Return the half-years in a provider page's table for one service."""
    table = page.find(id=f"service-{code}").find_parent("section").find("table")
    return [th.get_text(strip=True) for th in table.tbody.find_all("th")]


def test_public_pages_show_imported_numbers_once_published(app, editor):
    before = parse_page(editor.get("/sv/providers/jobbtorget"))
    assert "januari–juni 2026" not in trend_periods(before, "MATCH-1")
    assert "januari 2025 – december 2025" in before.select_one(".period-note").get_text()

    preview = upload(editor, f"{HEADER}\n{JOBBTORGET};MATCH-1;2026H1;50;20;5;100\n")
    editor.post(CONFIRM_URL, confirm_data(preview))

    waiting = parse_page(editor.get("/sv/providers/jobbtorget"))
    assert trend_periods(waiting, "MATCH-1") == trend_periods(before, "MATCH-1")
    assert "januari 2025 – december 2025" in waiting.select_one(".period-note").get_text()

    published = editor.post(
        "/admin/results/half-years/publish", {"service": "MATCH-1", "period": "2026H1"}
    )
    assert published.status_code == 303

    after = parse_page(editor.get("/sv/providers/jobbtorget"))
    assert trend_periods(after, "MATCH-1")[0] == "januari–juni 2026"
    row = after.find(id="service-MATCH-1").find_parent("section").find("tbody").tr
    assert [td.get_text(strip=True) for td in row.find_all("td")][1:] == ["50", "20", "5"]
    # The page now names every window it shows: MATCH-1's moved, the others did not.
    assert "januari 2025 – juni 2026" in after.select_one(".period-note").get_text()
    other = after.find(id="service-FORB-1").find_parent("section")
    assert "Gäller bara deltagare som avslutade insatsen januari 2025 – december 2025" in (
        other.select_one(".result").get_text(" ", strip=True)
    )


def test_importing_the_same_file_twice_changes_nothing(app, editor):
    content = f"{HEADER}\n{JOBBTORGET};MATCH-1;2026H1;50;20;5;100\n"
    first_preview = upload(editor, content)
    assert editor.post(CONFIRM_URL, confirm_data(first_preview)).status_code == 302
    after_first = result_rows(app)
    assert len(import_events(app)) == 1

    second = upload(editor, content)

    page = parse_page(second)
    assert "Inget att ändra" in page.select_one("[role=status]").get_text()
    assert page.find("form", action=CONFIRM_URL) is None
    summary = [li.get_text(" ", strip=True) for li in page.select(".import-summary li")]
    assert summary[-1] == "1 resultat är oförändrat"
    # Sending the first confirmation again (a double click, the back button) is harmless,
    # and says truthfully that the file was saved.
    again = editor.post(CONFIRM_URL, confirm_data(first_preview), follow_redirects=True)
    assert again.status_code == 200
    message = parse_page(again).select("[role=status]")[-1].get_text(" ", strip=True)
    assert "Den här filen är redan sparad" in message
    assert re.search(r"sparad \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}\)", message), message
    assert "1 nya och 0 ändrade" in message
    assert result_rows(app) == after_first
    assert len(import_events(app)) == 1


def test_confirm_survives_a_browser_sending_crlf(app, editor):
    preview = upload(editor, f"{HEADER}\r\n{JOBBTORGET};MATCH-1;2026H1;50;20;5;100\r\n")
    data = confirm_data(preview)
    assert "\r" not in data["content"]
    data["content"] = data["content"].replace("\n", "\r\n")  # as forms send line breaks
    assert editor.post(CONFIRM_URL, data).status_code == 302
    assert stored_result(app, JOBBTORGET, "MATCH-1", "2026H1").completed == 50


def test_comma_separated_file_with_english_header(app, editor):
    content = (
        "org_number,service,period,completed,in_work,in_studies,average_days\n"
        f'{JOBBTORGET},MATCH-2,2026H1,30,10,2,"80,4"\n'
    )
    preview = upload(editor, content)
    assert editor.post(CONFIRM_URL, confirm_data(preview)).status_code == 302
    assert stored_result(app, JOBBTORGET, "MATCH-2", "2026H1").average_days == 80


# --- Every problem, through the page ------------------------------------------------


ROW = f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;120"
BAD_FILES = {
    "empty": (b"", ("Hela filen", "–", "Filen är tom")),
    "binary": (bytes(range(256)) * 8, ("Hela filen", "–", "inte sparad som UTF-8")),
    "nul bytes": (b"organisationsnummer\x00\x01;insats\n", ("Hela filen", "–", "textfil")),
    "wrong encoding": (
        f"{HEADER}\n{ROW};Halvår\n".encode("cp1252"),
        ("Hela filen", "–", "Arkiv > Spara som"),
    ),
    "header only": (HEADER + "\n", ("Hela filen", "–", "inga rader med resultat")),
    "wrong delimiter": (
        HEADER.replace(";", "\t") + "\n" + ROW.replace(";", "\t") + "\n",
        ("Hela filen", "–", "semikolon (;) eller komma (,)"),
    ),
    "missing column": (
        "organisationsnummer;insats;halvar;avslutade;i_arbete\n"
        f"{JOBBTORGET};MATCH-1;2025H1;40;18\n",
        ("1", "i_studier", "Kolumnen saknas i rubrikraden"),
    ),
    "unknown column": (
        HEADER + ";kommentar\n" + ROW + ";bra\n",
        ("1", "kommentar", "Kolumnen är okänd"),
    ),
    "unknown org number": (
        f"{HEADER}\n559000-0005;MATCH-1;2025H1;40;18;4;120\n",
        ("2", "organisationsnummer", "ingen anordnare med organisationsnummer 559000-0005"),
    ),
    "malformed org number": (
        f"{HEADER}\n212000-974;MATCH-1;2025H1;40;18;4;120\n",
        ("2", "organisationsnummer", "inte ett organisationsnummer"),
    ),
    "unknown service": (
        f"{HEADER}\n{JOBBTORGET};MATCH-7;2025H1;40;18;4;120\n",
        ("2", "insats", "ingen insats med koden ”MATCH-7”"),
    ),
    "not authorized any more": (
        f"{HEADER}\n{LINJEN};MATCH-1;2025H2;40;18;4;120\n",
        ("2", "insats", "Linjen Rekrytering AB var inte auktoriserad för MATCH-1 under 2025H2"),
    ),
    "not authorized yet": (
        f"{HEADER}\n{FRAMTIDSVAGEN};MATCH-1;2026H1;40;18;4;120\n",
        ("2", "insats", "var inte auktoriserad för MATCH-1 under 2026H1"),
    ),
    "malformed half-year": (
        f"{HEADER}\n{JOBBTORGET};MATCH-1;2025-H1;40;18;4;120\n",
        ("2", "halvar", "”2025-H1” är inte ett halvår"),
    ),
    "future half-year": (
        f"{HEADER}\n{JOBBTORGET};MATCH-1;2026H2;40;18;4;120\n",
        ("2", "halvar", "2026H2 är inte slut än"),
    ),
    "negative count": (
        f"{HEADER}\n{JOBBTORGET};MATCH-1;2025H1;40;-1;4;120\n",
        ("2", "i_arbete", "kan inte vara negativt"),
    ),
    "non-integer count": (
        f"{HEADER}\n{JOBBTORGET};MATCH-1;2025H1;40,5;18;4;120\n",
        ("2", "avslutade", "”40,5” är inte ett heltal"),
    ),
    "huge number": (
        f"{HEADER}\n{JOBBTORGET};MATCH-1;2025H1;{'9' * 40};18;4;120\n",
        ("2", "avslutade", "orimligt stort"),
    ),
    "more in work and studies than completed": (
        f"{HEADER}\n{JOBBTORGET};MATCH-1;2025H1;20;18;4;120\n",
        ("2", "i_arbete", "I arbete (18) och i studier (4) är tillsammans fler än avslutade (20)"),
    ),
    "duplicate rows": (
        f"{HEADER}\n{ROW}\n{ROW}\n",
        ("3", "Hela raden", "finns redan på rad 2"),
    ),
    "more satisfied than respondents": (
        f"{HEADER};enkat_svarande;enkat_nojda\n{ROW};10;11\n",
        ("2", "enkat_nojda", "Fler nöjda (11) än som svarade på enkäten (10)"),
    ),
}


@pytest.mark.parametrize(("content", "expected"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_each_problem_is_reported_and_nothing_is_stored(app, editor, content, expected):
    before = result_rows(app)

    response = upload(editor, content)

    assert response.status_code == 200
    listed = problems(response)
    assert len(listed) == 1, listed
    row, column, message = listed[0]
    assert (row, column) == expected[:2]
    assert expected[2] in message
    page = parse_page(response)
    # The file field carries the error too, and the summary links to it.
    assert "Ingenting sparades" in page.select_one(".error-message").get_text()
    assert page.select_one(".error-summary a")["href"] == "#file"
    assert result_rows(app) == before
    assert import_events(app) == []


def test_all_problems_are_listed_at_once(editor):
    content = (
        f"{HEADER}\n"
        f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;120\n"
        f"559000-0005;MATCH-1;2025H1;40;18;4;120\n"
        f"{JOBBTORGET};MATCH-1;2025H9;40;x;4;120\n"
    )
    assert [(row, column) for row, column, _ in problems(upload(editor, content))] == [
        ("3", "organisationsnummer"),
        ("4", "halvar"),
        ("4", "i_arbete"),
    ]


def test_a_long_list_of_problems_is_cut_short(editor):
    content = HEADER + "\n" + f"{JOBBTORGET};MATCH-1;2025H1;x;18;4;120\n" * 600
    response = upload(editor, content)
    listed = problems(response)
    assert len(listed) == 500
    # Reading stops after 500 problems, and says so first.
    assert "Läsningen avbröts på rad 502 av 601 efter 500 fel" in listed[0][2]


def test_no_file_chosen(editor):
    response = editor.post(IMPORT_URL, {})
    assert response.status_code == 200
    page = parse_page(response)
    assert "Välj en CSV-fil att läsa in." in page.select_one(".error-message").get_text()
    assert page.find(id="import-problems") is None


def test_file_over_the_configured_limit(app, editor, monkeypatch):
    monkeypatch.setitem(app.config, "RESULTS_IMPORT_MAX_BYTES", 1000)
    content = HEADER + "\n" + f"{ROW}\n" * 40
    assert len(content) > 1000
    ((_row, _column, message),) = problems(upload(editor, content))
    assert "Filen är för stor. Den får vara högst 1 kB." in message
    assert "1 kB" in parse_page(editor.get(IMPORT_URL)).select_one(".hint").get_text()


def test_a_hundred_thousand_rows_are_stopped_by_the_size_limit(app, editor):
    content = HEADER + "\n" + f"{ROW}\n" * 100_000
    response = upload(editor, content)
    assert response.status_code == 200
    ((_row, _column, message),) = problems(response)
    assert "Filen är för stor. Den får vara högst 2 MB." in message


def test_a_file_over_the_servers_request_limit_gets_the_same_message(app, editor, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 5000)
    response = upload(editor, HEADER + "\n" + f"{ROW}\n" * 200)
    assert response.status_code == 413
    ((_row, _column, message),) = problems(response)
    assert "Filen är för stor. Den får vara högst 2 MB." in message
    page = parse_page(response)
    assert page.find("form", action=IMPORT_URL).find("input", type="file")


def test_a_file_between_the_import_limit_and_the_request_limit(app, editor):
    content = HEADER + "\n" + f"{ROW}\n" * 60_000  # about 2.5 MB
    assert 2 * 1024 * 1024 < len(content) < app.config["MAX_CONTENT_LENGTH"]
    response = upload(editor, content)
    assert response.status_code == 200
    assert "för stor" in problems(response)[0][2]


def test_a_request_too_large_elsewhere_keeps_the_generic_page(app, editor, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 100)
    response = editor.client.post("/admin/logout", data={"x": "y" * 200})
    assert response.status_code == 413
    assert parse_page(response).find(id="import-problems") is None


# --- Confirming: checked again, tamper-proof, all or nothing ------------------------


def test_altered_content_is_refused(app, editor):
    preview = upload(editor, f"{HEADER}\n{JOBBTORGET};MATCH-1;2026H1;50;20;5;100\n")
    data = confirm_data(preview)
    data["content"] = data["content"].replace(";50;", ";49;")
    response = editor.post(CONFIRM_URL, data)
    assert response.status_code == 200
    ((_row, _column, message),) = problems(response)
    assert "ändrades mellan förhandsgranskningen och bekräftelsen" in message
    assert stored_result(app, JOBBTORGET, "MATCH-1", "2026H1") is None


def test_confirm_without_the_preview(editor):
    response = editor.post(CONFIRM_URL, {})
    assert "Förhandsgranskningen kom inte med" in problems(response)[0][2]


def test_confirm_without_a_file_name_still_saves(app, editor):
    preview = upload(editor, f"{HEADER}\n{JOBBTORGET};MATCH-1;2026H1;50;20;5;100\n")
    data = confirm_data(preview)
    del data["filename"]
    assert editor.post(CONFIRM_URL, data).status_code == 302
    assert import_events(app)[0].summary == ": 1 added, 0 changed"


def test_results_changed_since_the_preview_are_shown_again(app, editor, rollback):
    content = f"{HEADER}\n{JOBBTORGET};MATCH-1;2025H2;61;26;2;130\n"
    preview = upload(editor, content)
    with app.app_context(), scene():  # someone else saves another value meanwhile
        session = get_session()
        row = stored_result(app, JOBBTORGET, "MATCH-1", "2025H2")
        row.completed = 70
        session.add(row)
        session.commit()

    response = editor.post(CONFIRM_URL, confirm_data(preview))

    assert response.status_code == 200
    page = parse_page(response)
    assert "har ändrats sedan du förhandsgranskade" in page.select_one("[role=alert]").get_text()
    change = page.select_one("li[data-field=completed]")
    assert change.select_one(".diff-old").get_text(strip=True) == "70"
    assert stored_result(app, JOBBTORGET, "MATCH-1", "2025H2").completed == 70
    assert import_events(app) == []
    # Confirming the new preview saves it.
    assert editor.post(CONFIRM_URL, confirm_data(response)).status_code == 302
    assert stored_result(app, JOBBTORGET, "MATCH-1", "2025H2").completed == 61


def test_authorization_removed_since_the_preview_is_caught(app, editor):
    preview = upload(editor, f"{HEADER}\n{JOBBTORGET};INTRO-2;2026H1;30;10;2;90\n")
    with app.app_context(), scene():
        session = get_session()
        service = session.exec(select(Service).where(Service.code == "INTRO-2")).one()
        provider = session.exec(select(Provider).where(Provider.org_number == JOBBTORGET)).one()
        authorization = session.exec(
            select(Authorization).where(
                Authorization.provider_id == provider.id, Authorization.service_id == service.id
            )
        ).one()
        session.delete(authorization)
        session.commit()

    response = editor.post(CONFIRM_URL, confirm_data(preview))

    ((row, column, message),) = problems(response)
    assert (row, column) == ("2", "insats")
    assert "inte auktoriserad för INTRO-2 under 2026H1" in message
    assert stored_result(app, JOBBTORGET, "INTRO-2", "2026H1") is None


def test_a_database_error_at_the_last_row_leaves_everything_unchanged(app, editor):
    changed = stored_result(app, JOBBTORGET, "MATCH-1", "2025H2")
    content = (
        f"{HEADER}\n"
        f"{JOBBTORGET};MATCH-1;2025H2;{changed.completed + 5};{changed.in_work};"
        f"{changed.in_studies};{changed.average_days}\n"
        f"{JOBBTORGET};MATCH-1;2026H1;50;20;5;100\n"
        f"{JOBBTORGET};MATCH-2;2026H1;40;10;5;100\n"
        f"{JOBBTORGET};INTRO-2;2026H1;30;10;2;90\n"
    )
    preview = upload(editor, content)
    with app.app_context():
        last_service = get_session().exec(select(Service.id).where(Service.code == "INTRO-2")).one()
    before = result_rows(app)
    with app.app_context():
        audit_count = get_session().exec(select(func.count()).select_from(AuditEvent)).one()

    def break_last_row(_mapper, _connection, target):
        # A value the database's check constraint refuses, as if validation had missed it.
        if target.service_id == last_service:
            target.in_work = target.completed + 1

    event.listen(Result, "before_insert", break_last_row)
    try:
        response = editor.post(CONFIRM_URL, confirm_data(preview))
    finally:
        event.remove(Result, "before_insert", break_last_row)

    assert response.status_code == 200
    ((_row, _column, message),) = problems(response)
    assert "kunde inte sparas" in message
    assert "Ingenting sparades" in message
    assert result_rows(app) == before  # the change and the earlier new rows are gone too
    with app.app_context():
        assert get_session().exec(select(func.count()).select_from(AuditEvent)).one() == (
            audit_count
        )
    # Nothing is left half-done: the same confirmation now goes through.
    assert editor.post(CONFIRM_URL, confirm_data(preview)).status_code == 302
    assert len(result_rows(app)) == len(before) + 3


# --- The pages are valid HTML -------------------------------------------------------


def test_import_pages_are_valid_html(app, editor):
    same = stored_result(app, JOBBTORGET, "MATCH-1", "2025H1")
    unchanged_row = (
        f"{JOBBTORGET};MATCH-1;2025H1;{same.completed};{same.in_work};{same.in_studies};"
        f"{same.average_days}"
    )
    pages = {
        "form": editor.get(IMPORT_URL),
        "problems": upload(editor, f"{HEADER}\n{ROW}\n{ROW}\nx;y;z;1;2;3;4\n"),
        "preview": upload(
            editor,
            f"{HEADER}\n{JOBBTORGET};MATCH-1;2026H1;50;20;5;100\n"
            f"{JOBBTORGET};MATCH-1;2025H2;1;0;0;\n",
        ),
        "nothing to change": upload(editor, f"{HEADER}\n{unchanged_row}\n"),
    }
    assert "Inget att ändra" in pages["nothing to change"].get_data(as_text=True)
    for response in pages.values():
        assert response.status_code == 200
    errors = htmlcheck.validate({name: response.data for name, response in pages.items()})
    assert not errors, "\n".join(errors)
