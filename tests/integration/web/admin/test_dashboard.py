"""The admin's overview: services without customers, coming authorization changes, missing
results."""

from datetime import UTC, date, datetime

from sqlalchemy import delete, insert
from sqlmodel import select

from tests import htmlcheck
from tests.clock import freeze
from tests.conftest import parse_page
from tests.factories.authorizations import make_period
from tests.factories.providers import make_provider
from tests.sqlcount import counted_statements
from webapp.authorizations.models import Authorization
from webapp.catalog.models import Service
from webapp.choices.models import Choice, ChoiceInvitation
from webapp.core.db import get_session
from webapp.providers.models import Provider
from webapp.results.models import Result


def provider_ids(app) -> dict[str, int]:
    """Map provider slugs to ids."""
    with app.app_context():
        return dict(get_session().exec(select(Provider.slug, Provider.id)).all())


def section(page, name: str):
    """Return one section of the overview."""
    return page.find("section", id=name)


def linked(section_tag) -> dict[str, str]:
    """Return the provider links in a section: name -> address."""
    return {a.get_text(strip=True): a["href"] for a in section_tag.select("a")}


def drop_results(rollback, app, slug: str, periods: list[str]) -> None:
    """Delete a provider's results for some half-years, inside the test's transaction."""
    rollback.execute(
        delete(Result).where(
            Result.provider_id == provider_ids(app)[slug], Result.period.in_(periods)
        )
    )


def test_overview_with_the_seed_data_today(app, staff_client, time_machine):
    freeze(time_machine, date(2026, 11, 22))
    page = parse_page(staff_client("caseworker").get("/admin/"))
    idle, changes, missing = (section(page, name) for name in ("idle", "changes", "missing"))
    # The demo data holds no recorded choice, so nothing can be counted yet.
    assert idle.find("table") is None
    assert "Inga val är registrerade ännu, så det går inte att räkna ut." in idle.get_text()
    assert changes.find("table") is None
    assert "Inga auktorisationer börjar eller upphör de närmaste 30 dagarna." in changes.get_text()
    assert missing.h2.get_text(strip=True) == "Anordnare utan resultat för juli–december 2025"
    # framtidsvagen has no results, but was authorized only after that half-year.
    assert linked(missing) == {}


def test_coming_starts_are_listed_with_links(app, staff_client, time_machine):
    freeze(time_machine, date(2026, 8, 15))
    page = parse_page(staff_client("editor").get("/admin/"))
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in section(page, "changes").select("tbody tr")
    ]
    assert rows == [
        [
            "1 september 2026",
            "Framtidsvägen Jobbmatchning AB",
            "MATCH-1 Matchning mot arbete – grund",
            "Börjar gälla",
        ],
        [
            "1 september 2026",
            "Framtidsvägen Jobbmatchning AB",
            "MATCH-2 Matchning mot arbete – förstärkt",
            "Börjar gälla",
        ],
    ]
    pid = provider_ids(app)["framtidsvagen-jobbmatchning"]
    assert set(linked(section(page, "changes")).values()) == {f"/admin/providers/{pid}"}


def test_coming_ends_show_the_reason(app, staff_client, time_machine):
    freeze(time_machine, date(2025, 3, 2))  # linjen ends on 1 April 2025, in 30 days
    page = parse_page(staff_client("editor").get("/admin/"))
    ends = [
        row.find_all("td")[-1].get_text(" ", strip=True)
        for row in section(page, "changes").select("tbody tr")
        if "Linjen Rekrytering AB" in row.get_text()
    ]
    assert ends == ["Upphör: Brott mot auktorisationsvillkoren"] * 2


def test_changes_further_than_30_days_ahead_are_left_out(app, staff_client, time_machine):
    freeze(time_machine, date(2025, 3, 1))  # 1 April is 31 days ahead
    page = parse_page(staff_client("editor").get("/admin/"))
    assert "Linjen Rekrytering AB" not in section(page, "changes").get_text()


def test_provider_without_results_is_flagged(app, staff_client, rollback, time_machine):
    freeze(time_machine, date(2026, 11, 22))
    client = staff_client("editor")
    drop_results(rollback, app, "jarvalyftet", ["2025H1", "2025H2"])
    page = parse_page(client.get("/admin/"))
    pid = provider_ids(app)["jarvalyftet"]
    assert linked(section(page, "missing")) == {"Järvalyftet AB": f"/admin/providers/{pid}"}


def add_choice(rollback, app, slug: str, service: str, day: date) -> None:
    """Record a choice of a provider for a service at noon on a day, in the test's transaction."""
    service_id = rollback.execute(select(Service.id).where(Service.code == service)).scalar()
    invitation_id = rollback.execute(
        insert(ChoiceInvitation)
        .values(
            service_id=service_id,
            decision_date=day,
            deadline=day,
            letter_lang="sv",
            case_reference="",
            code_hash=f"{slug}-{service}-{day}".ljust(64, "d")[:64],
            code_attempts=0,
            created_at=datetime(day.year, day.month, day.day, tzinfo=UTC),
        )
        .returning(ChoiceInvitation.id)
    ).scalar()
    rollback.execute(
        insert(Choice).values(
            invitation_id=invitation_id,
            provider_id=provider_ids(app)[slug],
            kind="client",
            is_current=True,
            chosen_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        )
    )


def idle_rows(page) -> list[list[str]]:
    """Return the cells of the list of services without customers."""
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in section(page, "idle").select("tbody tr")
    ]


def test_a_service_chosen_last_thirteen_months_ago_is_due_with_a_link_to_deauthorize(
    app, staff_client, rollback, time_machine
):
    freeze(time_machine, date(2026, 11, 22))
    # Choices have been recorded since 2023; Järvalyftet was chosen for INTRO-1 and
    # INTRO-2 lately, for MATCH-1 last on 22 October 2025; every other provider recently.
    add_choice(rollback, app, "jobbtorget", "MATCH-1", date(2023, 1, 1))
    for slug, service in {
        (p, s)
        for p, s in rollback.execute(
            select(Provider.slug, Service.code)
            .join(Authorization, Authorization.provider_id == Provider.id)
            .join(Service, Service.id == Authorization.service_id)
        )
    }:
        if (slug, service) != ("jarvalyftet", "MATCH-1"):
            add_choice(rollback, app, slug, service, date(2026, 11, 1))
    add_choice(rollback, app, "jarvalyftet", "MATCH-1", date(2025, 10, 22))
    page = parse_page(staff_client("editor").get("/admin/"))
    assert idle_rows(page) == [
        [
            "Järvalyftet AB",
            "MATCH-1 Matchning mot arbete – grund",
            "1 september 2022",
            "22 oktober 2025",
            "Nådd 22 oktober 2026",
            "Avauktorisera för insatsen MATCH-1 hos Järvalyftet AB",
        ]
    ]
    explanation = section(page, "idle").find("p").get_text(" ", strip=True)
    assert "1 januari 2023" in explanation and "60 dagar" in explanation
    pid = provider_ids(app)["jarvalyftet"]
    link = section(page, "idle").select_one("tbody a[href*=deauthorize]")["href"]
    assert link == f"/admin/providers/{pid}/deauthorize?reason=no_customers&service=MATCH-1"


def test_caseworkers_see_the_list_without_the_deauthorize_link(
    app, staff_client, rollback, time_machine
):
    freeze(time_machine, date(2026, 11, 22))
    add_choice(rollback, app, "jobbtorget", "MATCH-1", date(2023, 1, 1))
    page = parse_page(staff_client("caseworker").get("/admin/"))
    assert idle_rows(page)  # every seeded provider but the one chosen is overdue
    assert section(page, "idle").select("a[href*=deauthorize]") == []


def add_idle_providers(app, how_many: int) -> None:
    """Add providers never chosen, authorized since 2022 for MATCH-1 and for MATCH-2 until soon."""
    with app.app_context():
        session = get_session()
        for number in range(how_many):
            provider = make_provider(session, name=f"Tyst anordnare {number:03d}")
            make_period(session, provider, valid_from=date(2022, 1, 1))
            make_period(
                session,
                provider,
                service="MATCH-2",
                valid_from=date(2022, 1, 1),
                valid_until=date(2026, 12, 10),
                end_reason="no_customers",
            )
        session.commit()


def test_overview_costs_the_same_statements_however_many_providers(
    app, staff_client, rollback, time_machine
):
    freeze(time_machine, date(2026, 11, 22))
    client = staff_client("editor")
    add_choice(rollback, app, "jobbtorget", "MATCH-1", date(2023, 1, 1))
    engine = app.extensions["db_engine"]
    with counted_statements(engine) as before:
        idle_before = idle_rows(parse_page(client.get("/admin/")))
    add_idle_providers(app, 40)
    with counted_statements(engine) as after:
        page = parse_page(client.get("/admin/"))
    assert len(idle_rows(page)) == len(idle_before) + 40
    assert len(linked(section(page, "missing"))) == 40
    assert len(section(page, "changes").select("tbody tr")) == 40
    assert len(after) == len(before)
    assert len(before) <= 15, before


def test_overview_is_valid_html(app, staff_client, rollback, time_machine):
    freeze(time_machine, date(2026, 8, 15))
    client = staff_client("editor")
    drop_results(rollback, app, "jarvalyftet", ["2025H1", "2025H2"])
    errors = htmlcheck.validate({"/admin/": client.get("/admin/").data})
    assert not errors, "\n".join(errors)


def test_follow_ups_waiting_for_a_second_person_or_past_a_deadline(
    app, staff_client, rollback, time_machine
):
    freeze(time_machine, date(2027, 2, 1))  # the demand on Arbetslust ran out on 31 January
    page = parse_page(staff_client("editor").get("/admin/"))
    items = [li.get_text(" ", strip=True) for li in section(page, "follow-ups").select("li")]
    assert items[0].startswith("1 uppföljning väntar på publicering")
    assert items[1] == ("1 öppen uppföljning har krav på åtgärd där sista dagen har passerat")
    links = [a["href"] for a in section(page, "follow-ups").select("a")]
    assert links == ["/admin/follow-ups?show=unpublished", "/admin/follow-ups?show=open"]
    assert section(parse_page(staff_client("caseworker").get("/admin/")), "follow-ups") is None
