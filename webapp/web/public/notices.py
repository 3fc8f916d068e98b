"""The client's optional e-mail notices: leave an address with consent, or erase it.

The form sits on the receipt; sent with something wrong, it comes back on a page
of its own with the message and what was typed. Nothing is stored without the
box ticked, and nothing at all while e-mail is off.
"""

from flask import flash, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, ValidationError

from webapp.choices.notices import (
    MAX_EMAIL_LENGTH,
    erase_notice_address,
    is_email_address,
    save_notice_address,
)
from webapp.choices.queries import read_choice_page
from webapp.core import clock
from webapp.core.activelocale import gettext as _
from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.db import get_session
from webapp.core.mail import mail_enabled
from webapp.web.public.choose import invitation_required
from webapp.web.public.choose_forms import strip_text
from webapp.web.public.views import bp


def an_email_address(_form, field):
    """Refuse text that is not one e-mail address."""
    if field.data and not is_email_address(field.data):
        raise ValidationError(
            _("Skriv en e-postadress som namn@exempel.se. Kontrollera att den är rätt.")
        )


class NoticeForm(FlaskForm):
    """An e-mail address for notices, and the explicit consent to use it."""

    email = StringField(
        _l("Din e-postadress"),
        filters=[lambda value: strip_text(value)[: MAX_EMAIL_LENGTH + 1] if value else value],
        validators=[DataRequired(_l("Skriv din e-postadress.")), an_email_address],
    )
    consent = BooleanField(
        _l("Ja, jag vill få meddelanden om mitt val med e-post."),
        validators=[DataRequired(_l("Kryssa i rutan om du vill få meddelanden med e-post."))],
    )


@bp.app_template_global()
def new_notice_form() -> NoticeForm:
    """Return an empty notice form, for the receipt."""
    return NoticeForm(formdata=None)


@bp.route("/choose/notices", methods=["GET", "POST"])
@invitation_required
def choose_notices(invitation):
    """Keep an e-mail address for notices about the choice, with the client's consent."""
    form = NoticeForm()
    enabled = mail_enabled()
    if enabled and form.validate_on_submit():
        save_notice_address(get_session(), invitation, email=form.email.data, lang=g.lang)
        flash(_("Tack. Vi skickar meddelanden till %(email)s.", email=form.email.data), "success")
        return redirect(url_for("public.choose_receipt"), 303)
    page = read_choice_page(get_session(), invitation=invitation, today=clock.today())
    status = 422 if form.is_submitted() else 200
    return render_template("public/choose/notices.html", page=page, notice_form=form), status


@bp.post("/choose/notices/erase")
@invitation_required
def choose_notices_erase(invitation):
    """Erase the client's notice address at once."""
    if FlaskForm().validate_on_submit():
        erase_notice_address(get_session(), invitation, why="client")
        flash(_("Din e-postadress är raderad. Vi skickar inga fler meddelanden."), "success")
    return redirect(url_for("public.choose_receipt"), 303)
