"""The staff's funnel plot: a figure with its table, limits, intake shifts and missing mixes."""

import pytest
from sqlmodel import select

from tests.conftest import parse_page
from tests.factories import scene
from tests.factories.results import seeded_provider, seeded_service
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.results.casemix.models import CaseMixCount

URL = "/admin/results/expected"


@pytest.fixture(autouse=True)
def fresh_login_limits(app):
    """Start each test with no login attempts counted."""
    limiter.reset()


def test_the_funnel_plot_has_a_table_for_every_point(staff_client):
    page = parse_page(staff_client("editor").get(f"{URL}?service=MATCH-1"))
    svg = page.select_one("figure.funnel svg[role=img]")
    assert svg is not None
    assert svg["aria-labelledby"] == "funnel-title funnel-desc"
    points = svg.select("circle.funnel-point")
    rows = page.select("#funnel-table tbody tr")
    assert len(points) == len(rows) >= 10
    # Both limits on both sides, as lines, with a legend that does not rely on colour.
    assert len(svg.select("polyline.funnel-95")) == len(svg.select("polyline.funnel-998")) == 2
    legend = page.select_one(".funnel-legend").get_text(" ", strip=True)
    assert "streckade" in legend and "prickade" in legend
    positions = {row.find_all("td")[-1].get_text(strip=True) for row in rows}
    assert positions <= {
        "Över gränsen för 99,8 procent",
        "Över gränsen för 95 procent",
        "Inom gränserna",
        "Under gränsen för 95 procent",
        "Under gränsen för 99,8 procent",
    }
    names = [row.th.get_text(strip=True) for row in rows]
    assert "Järvalyftet AB" in names


def test_a_sharp_shift_in_a_providers_intake_is_noted(staff_client):
    page = parse_page(staff_client("admin").get(f"{URL}?service=MATCH-1"))
    shifts = page.select_one(".mix-shifts").get_text(" ", strip=True)
    # The demo's Mötesplats Tensta took many more newcomers in July–December 2025.
    assert "Mötesplats Tensta" in shifts
    assert "nyanlända" in shifts


def test_half_years_whose_strata_do_not_add_up_are_listed(app, staff_client, rollback):
    with app.app_context():
        session = get_session()
        provider, service = seeded_provider(session), seeded_service(session)
        with scene(session) as writer:
            row = writer.exec(
                select(CaseMixCount).where(
                    CaseMixCount.provider_id == provider.id,
                    CaseMixCount.service_id == service.id,
                    CaseMixCount.period == "2025H2",
                )
            ).first()
            writer.delete(row)
        session.commit()
    page = parse_page(staff_client("editor").get(f"{URL}?service=MATCH-1"))
    text = page.get_text(" ", strip=True)
    assert "Jobbtorget, juli–december 2025: summorna stämmer inte med resultatet" in text


def test_an_unknown_service_shows_the_first_one(staff_client):
    page = parse_page(staff_client("editor").get(f"{URL}?service=NOPE"))
    assert page.select_one("#expected-service option[selected]")["value"] == "MATCH-1"
