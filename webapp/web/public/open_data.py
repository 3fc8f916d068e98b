"""The open data page and its CSV downloads, on the public blueprint."""

from flask import Response, current_app, render_template, request

from webapp.core import clock
from webapp.core.db import get_session
from webapp.followups.downloads import FOLLOW_UP_COLUMNS, build_follow_ups_file
from webapp.results.casemix.downloads import (
    EXPECTED_COLUMNS,
    STRATA_COLUMNS,
    build_expected_file,
    build_strata_file,
)
from webapp.results.downloads import (
    PROVIDER_COLUMNS,
    RESULT_COLUMNS,
    build_providers_file,
    build_results_file,
)
from webapp.results.windows import list_published_periods
from webapp.web.public.views import bp


@bp.get("/open-data")
def open_data():
    """Explain the open data: downloads, licence, definitions, columns and the API."""
    return render_template(
        "public/open_data.html",
        periods=list_published_periods(get_session()),
        provider_columns=PROVIDER_COLUMNS,
        result_columns=RESULT_COLUMNS,
        follow_up_columns=FOLLOW_UP_COLUMNS,
        strata_columns=STRATA_COLUMNS,
        expected_columns=EXPECTED_COLUMNS,
    )


@bp.get("/open-data/providers.csv")
def open_data_providers_csv():
    """Download every provider on public record as CSV."""
    text = build_providers_file(get_session(), today=clock.today())
    return csv_download(text, "anordnare.csv")


@bp.get("/open-data/results.csv")
def open_data_results_csv():
    """Download every provider's results per service and half-year as CSV."""
    text = build_results_file(get_session(), minimum=current_app.config["MIN_GROUP_SIZE"])
    return csv_download(text, "resultat.csv")


@bp.get("/open-data/follow-ups.csv")
def open_data_follow_ups_csv():
    """Download every published follow-up of a provider as CSV, a row per term checked."""
    return csv_download(build_follow_ups_file(get_session()), "uppfoljningar.csv")


@bp.get("/open-data/strata-rates.csv")
def open_data_strata_csv():
    """Download every stratum's rate per service and published half-year as CSV."""
    text = build_strata_file(get_session(), minimum=current_app.config["MIN_GROUP_SIZE"])
    return csv_download(text, "andel-per-grupp.csv")


@bp.get("/open-data/expected-results.csv")
def open_data_expected_csv():
    """Download each provider's actual and expected share per service as CSV."""
    text = build_expected_file(get_session(), minimum=current_app.config["MIN_GROUP_SIZE"])
    return csv_download(text, "forvantade-resultat.csv")


def csv_download(text: str, filename: str) -> Response:
    """Answer with a CSV file to save, revalidated by its ETag, readable from any origin."""
    # Cache-Control comes from the public blueprint, as for every public page.
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.add_etag()
    return response.make_conditional(request)
