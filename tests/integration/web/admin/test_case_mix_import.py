"""Importing case-mix counts: the form, every problem, preview, confirm once, all or nothing."""

import io
from datetime import UTC, datetime

import pytest
from sqlmodel import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.conftest import parse_page
from tests.factories.results import add_result, seeded_provider, seeded_service
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.results.casemix.models import CaseMixCount, CaseMixImport
from webapp.staff.models import AuditEvent

HEADER = (
    "organisationsnummer;insats;halvar;aldersgrupp;tid_med_bistand;nyanland;niva;avslutade;"
    "i_arbete_eller_studier"
)
JOBBTORGET = "212000-9747"
IMPORT_URL = "/admin/results/case-mix/import"
CONFIRM_URL = "/admin/results/case-mix/import/confirm"
# Jobbtorget's stored MATCH-1 result for 2025H2: 59 completed, 26 + 2 in work or studies.
VALID = [
    f"{JOBBTORGET};MATCH-1;2025H2;18-24;lt1;nej;1;30;15",
    f"{JOBBTORGET};MATCH-1;2025H2;30-49;gt3;ja;3;29;13",
]


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


def file_text(*rows: str, header: str = HEADER) -> str:
    """Return a case-mix file: the header and these rows."""
    return "\n".join([header, *rows]) + "\n"


def upload(client, content: str, name: str = "grupper.csv"):
    """Send a file to the case-mix form, as a browser would."""
    boundary, body = encode_multipart(
        {
            "csrf_token": client.csrf_token(),
            "file": FileStorage(
                io.BytesIO(content.encode("utf-8")), filename=name, content_type="text/csv"
            ),
        }
    )
    return client.client.post(
        IMPORT_URL, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def problems(response) -> list[tuple[str, ...]]:
    """Return the problems table as (row, column, message) texts."""
    table = parse_page(response).find(id="import-problems")
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


def stored_strata(app, period: str = "2025H2", code: str = "MATCH-1") -> dict[tuple, tuple]:
    """Return Jobbtorget's stored strata of one half-year by stratum."""
    with app.app_context():
        session = get_session()
        provider = seeded_provider(session)
        service = seeded_service(session, code)
        rows = session.exec(
            select(CaseMixCount).where(
                CaseMixCount.provider_id == provider.id,
                CaseMixCount.service_id == service.id,
                CaseMixCount.period == period,
            )
        )
        return {
            (r.age_band, r.assistance, r.newcomer, r.level): (r.completed, r.in_work_or_studies)
            for r in rows
        }


def events(app) -> list[AuditEvent]:
    """Return the case-mix import audit events."""
    with app.app_context():
        statement = select(AuditEvent).where(AuditEvent.action == "results.case_mix_import")
        return list(get_session().exec(statement))


def test_the_form_explains_the_columns_and_offers_a_template(editor):
    page = parse_page(editor.get(IMPORT_URL))
    assert page.h1.get_text(strip=True) == "Läs in deltagargrupper"
    columns = [th.get_text(strip=True) for th in page.select("table th[scope=row]")]
    assert columns == HEADER.split(";")
    assert page.find("a", href="/admin/results/case-mix/template.csv")
    nav = page.select_one("nav.section-nav")
    assert nav.find("a", attrs={"aria-current": "page"}).get_text(strip=True) == (
        "Läs in deltagargrupper"
    )
    template = editor.get("/admin/results/case-mix/template.csv")
    assert template.mimetype == "text/csv"
    assert template.get_data().startswith(("\ufeff" + HEADER).encode("utf-8"))


def test_preview_then_confirm_replaces_the_half_years_strata_once(app, editor):
    before = stored_strata(app)
    assert sum(c for c, _s in before.values()) == 59  # the demo's strata add up

    preview = upload(editor, file_text(*VALID))

    assert preview.status_code == 200
    page = parse_page(preview)
    assert page.h1.get_text(strip=True) == "Förhandsgranska deltagargrupperna"
    changed = page.find(id="case-mix-changed")
    assert "Jobbtorget" in changed.get_text() and "59" in changed.get_text()
    assert stored_strata(app) == before  # nothing saved by a preview
    data = confirm_data(preview)

    saved = editor.post(CONFIRM_URL, data)

    assert saved.status_code == 302
    assert stored_strata(app) == {
        ("18-24", "lt1", False, 1): (30, 15),
        ("30-49", "gt3", True, 3): (29, 13),
    }
    done = parse_page(editor.get(saved.headers["Location"]))
    assert "Inläsningen är klar" in done.select_one(".success").get_text()
    [event] = events(app)
    assert event.entity_type == "case_mix"
    assert "MATCH-1 2025H2" in " ".join(event.after)

    again = editor.post(CONFIRM_URL, data)  # a double submit

    assert again.status_code == 302
    assert "redan sparad" in parse_page(editor.get(again.headers["Location"])).get_text()
    assert len(events(app)) == 1
    with app.app_context():
        assert len(get_session().exec(select(CaseMixImport)).all()) == 1


def test_strata_that_do_not_add_up_to_the_result_are_refused(app, editor):
    before = stored_strata(app)
    response = upload(
        editor, file_text(VALID[0], f"{JOBBTORGET};MATCH-1;2025H2;50+;gt3;nej;2;20;13")
    )
    [(row, column, message)] = problems(response)
    assert row == "2" and column == "Hela raden"
    assert "50 avslutade och 28 i arbete eller studier" in message
    assert "59 avslutade och 28 i arbete eller studier" in message
    assert stored_strata(app) == before


def test_every_cell_is_checked_and_named(editor):
    response = upload(
        editor,
        file_text(
            f"{JOBBTORGET};MATCH-1;2025H2;17-20;lt1;nej;1;30;15",
            f"{JOBBTORGET};MATCH-1;2025H2;18-24;sometimes;kanske;4;30;31",
            f"{JOBBTORGET};MATCH-1;2025H2;18-24;lt1;nej;1;x;",
        ),
    )
    found = problems(response)
    by_column = {column: message for _row, column, message in found}
    assert "Skriv 18-24, 25-29, 30-49 eller 50+" in by_column["aldersgrupp"]
    assert "lt1" in by_column["tid_med_bistand"]
    assert "ja eller nej" in by_column["nyanland"]
    assert "1, 2 eller 3" in by_column["niva"]
    assert "fler än avslutade" in " ".join(m for _r, _c, m in found)
    assert "inte ett tal" in by_column["avslutade"]
    assert "Värde saknas" in by_column["i_arbete_eller_studier"]


def test_a_half_year_without_a_result_is_refused(editor):
    response = upload(editor, file_text(f"{JOBBTORGET};MATCH-1;2026H1;18-24;lt1;nej;1;30;15"))
    [(_row, _column, message)] = problems(response)
    assert "Det finns inget resultat för Jobbtorget, MATCH-1, 2026H1" in message


def test_a_repeated_stratum_and_a_missing_column_are_refused(editor):
    repeated = upload(editor, file_text(VALID[0], VALID[0]))
    assert any("finns redan på rad 2" in m for _r, _c, m in problems(repeated))
    header = HEADER.replace(";niva", "")
    missing = upload(editor, file_text("x", header=header))
    assert ("1", "niva", "Kolumnen saknas i rubrikraden. Den måste finnas med.") in problems(
        missing
    )


def test_a_new_half_year_is_added_and_shows_only_once_published(app, editor):
    with app.app_context():
        session = get_session()
        add_result(
            session,
            provider_id=seeded_provider(session).id,
            service_id=seeded_service(session).id,
            period="2026H1",
            completed=12,
            in_work=5,
            in_studies=1,
        )
        session.commit()
    preview = upload(editor, file_text(f"{JOBBTORGET};MATCH-1;2026H1;25-29;1to3;nej;2;12;6"))
    impact = parse_page(preview).find(id="case-mix-impact").get_text(" ", strip=True)
    assert "Inte förrän du publicerar halvåret" in impact
    assert parse_page(preview).find(id="case-mix-added")
    saved = editor.post(CONFIRM_URL, confirm_data(preview))
    assert saved.status_code == 302
    assert stored_strata(app, "2026H1") == {("25-29", "1to3", False, 2): (12, 6)}


def test_a_file_that_changes_nothing_says_so(app, editor):
    with app.app_context():
        stored = stored_strata(app)
    rows = [
        f"{JOBBTORGET};MATCH-1;2025H2;{age};{assistance};{'ja' if newcomer else 'nej'};{level};"
        f"{completed};{successes}"
        for (age, assistance, newcomer, level), (completed, successes) in stored.items()
    ]
    page = parse_page(upload(editor, file_text(*rows)))
    assert "Inget att ändra" in page.get_text()
    assert page.find("form", action=CONFIRM_URL) is None


def test_stored_data_changing_after_the_preview_saves_nothing(app, editor):
    preview = upload(editor, file_text(*VALID))
    first = upload(
        editor,
        file_text(VALID[1].replace(";29;13", ";29;12"), VALID[0].replace(";30;15", ";30;16")),
    )
    editor.post(CONFIRM_URL, confirm_data(first))
    after_other = stored_strata(app)

    response = editor.post(CONFIRM_URL, confirm_data(preview))

    assert response.status_code == 200
    assert "har ändrats sedan du förhandsgranskade" in parse_page(response).get_text()
    assert stored_strata(app) == after_other


def test_a_file_named_with_a_personal_identity_number_is_kept_without_its_name(app, editor):
    preview = upload(editor, file_text(*VALID), name="19850101-1234 grupper.csv")
    assert "19850101-1234" not in preview.get_data(as_text=True)
    editor.post(CONFIRM_URL, confirm_data(preview))
    [event] = events(app)
    assert "19850101" not in event.summary
    with app.app_context():
        [record] = get_session().exec(select(CaseMixImport)).all()
        assert record.filename == ""
