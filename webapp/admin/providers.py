"""Provider records in the admin."""

from flask import render_template

from webapp.admin import bp
from webapp.permissions import permission_required


@bp.get("/providers")
@permission_required("view_providers")
def providers():
    """List providers."""
    return render_template("admin/placeholder.html")


@bp.get("/providers/<int:provider_id>")
@permission_required("view_providers")
def provider(provider_id):
    """Show one provider."""
    return render_template("admin/placeholder.html")
