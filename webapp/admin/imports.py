"""Importing half-year results from CSV."""

from flask import render_template

from webapp.admin import bp
from webapp.permissions import permission_required


@bp.get("/results/import")
@permission_required("import_results")
def imports():
    """Show the import form."""
    return render_template("admin/placeholder.html")
