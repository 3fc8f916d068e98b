"""Forms for clients' choices: new invitations, the list's filters, and a caseworker's actions."""

import re
from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, StopValidation, ValidationError

from webapp.catalog.queries import index_services
from webapp.choices.listing import ChoiceFilters
from webapp.choices.rules import Refusal, deadline_refusal, decision_date_refusal, reopen_refusal
from webapp.choices.state import ChoiceState
from webapp.core import clock
from webapp.core.activelocale import gettext as _
from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.i18n import endonym
from webapp.core.templating import localized
from webapp.core.validation import looks_like_personal_number

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The lifecycle rules' refusals of a day, in words, with the field they belong to.
DAY_REFUSALS = {
    Refusal.DECISION_IN_FUTURE: (
        "decision_date",
        _l("Beslutsdatumet kan inte vara senare än i dag."),
    ),
    Refusal.DEADLINE_PASSED: ("deadline", _l("Sista dagen kan inte vara tidigare än i dag.")),
    Refusal.DEADLINE_BEFORE_DECISION: (
        "deadline",
        _l("Sista dagen kan inte vara före beslutsdatumet."),
    ),
    Refusal.REOPEN_DAY_PASSED: ("open_until", _l("Dagen kan inte vara tidigare än i dag.")),
}


def refuse_day(refusal: Refusal | None) -> None:
    """Turn a lifecycle rule's refusal of a day into the field's error message."""
    if refusal is not None:
        raise ValidationError(str(DAY_REFUSALS[refusal][1]))


def no_personal_number(_form, field):
    """Refuse a value that looks like a personal identity number."""
    if looks_like_personal_number(field.data):
        raise ValidationError(
            _(
                "Det ser ut som ett personnummer. Personnummer får inte sparas här:"
                " skriv bara ett internt ärendenummer."
            )
        )


class DayRequired:
    """Require a date, unless what was typed is already refused as not a date."""

    def __init__(self, message):
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, _form, field):
        if field.data is None and not field.process_errors:
            raise StopValidation(self.message)


class DayField(DateField):
    """A date typed as YYYY-MM-DD; an empty field is left to DayRequired."""

    def process_formdata(self, valuelist):
        """Read the date, refusing anything but a real day in a sensible year."""
        if not valuelist:
            return
        value = (valuelist[0] or "").strip()
        self.data = None
        if not value:
            return
        day = None
        if _ISO_DATE.fullmatch(value):
            try:
                day = date.fromisoformat(value)
            except ValueError:
                day = None
        if day is None or not 1900 <= day.year <= 2999:
            raise ValueError(_("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-22."))
        self.data = day


class InvitationForm(FlaskForm):
    """A new invitation to choose a provider: the decided service, dates and letter language."""

    service = SelectField(
        _l("Beviljad insats"),
        coerce=str,
        validators=[DataRequired(_l("Välj vilken insats personen har fått."))],
        invalid_choice_message=_l("Välj en av insatserna i listan."),
    )
    decision_date = DayField(
        _l("Beslutsdatum"), validators=[DayRequired(_l("Skriv datumet för beslutet."))]
    )
    deadline = DayField(
        _l("Sista dag att välja"),
        validators=[DayRequired(_l("Skriv sista dagen att välja."))],
    )
    # Always has a value (Swedish at first), so no empty choice and no "required".
    letter_lang = SelectField(
        _l("Brevets språk"), invalid_choice_message=_l("Välj ett av språken i listan.")
    )
    case_reference = StringField(
        _l("Internt ärendenummer (frivilligt)"),
        validators=[
            Length(max=60, message=_l("Ärendenumret får ha högst 60 tecken.")),
            no_personal_number,
        ],
    )
    # Identifies this filled-in form, so sending it twice creates one invitation.
    submission = HiddenField()

    def offer(self, schemes, languages) -> None:
        """Offer the services grouped by scheme, and the site's languages by their own names."""
        self.service.choices = service_choices(schemes, _("Välj insats"))
        self.letter_lang.choices = [
            SelectChoice(code, endonym(code), render_kw={"lang": code}) for code in languages
        ]

    def validate_decision_date(self, field):
        """Refuse a decision dated in the future."""
        if field.data:
            refuse_day(decision_date_refusal(field.data, today=clock.today()))

    def validate_deadline(self, field):
        """Refuse a deadline in the past or before the decision."""
        if field.data:
            refuse_day(
                deadline_refusal(
                    field.data, decision_date=self.decision_date.data, today=clock.today()
                )
            )

    def show_refusal(self, refusal: Refusal) -> None:
        """Show a refusal of the dates that came from the action, next to its field."""
        name, message = DAY_REFUSALS[refusal]
        self[name].errors.append(message)


class ChoiceFilterForm(FlaskForm):
    """The invitation list's filters, sent as a GET query."""

    class Meta:
        csrf = False  # a search form: it changes nothing

    # An empty value means "all"; a missing parameter is the same as an empty one.
    state = SelectField(
        _l("Status"), default="", invalid_choice_message=_l("Välj en av statusarna i listan.")
    )
    service = SelectField(
        _l("Insats"), default="", invalid_choice_message=_l("Välj en av insatserna i listan.")
    )
    provider = SelectField(
        _l("Anordnare"),
        default="",
        invalid_choice_message=_l("Välj en av anordnarna i listan."),
    )
    deadline_passed = BooleanField(_l("Bara där sista dagen har passerat"))

    def offer(self, schemes, providers, state_labels: dict) -> None:
        """Offer the states, services and providers, each with an 'all' option first."""
        self.state.choices = [SelectChoice("", _("Alla statusar"))] + [
            SelectChoice(state.value, state_labels[state]) for state in ChoiceState
        ]
        self.service.choices = service_choices(schemes, _("Alla insatser"))
        self.provider.choices = [SelectChoice("", _("Alla anordnare"))] + [
            SelectChoice(str(provider.id), provider.name) for provider in providers
        ]

    def filters(self, schemes) -> ChoiceFilters:
        """Return the filters the form holds; call after validating it."""
        service = index_services(schemes).get(self.service.data or "")
        return ChoiceFilters(
            state=ChoiceState(self.state.data) if self.state.data else None,
            service_id=service.id if service else None,
            provider_id=int(self.provider.data) if self.provider.data else None,
            deadline_passed=bool(self.deadline_passed.data),
        )


class ReopenForm(FlaskForm):
    """Reopen a choice until a day."""

    open_until = DayField(
        _l("Öppet för val till och med"),
        validators=[DayRequired(_l("Skriv till och med vilken dag valet ska vara öppet."))],
    )

    def validate_open_until(self, field):
        """Refuse a day that has already passed."""
        if field.data:
            refuse_day(reopen_refusal(field.data, today=clock.today()))

    def show_refusal(self, refusal: Refusal) -> None:
        """Show a refusal of the day that came from the action, next to the field."""
        self.open_until.errors.append(DAY_REFUSALS[refusal][1])


class RecordChoiceForm(FlaskForm):
    """A choice the client made by phone or in person, recorded by the caseworker."""

    provider_id = SelectField(
        _l("Anordnare som klienten har valt"),
        coerce=str,
        validators=[DataRequired(_l("Välj vilken anordnare klienten har valt."))],
        invalid_choice_message=_l(
            "Välj en av anordnarna i listan. Bara anordnare som är auktoriserade i dag kan väljas."
        ),
    )

    def offer(self, providers) -> None:
        """Offer the providers authorized for the service today."""
        self.provider_id.choices = [SelectChoice("", _("Välj anordnare"))] + [
            SelectChoice(str(provider.id), provider.name) for provider in providers
        ]


class SwitchDecisionForm(FlaskForm):
    """Approve or reject a switch request; a rejection needs a reason."""

    decision = StringField(
        _l("Beslut"),
        validators=[
            AnyOf(("approve", "reject"), message=_l("Välj att godkänna eller avslå bytet."))
        ],
    )
    decision_reason = TextAreaField(
        _l("Motivering"),
        validators=[
            Length(max=500, message=_l("Motiveringen får ha högst 500 tecken.")),
            no_personal_number,
        ],
    )

    def validate_decision_reason(self, field):
        """Require a reason for a rejection."""
        if self.decision.data == "reject" and not (field.data or "").strip():
            raise ValidationError(_("Skriv varför bytet avslås."))


def service_choices(schemes, first_label: str) -> list[SelectChoice]:
    """Return the services as options grouped by scheme, after an empty first option."""
    return [SelectChoice("", first_label)] + [
        SelectChoice(service.code, localized(service, "name").text, optgroup=scheme_name)
        for scheme in schemes
        for scheme_name in [localized(scheme, "name").text]
        for service in scheme.services
    ]


class NewCodeForm(FlaskForm):
    """Give an invitation a new code; the token makes a reloaded result page harmless."""

    submission = HiddenField(validators=[DataRequired()])
