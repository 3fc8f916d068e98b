"""Forms for staff accounts: creating one, and changing role, status or password."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length

from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.validation import valid_email
from webapp.staff.permissions import ROLES
from webapp.web.admin.forms import acceptable_password


def role_choices() -> list[SelectChoice]:
    """Return the roles as options for a select."""
    return [SelectChoice(value=code, label=label) for code, label in ROLES.items()]


def name_field() -> StringField:
    """The person's name, as both forms ask for it."""
    return StringField(
        _l("Namn"),
        validators=[
            DataRequired(_l("Skriv personens namn.")),
            Length(max=200, message=_l("Namnet får ha högst 200 tecken.")),
        ],
    )


def role_field() -> SelectField:
    """The account's role, as both forms ask for it."""
    return SelectField(_l("Roll"), choices=role_choices)


class NewStaffForm(FlaskForm):
    """A new account: e-mail, name, role and a first password typed twice."""

    email = EmailField(
        _l("E-postadress"),
        validators=[
            DataRequired(_l("Skriv en e-postadress.")),
            Length(max=254, message=_l("E-postadressen får ha högst 254 tecken.")),
            valid_email,
        ],
    )
    name = name_field()
    role = role_field()
    password = PasswordField(
        _l("Lösenord"),
        validators=[DataRequired(_l("Skriv ett lösenord.")), acceptable_password],
    )
    confirm = PasswordField(
        _l("Upprepa lösenordet"),
        validators=[EqualTo("password", message=_l("Lösenorden är inte lika."))],
    )


class EditStaffForm(FlaskForm):
    """Changes to an account: name, role, status, unlocking, and a new password if wanted."""

    name = name_field()
    role = role_field()
    is_active = BooleanField(_l("Kontot är aktivt och kan logga in"))
    unlock = BooleanField(_l("Lås upp kontot och nollställ misslyckade inloggningar"))
    password = PasswordField(_l("Nytt lösenord"), validators=[acceptable_password])
    confirm = PasswordField(
        _l("Upprepa det nya lösenordet"),
        validators=[EqualTo("password", message=_l("Lösenorden är inte lika."))],
    )
