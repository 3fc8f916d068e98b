"""Public reads and fragments kept per data version give the same pages, and follow changes."""

import pytest
from sqlmodel import select

from tests.conftest import build_app, isolated_database_url
from tests.sqlcount import counted_statements
from webapp import create_app
from webapp.core.actions import REGISTRY
from webapp.core.datacache import FRAGMENT_STORES, STORES
from webapp.core.dataversion import PRIVATE_PREFIXES, PUBLIC_DATA_EVENTS
from webapp.core.db import get_session
from webapp.providers.models import Provider
from webapp.staff.audit import record_event

LANGS = ("sv", "en", "ar", "fa", "so", "ti", "uk")
FRAGMENT = {"HX-Request": "true", "HX-Current-URL": "http://localhost/sv/providers"}
PAGES = [
    ("/{lang}/", {}),
    ("/{lang}/providers", {}),
    ("/{lang}/providers?service=MATCH-1&sort=result", {}),
    ("/{lang}/providers?service=MATCH-1&sort=result", FRAGMENT),
    ("/{lang}/providers?language=ar&district=Rinkeby-Kista&sort=name", FRAGMENT),
    ("/{lang}/providers?people=newcomers&service=MATCH-2&p=jobbtorget", {}),
    ("/{lang}/providers/jobbtorget", {}),
    ("/{lang}/providers/jobbtorget?people=18-24&p=jarvalyftet", {}),
    ("/{lang}/providers/jarvalyftet?service=MATCH-1", {}),
    ("/{lang}/compare?p=jobbtorget&p=jarvalyftet&p=arbetslust-stockholm", {}),
    ("/{lang}/compare?p=jobbtorget&p=jarvalyftet&service=MATCH-1&diff=1", {}),
    ("/{lang}/about-results", {}),
    ("/api/v1/providers?lang={lang}", {}),
    ("/api/v1/providers/jobbtorget?lang={lang}", {}),
]


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    """Two apps on one database: caches off, and caches on (checking the version each time)."""
    url = isolated_database_url(tmp_path_factory, "datacache")
    plain = build_app(url)
    cached = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "PAGE_CACHE_SIZE": 0,
            "DATA_CACHE_SIZE": 1000,
            "PAGE_CACHE_CHECK_SECONDS": 0,
            "STRICT_ACTIONS": True,
        }
    )
    yield plain, cached
    for app in (plain, cached):
        app.extensions["db_engine"].dispose()


def body(app, url: str, headers: dict) -> bytes:
    """Fetch a page and return its body, checking it answered 200."""
    response = app.test_client().get(url, headers=headers)
    assert response.status_code == 200, url
    return response.data


@pytest.mark.parametrize("lang", LANGS)
def test_pages_made_from_kept_reads_and_fragments_are_the_same(apps, lang):
    plain, cached = apps
    for pattern, headers in PAGES:
        url = pattern.format(lang=lang)
        expected = body(plain, url, headers)
        assert body(cached, url, headers) == expected, f"{url}: first render differs"
        assert body(cached, url, headers) == expected, f"{url}: render from kept parts differs"


def test_a_page_rendered_again_reads_only_the_version(apps):
    _plain, cached = apps
    engine = cached.extensions["db_engine"]
    for url in ("/sv/providers?service=MATCH-1", "/en/providers/jobbtorget", "/ar/"):
        body(cached, url, {})
        with counted_statements(engine) as statements:
            body(cached, url, {})
        queries = [s for s in statements if s != "BEGIN"]  # SQLite's explicit BEGIN
        assert len(queries) == 1, queries  # the data version, nothing else


def rename(app, slug: str, name: str, event: str) -> None:
    """Rename a provider and write an audit event of the given kind with it."""
    with app.app_context():
        session = get_session()
        provider = session.exec(select(Provider).where(Provider.slug == slug)).one()
        provider.name = name
        record_event(session, event, entity_type="provider", entity_id=provider.id)
        session.commit()


def test_a_change_to_public_data_shows_on_the_next_request(apps):
    _plain, cached = apps
    assert b"Jobbtorget" in body(cached, "/sv/providers", {})
    rename(cached, "jobbtorget", "Jobbtorget Nya", "provider.update")
    assert b"Jobbtorget Nya" in body(cached, "/sv/providers", {})
    assert b"Jobbtorget Nya" in body(cached, "/en/providers/jobbtorget", {})
    rename(cached, "jobbtorget", "Jobbtorget", "provider.update")


def test_sign_ins_and_choices_leave_the_kept_reads_alone(apps):
    _plain, cached = apps
    version = cached.extensions["data_version"]
    before = version.current()
    with cached.app_context():
        session = get_session()
        record_event(session, "auth.login", entity_type="staff")
        record_event(session, "choice.confirm", entity_type="choice_invitation")
        session.commit()
    assert version.current() == before


def test_every_action_says_whether_it_changes_public_data():
    # The app's own actions (tests register probes of their own).
    events = {e for name, names in REGISTRY.items() if name.startswith("webapp.") for e in names}
    unsorted = {
        event
        for event in events
        if event not in PUBLIC_DATA_EVENTS and not event.startswith(PRIVATE_PREFIXES)
    }
    assert not unsorted, f"add these to PUBLIC_DATA_EVENTS or PRIVATE_PREFIXES: {unsorted}"
    assert not {e for e in PUBLIC_DATA_EVENTS if e.startswith(PRIVATE_PREFIXES)}


def test_staff_pages_and_signed_in_visitors_get_nothing_kept(apps):
    _plain, cached = apps
    stores = [cached.extensions[name] for name in (*FRAGMENT_STORES, "lasting_fragments")]
    for store in stores:
        store.entries.clear()
    cookie = {"Cookie": f"{cached.config['SESSION_COOKIE_NAME']}=x"}
    client = cached.test_client(use_cookies=False)  # so the Cookie header is sent as given
    assert client.get("/sv/providers", headers=cookie).status_code == 200
    assert not any(store.entries for store in stores)
    assert cached.test_client().get("/admin/login").status_code == 200
    assert not any(store.entries for store in stores)


def test_what_a_visitor_types_never_becomes_a_kept_key(apps):
    """Search text, made-up addresses and compare selections cannot fill the caches."""
    _plain, cached = apps
    client = cached.test_client()
    assert client.get("/sv/providers?q=zz-typed-text").status_code == 200
    assert client.get("/sv/providers/zz-made-up-slug").status_code == 404
    assert client.get("/sv/providers/jobbtorget?p=zz-typed-slug").status_code == 200
    for name in STORES:
        kept = repr(list(cached.extensions[name].entries))
        assert "zz-" not in kept, name
