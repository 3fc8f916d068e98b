"""Forms for authorization decisions, and the words for what stops a decision applying."""

import re
from dataclasses import replace

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

from webapp.authorizations.rules import (
    Conflict,
    Decision,
    is_backdated,
    is_decided_in_future,
    is_misdated_revocation,
    needs_note,
    starts_before_decision,
)
from webapp.authorizations.vocab import END_REASONS
from webapp.catalog.models import Service
from webapp.core import clock
from webapp.core.activelocale import gettext as _
from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.templating import localized, long_date
from webapp.followups.vocab import KINDS, VERDICTS

MAX_REFERENCE_LENGTH = 60
MAX_NOTE_LENGTH = 2000
# Registry numbers look like "AMN 2026/0123" or "KS-2025-00412": letters, digits,
# spaces and a few separators. Any municipality's scheme fits; stray symbols do not.
_REFERENCE = re.compile(r"^[\w .:/()-]+$")
# I18N: Example shown after a date format error; keep the digits as they are.
_DATE_MESSAGE = _l("Skriv datumet som år-månad-dag, till exempel 2026-12-01.")


def strip_text(value):
    """Trim the text at both ends."""
    return value.strip() if isinstance(value, str) else value


def squeeze_spaces(value):
    """Trim the text and turn runs of spaces into one."""
    return " ".join(value.split()) if isinstance(value, str) else value


def optional_id(value) -> int | None:
    """Read an optional id: empty means none; anything not a whole number is refused."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise ValueError("not an id")
    return int(value)


class DayField(DateField):
    """A date typed as YYYY-MM-DD; an empty box is left to the required check."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, invalid_value_message=_DATE_MESSAGE, **kwargs)

    def process_formdata(self, valuelist):
        """Read the date; blank means no date, not a malformed one."""
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        super().process_formdata([valuelist[0].strip()])


class RequiredDate:
    """Ask for a date, unless the box held something that is not a date (already explained)."""

    def __init__(self, message):
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, _form, field):
        if field.data is None:
            raise StopValidation(None if field.process_errors else self.message)


def valid_reference(_form, field):
    """Check that a decision reference looks like a registry number."""
    value = field.data or ""
    if not _REFERENCE.match(value):
        raise ValidationError(
            _("Diarienumret får bara innehålla bokstäver, siffror, mellanslag och / - . : ( ).")
        )
    if not any(char.isdigit() for char in value):
        raise ValidationError(
            _("Diarienumret måste innehålla minst en siffra, till exempel AMN 2026/0123.")
        )


class DecisionForm(FlaskForm):
    """What every authorization decision records."""

    services = SelectMultipleField(
        _l("Insatser"),
        coerce=int,
        validators=[DataRequired(_l("Välj minst en insats."))],
        invalid_value_message=_l("Välj insatserna i listan."),
        invalid_choice_message=_l("Välj insatserna i listan."),
    )
    decision_date = DayField(
        _l("Beslutsdatum"), validators=[RequiredDate(_l("Skriv vilket datum beslutet fattades."))]
    )
    effective_date = DayField(
        _l("Gäller från"),
        validators=[RequiredDate(_l("Skriv från vilket datum beslutet gäller."))],
    )
    decision_reference = StringField(
        _l("Diarienummer"),
        filters=[squeeze_spaces],
        validators=[
            DataRequired(_l("Skriv beslutets diarienummer.")),
            Length(
                max=MAX_REFERENCE_LENGTH,
                message=_l("Diarienumret får vara högst 60 tecken."),
            ),
            valid_reference,
        ],
    )

    def validate_decision_date(self, field):
        """A decision is recorded after it is made, never before."""
        if field.data and is_decided_in_future(field.data, today=clock.today()):
            raise ValidationError(_("Beslutsdatum kan inte ligga i framtiden."))

    def decision(self, reason: str | None = None, note: str = "") -> Decision:
        """Return the validated decision."""
        return Decision(
            service_ids=tuple(self.services.data),
            decision_date=self.decision_date.data,
            effective_date=self.effective_date.data,
            decision_reference=self.decision_reference.data,
            reason=reason,
            note=note,
        )


class AuthorizeForm(DecisionForm):
    """Authorize a provider for one or more services from a day."""

    def validate_effective_date(self, field):
        """An authorization may start on its decision date or later, also in the future."""
        decided = self.decision_date.data
        # Only a valid decision date is worth comparing with (its own error says the rest).
        if (
            field.data
            and decided
            and not self.decision_date.errors
            and starts_before_decision(field.data, decision_date=decided)
        ):
            raise ValidationError(_("Auktorisationen kan inte börja gälla före beslutsdatum."))

    def to_decision(self) -> Decision:
        """Return the validated authorization."""
        return self.decision()


class DeauthorizeForm(DecisionForm):
    """End a provider's authorization for one or more services from a day."""

    reason = SelectField(
        _l("Skäl"),
        choices=[
            SelectChoice("", _l("Välj skäl")),
            *(SelectChoice(code, label) for code, label in END_REASONS.items()),
        ],
        validators=[DataRequired(_l("Välj skälet till avauktorisationen."))],
        invalid_choice_message=_l("Välj ett av skälen i listan."),
    )
    note = TextAreaField(
        _l("Anteckning"),
        filters=[strip_text],
        validators=[
            Length(max=MAX_NOTE_LENGTH, message=_l("Anteckningen får vara högst 2 000 tecken."))
        ],
    )
    follow_up = SelectField(
        _l("Uppföljning som ledde till beslutet"),
        coerce=optional_id,
        choices=[],
        invalid_value_message=_l("Välj en av anordnarens uppföljningar i listan."),
        invalid_choice_message=_l("Välj en av anordnarens uppföljningar i listan."),
    )

    def validate_effective_date(self, field):
        """A de-authorization takes effect today or later; an immediate one today."""
        if field.data is None:
            return
        today = clock.today()
        if is_backdated(field.data, today=today):
            raise ValidationError(
                _(
                    "Avauktorisationen kan gälla från i dag eller ett senare datum, "
                    "inte bakåt i tiden."
                )
            )
        if is_misdated_revocation(self.reason.data, field.data, today=today):
            raise ValidationError(
                _(
                    "Ett direkt återkallande gäller från i dag. "
                    "Välj dagens datum eller ett annat skäl."
                )
            )

    def validate_note(self, field):
        """ "Other reason" needs the reason written down."""
        if needs_note(self.reason.data, field.data):
            raise ValidationError(_("Beskriv skälet i anteckningen när du väljer Annat skäl."))

    def to_decision(self) -> Decision:
        """Return the validated de-authorization."""
        decision = self.decision(reason=self.reason.data, note=self.note.data or "")
        return replace(decision, follow_up_id=self.follow_up.data)

    def offer_follow_ups(self, follow_ups) -> None:
        """Offer the provider's follow-ups, latest first, after "none"."""
        self.follow_up.choices = [
            SelectChoice("", _("Ingen uppföljning")),
            *(SelectChoice(str(f.id), follow_up_label(f)) for f in follow_ups),
        ]


def follow_up_label(follow_up) -> str:
    """Name a follow-up in a list: day, kind and outcome."""
    kind = KINDS.get(follow_up.kind, follow_up.kind)
    outcome = VERDICTS.get(follow_up.outcome, follow_up.outcome)
    return f"{long_date(follow_up.held_on)} – {kind} – {outcome}"


def service_choices(services: dict[int, Service]) -> list[SelectChoice]:
    """Return every service as a choice; the page decides which to show."""
    return [SelectChoice(service_id, service.code) for service_id, service in services.items()]


def service_label(service: Service) -> str:
    """Name a service by code and name, e.g. 'MATCH-1 Matchning grund'."""
    return f"{service.code} {localized(service, 'name').text}"


def explain_conflicts(
    form: DecisionForm, conflicts: list[Conflict], services: dict[int, Service]
) -> None:
    """Add one message per service the decision cannot apply to, next to the services."""
    day = form.effective_date.data
    for conflict in conflicts:
        name = service_label(services[conflict.service_id])
        period = conflict.period
        if period is None:
            message = _(
                "%(service)s: anordnaren är inte auktoriserad för insatsen %(date)s eller "
                "senare, så det finns ingen auktorisation att avsluta.",
                service=name,
                date=long_date(day),
            )
        elif period.valid_until is None:
            message = _(
                "%(service)s: anordnaren är redan auktoriserad för insatsen från %(start)s "
                "och tills vidare. Perioder får inte överlappa.",
                service=name,
                start=long_date(period.valid_from),
            )
        else:
            message = _(
                "%(service)s: en auktorisation gäller redan från %(start)s och upphör "
                "%(end)s. En ny auktorisation kan börja gälla tidigast %(end)s.",
                service=name,
                start=long_date(period.valid_from),
                end=long_date(period.valid_until),
            )
        form.services.errors.append(message)
