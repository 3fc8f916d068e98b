"""The release fingerprint moves with what shapes pages, and holds no credentials."""

from datetime import timedelta

from webapp.core.release import describe_settings, fingerprint_release

SETTINGS = {
    "MIN_GROUP_SIZE": 5,
    "LANGUAGES": ("sv", "en"),
    "PERMANENT_SESSION_LIFETIME": timedelta(minutes=20),
    "SECRET_KEY": "s3cret",
    "CHOICE_CODE_KEY": "k3y",
    "SMTP_PASSWORD": "pw",
    "SQLALCHEMY_DATABASE_URI": "postgresql://user:pw@db/app",
    "SHARED_PAGE_CACHE_URL": "redis://:pw@cache:6379/1",
    "SOMETHING": object(),
}


def make_tree(root) -> None:
    """Write a small project: code, a template, a catalogue, the asset manifest."""
    for relative, text in {
        "webapp/views.py": "def view(): ...",
        "templates/page.html": "<h1>{{ title }}</h1>",
        "translations/en/LC_MESSAGES/messages.mo": "catalogue",
        "static/dist/manifest.json": '{"css/site.css": "dist/css/site.abc.css"}',
    }.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_same_release_gives_the_same_fingerprint(tmp_path):
    make_tree(tmp_path)
    assert fingerprint_release(SETTINGS, tmp_path) == fingerprint_release(dict(SETTINGS), tmp_path)


def test_a_changed_template_text_asset_or_setting_is_another_release(tmp_path):
    make_tree(tmp_path)
    first = fingerprint_release(SETTINGS, tmp_path)
    (tmp_path / "templates/page.html").write_text("<h1>{{ title }}!</h1>")
    second = fingerprint_release(SETTINGS, tmp_path)
    (tmp_path / "static/dist/manifest.json").write_text('{"css/site.css": "dist/x.css"}')
    third = fingerprint_release(SETTINGS, tmp_path)
    fourth = fingerprint_release({**SETTINGS, "MIN_GROUP_SIZE": 10}, tmp_path)
    assert len({first, second, third, fourth}) == 4


def test_credentials_and_addresses_stay_out(tmp_path):
    make_tree(tmp_path)
    described = describe_settings(SETTINGS)
    assert set(described) == {"MIN_GROUP_SIZE", "LANGUAGES", "PERMANENT_SESSION_LIFETIME"}
    other_secrets = {
        **SETTINGS,
        "SECRET_KEY": "other",
        "SMTP_PASSWORD": "other",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
    }
    assert fingerprint_release(other_secrets, tmp_path) == fingerprint_release(SETTINGS, tmp_path)
