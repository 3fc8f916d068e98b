"""Forms for staff accounts: creating one, and changing role, status or password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from webapp.core.validation import valid_email
from webapp.staff.accounts import password_problem
from webapp.staff.permissions import ROLES


def acceptable_password(_form, field):
    """Refuse a password that is too short or too long; an empty one is left to others."""
    problem = password_problem(field.data) if field.data else None
    if problem:
        raise ValidationError(problem)


def role_choices() -> list[SelectChoice]:
    """Return the roles as options for a select."""
    return [SelectChoice(value=code, label=label) for code, label in ROLES.items()]


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
    name = StringField(
        _l("Namn"),
        validators=[
            DataRequired(_l("Skriv personens namn.")),
            Length(max=200, message=_l("Namnet får ha högst 200 tecken.")),
        ],
    )
    role = SelectField(_l("Roll"), choices=role_choices)
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

    name = StringField(
        _l("Namn"),
        validators=[
            DataRequired(_l("Skriv personens namn.")),
            Length(max=200, message=_l("Namnet får ha högst 200 tecken.")),
        ],
    )
    role = SelectField(_l("Roll"), choices=role_choices)
    is_active = BooleanField(_l("Kontot är aktivt och kan logga in"))
    unlock = BooleanField(_l("Lås upp kontot och nollställ misslyckade inloggningar"))
    password = PasswordField(_l("Nytt lösenord"), validators=[acceptable_password])
    confirm = PasswordField(
        _l("Upprepa det nya lösenordet"),
        validators=[EqualTo("password", message=_l("Lösenorden är inte lika."))],
    )
