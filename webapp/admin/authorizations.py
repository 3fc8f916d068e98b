"""Authorizing and de-authorizing providers (placeholder views, to be replaced)."""

from flask import render_template

from webapp.admin import bp
from webapp.permissions import permission_required


@bp.route("/providers/<int:provider_id>/authorize", methods=["GET", "POST"])
@permission_required("manage_authorizations")
def authorize(provider_id):
    """Authorize a provider for services."""
    return render_template("admin/placeholder.html")


@bp.route("/providers/<int:provider_id>/deauthorize", methods=["GET", "POST"])
@permission_required("manage_authorizations")
def deauthorize(provider_id):
    """De-authorize a provider."""
    return render_template("admin/placeholder.html")


@bp.get("/providers/<int:provider_id>/history")
@permission_required("view_providers")
def provider_history(provider_id):
    """Show a provider's authorization events."""
    return render_template("admin/placeholder.html")
