"""Addresses without a language prefix: send people to their language."""

from flask import Blueprint, abort, current_app, g, redirect, request, url_for
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from webapp.core.i18n import best_language

bp = Blueprint("root", __name__)


@bp.get("/")
def home():
    """Redirect to the start page in the visitor's best language."""
    return redirect(url_for("public.index", lang=best_language(language_codes())))


@bp.get("/<path:path>")
def unprefixed(path):
    """Redirect /providers and the like to /<lang>/providers; anything else is 404."""
    first = path.split("/", 1)[0]
    if first in language_codes():
        g.lang = first  # /ar/no-such-page: the 404 page in Arabic
        abort(404)
    lang = best_language(language_codes())
    target = f"/{lang}/{path}"
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, _values = adapter.match(target, method="GET")
    except RequestRedirect:
        endpoint = None  # e.g. a missing trailing slash: still one of ours
    except (NotFound, MethodNotAllowed):
        abort(404)
    if endpoint is not None and not endpoint.startswith("public."):
        abort(404)
    query = request.query_string.decode()
    return redirect(target + (f"?{query}" if query else ""))


@bp.after_request
def vary_on_language(response):
    """Tell caches that the redirect depends on the visitor's languages."""
    response.vary.add("Accept-Language")
    return response


def language_codes() -> list[str]:
    """Return the site's languages, Swedish first."""
    return list(current_app.config["LANGUAGES"])
