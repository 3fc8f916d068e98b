"""Public pages, all under a /<lang>/ prefix."""

from flask import Blueprint, abort, current_app, g, render_template, request

from webapp.catalog.queries import list_schemes
from webapp.core import clock
from webapp.core.config import LANGUAGES
from webapp.core.db import get_session
from webapp.core.pagecache import CACHEABLE, PAGE_SCOPE
from webapp.core.templating import language_name
from webapp.results.casemix.standardisation import pool_minimum, work_example
from webapp.results.casemix.strata import GROUP_LABELS, describe_stratum, read_group
from webapp.results.comparison import compare_providers
from webapp.results.listing import list_providers_with_results
from webapp.results.profiles import get_provider_profile
from webapp.results.windows import list_service_windows
from webapp.web.public.filters import read_filters, read_selected

# Only the site's languages match, so /xx/… and /providers fall through to the
# redirects in root.py (which answer 404 for what is not a public page).
bp = Blueprint("public", __name__, url_prefix=f"/<any({', '.join(LANGUAGES)}):lang>")


@bp.url_value_preprocessor
def pull_language(_endpoint, values):
    """Take the language from the URL for the rest of the request."""
    g.lang = values.pop("lang")


@bp.url_defaults
def add_language(_endpoint, values):
    """Keep links in the current language unless another is asked for."""
    values.setdefault("lang", g.get("lang", current_app.config["BABEL_DEFAULT_LOCALE"]))


@bp.after_request
def mark_public_page(response):
    """Let browsers and the page cache keep public pages; a page and its fragment differ."""
    response.vary.add("HX-Request")
    personal = (request.endpoint or "").startswith("public.choose")
    if response.status_code == 200 and not personal:
        request.environ[CACHEABLE] = True
        response.cache_control.public = True
        response.cache_control.max_age = 60
    return response


@bp.context_processor
def people_choices():
    """Give public templates the groups people can see results for."""
    return {"people_groups": GROUP_LABELS, "describe_stratum": describe_stratum}


def minimum() -> int:
    """Return the smallest group whose results may be shown (webapp.results.statistics uses it)."""
    return current_app.config["MIN_GROUP_SIZE"]


def show_own_texts_of(providers) -> None:
    """Tell the page cache whose own texts the page shows: a change to another's leaves it valid."""
    request.environ[PAGE_SCOPE] = frozenset(provider.id for provider in providers)


def wants_fragment() -> bool:
    """Tell whether htmx asked for the fragment only (not a history restore)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


@bp.get("/")
def index():
    """Show the start page: what this is, how to choose, and the services."""
    return render_template("public/index.html", schemes=list_schemes(get_session()))


@bp.get("/providers")
def providers():
    """List authorized providers, filtered and sorted as the visitor asked."""
    listing = list_providers_with_results(
        get_session(), asked=read_filters(request.args), today=clock.today(), minimum=minimum()
    )
    show_own_texts_of(listing.providers)
    template = "public/_provider_results.html" if wants_fragment() else "public/providers.html"
    return render_template(template, listing=listing)


@bp.get("/providers/<slug>")
def provider(slug):
    """Show one provider's full profile with results per service."""
    profile = get_provider_profile(
        get_session(),
        slug=slug,
        today=clock.today(),
        minimum=minimum(),
        group=read_group(request.args.get("people")),
    )
    if profile is None:
        abort(404)
    show_own_texts_of([profile.provider])
    # The "people like you" picker asks htmx for its results only.
    template = "public/_people_like_me.html" if wants_fragment() else "public/provider.html"
    return render_template(template, profile=profile, selected=read_selected(request.args))


@bp.get("/compare")
def compare():
    """Show two to four providers side by side for one service."""
    comparison = compare_providers(
        get_session(),
        slugs=read_selected(request.args),
        service_code=request.args.get("service"),
        highlight=request.args.get("diff") == "1",
        today=clock.today(),
        minimum=minimum(),
    )
    show_own_texts_of(column.provider for column in comparison.columns)
    return render_template("public/compare.html", comparison=comparison)


@bp.get("/about-results")
def about_results():
    """Explain in plain words what the results count and how to read them."""
    return render_template("public/about_results.html", windows=list_service_windows(get_session()))


@bp.get("/about-results/method")
def method():
    """Explain how expected results are worked out, with a worked example."""
    return render_template(
        "public/method.html",
        example=work_example(minimum()),
        pool_minimum=pool_minimum(minimum()),
    )


@bp.get("/accessibility")
def accessibility():
    """Show the accessibility statement: what works, what is known not to, and other ways."""
    config = current_app.config
    return render_template(
        "public/accessibility.html",
        site_languages=[language_name(code) for code in config["LANGUAGES"]],
        session_minutes=int(config["PERMANENT_SESSION_LIFETIME"].total_seconds() // 60),
    )


@bp.get("/privacy")
def privacy():
    """Show what the service stores about the people who use it, and for how long."""
    return render_template("public/privacy.html")


# The choice and open-data pages add their routes to this blueprint.
from webapp.web.public import choose, open_data  # noqa: E402, F401
