"""A 429 says when to try again: a Retry-After header, and a page in the visitor's language."""

from werkzeug.exceptions import TooManyRequests

from tests.conftest import StaffClient, parse_page
from webapp.core.extensions import limiter
from webapp.web.api.problems import problem_for_http_error


def post_codes(app, lang: str, times: int):
    """Type a wrong code times over, from one address; return the last answer."""
    client = StaffClient(app.test_client())
    for _ in range(times):
        response = client.post(f"/{lang}/choose", {"code": "ABCD-EFGH-JKLM"})
    return response


def test_too_many_codes_get_a_retry_after_and_a_page_saying_when(app, rollback, monkeypatch):
    limiter.reset()
    monkeypatch.setitem(app.config, "CHOICE_RATE_LIMIT_IP", "2 per minute")

    response = post_codes(app, "sv", 3)

    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= 60
    page = parse_page(response)
    assert page.h1.get_text(strip=True) == "För många försök"
    assert "Du kan försöka igen om" in page.select_one("main .lead").get_text()


def test_the_429_page_speaks_the_visitors_language(app, rollback, monkeypatch):
    limiter.reset()
    monkeypatch.setitem(app.config, "CHOICE_RATE_LIMIT_IP", "2 per minute")

    response = post_codes(app, "en", 3)

    assert response.status_code == 429
    page = parse_page(response)
    assert page.html["lang"] == "en"
    assert "You can try again in" in page.select_one("main .lead").get_text()


def test_an_api_429_is_a_problem_document_with_retry_after(app):
    with app.test_request_context("/api/v1/providers"):
        response = problem_for_http_error(TooManyRequests())

    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
