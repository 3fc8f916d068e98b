"""Forms shared by the admin: logging in, passwords, the admin's language."""

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.validation import valid_email
from webapp.staff.accounts import MAX_PASSWORD_LENGTH, password_problem


def acceptable_password(_form, field):
    """Refuse a password that is too short or too long; an empty one is left to others."""
    problem = password_problem(field.data) if field.data else None
    if problem:
        raise ValidationError(problem)


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(
        _l("E-postadress"),
        validators=[DataRequired(_l("Skriv din e-postadress.")), Length(max=254), valid_email],
    )
    password = PasswordField(
        _l("Lösenord"),
        validators=[
            DataRequired(_l("Skriv ditt lösenord.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
    )
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    """The current password and a new one, twice."""

    current = PasswordField(
        _l("Nuvarande lösenord"), validators=[DataRequired(_l("Skriv ditt nuvarande lösenord."))]
    )
    new = PasswordField(
        _l("Nytt lösenord"),
        validators=[DataRequired(_l("Skriv ett nytt lösenord.")), acceptable_password],
    )
    confirm = PasswordField(
        _l("Upprepa det nya lösenordet"),
        validators=[EqualTo("new", message=_l("Lösenorden är inte lika."))],
    )


class LanguageForm(FlaskForm):
    """Which of the admin's languages to use."""

    lang = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class ActionForm(FlaskForm):
    """A form with only CSRF protection, for buttons such as logging out."""


def show_problems(form: FlaskForm, problems: dict[str, list[str]]) -> None:
    """Put the messages of a refused action next to the fields they are about."""
    for name, messages in problems.items():
        form[name].errors.extend(messages)
