"""A change to one provider's own texts renders again only the pages that show them."""

import pytest
from flask import request_started
from sqlmodel import select

from tests.conftest import StaffClient, build_app, isolated_database_url, parse_page
from tests.factories.staff import staff_account
from tests.integration.core.test_data_cache import PAGES
from tests.integration.web.admin.provider_pages import form_values, provider_id
from webapp.core.dataversion import MAX_CHANGES_TOLD_APART, read_public_changes
from webapp.core.db import get_session
from webapp.providers.models import Office
from webapp.providers.reach import confined_provider
from webapp.staff.audit import record_event
from webapp.staff.models import AuditEvent

EDITOR = "scoped-editor@kommun.example"
# Pages that show Jobbtorget's own texts, and pages that do not.
SHOWING = [
    "/sv/providers/jobbtorget",
    "/en/providers/jobbtorget?people=18-24",
    "/sv/compare?p=jobbtorget&p=jarvalyftet",
    "/sv/providers?sort=name",
]
NOT_SHOWING = [
    "/sv/providers/jarvalyftet",
    "/ar/providers/arbetslust-stockholm",
    "/sv/compare?p=jarvalyftet&p=arbetslust-stockholm&service=MATCH-1",
    "/sv/providers?district={district}",
]


reads_only: list = []


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    """Caches off and every cache on, on one database; an editor to change it as staff do."""
    url = isolated_database_url(tmp_path_factory, "scoped")
    plain = build_app(url)
    cached = build_app(
        url,
        PAGE_CACHE_SIZE=200,
        PAGE_CACHE_CHECK_SECONDS=0,
        PAGE_CACHE_GRACE_SECONDS=0,
        DATA_CACHE_SIZE=1000,
    )
    # Kept reads and fragments without the page cache: each read's own_texts_of is tested.
    reads_only.append(
        build_app(url, PAGE_CACHE_SIZE=0, PAGE_CACHE_CHECK_SECONDS=0, DATA_CACHE_SIZE=1000)
    )
    with plain.app_context():
        session = get_session()
        staff_account(session, role="editor", email=EDITOR, name="Editor")
        session.commit()
    yield plain, cached
    for app in (plain, cached, *reads_only):
        app.extensions["db_engine"].dispose()


def district_without_jobbtorget(app) -> str:
    """Return a district where providers have offices but Jobbtorget has none."""
    jobbtorget = provider_id(app, "jobbtorget")
    with app.app_context():
        rows = get_session().exec(select(Office.provider_id, Office.district)).all()
    its_own = {district for pk, district in rows if pk == jobbtorget}
    return sorted({district for _pk, district in rows} - its_own)[0]


def edit_jobbtorget(app, **changes) -> AuditEvent:
    """Change Jobbtorget through the admin's edit form; return the audit event it wrote."""
    client = StaffClient(app.test_client())
    assert client.login(EDITOR).status_code == 302
    pk = provider_id(app, "jobbtorget")
    values = form_values(parse_page(client.get(f"/admin/providers/{pk}/edit")))
    assert client.post(f"/admin/providers/{pk}/edit", {**values, **changes}).status_code == 302
    with app.app_context():
        statement = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)
        return get_session().exec(statement).one()


def rendered(app, url: str) -> bool:
    """Fetch a page; tell whether Flask rendered it (the page cache did not serve it)."""
    started = []

    def note(_sender, **_extra):
        started.append(True)

    with request_started.connected_to(note, app):
        response = app.test_client().get(url)
    assert response.status_code == 200, url
    return bool(started)


def assert_same_as_uncached(plain, cached, urls) -> None:
    """Every page, as the caches serve it, is the page rendered from the database now."""
    for url in urls:
        served = cached.test_client().get(url).data
        assert served == plain.test_client().get(url).data, f"{url}: stale"


def test_a_description_change_renders_again_only_the_pages_that_show_it(apps):
    plain, cached = apps
    district = district_without_jobbtorget(plain)
    not_showing = [url.format(district=district) for url in NOT_SHOWING]
    for url in SHOWING + not_showing:
        rendered(cached, url)
    event = edit_jobbtorget(plain, description="Nya texten om Jobbtorget, skriven i dag.")
    jobbtorget = provider_id(plain, "jobbtorget")
    assert (
        confined_provider(
            event.action, event.entity_type, event.entity_id, event.before, event.after
        )
        == jobbtorget
    ), "the edit changed more than the description"
    assert [url for url in not_showing if rendered(cached, url)] == []
    assert [url for url in SHOWING if not rendered(cached, url)] == []
    assert "Nya texten om Jobbtorget" in cached.test_client().get(SHOWING[0]).text
    assert_same_as_uncached(plain, cached, SHOWING + not_showing)


def test_a_name_change_reaches_every_page(apps):
    plain, cached = apps
    not_showing = [url.format(district=district_without_jobbtorget(plain)) for url in NOT_SHOWING]
    for url in SHOWING + not_showing:
        rendered(cached, url)
    event = edit_jobbtorget(plain, name="Jobbtorget Stockholm")
    assert (
        confined_provider(
            event.action, event.entity_type, event.entity_id, event.before, event.after
        )
        is None
    )
    assert [url for url in SHOWING + not_showing if not rendered(cached, url)] == []
    assert_same_as_uncached(plain, cached, SHOWING + not_showing)


def test_kept_reads_follow_a_description_change(apps):
    plain, _cached = apps
    [kept] = reads_only
    pages = [
        (url.format(lang=lang), headers) for lang in ("sv", "en", "ar") for url, headers in PAGES
    ]
    for url, headers in pages:
        kept.test_client().get(url, headers=headers)
    edit_jobbtorget(plain, description="En tredje text om Jobbtorget.")
    for url, headers in pages:
        served = kept.test_client().get(url, headers=headers).data
        assert served == plain.test_client().get(url, headers=headers).data, f"{url}: stale"


def test_fragments_showing_no_ones_texts_outlive_a_description_change(apps):
    plain, _cached = apps
    [kept] = reads_only
    client = kept.test_client()
    assert client.get("/sv/providers/jarvalyftet").status_code == 200
    wide = kept.extensions["wide_fragments"]
    before = dict(wide.entries)
    assert before, "the profile's results are kept"
    edit_jobbtorget(plain, description="En fjärde text om Jobbtorget.")
    assert client.get("/sv/providers/jarvalyftet").status_code == 200
    # The same objects: reused, not rendered again.
    assert all(wide.entries.get(key) is html for key, html in before.items())


def test_a_burst_of_changes_counts_as_one_that_reaches_every_page(apps):
    plain, _cached = apps
    read = read_public_changes(plain.extensions["db_engine"], confined_provider)
    before, _ = read(None)
    jobbtorget = provider_id(plain, "jobbtorget")
    with plain.app_context():
        session = get_session()
        for _ in range(MAX_CHANGES_TOLD_APART + 1):
            record_event(session, "provider.update", entity_type="provider", entity_id=jobbtorget)
        session.commit()
    top, changes = read(before)
    assert changes == [(top, None)]
    assert top - before > MAX_CHANGES_TOLD_APART
