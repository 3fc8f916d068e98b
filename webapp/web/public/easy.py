"""Lättläst: easy-to-read Swedish retellings of the main pages, under /sv/lattlast/.

For people who read Swedish with difficulty, written to the easy-to-read
guidelines: short sentences, common words, one idea per line, hard words
explained. They exist in Swedish only, by nature, so their texts stand in the
templates (templates/public/easy/) and babel.cfg leaves them out of the
catalogues; the header, help and footer around them are the site's own.
"""

from flask import Blueprint, current_app, g, has_request_context, render_template, request, url_for

from webapp.catalog.queries import list_schemes
from webapp.core.config import SOURCE_LANGUAGE
from webapp.core.db import get_session
from webapp.core.pagecache import CACHEABLE

bp = Blueprint("easy", __name__, url_prefix=f"/{SOURCE_LANGUAGE}/lattlast")

# Each lättläst page and the page of the site it retells: the language menu leads there.
STANDARD_PAGES = {
    "easy.index": "public.index",
    "easy.how_to_choose": "public.index",
    "easy.about_results": "public.about_results",
    "easy.choosing": "public.choose",
}
# The lättläst page the language menu's "Lättläst svenska" opens from a page of the site;
# every other page leads to the lättläst start page.
EASY_PAGES = {"public.index": "easy.index", "public.about_results": "easy.about_results"}
CHOICE_PAGES = "public.choose"


@bp.before_request
def read_in_swedish():
    """Show the page, its header and its help in Swedish, and remember what it retells."""
    g.lang = SOURCE_LANGUAGE
    g.standard_endpoint = STANDARD_PAGES.get(request.endpoint)


@bp.after_request
def mark_public_page(response):
    """Let browsers and the page cache keep the pages: they are the same for everyone."""
    if response.status_code == 200:
        request.environ[CACHEABLE] = True
        response.cache_control.public = True
        response.cache_control.max_age = 60
    return response


def easy_page_for(endpoint: str) -> str:
    """Return the lättläst page that retells a page of the site."""
    if endpoint.startswith("easy."):
        return endpoint
    if endpoint.startswith(CHOICE_PAGES):
        return "easy.choosing"
    return EASY_PAGES.get(endpoint, "easy.index")


@bp.app_context_processor
def easy_read_links():
    """Give every page the address of its lättläst version, for the language menu."""
    if not has_request_context():
        return {}
    endpoint = request.endpoint or ""
    return {
        "easy_read_url": url_for(easy_page_for(endpoint)),
        "on_easy_read": endpoint.startswith("easy."),
    }


@bp.get("/")
def index():
    """Say in easy Swedish what the site is for, and list the services."""
    return render_template("public/easy/index.html", schemes=list_schemes(get_session()))


@bp.get("/sa-valjer-du")
def how_to_choose():
    """Tell in easy Swedish how to choose a provider, step by step."""
    return render_template("public/easy/how_to_choose.html")


@bp.get("/om-resultaten")
def about_results():
    """Explain the results in easy Swedish."""
    return render_template(
        "public/easy/about_results.html", minimum=current_app.config["MIN_GROUP_SIZE"]
    )


@bp.get("/valj-med-kod")
def choosing():
    """Walk through the choice pages in easy Swedish: the code, choosing, the receipt."""
    config = current_app.config
    return render_template(
        "public/easy/choosing.html",
        attempts=config["CHOICE_CODE_MAX_ATTEMPTS"],
        lock_minutes=config["CHOICE_CODE_LOCK_MINUTES"],
    )
