"""Friendly error pages in the visitor's language."""

from flask import render_template
from werkzeug.exceptions import HTTPException


def render_error(error: HTTPException):
    """Render the page for an HTTP error (unhandled exceptions arrive as a 500)."""
    template = "errors/404.html" if error.code == 404 else "errors/error.html"
    return render_template(template, error=error), error.code


def init_app(app):
    """Register the handler."""
    app.register_error_handler(HTTPException, render_error)
