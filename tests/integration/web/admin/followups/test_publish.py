"""Closing a follow-up, and publishing it by a second person; the public page follows."""

from tests.conftest import parse_page
from tests.integration.web.admin.authorizations.pages import errors_by_field, last_audit
from tests.integration.web.admin.followups.conftest import follow_ups_of, record

REMARK_AND_DEMAND = {
    "5.1": ("remark", "", "Stängt en eftermiddag."),
    "6.3": ("demand", "2027-01-31", "Planerna saknar uppföljning."),
}


def recorded(client, app) -> str:
    """Record a site visit of arbetslust today; return its page's address."""
    response = record(client, app, findings=REMARK_AND_DEMAND)
    assert response.status_code == 302
    return response.headers["Location"]


def public_section(client, lang: str = "sv"):
    """Return the follow-up section of arbetslust's public page."""
    return parse_page(client.get(f"/{lang}/providers/arbetslust-stockholm")).find(id="follow-up")


def test_the_recorder_cannot_publish_another_admin_can(
    app, client, staff_client, second_admin, today
):
    admin = staff_client("admin")
    url = recorded(admin, app)
    page = parse_page(admin.get(url))
    assert "Du registrerade uppföljningen själv." in page.select_one("main .notice").get_text()
    assert page.find("form", action=f"{url}/publish") is None
    # A publish sent anyway is refused with the same words, and nothing changes.
    refused = admin.post(f"{url}/publish")
    assert refused.status_code == 409
    alert = parse_page(refused).select_one("[role=alert]").get_text(" ", strip=True)
    assert alert == (
        "Du registrerade uppföljningen själv. En annan administratör behöver granska och "
        "publicera den."
    )
    assert follow_ups_of(app, "arbetslust-stockholm")[-1].published_at is None
    assert "22 november 2026" not in public_section(client).get_text()

    other = second_admin()
    other_page = parse_page(other.get(url))
    assert other_page.find("form", action=f"{url}/publish") is not None
    response = other.post(f"{url}/publish")
    assert response.status_code == 303
    assert last_audit(app).action == "follow_up.publish"
    assert (
        "Uppföljningen är publicerad."
        in parse_page(other.get(url)).select_one("[role=status]").get_text()
    )
    section = public_section(client)
    assert "22 november 2026" in section.find(id="latest-follow-ups").get_text()
    demands = section.find(id="open-demands").get_text(" ", strip=True)
    assert "6.3 Aktiviteter enligt planen" in demands and "31 januari 2027" in demands


def test_editors_close_but_do_not_publish(app, staff_client, today):
    editor = staff_client("editor")
    url = recorded(editor, app)
    page = parse_page(editor.get(url))
    assert page.find("form", action=f"{url}/publish") is None
    assert editor.post(f"{url}/publish").status_code == 403
    response = editor.post(f"{url}/close", {"closing_note": "Planerna är kompletterade."})
    assert response.status_code == 303
    stored = follow_ups_of(app, "arbetslust-stockholm")[-1]
    assert stored.closed_at is not None and stored.closing_note == "Planerna är kompletterade."
    closed = parse_page(editor.get(url))
    assert "Planerna är kompletterade." in closed.get_text()
    assert closed.find("form", action=f"{url}/close") is None
    assert editor.post(f"{url}/close", {"closing_note": "Igen."}).status_code == 409


def test_closing_needs_a_note_without_personal_data(app, staff_client, today):
    editor = staff_client("editor")
    url = recorded(editor, app)
    for note, message in [
        ("", "Skriv vad anordnaren har gjort, eller varför den stängs."),
        ("Gäller 19850412-1234.", "Det ser ut som ett personnummer."),
        ("x" * 2001, "Texten får vara högst 2 000 tecken."),
    ]:
        response = editor.post(f"{url}/close", {"closing_note": note})
        assert response.status_code == 400
        page = parse_page(response)
        assert errors_by_field(page)["closing_note"].startswith(message)
        assert page.find(id="closing_note").get_text() == note
    assert follow_ups_of(app, "arbetslust-stockholm")[-1].closed_at is None


def test_a_closed_follow_up_reads_closed_on_the_public_page(
    app, client, staff_client, second_admin, today
):
    editor = staff_client("editor")
    url = recorded(editor, app)
    editor.post(f"{url}/close", {"closing_note": "Åtgärdat."})
    second_admin().post(f"{url}/publish")
    section = public_section(client)
    latest = section.find(id="latest-follow-ups").find("li").get_text(" ", strip=True)
    assert latest.startswith("22 november 2026 . Besök hos anordnaren: Krav på åtgärd.")
    assert "Avslutad 22 november 2026." in latest
    # Closed demands are no longer open; the seeded published demand of October is.
    demands = section.find(id="open-demands").get_text(" ", strip=True)
    assert demands.count("31 januari 2027") == 1


def test_a_withdrawn_follow_up_leaves_the_public_page(
    app, client, staff_client, second_admin, today
):
    url = recorded(staff_client("editor"), app)
    other = second_admin()
    other.post(f"{url}/publish")
    assert "22 november 2026" in public_section(client).get_text()
    assert other.post(f"{url}/withdraw").status_code == 303
    assert last_audit(app).action == "follow_up.withdraw"
    assert "22 november 2026" not in public_section(client).get_text()
    assert other.post(f"{url}/withdraw").status_code == 409


def test_an_unknown_follow_up_is_not_found(app, staff_client, today):
    admin = staff_client("admin")
    assert admin.get("/admin/follow-ups/999999").status_code == 404
    assert admin.post("/admin/follow-ups/999999/publish").status_code == 404
    assert admin.post("/admin/follow-ups/999999/close", {"closing_note": "x"}).status_code == 404


def test_the_list_filters_open_and_unpublished(app, staff_client, today):
    editor = staff_client("editor")
    page = parse_page(editor.get("/admin/follow-ups?show=unpublished"))
    rows = [r.find_all(["th", "td"]) for r in page.select("#follow-ups tbody tr")]
    assert [(r[0].get_text(strip=True), r[1].get_text(strip=True)) for r in rows] == [
        ("10 november 2026", "Spira Rehab och Arbete AB")
    ]
    opened = parse_page(editor.get("/admin/follow-ups?show=open"))
    names = [
        r.find_all("td")[0].get_text(strip=True) for r in opened.select("#follow-ups tbody tr")
    ]
    assert names == ["Spira Rehab och Arbete AB", "Arbetslust Stockholm AB"]
    everything = parse_page(editor.get("/admin/follow-ups?show=nonsense"))
    assert len(everything.select("#follow-ups tbody tr")) == 6
