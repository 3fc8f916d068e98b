"""The provider form: fields, offices, texts per language, and moving data to and from it."""

import re
from functools import cache
from types import SimpleNamespace

from babel import Locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from sqlmodel import Session
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.core.config import LANGUAGES, SOURCE_LANGUAGE
from webapp.core.templating import language_name, sort_language_codes
from webapp.core.textkeys import fold_for_search
from webapp.core.validation import valid_email, valid_org_number, valid_phone, valid_url
from webapp.providers.models import (
    Office,
    OfficeTranslation,
    Provider,
    ProviderFeature,
    ProviderLanguage,
    ProviderTranslation,
)
from webapp.providers.orgnumbers import normalize_org_number
from webapp.providers.records import (
    find_provider_by_org_number,
    is_slug_taken,
    list_slugs_starting_with,
)
from webapp.providers.vocab import FEATURES

# Languages offered as checkboxes: the site's, plus those seed providers' staff speak.
COMMON_LANGUAGES = (*LANGUAGES, "am", "bs", "es", "fr", "ku", "pl", "ru", "tr")
# Languages a provider's texts can be written in besides Swedish.
TEXT_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_OFFICES = 200  # far above any real provider; bounds the rows a POST can make
PROVIDER_FIELDS = (
    "org_number",
    "name",
    "slug",
    "description",
    "website",
    "phone",
    "email",
    "is_municipal",
    "step_free_access",
    "accessibility_note",
)
OFFICE_FIELDS = ("street_address", "postal_code", "city", "district", "opening_hours")


def strip(value):
    """Drop surrounding white space from typed text."""
    return value.strip() if isinstance(value, str) else value


@cache
def known_language_codes() -> frozenset[str]:
    """Return the two-letter (ISO 639-1) language codes Babel knows."""
    return frozenset(
        code for code in Locale.parse("en").languages if re.fullmatch("[a-z]{2}", code)
    )


def split_codes(text: str) -> list[str]:
    """Split typed language codes on commas and spaces, lower-cased."""
    return [code.lower() for code in re.split(r"[\s,;]+", text or "") if code]


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


class ProviderTextsForm(Form):
    """A provider's texts in one language other than Swedish."""

    description = TextAreaField(_l("Beskrivning"), filters=[strip])
    accessibility_note = TextAreaField(_l("Om tillgängligheten"), filters=[strip])


class TextsForm(Form):
    """A provider's texts in each language other than Swedish."""


for _lang in TEXT_LANGUAGES:
    setattr(TextsForm, _lang, FormField(ProviderTextsForm))


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


def check_unique(form: ProviderForm, session: Session, *, provider_id: int | None) -> bool:
    """Add errors if another provider has the org number or slug; tell whether none does."""
    unique = True
    if not form.org_number.errors:
        other = find_provider_by_org_number(
            session,
            org_number=normalize_org_number(form.org_number.data),
            excluding_id=provider_id,
        )
        if other is not None:
            form.org_number.errors.append(
                _("Organisationsnumret används redan av %(name)s.", name=other.name)
            )
            unique = False
    slug = form.slug
    taken = (
        slug
        and not slug.errors
        and is_slug_taken(session, slug=slug.data, excluding_id=provider_id)
    )
    if taken:
        slug.errors.append(
            _("Namnet i webbadressen används redan av en annan anordnare. Välj ett annat.")
        )
        unique = False
    return unique


def make_slug(name: str) -> str:
    """Turn a name into a slug: ASCII, lower case, words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", fold_for_search(name))
    slug = "-".join(words)[:100].strip("-")
    return slug or "anordnare"


def unique_slug(session: Session, name: str) -> str:
    """Return the name's slug, with -2, -3… added if another provider has it."""
    base = make_slug(name)
    taken = list_slugs_starting_with(session, prefix=base)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def new_provider() -> Provider:
    """Return an empty provider whose collections can be filled before it is stored."""
    return Provider(
        org_number="", name="", search_name="", slug="",
        offices=[], languages=[], features=[], translations=[],
    )  # fmt: skip


def apply_form(form: ProviderForm, provider: Provider) -> None:
    """Copy the form's values onto the provider, its offices, codes and texts."""
    for name in PROVIDER_FIELDS:
        if name in form and form[name] is not None:
            setattr(provider, name, form[name].data)
    provider.org_number = normalize_org_number(form.org_number.data)
    provider.search_name = fold_for_search(provider.name)
    _sync_codes(provider.languages, ProviderLanguage, "language", form.chosen_languages())
    _sync_codes(provider.features, ProviderFeature, "feature", form.features.data or [])
    _sync_texts(provider, form)
    _sync_offices(provider, form)


def _sync_codes(rows: list, model, column: str, wanted: list[str]) -> None:
    for row in [row for row in rows if getattr(row, column) not in wanted]:
        rows.remove(row)
    present = {getattr(row, column) for row in rows}
    rows.extend(model(**{column: code}) for code in wanted if code not in present)


def _sync_texts(provider: Provider, form: ProviderForm) -> None:
    existing = {row.lang: row for row in provider.translations}
    for lang in TEXT_LANGUAGES:
        values = {
            "description": form.texts[lang]["description"].data or "",
            "accessibility_note": form.texts[lang]["accessibility_note"].data or "",
        }
        _store_translation(provider.translations, existing.get(lang), values, lang, "provider")


def _store_translation(rows: list, row, values: dict, lang: str, kind: str) -> None:
    # No text in a language means no row: the public site then falls back to Swedish.
    if not any(values.values()):
        if row is not None:
            rows.remove(row)
    elif row is None:
        model = ProviderTranslation if kind == "provider" else OfficeTranslation
        rows.append(model(lang=lang, **values))
    else:
        for name, value in values.items():
            setattr(row, name, value)


def _sync_offices(provider: Provider, form: ProviderForm) -> None:
    existing = {str(office.id): office for office in provider.offices}
    for entry in form.offices:
        office = existing.get(entry.office_id.data or "")
        if entry.form.is_blank():
            continue
        if entry.remove.data:
            if office is not None:
                provider.offices.remove(office)
            continue
        if office is None:  # a new office (an unknown id is treated as one too)
            office = Office(street_address="", district="", translations=[])
            provider.offices.append(office)
        for name in OFFICE_FIELDS:
            setattr(office, name, entry[name].data or "")
        office.postal_code = _normalize_postal_code(office.postal_code)
        current = {row.lang: row for row in office.translations}
        for lang in TEXT_LANGUAGES:
            values = {"opening_hours": entry.hours[lang].data or ""}
            _store_translation(office.translations, current.get(lang), values, lang, "office")


def _normalize_postal_code(value: str) -> str:
    digits = value.replace(" ", "")
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 5 else value
