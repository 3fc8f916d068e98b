"""Friendly error pages in the visitor's language."""

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def render_error(error: HTTPException):
    """Render the page for an HTTP error (unhandled exceptions arrive as a 500)."""
    template = "errors/404.html" if error.code == 404 else "errors/error.html"
    return render_template(template, error=error), error.code


def render_csrf_error(error: CSRFError):
    """Explain a refused form: usually it was open too long, or came from elsewhere."""
    return render_template("errors/error.html", error=error, csrf_failed=True), 400


def init_app(app):
    """Register the handlers."""
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(HTTPException, render_error)
