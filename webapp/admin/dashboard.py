"""The admin's start page."""

from flask import render_template

from webapp.admin import bp
from webapp.permissions import permission_required


@bp.get("/")
@permission_required("view_providers")
def dashboard():
    """Show what needs attention."""
    return render_template("admin/dashboard.html")
