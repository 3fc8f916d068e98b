"""Every route answers with the security headers; admin pages are never cached."""

import pytest

from webapp.core.security import CONTENT_SECURITY_POLICY

# Sample values for the URL variables of every route.
SAMPLES = {
    "lang": "sv",
    "slug": "jobbtorget",
    "code": "MATCH-1",
    "provider_id": 1,
    "user_id": 1,
    "invitation_id": 1,
    "request_id": 1,
    "path": "no-such-page",
}


def get_routes(app):
    """Return a URL for every GET route, with sample values filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = {name: SAMPLES.get(name, 1) for name in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            urls.append((rule.endpoint, url_for(rule.endpoint, **values)))
    return sorted(set(urls))


def test_routes_are_found(app):
    assert len(get_routes(app)) > 40


@pytest.mark.parametrize("role", [None, "admin"])
def test_every_route_sends_the_security_headers(app, staff_client, role):
    client = staff_client(role)
    missing = []
    for endpoint, url in get_routes(app):
        response = client.get(url)
        headers = response.headers
        expected = {
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
        }
        for name, value in expected.items():
            if headers.get(name) != value:
                missing.append(f"{url} ({response.status_code}): {name}")
        if "Permissions-Policy" not in headers:
            missing.append(f"{url}: Permissions-Policy")
        if endpoint.startswith("admin.") and headers.get("Cache-Control") != "no-store":
            missing.append(f"{url}: admin page without Cache-Control: no-store")
        if endpoint.startswith("admin.") and "noindex" not in headers.get("X-Robots-Tag", ""):
            missing.append(f"{url}: admin page without X-Robots-Tag")
        response.close()
    assert not missing, "\n".join(missing)


def test_csp_is_strict():
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_hsts_outside_development(tmp_path):
    from webapp import create_app

    app = create_app(
        {
            "TESTING": True,
            "APP_ENV": "production",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x",
        }
    )
    response = app.test_client().get("/healthz")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    app.extensions["db_engine"].dispose()
