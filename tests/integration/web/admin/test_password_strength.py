"""Staff passwords: easily guessed ones and ones holding personal words are refused, clearly."""

from tests.conftest import parse_page
from tests.factories.staff import STAFF_PASSWORD


def field_errors(response, name: str) -> list[str]:
    """Return the error messages shown by a form field."""
    page = parse_page(response)
    field = page.find(attrs={"name": name})
    described = (field.get("aria-describedby") or "").split()
    return [page.find(id=i).get_text(" ", strip=True) for i in described if page.find(id=i)]


def test_a_guessable_new_password_is_refused_with_a_clear_message(staff_client):
    editor = staff_client("editor")

    response = editor.post(
        "/admin/password",
        {"current": STAFF_PASSWORD, "new": "aaaaaaaaaaaa", "confirm": "aaaaaaaaaaaa"},
    )

    assert response.status_code == 200
    assert any("för lätt att gissa" in text for text in field_errors(response, "new"))


def test_a_new_account_cannot_have_its_address_in_its_password(staff_client):
    admin = staff_client("admin")
    password = "karin.lund badar i sjön varje dag"

    response = admin.post(
        "/admin/staff/new",
        {
            "email": "karin.lund@kommun.example",
            "name": "Karin Lund",
            "role": "editor",
            "password": password,
            "confirm": password,
        },
    )

    assert response.status_code == 200
    assert any("e-postadress" in text for text in field_errors(response, "password"))
