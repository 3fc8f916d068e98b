"""The open data API: read-only JSON, its OpenAPI description and DCAT metadata under /api/."""


def init_app(app) -> None:
    """Register the API blueprint, once; it takes no writes, so CSRF checks stay out of its way."""
    if "api" in app.blueprints:
        return
    from webapp.core.errors import PROBLEM_RENDERER
    from webapp.core.extensions import csrf
    from webapp.web.api.problems import problem_for_http_error
    from webapp.web.api.views import bp

    csrf.exempt(bp)
    app.register_blueprint(bp)
    # Errors under /api that match no rule (a TRACE, say) are problem documents too.
    app.extensions[PROBLEM_RENDERER] = (bp.url_prefix, problem_for_http_error)
