"""Characters no field may hold get a clear 400 in the visitor's language; methods get Allow."""

import json

import pytest

from tests.conftest import StaffClient, parse_page

PROBLEM = "application/problem+json"


def test_a_nul_in_a_search_is_refused_in_the_visitors_language(client):
    response = client.get("/ar/providers?q=a%00b")

    assert response.status_code == 400
    page = parse_page(response)
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    assert page.h1.get_text(strip=True) == "تعذّرت قراءة ما أرسلته"
    assert "رموز التحكم" in page.select_one("main .lead").get_text()


def test_bytes_that_are_not_utf8_in_a_path_are_refused(client):
    response = client.get("/", environ_overrides={"PATH_INFO": "/sv/providers/\xed\xa0\x80"})

    assert response.status_code == 400
    assert parse_page(response).h1.get_text(strip=True) == "Det gick inte att läsa det du skickade"


def test_a_control_character_in_the_login_form_is_refused(app, rollback, staff):
    browser = StaffClient(app.test_client())

    response = browser.post("/admin/login", {"email": "a\x01b@kommun.example", "password": "x"})

    assert response.status_code == 400
    assert "styrtecken" in parse_page(response).select_one("main .lead").get_text()


def test_the_api_names_the_parameter_in_a_problem_document(client):
    response = client.get("/api/v1/providers?service=a%00b")

    assert response.status_code == 400
    assert response.mimetype == PROBLEM
    problem = json.loads(response.data)
    assert [param["name"] for param in problem["invalid_params"]] == ["service"]


@pytest.mark.parametrize("query", ["lang=", "page=", "per_page=", "status=", "period="])
def test_the_api_refuses_empty_values_its_schema_forbids(client, query):
    response = client.get(f"/api/v1/providers?{query}")
    if query == "period=":  # providers take no period: an unknown parameter
        response = client.get(f"/api/v1/results?{query}")

    assert response.status_code == 400
    problem = json.loads(response.data)
    assert problem["invalid_params"][0]["reason"] == "Must not be empty."


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE"])
def test_the_api_answers_other_methods_with_405_a_problem_and_allow(client, method):
    response = client.open("/api/v1/providers", method=method)

    assert response.status_code == 405
    assert response.mimetype == PROBLEM
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_a_page_answers_a_wrong_method_with_405_and_allow(client):
    response = client.post("/sv/providers")

    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
