"""The provider form: fields, offices, texts per language, and moving data to and from it."""

import re
from functools import cache
from types import SimpleNamespace

from babel import Locale
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    StringField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    Regexp,
    ValidationError,
)

from webapp.core.activelocale import gettext as _
from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.config import LANGUAGES
from webapp.core.templating import language_name, sort_language_codes
from webapp.core.validation import valid_email, valid_org_number, valid_phone, valid_url
from webapp.providers.models import Provider
from webapp.providers.orgnumbers import normalize_org_number
from webapp.providers.profile import (
    OFFICE_FIELDS,
    PROVIDER_FIELDS,
    PROVIDER_TEXTS,
    TEXT_LANGUAGES,
    ProviderProfile,
)
from webapp.providers.queries import Clashes
from webapp.providers.vocab import FEATURES
from webapp.web.admin.provider_form_parts import (
    MultiCheckboxField,
    OfficeForm,
    TextsForm,
    strip,
)

# Languages offered as checkboxes: the site's, plus those seed providers' staff speak.
COMMON_LANGUAGES = (*LANGUAGES, "am", "bs", "es", "fr", "ku", "pl", "ru", "tr")
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_OFFICES = 200  # far above any real provider; bounds the rows a POST can make


@cache
def known_language_codes() -> frozenset[str]:
    """Return the two-letter (ISO 639-1) language codes Babel knows."""
    return frozenset(
        code for code in Locale.parse("en").languages if re.fullmatch("[a-z]{2}", code)
    )


def split_codes(text: str) -> list[str]:
    """Split typed language codes on commas and spaces, lower-cased."""
    return [code.lower() for code in re.split(r"[\s,;]+", text or "") if code]


class ProviderForm(FlaskForm):
    """A provider's public profile; pass new=True when creating (no slug or version yet)."""

    # The version the user opened: a save on any other version is refused.
    version = HiddenField()
    org_number = StringField(
        _l("Organisationsnummer"),
        filters=[strip],
        validators=[DataRequired(_l("Skriv organisationsnumret.")), valid_org_number],
    )
    name = StringField(
        _l("Namn"),
        filters=[strip],
        validators=[
            DataRequired(_l("Skriv anordnarens namn.")),
            Length(max=200, message=_l("Namnet får ha högst 200 tecken.")),
        ],
    )
    slug = StringField(
        _l("Namn i webbadressen"),
        filters=[strip],
        validators=[
            DataRequired(_l("Skriv ett namn för webbadressen.")),
            Length(max=120, message=_l("Namnet i webbadressen får ha högst 120 tecken.")),
            Regexp(
                SLUG_PATTERN,
                message=_l(
                    "Använd bara små bokstäver a–z, siffror och enstaka bindestreck"
                    " mellan orden, till exempel jobbtorget-syd."
                ),
            ),
        ],
    )
    description = TextAreaField(_l("Beskrivning"), filters=[strip])
    website = URLField(
        _l("Webbplats"),
        filters=[strip],
        validators=[
            Length(max=500, message=_l("Webbadressen får ha högst 500 tecken.")),
            valid_url,
        ],
    )
    phone = TelField(_l("Telefon"), filters=[strip], validators=[valid_phone])
    email = EmailField(_l("E-postadress"), filters=[strip], validators=[valid_email])
    is_municipal = BooleanField(_l("Kommunens egen anordnare"))
    step_free_access = BooleanField(_l("Lokalerna går att nå utan trappsteg"))
    accessibility_note = TextAreaField(_l("Om tillgängligheten"), filters=[strip])
    languages = MultiCheckboxField(_l("Språk som personalen talar"))
    other_languages = StringField(
        _l("Andra språk (ISO 639-1-koder, kommaseparerade)"), filters=[strip]
    )
    features = MultiCheckboxField(_l("Erbjuder"))
    offices = FieldList(FormField(OfficeForm), _l("Kontor"), min_entries=1, max_entries=MAX_OFFICES)
    texts = FormField(TextsForm)

    def __init__(self, *args, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            del self.slug
            del self.version
        self.languages.choices = [
            (code, language_name(code)) for code in sort_language_codes(COMMON_LANGUAGES)
        ]
        self.features.choices = [(code, label) for code, label in FEATURES.items()]

    def validate_other_languages(self, field):
        """Accept only two-letter language codes Babel knows."""
        unknown = [code for code in split_codes(field.data) if code not in known_language_codes()]
        if unknown:
            raise ValidationError(
                ngettext(
                    "Okänd språkkod: %(codes)s. Skriv koder med två bokstäver enligt"
                    " ISO 639-1, till exempel de för tyska.",
                    "Okända språkkoder: %(codes)s. Skriv koder med två bokstäver enligt"
                    " ISO 639-1, till exempel de för tyska.",
                    len(unknown),
                    codes=", ".join(unknown),
                )
            )

    def validate(self, extra_validators=None):
        """Check every field, and that at least one office remains."""
        valid = super().validate(extra_validators)
        if not any(entry.form.is_kept() for entry in self.offices):
            self.offices.errors = [*self.offices.errors, _("Lägg till minst ett kontor.")]
            return False
        return valid

    def opened_version(self) -> int | None:
        """Return the version of the provider the user opened, if the form says."""
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() else None

    def chosen_languages(self) -> list[str]:
        """Return the ticked and typed language codes, each once."""
        return sorted(set(self.languages.data or []) | set(split_codes(self.other_languages.data)))

    def to_profile(self) -> ProviderProfile:
        """Return the validated form as a profile to store."""
        offices = [entry.form for entry in self.offices]
        removed = (office.removed_id() for office in offices)
        return ProviderProfile(
            **{name: self[name].data for name in PROVIDER_FIELDS if name in self},
            languages=tuple(self.chosen_languages()),
            features=tuple(self.features.data or ()),
            offices=tuple(office.to_profile() for office in offices if office.is_kept()),
            removed_office_ids=frozenset(pk for pk in removed if pk is not None),
            texts={
                lang: {name: self.texts[lang][name].data or "" for name in PROVIDER_TEXTS}
                for lang in TEXT_LANGUAGES
            },
        )

    def unique_values(self) -> dict[str, str | None]:
        """Return the org number (normalized) and slug worth checking for clashes."""
        org_number = self.org_number
        slug = self.slug if "slug" in self else None
        return {
            "org_number": None if org_number.errors else normalize_org_number(org_number.data),
            "slug": slug.data if slug is not None and not slug.errors else None,
        }

    def show_clashes(self, clashes: Clashes) -> None:
        """Show what another provider holds by the fields; a clash with no field goes on top."""
        shown = False
        if clashes.org_number_holder is not None and not self.org_number.errors:
            self.org_number.errors.append(
                _("Organisationsnumret används redan av %(name)s.", name=clashes.org_number_holder)
            )
            shown = True
        if clashes.slug_taken and "slug" in self and not self.slug.errors:
            self.slug.errors.append(
                _("Namnet i webbadressen används redan av en annan anordnare. Välj ett annat.")
            )
            shown = True
        if not shown:
            self.form_errors.append(_("Någon annan sparade samtidigt. Försök igen."))

    def office_list_errors(self) -> list[str]:
        """Return the errors about the offices as a whole (not about one office)."""
        return messages(self.offices.errors)

    def prepare_for_display(self) -> None:
        """Add the empty row for a new office if needed, and name the per-language fields."""
        entries = self.offices.entries
        if (not entries or not entries[-1].form.is_blank()) and len(entries) < MAX_OFFICES:
            self.offices.append_entry()
        for lang in TEXT_LANGUAGES:
            # Item access: a FormField's own attributes include "description".
            texts = self.texts[lang]
            texts["description"].label.text = text_label("description", lang)
            texts["accessibility_note"].label.text = text_label("accessibility_note", lang)
            for entry in self.offices:
                office = entry.street_address.data or _("nytt kontor")
                entry.hours[lang].label.text = _(
                    "Öppettider på %(language)s, %(office)s",
                    language=language_name(lang),
                    office=office,
                )


def text_label(field: str, lang: str) -> str:
    """Return the label of a provider text in another language, e.g. 'Beskrivning på engelska'."""
    language = language_name(lang)
    if field == "description":
        return _("Beskrivning på %(language)s", language=language)
    if field == "accessibility_note":
        return _("Om tillgängligheten på %(language)s", language=language)
    return _("Öppettider på %(language)s", language=language)


def messages(errors) -> list[str]:
    """Return a field's own messages: a list of offices also holds each office's errors."""
    return [str(error) for error in errors if not isinstance(error, dict | list | tuple)]


def office_legend(entry) -> str:
    """Return the heading of an office row: its number, or 'Nytt kontor' for a new one."""
    if entry.office_id.data:
        return _("Kontor %(num)s", num=entry.index + 1)
    return _("Nytt kontor")


class ErrorSummary:
    """A form's errors, nested ones included, in the shape the form_errors macro reads."""

    def __init__(self, form: ProviderForm):
        self._fields = {}
        self.errors = {}
        for field, label in _labelled_fields(form, ""):
            errors = messages(field.errors)
            if errors:
                self._fields[field.id] = SimpleNamespace(
                    id=field.id, label=SimpleNamespace(text=label)
                )
                self.errors[field.id] = errors

    def __contains__(self, name: str) -> bool:
        return name in self._fields

    def __getitem__(self, name: str):
        return self._fields[name]


def _labelled_fields(form, prefix: str):
    for field in form:
        if isinstance(field, FormField):
            yield from _labelled_fields(field.form, prefix)
        elif isinstance(field, FieldList):
            yield field, f"{prefix}{field.label.text}"
            for entry in field:
                yield from _labelled_fields(entry.form, f"{office_legend(entry)}: ")
        else:
            yield field, f"{prefix}{field.label.text}"


def form_data(provider: Provider) -> dict:
    """Return a provider's values in the shape the form takes as data."""
    languages = {row.language for row in provider.languages}
    texts = {row.lang: row for row in provider.translations}
    return {
        **{name: getattr(provider, name) for name in PROVIDER_FIELDS},
        "version": str(provider.version),
        "languages": sorted(languages & set(COMMON_LANGUAGES)),
        "other_languages": ", ".join(sorted(languages - set(COMMON_LANGUAGES))),
        "features": sorted(row.feature for row in provider.features),
        "offices": [
            {
                "office_id": str(office.id),
                **{name: getattr(office, name) for name in OFFICE_FIELDS},
                "hours": {row.lang: row.opening_hours for row in office.translations},
            }
            for office in provider.offices
        ],
        "texts": {
            lang: {
                "description": texts[lang].description,
                "accessibility_note": texts[lang].accessibility_note,
            }
            for lang in TEXT_LANGUAGES
            if lang in texts
        },
    }
