"""The provider form's parts: offices, texts per language, and checkbox groups."""

from wtforms import (
    BooleanField,
    Form,
    FormField,
    HiddenField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, Regexp, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.core.activelocale import lazy_gettext as _l
from webapp.providers.profile import OFFICE_FIELDS, TEXT_LANGUAGES, OfficeProfile


def strip(value):
    """Drop surrounding white space from typed text."""
    return value.strip() if isinstance(value, str) else value


def required(message):
    """Require a value without marking the input required: the new-office row may stay empty."""

    def check(_form, field):
        if not field.data:
            raise StopValidation(message)

    return check


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OfficeHoursForm(Form):
    """An office's opening hours in each language other than Swedish."""


for _lang in TEXT_LANGUAGES:
    setattr(OfficeHoursForm, _lang, TextAreaField(_l("Öppettider"), filters=[strip]))


class OfficeForm(Form):
    """One office; an existing one can be marked for removal."""

    office_id = HiddenField()
    street_address = StringField(
        _l("Gatuadress"),
        filters=[strip],
        validators=[
            required(_l("Skriv kontorets gatuadress.")),
            Length(max=200, message=_l("Gatuadressen får ha högst 200 tecken.")),
        ],
    )
    postal_code = StringField(
        _l("Postnummer"),
        filters=[strip],
        validators=[
            Optional(),
            Regexp(
                r"^[0-9]{3} ?[0-9]{2}$",
                message=_l("Skriv postnumret som fem siffror, till exempel 123 45."),
            ),
        ],
    )
    city = StringField(
        _l("Ort"),
        filters=[strip],
        validators=[Length(max=100, message=_l("Orten får ha högst 100 tecken."))],
    )
    district = StringField(
        _l("Stadsdel"),
        filters=[strip],
        validators=[
            required(_l("Skriv vilken stadsdel kontoret ligger i.")),
            Length(max=100, message=_l("Stadsdelen får ha högst 100 tecken.")),
        ],
    )
    opening_hours = TextAreaField(_l("Öppettider"), filters=[strip])
    hours = FormField(OfficeHoursForm)
    remove = BooleanField(_l("Ta bort kontoret"))

    def is_blank(self) -> bool:
        """Tell whether this is the empty row for a new office, left empty."""
        texts = [self[name].data for name in OFFICE_FIELDS]
        texts += [field.data for field in self.hours.form]
        return not self.office_id.data and not any(texts)

    def is_kept(self) -> bool:
        """Tell whether the office is to be stored (not empty, not removed)."""
        return not self.is_blank() and not self.remove.data

    def validate(self, extra_validators=None):
        """Check the office, unless it is the empty row or marked for removal."""
        if not self.is_kept():
            return True
        return super().validate(extra_validators)

    def to_profile(self) -> OfficeProfile:
        """Return the validated office to keep (an id that is not a number adds a new one)."""
        office_id = self.office_id.data or ""
        return OfficeProfile(
            office_id=int(office_id) if office_id.isdigit() else None,
            **{name: self[name].data or "" for name in OFFICE_FIELDS},
            hours={lang: self.hours[lang].data or "" for lang in TEXT_LANGUAGES},
        )

    def removed_id(self) -> int | None:
        """Return the id of an existing office marked for removal, else None."""
        office_id = self.office_id.data or ""
        return int(office_id) if self.remove.data and office_id.isdigit() else None


class ProviderTextsForm(Form):
    """A provider's texts in one language other than Swedish."""

    description = TextAreaField(_l("Beskrivning"), filters=[strip])
    accessibility_note = TextAreaField(_l("Om tillgängligheten"), filters=[strip])


class TextsForm(Form):
    """A provider's texts in each language other than Swedish."""


for _lang in TEXT_LANGUAGES:
    setattr(TextsForm, _lang, FormField(ProviderTextsForm))
