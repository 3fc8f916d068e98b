"""Friendly error pages in the visitor's language."""

from flask import current_app, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from webapp.core import inputs, ratelimits
from webapp.core.extensions import login_manager

# Set by the API: a path prefix whose errors are answered as problem documents, and how.
PROBLEM_RENDERER = "webapp.problem_renderer"


def error_headers(error: HTTPException) -> dict[str, str]:
    """Return the headers an error must carry besides its body's type (Allow on a 405)."""
    return {name: value for name, value in error.get_headers() if name.lower() != "content-type"}


def render_error(error: HTTPException):
    """Render the page for an HTTP error (unhandled exceptions arrive as a 500)."""
    prefix, render_problem = current_app.extensions.get(PROBLEM_RENDERER, (None, None))
    if prefix and (request.path == prefix or request.path.startswith(prefix + "/")):
        # An address under the API that matched no rule (a TRACE, say): answer as the API.
        return render_problem(error)
    headers = error_headers(error)
    context = {"error": error}
    if error.code == 429:
        wait = ratelimits.retry_after_seconds()
        headers["Retry-After"] = str(wait)
        context["try_again"] = ratelimits.try_again_text(wait)
    if isinstance(error, inputs.UnusableInput):
        context["unusable_input"] = True
    template = "errors/404.html" if error.code == 404 else "errors/error.html"
    return render_template(template, **context), error.code, headers


def render_csrf_error(error: CSRFError):
    """Explain a refused form: usually it was open too long, or came from elsewhere."""
    return render_template("errors/error.html", error=error, csrf_failed=True), 400


def render_database_unavailable(error: DBAPIError):
    """Answer 503 when the database cannot be reached or is busy, so people retry."""
    current_app.logger.warning("database unavailable: %s", type(error.orig).__name__)
    # Flask-Login's template context loads the staff account from the database;
    # with the database gone, render the page as for an anonymous visitor.
    g._login_user = login_manager.anonymous_user()
    page = render_template("errors/error.html", error=ServiceUnavailable())
    return page, 503, {"Retry-After": "5"}


def init_app(app):
    """Register the handlers."""
    # Lost connections and timeouts are outages; other database errors are bugs (500),
    # except values the database refuses, which are bad input (webapp.core.inputs).
    app.register_error_handler(OperationalError, render_database_unavailable)
    app.register_error_handler(InterfaceError, render_database_unavailable)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(HTTPException, render_error)
