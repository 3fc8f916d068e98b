"""The delivery columns in the import pages: explained, previewed, refused precisely, saved."""

from tests.conftest import parse_page
from tests.factories.results import DELIVERY_HEADER
from tests.integration.web.admin.test_imports import (
    CONFIRM_URL,
    HEADER,
    IMPORT_URL,
    JOBBTORGET,
    confirm_data,
    editor,  # noqa: F401  (an editor's client)
    fixed_day,  # noqa: F401  (22 November 2026)
    fresh_login_limits,  # noqa: F401
    problems,
    result_rows,
    stored_result,
    upload,
)

DELIVERY_LABELS = [
    "Påbörjade",
    "Slutade i förtid",
    "Dagar till första mötet (median)",
    "Personer i mediantiden",
]


def added_table(response) -> tuple[list[str], list[list[str]]]:
    """Return the preview's table of added results: its headings and its rows."""
    table = parse_page(response).find(id="import-added")
    headings = [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]
    rows = [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in table.tbody.find_all("tr")
    ]
    return headings, rows


def test_the_form_shows_an_example_with_the_delivery_columns(editor):  # noqa: F811
    page = parse_page(editor.get(IMPORT_URL))
    example = next(p for p in page.select("p") if "Exempel på en rad" in p.get_text())
    assert example.code.get_text(strip=True).endswith(";38;5;6;35")
    described = {
        row.th.get_text(strip=True): row.find_all("td")[-1].get_text(" ", strip=True)
        for row in page.select("table tbody tr")
    }
    assert "0 till 365" in described["median_dagar_forsta_motet"]
    assert "minst 1" in described["antal_forsta_motet"]


def test_delivery_columns_are_previewed_and_saved(app, editor):  # noqa: F811
    content = f"{DELIVERY_HEADER}\n{JOBBTORGET};MATCH-1;2026H1;50;20;5;41;6;7,5;37\n"

    preview = upload(editor, content)

    headings, rows = added_table(preview)
    assert headings[-4:] == DELIVERY_LABELS
    assert rows[0][-4:] == ["41", "6", "8", "37"]
    assert editor.post(CONFIRM_URL, confirm_data(preview)).status_code == 302
    saved = stored_result(app, JOBBTORGET, "MATCH-1", "2026H1")
    assert (saved.started, saved.left_early) == (41, 6)
    assert (saved.first_meeting_days, saved.first_meeting_people) == (8, 37)


def test_an_older_file_previews_without_the_delivery_columns(editor):  # noqa: F811
    preview = upload(editor, f"{HEADER}\n{JOBBTORGET};MATCH-1;2026H1;50;20;5;100\n")
    headings, _rows = added_table(preview)
    assert not set(DELIVERY_LABELS) & set(headings)
    assert "Dagar i snitt" in headings


def test_delivery_problems_are_listed_by_row_and_column_and_nothing_is_saved(app, editor):  # noqa: F811
    before = result_rows(app)
    content = (
        f"{DELIVERY_HEADER}\n"
        f"{JOBBTORGET};MATCH-1;2026H1;50;20;5;41;42;7;37\n"
        f"{JOBBTORGET};MATCH-1;2025H2;50;20;5;41;6;400;37\n"
        f"{JOBBTORGET};MATCH-1;2025H1;50;20;5;41;6;7;\n"
    )

    response = upload(editor, content)

    assert response.status_code == 200
    listed = problems(response)
    assert [(row, column) for row, column, _message in listed] == [
        ("2", "slutade_i_fortid"),
        ("3", "median_dagar_forsta_motet"),
        ("4", "antal_forsta_motet"),
    ]
    assert "Fler slutade i förtid (42) än som påbörjade insatsen (41)" in listed[0][2]
    assert "högst 365 dagar (400)" in listed[1][2]
    assert "Fyll i både mediantiden" in listed[2][2]
    assert result_rows(app) == before


def test_half_a_pair_in_the_header_is_refused_naming_the_missing_column(app, editor):  # noqa: F811
    response = upload(editor, f"{HEADER};paborjade\n{JOBBTORGET};MATCH-1;2026H1;50;20;5;100;41\n")
    ((row, column, message),) = problems(response)
    assert (row, column) == ("1", "slutade_i_fortid")
    assert "lägg till kolumnen slutade_i_fortid" in message
