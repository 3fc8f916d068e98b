"""The audit log for admins."""

from flask import render_template

from webapp.admin import bp
from webapp.permissions import permission_required


@bp.get("/audit")
@permission_required("view_audit")
def audit():
    """List audit events."""
    return render_template("admin/placeholder.html")
