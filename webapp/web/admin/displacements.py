"""The letters to every client a provider's de-authorization reached, printed in one go."""

from flask import abort, render_template

from webapp.choices.displacement import CURRENT, PENDING_START, SWITCH
from webapp.choices.displacement_listing import list_displacement_letters
from webapp.core import clock
from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.db import get_session
from webapp.providers.models import Provider
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp
from webapp.web.admin.choice_letter import render_in_language

REASON_LABELS = {
    # I18N: How a de-authorization affects a client: the provider delivers their service now.
    CURRENT: _l("Anordnaren ger insatsen nu"),
    # I18N: How a de-authorization affects a client: chose the provider, has not started.
    PENDING_START: _l("Har valt anordnaren, har inte börjat"),
    # I18N: How a de-authorization affects a client: asked to switch to the provider.
    SWITCH: _l("Väntar på beslut om byte till anordnaren"),
}


@bp.context_processor
def displacement_labels():
    """Give the admin templates the words for how a client is affected."""
    return {"displacement_reason_labels": REASON_LABELS}


@bp.get("/providers/<int:provider_id>/letters")
@permission_required("manage_choices")
def displacement_letters(provider_id: int):
    """Show one printable page with a letter, in its language, to each client still to choose."""
    session = get_session()
    provider = session.get(Provider, provider_id) or abort(404)
    letters = list_displacement_letters(session, provider_id=provider.id, today=clock.today())
    return render_template(
        "admin/authorizations/letters.html",
        provider=provider,
        letters=[
            render_in_language(
                "letters/provider_gone.html", letter.invitation.letter_lang, letter=letter
            )
            for letter in letters
        ],
    )
