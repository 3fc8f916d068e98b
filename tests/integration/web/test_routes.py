"""No address disappears without a redirect: links people saved keep working.

``routes.txt`` beside this file lists every URL rule of the public site, the API
and the admin, with its methods. A rule removed or renamed must leave a redirect
behind (``bp.add_url_rule(old, "old_name", redirect_to=new)``, which Werkzeug answers
with a permanent redirect); a rule added must be listed.
"""

import re
from pathlib import Path

from flask import Flask

KNOWN_ROUTES = Path(__file__).with_name("routes.txt")
# Methods every rule answers by itself; listing them would say nothing.
IMPLIED = {"HEAD", "OPTIONS"}


def normalize(rule_text: str) -> str:
    """Write a rule without its converters: /<any(sv, en):lang>/x becomes /<lang>/x."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"<\1>", rule_text)


def current_routes(url_map) -> dict[str, set[str]]:
    """Return the methods each rule answers, by normalized rule."""
    routes: dict[str, set[str]] = {}
    for rule in url_map.iter_rules():
        routes.setdefault(normalize(rule.rule), set()).update(rule.methods - IMPLIED)
    return routes


def redirected(url_map) -> set[str]:
    """Return the rules kept only to redirect to where the page is now."""
    return {normalize(rule.rule) for rule in url_map.iter_rules() if rule.redirect_to}


def read_known(text: str) -> dict[str, set[str]]:
    """Parse lines of "METHOD,METHOD /rule"."""
    known = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            methods, rule = line.split(" ", 1)
            known[rule] = set(methods.split(","))
    return known


def format_known(routes: dict[str, set[str]]) -> str:
    """Write routes as routes.txt holds them, sorted by rule."""
    lines = [f"{','.join(sorted(methods))} {rule}" for rule, methods in sorted(routes.items())]
    return "\n".join(lines) + "\n"


def lost_routes(known: dict[str, set[str]], url_map) -> list[str]:
    """Return the known rules (and methods) that no longer answer and do not redirect."""
    now, moved = current_routes(url_map), redirected(url_map)
    return [
        f"{','.join(sorted(methods - now.get(rule, set())))} {rule}"
        for rule, methods in sorted(known.items())
        if rule not in moved and not methods <= now.get(rule, set())
    ]


def test_no_known_route_disappears_without_a_redirect(app):
    lost = lost_routes(read_known(KNOWN_ROUTES.read_text()), app.url_map)
    assert not lost, (
        "These addresses no longer answer. Keep them, or declare a redirect with "
        'add_url_rule(old, "old_name", redirect_to=new):\n' + "\n".join(lost)
    )


def test_every_route_is_listed(app):
    known = read_known(KNOWN_ROUTES.read_text())
    unlisted = {
        rule: methods
        for rule, methods in current_routes(app.url_map).items()
        if not methods <= known.get(rule, set())
    }
    assert not unlisted, f"Add these to {KNOWN_ROUTES.name}:\n" + format_known(unlisted)


def small_app(*, redirect: bool) -> Flask:
    """An app whose /<lang>/providers moved to /<lang>/organisations, with or without redirect."""
    app = Flask(__name__)
    app.add_url_rule("/<any(sv, en):lang>/organisations", "organisations", lambda lang: "")
    if redirect:
        app.add_url_rule(
            "/<any(sv, en):lang>/providers", "providers", redirect_to="/<lang>/organisations"
        )
    return app


def test_the_check_catches_a_removed_route_and_accepts_a_redirect():
    known = read_known("GET /<lang>/providers\nGET /<lang>/organisations\n")
    assert lost_routes(known, small_app(redirect=False).url_map) == ["GET /<lang>/providers"]
    moved = small_app(redirect=True)
    assert lost_routes(known, moved.url_map) == []
    response = moved.test_client().get("/en/providers")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/en/organisations")


def test_the_check_catches_a_form_that_no_longer_takes_posts():
    known = read_known("GET,POST /<lang>/organisations\n")
    assert lost_routes(known, small_app(redirect=False).url_map) == ["POST /<lang>/organisations"]


def test_the_list_is_sorted_and_written_as_the_check_reads_it():
    text = KNOWN_ROUTES.read_text()
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#")) + "\n"
    assert format_known(read_known(text)) == body
