"""Follow-ups of providers in the admin: the lists, recording, closing and publishing one."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.core import clock
from webapp.core.activelocale import gettext as _
from webapp.core.db import get_session
from webapp.followups.actions import (
    FollowUpChangeRefused,
    FollowUpRefused,
    close_follow_up,
    publish_follow_up,
    record_follow_up,
    withdraw_follow_up,
)
from webapp.followups.queries import (
    LIST_FILTERS,
    get_follow_up,
    list_follow_ups,
    list_provider_follow_ups,
)
from webapp.followups.recording import load_recording_scene
from webapp.followups.rules import (
    Refusal,
    is_held_in_future,
    proposes_deauthorization,
    publish_refusal,
    state_of,
)
from webapp.staff.permissions import can, permission_required
from webapp.web.admin import bp
from webapp.web.admin.authorizations import load_provider
from webapp.web.admin.follow_up_forms import CloseForm, build_form

# Flash category read only by the follow-up pages.
FLASH = "follow_ups"


def refusal_message(refusal: Refusal) -> str:
    """Say why a follow-up could not be closed, published or withdrawn."""
    return {
        Refusal.NOT_OPEN: _("Uppföljningen är inte öppen, så det finns inget att stänga."),
        Refusal.OWN_FOLLOW_UP: _(
            "Du registrerade uppföljningen själv. En annan administratör behöver granska och "
            "publicera den."
        ),
        Refusal.ALREADY_PUBLISHED: _("Uppföljningen är redan publicerad."),
        Refusal.NOT_PUBLISHED: _("Uppföljningen är inte publicerad."),
    }[refusal]


@bp.get("/follow-ups")
@permission_required("manage_follow_ups")
def follow_ups():
    """List follow-ups of every provider, the latest first; optionally only some."""
    only = request.args.get("show")
    only = only if only in LIST_FILTERS else None
    return render_template(
        "admin/follow_ups/list.html",
        rows=list_follow_ups(get_session(), only=only),
        only=only,
        filters=LIST_FILTERS,
    )


@bp.get("/providers/<int:provider_id>/follow-ups")
@permission_required("manage_follow_ups")
def provider_follow_ups(provider_id):
    """List one provider's follow-ups, the latest first."""
    provider = load_provider(provider_id)
    return render_template(
        "admin/follow_ups/provider.html",
        provider=provider,
        rows=list_provider_follow_ups(get_session(), provider=provider),
        flash_category=FLASH,
    )


def day_asked(today: date) -> date:
    """Return the day the form was sent with when it is a usable one, else today."""
    text = request.form.get("held_on", "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return today
    return today if is_held_in_future(day, today=today) else day


@bp.route("/providers/<int:provider_id>/follow-ups/new", methods=["GET", "POST"])
@permission_required("manage_follow_ups")
def record_provider_follow_up(provider_id):
    """Record a follow-up of a provider: how, when, which terms were checked, what was found."""
    today = clock.today()
    day = day_asked(today) if request.method == "POST" else today
    scene = load_recording_scene(get_session(), provider_id=provider_id, day=day)
    if scene is None:
        abort(404)
    form = build_form(scene.offered_terms(), scene.services, day)
    if not form.is_submitted():
        form.held_on.data = today
        form.services.data = sorted(scene.authorized)
    if form.validate_on_submit():
        try:
            follow_up = record_follow_up(
                get_session(),
                provider_id=scene.provider.id,
                draft=form.to_draft(),
                recorded_by=current_user.id,
            )
        except FollowUpRefused as refused:
            form.explain(refused.found, scene.services)
        else:
            flash(
                _(
                    "Uppföljningen är registrerad. En annan administratör behöver publicera "
                    "den innan den syns på den publika sidan."
                ),
                FLASH,
            )
            return redirect(url_for("admin.follow_up", follow_up_id=follow_up.id))
    return render_template("admin/follow_ups/new.html", scene=scene, form=form)


def detail_page(follow_up_id: int, *, close_form=None, problem=None, status=200):
    """Render one follow-up with what the user may do with it."""
    detail = get_follow_up(get_session(), follow_up_id=follow_up_id)
    if detail is None:
        abort(404)
    follow_up = detail.follow_up
    page = render_template(
        "admin/follow_ups/detail.html",
        detail=detail,
        follow_up=follow_up,
        state=state_of(follow_up),
        proposes_deauthorization=proposes_deauthorization(follow_up),
        close_form=close_form or CloseForm(),
        publish_refusal=(
            publish_refusal(follow_up, publisher_id=current_user.id)
            if can(current_user, "publish_follow_ups")
            else None
        ),
        refusal_message=refusal_message,
        problem=problem,
        flash_category=FLASH,
    )
    return page, status


@bp.get("/follow-ups/<int:follow_up_id>")
@permission_required("manage_follow_ups")
def follow_up(follow_up_id):
    """Show one follow-up: findings, outcome, who did what, and what can be done next."""
    return detail_page(follow_up_id)


def change(follow_up_id: int, run, done: str, *, close_form=None):
    """Run a change of a follow-up; go back to its page, or explain why it was refused."""
    try:
        run()
    except LookupError:
        abort(404)
    except FollowUpChangeRefused as refused:
        return detail_page(
            follow_up_id,
            close_form=close_form,
            problem=refusal_message(refused.refusal),
            status=409,
        )
    flash(done, FLASH)
    return redirect(url_for("admin.follow_up", follow_up_id=follow_up_id), 303)


@bp.post("/follow-ups/<int:follow_up_id>/close")
@permission_required("manage_follow_ups")
def close_provider_follow_up(follow_up_id):
    """Close a follow-up whose remarks and demands have been dealt with."""
    form = CloseForm()
    if not form.validate_on_submit():
        return detail_page(follow_up_id, close_form=form, status=400)
    return change(
        follow_up_id,
        lambda: close_follow_up(
            get_session(),
            follow_up_id=follow_up_id,
            note=form.closing_note.data,
            closed_by=current_user.id,
        ),
        _("Uppföljningen är stängd."),
        close_form=form,
    )


@bp.post("/follow-ups/<int:follow_up_id>/publish")
@permission_required("publish_follow_ups")
def publish_provider_follow_up(follow_up_id):
    """Publish a follow-up's outcome on the provider's public page and in the open data."""
    return change(
        follow_up_id,
        lambda: publish_follow_up(
            get_session(), follow_up_id=follow_up_id, publisher_id=current_user.id
        ),
        _("Uppföljningen är publicerad. Den syns nu på anordnarens publika sida."),
    )


@bp.post("/follow-ups/<int:follow_up_id>/withdraw")
@permission_required("publish_follow_ups")
def withdraw_provider_follow_up(follow_up_id):
    """Take a follow-up off the provider's public page and the open data."""
    return change(
        follow_up_id,
        lambda: withdraw_follow_up(get_session(), follow_up_id=follow_up_id),
        _("Uppföljningen är inte längre publicerad."),
    )
