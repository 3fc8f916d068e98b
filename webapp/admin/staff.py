"""Staff accounts, for admins."""

from flask import render_template

from webapp.admin import bp
from webapp.permissions import permission_required


@bp.get("/staff")
@permission_required("manage_staff")
def staff():
    """List staff accounts."""
    return render_template("admin/placeholder.html")
