"""Expected against actual for staff: the funnel plot per service and sharp intake shifts."""

from flask import current_app, render_template, request

from webapp.core.db import get_session
from webapp.results.casemix.funnel import POSITION_LABELS, Z_95, Z_998
from webapp.results.casemix.review import review_service
from webapp.results.casemix.shifts import SHIFT
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp


@bp.get("/results/expected")
@permission_required("import_results")
def expected_results():
    """Show one service's funnel plot, with a table of the same, and providers whose mix shifted."""
    review = review_service(
        get_session(),
        code=request.args.get("service"),
        minimum=current_app.config["MIN_GROUP_SIZE"],
    )
    return render_template(
        "admin/results/expected.html",
        review=review,
        position_labels=POSITION_LABELS,
        shift_points=round(SHIFT * 100),
        z_values=(Z_95, Z_998),
    )
