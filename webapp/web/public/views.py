"""Public pages, all under a /<lang>/ prefix."""

from flask import Blueprint, abort, current_app, g, render_template, request

from webapp.authorizations.status import describe_status
from webapp.catalog.queries import index_services, list_schemes
from webapp.core import clock
from webapp.core.config import LANGUAGES
from webapp.core.db import get_session
from webapp.core.pagecache import CACHEABLE
from webapp.providers.queries import (
    get_provider,
    list_districts,
    list_matching_names,
    list_providers_by_id,
    list_providers_by_slug,
    list_staff_languages,
)
from webapp.results.queries import (
    find_headline_periods,
    list_provider_results,
    summarize_by_service,
    summarize_extras,
    summarize_headline,
)
from webapp.web.public.comparison import build_comparison, choose_service
from webapp.web.public.filters import MAX_COMPARE, read_filters, read_selected
from webapp.web.public.listing import paginate, sort_providers

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
    session, today = get_session(), clock.today()
    schemes = list_schemes(session)
    languages = list_staff_languages(session, today=today)
    districts = list_districts(session, today=today)
    choice = read_filters(
        request.args,
        services=index_services(schemes),
        languages=set(languages),
        districts=set(districts),
    )
    headline = summarize_headline(
        session,
        periods=find_headline_periods(session),
        service_id=choice.filters.service_id,
        minimum=current_app.config["MIN_GROUP_SIZE"],
    )
    # Sort and page on ids and names; load the details of one page only.
    found = list_matching_names(session, today=today, filters=choice.filters)
    page = paginate(sort_providers(found, headline, choice.sort), request.args.get("page"))
    shown = list_providers_by_id(session, ids=[item.id for item in page.items])
    context = {"choice": choice, "headline": headline, "providers": shown, "page": page}
    if wants_fragment():
        return render_template("public/_provider_results.html", **context)
    return render_template(
        "public/providers.html",
        schemes=schemes,
        staff_languages=languages,
        districts=districts,
        **context,
    )


@bp.get("/providers/<slug>")
def provider(slug):
    """Show one provider's full profile with results per service."""
    session, today = get_session(), clock.today()
    found = get_provider(session, slug=slug) or abort(404)
    periods = find_headline_periods(session)
    minimum = current_app.config["MIN_GROUP_SIZE"]
    return render_template(
        "public/provider.html",
        provider=found,
        status=describe_status(found, today),
        services=index_services(list_schemes(session)),
        periods=periods,
        outcomes=summarize_by_service(
            session, provider_id=found.id, periods=periods, minimum=minimum
        ),
        extras=summarize_extras(
            session, provider_ids=[found.id], service_id=None, periods=periods, minimum=minimum
        ),
        results=list_provider_results(session, provider_id=found.id),
        selected=read_selected(request.args),
    )


@bp.get("/compare")
def compare():
    """Show two to four providers side by side for one service."""
    session, today = get_session(), clock.today()
    services = index_services(list_schemes(session))
    slugs = read_selected(request.args)
    chosen = list_providers_by_slug(session, slugs=slugs[:MAX_COMPARE])
    service = choose_service(chosen, services, request.args.get("service"), today)
    minimum = current_app.config["MIN_GROUP_SIZE"]
    periods = find_headline_periods(session)
    service_id = service.id if service else None
    comparison = build_comparison(
        chosen,
        requested=slugs,
        services=services,
        service=service,
        headline=summarize_headline(
            session, periods=periods, service_id=service_id, minimum=minimum
        ),
        extras=summarize_extras(
            session,
            provider_ids=[p.id for p in chosen],
            service_id=service_id,
            periods=periods,
            minimum=minimum,
        ),
        today=today,
        highlight=request.args.get("diff") == "1",
    )
    return render_template("public/compare.html", comparison=comparison)


@bp.get("/about-results")
def about_results():
    """Explain in plain words what the results count and how to read them."""
    return render_template(
        "public/about_results.html", periods=find_headline_periods(get_session())
    )


@bp.get("/accessibility")
def accessibility():
    """Show the accessibility statement."""
    return render_template("public/accessibility.html")


# The choice and open-data pages add their routes to this blueprint.
from webapp.web.public import choose, open_data  # noqa: E402, F401
