"""The site's address and rate-limit store come from configuration; production must give them."""

import pytest

from webapp.core.config import load_settings
from webapp.core.urls import split_base_url

PRODUCTION = {
    "APP_ENV": "production",
    "SECRET_KEY": "s",
    "CHOICE_CODE_KEY": "c",
    "PUBLIC_BASE_URL": "https://valj.kommun.example/",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
}


def test_production_takes_the_address_and_allows_only_its_host_and_those_listed():
    settings = load_settings({**PRODUCTION, "ALLOWED_HOSTS": "Intern.Kommun.Example, "})
    assert settings["PUBLIC_BASE_URL"] == "https://valj.kommun.example"
    assert settings["ALLOWED_HOSTS"] == ("valj.kommun.example", "intern.kommun.example")


@pytest.mark.parametrize("missing", ["PUBLIC_BASE_URL", "RATELIMIT_STORAGE_URI"])
def test_production_refuses_to_start_without(missing):
    environ = {key: value for key, value in PRODUCTION.items() if key != missing}
    with pytest.raises(RuntimeError, match=missing):
        load_settings(environ)


def test_development_defaults_to_the_local_address_and_memory():
    settings = load_settings({"PORT": "5099"})
    assert settings["PUBLIC_BASE_URL"] == "http://127.0.0.1:5099"
    assert settings["ALLOWED_HOSTS"] == ("127.0.0.1", "localhost")
    assert settings["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.mark.parametrize(
    "url",
    ["valj.kommun.example", "ftp://valj.kommun.example", "https://x.example/valj", "https://"],
)
def test_a_base_url_is_a_scheme_and_a_host_only(url):
    with pytest.raises(RuntimeError):
        split_base_url(url)


def test_a_base_url_may_name_a_port():
    assert split_base_url("http://127.0.0.1:5000") == ("http", "127.0.0.1:5000")
