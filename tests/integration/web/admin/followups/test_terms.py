"""Authorization terms in the admin: versions per scheme, kept by admins only."""

from datetime import date

from sqlalchemy.orm import selectinload
from sqlmodel import select

from tests.conftest import parse_page
from tests.factories.followups import make_terms_version, scheme_id
from tests.integration.web.admin.authorizations.pages import last_audit
from webapp.core.db import get_session
from webapp.followups.models import TermsVersion


def versions_of(app, scheme: str) -> list[tuple[date, str, list[str]]]:
    """Return a scheme's versions as (start, document, term references), by start."""
    with app.app_context():
        session = get_session()
        statement = (
            select(TermsVersion)
            .where(TermsVersion.scheme_id == scheme_id(session, scheme))
            .options(selectinload(TermsVersion.terms))
            .order_by(TermsVersion.valid_from)
        )
        return [
            (v.valid_from, v.document, [t.reference for t in v.terms])
            for v in session.exec(statement)
        ]


def form_data(page) -> dict:
    """Return the values a browser would send from the terms form as shown."""
    form = page.find("main").find("form", method="post")
    data = {}
    for field in form.find_all(["input", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        data[name] = field.get_text() if field.name == "textarea" else field.get("value", "")
    return data


def test_the_list_shows_each_schemes_versions(app, staff_client, today):
    page = parse_page(staff_client("editor").get("/admin/terms"))
    match = page.find("section", attrs={"aria-labelledby": "scheme-MATCH"})
    rows = [
        [c.get_text(" ", strip=True) for c in r.find_all(["th", "td"])]
        for r in match.select("tbody tr")
    ]
    assert [row[0] for row in rows] == ["1 januari 2026", "1 januari 2024"]
    assert rows[0][1] == "Tills vidare" and rows[1][1] == "31 december 2025"
    assert rows[0][4] == "Gäller Använd i uppföljningar"
    # Editors read the terms; only admins change them.
    assert page.select("a[href$='/terms/new']") == []
    assert staff_client("editor").get("/admin/schemes/MATCH/terms/new").status_code == 403
    assert staff_client("caseworker").get("/admin/terms").status_code == 403


def test_an_admin_adds_a_version_starting_from_the_current_terms(app, staff_client, today):
    admin = staff_client("admin")
    listing = parse_page(admin.get("/admin/terms"))
    new_url = listing.find("a", href="/admin/schemes/MATCH/terms/new")["href"]
    page = parse_page(admin.get(new_url))
    data = form_data(page)
    assert data["document"].startswith(
        "Auktorisationsvillkor för kundval Matchning mot arbete 2026"
    )
    assert [data[f"terms-{n}-reference"] for n in range(5)] == ["3.1", "4.2", "5.1", "6.3", "8.1"]
    assert data["terms-5-reference"] == ""  # spare rows follow
    data |= {
        "valid_from": "2027-01-01",
        "document": "Auktorisationsvillkor Matchning 2027 (AMN 2026/0777)",
        "terms-1-reference": "",
        "terms-1-title": "",
        "terms-1-checks": "",  # a row emptied is a term removed
        "terms-5-reference": "9.1",
        "terms-5-title": "Informationssäkerhet",
        "terms-5-checks": "Att uppgifter om deltagare skyddas.",
    }
    response = admin.post(new_url, data)
    assert response.status_code == 302
    assert versions_of(app, "MATCH")[-1] == (
        date(2027, 1, 1),
        "Auktorisationsvillkor Matchning 2027 (AMN 2026/0777)",
        ["3.1", "5.1", "6.3", "8.1", "9.1"],
    )
    assert last_audit(app).action == "terms.create"
    shown = parse_page(admin.get(response.headers["Location"]))
    assert shown.h1.get_text(strip=True) == "Villkor för Matchning mot arbete från 1 januari 2027"
    # Unused, so it can still be changed.
    assert shown.find("a", string="Ändra versionen") is not None


def test_more_rows_are_offered_without_saving(app, staff_client, today):
    admin = staff_client("admin")
    page = parse_page(admin.get("/admin/schemes/INTRO/terms/new"))
    data = form_data(page) | {"valid_from": "2027-01-01", "more": "Fler rader"}
    before = versions_of(app, "INTRO")
    again = parse_page(admin.post("/admin/schemes/INTRO/terms/new", data))
    assert len(again.select("fieldset.term-group")) == len(page.select("fieldset.term-group")) + 3
    assert again.select(".error-summary") == []
    assert versions_of(app, "INTRO") == before


def test_a_version_cannot_start_before_a_recorded_follow_up(app, staff_client, today):
    admin = staff_client("admin")
    page = parse_page(admin.get("/admin/schemes/MATCH/terms/new"))
    data = form_data(page) | {"valid_from": "2026-10-15"}
    response = admin.post("/admin/schemes/MATCH/terms/new", data)
    assert response.status_code == 200
    error = parse_page(response).find(id="valid_from-error").get_text(" ", strip=True)
    assert "till och med 15 oktober 2026" in error and "tidigast från 16 oktober 2026" in error


def test_bad_terms_are_explained_and_nothing_is_saved(app, staff_client, today):
    admin = staff_client("admin")
    with app.app_context():
        make_terms_version(get_session(), scheme="FORB", valid_from=date(2027, 1, 1))
        get_session().commit()
    page = parse_page(admin.get("/admin/schemes/FORB/terms/new"))
    base = form_data(page) | {"valid_from": "2027-03-01"}
    before = versions_of(app, "FORB")
    cases = [
        ({"document": ""}, "Skriv namnet på det publicerade dokumentet med villkoren."),
        ({"document_url": "exempelkommun.example/villkor"}, "Skriv en fullständig webbadress"),
        ({"valid_from": ""}, "Skriv från vilket datum villkoren gäller."),
        (
            {"valid_from": "2027-01-01"},
            "Det finns redan en version som gäller från 1 januari 2027.",
        ),
        ({"terms-0-reference": ""}, "Skriv var villkoret står i dokumentet"),
        ({"terms-0-title": ""}, "Skriv en kort rubrik för villkoret."),
        ({"terms-0-title": "x" * 121}, "Rubriken får vara högst 120 tecken."),
        ({"terms-1-reference": base["terms-0-reference"]}, "Två villkor har samma hänvisning."),
    ]
    for change, message in cases:
        response = admin.post("/admin/schemes/FORB/terms/new", base | change)
        assert response.status_code == 200, change
        summary = parse_page(response).select_one(".error-summary").get_text(" ", strip=True)
        assert message in summary, (change, summary)
    assert versions_of(app, "FORB") == before


def test_a_used_version_is_locked(app, staff_client, today):
    admin = staff_client("admin")
    with app.app_context():
        session = get_session()
        used = session.exec(
            select(TermsVersion.id)
            .where(TermsVersion.scheme_id == scheme_id(session, "MATCH"))
            .order_by(TermsVersion.valid_from.desc())
        ).first()
    page = parse_page(admin.get(f"/admin/terms/{used}/edit"))
    assert page.find("main").find("form", method="post") is None
    assert "kan inte ändras" in page.find("main").get_text()
    response = admin.post(
        f"/admin/terms/{used}/edit", {"valid_from": "2026-01-01", "document": "Ny"}
    )
    assert response.status_code == 200
    assert versions_of(app, "MATCH")[-1][1].startswith("Auktorisationsvillkor för kundval")


def test_terms_pages_are_valid_html(app, staff_client, today):
    from tests import htmlcheck

    admin = staff_client("admin")
    urls = ["/admin/terms", "/admin/schemes/MATCH/terms/new"]
    errors = htmlcheck.validate({url: admin.get(url).data for url in urls})
    assert not errors, "\n".join(errors)
