"""Forms of the client's choice pages: the code, the confirmation, a switch request."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from webapp.core.activelocale import lazy_gettext as _l

MAX_REASON_LENGTH = 500


def strip_text(value):
    """Trim a typed value, and count a line break as one character as the browser does."""
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


class CodeForm(FlaskForm):
    """The one-time code from the letter."""

    code = StringField(
        _l("Kod"),
        filters=[strip_text],
        validators=[DataRequired(_l("Skriv koden från brevet."))],
    )


class ConfirmForm(FlaskForm):
    """The provider to confirm, with a one-time token that makes a double click harmless."""

    provider = HiddenField(validators=[DataRequired(), Length(max=120)])
    token = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])


class SwitchForm(FlaskForm):
    """The provider the client wants instead, and why."""

    # The choices are the providers authorized today; the view checks the value itself.
    provider = SelectField(
        _l("Ny anordnare"),
        validate_choice=False,
        validators=[DataRequired(_l("Välj vilken anordnare du vill byta till."))],
    )
    reason = TextAreaField(
        _l("Varför vill du byta?"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Skriv varför du vill byta anordnare.")),
            Length(max=MAX_REASON_LENGTH, message=_l("Skriv högst 500 tecken.")),
        ],
    )
