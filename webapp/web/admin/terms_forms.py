"""The form for a version of a scheme's authorization terms: the document and a row per term."""

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from webapp.core.activelocale import gettext as _
from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.templating import long_date
from webapp.core.validation import valid_url
from webapp.followups.models import TermsVersion
from webapp.followups.terms import Refusal, TermDraft, TermsDraft, first_free_day
from webapp.web.admin.authorization_forms import DayField, RequiredDate, squeeze_spaces, strip_text

# Empty rows offered after the terms, and added each time more are asked for.
SPARE_ROWS = 3


class TermRowForm(Form):
    """One term; a row left empty is no term."""

    reference = StringField(
        _l("Hänvisning"),
        filters=[squeeze_spaces],
        validators=[Length(max=40, message=_l("Hänvisningen får vara högst 40 tecken."))],
    )
    title = StringField(
        _l("Rubrik"),
        filters=[squeeze_spaces],
        validators=[Length(max=120, message=_l("Rubriken får vara högst 120 tecken."))],
    )
    checks = TextAreaField(
        _l("Det här kontrolleras"),
        filters=[strip_text],
        validators=[Length(max=1000, message=_l("Texten får vara högst 1 000 tecken."))],
    )

    def is_empty(self) -> bool:
        """Tell whether nothing was written in the row."""
        return not (self.reference.data or self.title.data or self.checks.data)

    def validate_reference(self, field):
        """A term needs its place in the document."""
        if not field.data and not self.is_empty():
            raise ValidationError(_("Skriv var villkoret står i dokumentet, till exempel 4.2."))

    def validate_title(self, field):
        """A term needs a short title."""
        if not field.data and not self.is_empty():
            raise ValidationError(_("Skriv en kort rubrik för villkoret."))


class TermsForm(FlaskForm):
    """A terms version: from which day, which document, and its terms."""

    valid_from = DayField(
        _l("Gäller från"),
        validators=[RequiredDate(_l("Skriv från vilket datum villkoren gäller."))],
    )
    document = StringField(
        _l("Dokument"),
        filters=[squeeze_spaces],
        validators=[
            DataRequired(_l("Skriv namnet på det publicerade dokumentet med villkoren.")),
            Length(max=200, message=_l("Namnet får vara högst 200 tecken.")),
        ],
    )
    document_url = StringField(
        _l("Webbadress till dokumentet"),
        filters=[strip_text],
        validators=[
            Length(max=500, message=_l("Webbadressen får vara högst 500 tecken.")),
            valid_url,
        ],
    )
    terms = FieldList(FormField(TermRowForm), label=_l("Villkor"), min_entries=0, max_entries=200)
    more = SubmitField(_l("Fler rader"))

    def fill_from(self, version: TermsVersion | None) -> None:
        """Start from a version's document and terms, with empty rows after them."""
        if version is not None:
            self.document.data = version.document
            self.document_url.data = version.document_url
            for term in version.terms:
                self.terms.append_entry(
                    {"reference": term.reference, "title": term.title, "checks": term.checks}
                )
        self.add_rows()

    def add_rows(self) -> None:
        """Offer more empty rows."""
        for _row in range(SPARE_ROWS):
            self.terms.append_entry()

    def to_draft(self) -> TermsDraft:
        """Return the validated version; empty rows are left out."""
        return TermsDraft(
            valid_from=self.valid_from.data,
            document=self.document.data,
            document_url=self.document_url.data or "",
            terms=tuple(
                TermDraft(row.reference.data, row.title.data, row.checks.data or "")
                for row in (entry.form for entry in self.terms.entries)
                if not row.is_empty()
            ),
        )

    def error_list(self) -> list[tuple[str | None, str, str]]:
        """Return every error as (field id or None, field label, message), in page order."""
        found = [(None, "", message) for message in self.form_errors]
        for f in (self.valid_from, self.document, self.document_url):
            found += [(f.id, f.label.text, message) for message in f.errors]
        for number, entry in enumerate(self.terms.entries, start=1):
            for f in entry.form:
                label = _("Villkor %(num)s, %(field)s", num=number, field=f.label.text.lower())
                found += [(f.id, label, message) for message in f.errors]
        return found

    def explain(self, refusal: Refusal, last_held) -> None:
        """Put the reason a version could not be saved next to the field it concerns."""
        if refusal is Refusal.BEFORE_RECORDED_FOLLOW_UP:
            self.valid_from.errors.append(
                _(
                    "Det finns uppföljningar till och med %(held)s som ska behålla villkoren "
                    "som gällde då. Den nya versionen kan gälla tidigast från %(first)s.",
                    held=long_date(last_held),
                    first=long_date(first_free_day(last_held)),
                )
            )
        elif refusal is Refusal.DAY_TAKEN:
            self.valid_from.errors.append(
                _(
                    "Det finns redan en version som gäller från %(date)s. Ändra den, eller "
                    "välj ett annat datum.",
                    date=long_date(self.valid_from.data),
                )
            )
        elif refusal is Refusal.NO_TERMS:
            self.form_errors.append(_("Skriv minst ett villkor."))
        elif refusal is Refusal.REFERENCE_TWICE:
            self.form_errors.append(
                _("Två villkor har samma hänvisning. Varje villkor behöver en egen.")
            )
        else:
            self.form_errors.append(
                _(
                    "Versionen har använts i en uppföljning och kan inte ändras längre. "
                    "Lägg in en ny version i stället."
                )
            )
