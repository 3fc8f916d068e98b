"""Forms for follow-ups: recording one (a row per term in force), closing one, publishing one.

The record form is built for the terms in force on the day the follow-up was
held: each term gets a verdict, a deadline (for a demand) and a note. A verdict
sent for a term the form does not offer (the terms changed, or the day did) is
refused with a message, never dropped in silence.
"""

import re
from dataclasses import dataclass
from datetime import date

from flask import request
from flask_wtf import FlaskForm
from wtforms import Field, SelectChoice, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from webapp.catalog.models import Service
from webapp.core import clock
from webapp.core.activelocale import gettext as _
from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.templating import long_date
from webapp.core.validation import looks_like_personal_number
from webapp.followups.models import Term
from webapp.followups.rules import (
    FindingDraft,
    FollowUpDraft,
    Found,
    Problem,
    is_held_in_future,
)
from webapp.followups.vocab import KINDS, VERDICTS
from webapp.web.admin.authorization_forms import DayField, RequiredDate, strip_text

MAX_NOTE_LENGTH = 2000
VERDICT = re.compile(r"^verdict_(\d{1,9})$")


def no_personal_number(_form, field):
    """Refuse a note that holds something shaped like a personal identity number."""
    if looks_like_personal_number(field.data):
        raise ValidationError(
            _(
                "Det ser ut som ett personnummer. Skriv inget som pekar ut en enskild "
                "deltagare: inga personnummer, inga namn."
            )
        )


def note_field(label) -> TextAreaField:
    """Return a staff note: at most 2,000 characters, no personal identity numbers."""
    return TextAreaField(
        label,
        filters=[strip_text],
        validators=[
            Length(max=MAX_NOTE_LENGTH, message=_l("Texten får vara högst 2 000 tecken.")),
            no_personal_number,
        ],
    )


@dataclass(frozen=True)
class TermRow:
    """A term and its three fields in the record form."""

    term: Term
    verdict: Field
    deadline: Field
    note: Field


class FollowUpForm(FlaskForm):
    """What every follow-up records; the term rows are added per request (see build_form)."""

    kind = SelectField(
        _l("Typ av uppföljning"),
        choices=[SelectChoice("", _l("Välj typ")), *(SelectChoice(k, v) for k, v in KINDS.items())],
        validators=[DataRequired(_l("Välj vilken typ av uppföljning det var."))],
        invalid_choice_message=_l("Välj en av typerna i listan."),
    )
    held_on = DayField(
        _l("Datum för uppföljningen"),
        validators=[RequiredDate(_l("Skriv vilket datum uppföljningen gjordes."))],
    )
    services = SelectMultipleField(
        _l("Insatser som uppföljningen gällde"),
        coerce=int,
        validators=[DataRequired(_l("Välj minst en insats som uppföljningen gällde."))],
        invalid_value_message=_l("Välj insatserna i listan."),
        invalid_choice_message=_l("Välj insatserna i listan."),
    )

    terms: list[Term]
    day_shown: date  # the day whose terms the form offers

    def validate_held_on(self, field):
        """A follow-up is recorded once it has been done."""
        if field.data and is_held_in_future(field.data, today=clock.today()):
            raise ValidationError(
                _("Datumet kan inte ligga i framtiden. Registrera uppföljningen när den är gjord.")
            )

    def term_rows(self) -> list[TermRow]:
        """Return each offered term with its fields."""
        return [
            TermRow(t, self[f"verdict_{t.id}"], self[f"deadline_{t.id}"], self[f"note_{t.id}"])
            for t in self.terms
        ]

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then that no verdict concerns a term not offered and one was given."""
        valid = super().validate(extra_validators)
        offered = {term.id for term in self.terms}
        sent = {
            int(match.group(1))
            for name, value in request.form.items()
            if (match := VERDICT.match(name)) and value
        }
        if sent - offered:
            self.form_errors.append(
                _(
                    "Villkoren som gällde %(date)s visas nu. Någon bedömning gällde ett "
                    "villkor som inte fanns då. Gör bedömningarna igen.",
                    date=long_date(self.day_shown),
                )
            )
            return False
        if valid and not self.findings():
            self.form_errors.append(_("Bedöm minst ett villkor som kontrollerades."))
            return False
        return valid

    def findings(self) -> list[FindingDraft]:
        """Return the terms judged, with their verdicts."""
        return [
            FindingDraft(
                term_id=row.term.id,
                verdict=row.verdict.data,
                note=row.note.data or "",
                deadline=row.deadline.data,
            )
            for row in self.term_rows()
            if row.verdict.data
        ]

    def to_draft(self) -> FollowUpDraft:
        """Return the validated follow-up."""
        return FollowUpDraft(
            kind=self.kind.data,
            held_on=self.held_on.data,
            service_ids=tuple(self.services.data),
            findings=tuple(self.findings()),
        )

    def explain(self, found: list[Found], services: dict[int, Service]) -> None:
        """Put each problem the rules found next to its field."""
        for item in found:
            problem = item.problem
            if problem is Problem.HELD_IN_FUTURE:
                self.held_on.errors.append(_("Datumet kan inte ligga i framtiden."))
            elif problem is Problem.SERVICE_NOT_AUTHORIZED:
                service = services.get(item.subject)
                self.services.errors.append(
                    _(
                        "%(service)s: anordnaren var inte auktoriserad för insatsen %(date)s.",
                        service=service.code if service else item.subject,
                        date=long_date(self.held_on.data),
                    )
                )
            elif problem is Problem.NO_TERM_CHECKED:
                self.form_errors.append(_("Bedöm minst ett villkor som kontrollerades."))
            elif problem is Problem.UNKNOWN_TERM:
                self.form_errors.append(
                    _("Ett av villkoren gällde inte %(date)s.", date=long_date(self.held_on.data))
                )
            else:
                self._explain_term(item)

    def _explain_term(self, item: Found) -> None:
        messages = {
            Problem.TERM_OUTSIDE_SERVICES: (
                "verdict",
                _(
                    "Villkoret hör till ett kundval som ingen av de valda insatserna finns i. "
                    "Välj en insats i det kundvalet, eller Inte kontrollerat."
                ),
            ),
            Problem.DEADLINE_MISSING: ("deadline", _("Skriv sista dag för åtgärden.")),
            Problem.DEADLINE_NOT_FOR_VERDICT: (
                "deadline",
                _("Bara krav på åtgärd har en sista dag. Ta bort datumet eller ändra bedömningen."),
            ),
            Problem.DEADLINE_BEFORE_HELD: (
                "deadline",
                _(
                    "Sista dagen måste vara efter dagen för uppföljningen, %(date)s.",
                    date=long_date(self.held_on.data),
                ),
            ),
        }
        field, message = messages[item.problem]
        self[f"{field}_{item.subject}"].errors.append(message)


def build_form(terms: list[Term], services: dict[int, Service], day: date) -> FollowUpForm:
    """Return the record form with a row for each term, offering the provider's services."""

    class Form(FollowUpForm):
        pass

    for term in terms:
        name = f"{term.reference} {term.title}"
        setattr(
            Form,
            f"verdict_{term.id}",
            SelectField(
                _l("Bedömning av %(term)s", term=name),
                choices=[
                    SelectChoice("", _l("Inte kontrollerat")),
                    *(SelectChoice(code, label) for code, label in VERDICTS.items()),
                ],
                default="",  # a term left out of the form was not checked
                invalid_choice_message=_l("Välj en av bedömningarna i listan."),
            ),
        )
        deadline = DayField(_l("Sista dag för åtgärd, %(term)s", term=name))
        setattr(Form, f"deadline_{term.id}", deadline)
        setattr(Form, f"note_{term.id}", note_field(_l("Anteckning om %(term)s", term=name)))
    form = Form()
    form.terms = terms
    form.day_shown = day
    form.services.choices = [SelectChoice(s, service.code) for s, service in services.items()]
    return form


class CloseForm(FlaskForm):
    """Close a follow-up whose remarks and demands have been dealt with."""

    closing_note = note_field(_l("Vad har anordnaren gjort?"))

    def validate_closing_note(self, field):
        """A follow-up is closed with a note that says how."""
        if not field.data:
            raise ValidationError(_("Skriv vad anordnaren har gjort, eller varför den stängs."))
