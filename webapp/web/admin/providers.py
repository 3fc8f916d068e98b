"""Provider records in the admin: the list, one record, and creating and editing one."""

from dataclasses import dataclass
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from webapp.authorizations.status import describe_status
from webapp.core import clock
from webapp.core.db import get_session
from webapp.core.i18n import endonym, text_direction
from webapp.core.templating import language_name, sort_language_codes
from webapp.providers.models import Provider
from webapp.providers.records import (
    claim_provider_version,
    get_admin_provider,
    list_admin_providers,
    list_update_snapshots,
    map_services,
)
from webapp.providers.vocab import FEATURES
from webapp.staff.audit import record_event, snapshot
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp
from webapp.web.admin.provider_forms import (
    OFFICE_FIELDS,
    PROVIDER_FIELDS,
    TEXT_LANGUAGES,
    ErrorSummary,
    ProviderForm,
    apply_form,
    check_unique,
    form_data,
    new_provider,
    office_legend,
    text_label,
    unique_slug,
)

# Flash category read only by the provider pages.
FLASH = "providers"


@dataclass(frozen=True)
class TextLanguage:
    """A language a provider's texts can be written in, as the form shows it."""

    code: str
    dir: str
    endonym: str
    name: str


@dataclass(frozen=True)
class TextCoverage:
    """Which of a provider's texts exist in one language other than Swedish."""

    lang: str
    description: bool
    accessibility_note: bool
    office_hours: int  # offices with opening hours in this language


@dataclass(frozen=True)
class Change:
    """A field someone else saved after the user opened the form, with its value now."""

    label: str
    value: str
    lang: str | None = None  # set when the value is a text in another language

    @property
    def dir(self) -> str | None:
        """Return the value's text direction when it has a language of its own."""
        return text_direction(self.lang) if self.lang else None


@dataclass(frozen=True)
class Conflict:
    """A refused save; changes is None when the audit log cannot tell what changed."""

    changes: list[Change] | None


@bp.get("/providers")
@permission_required("view_providers")
def providers():
    """List every provider, or those whose name or org number matches the search."""
    query = request.args.get("q", "")[:200]
    found = list_admin_providers(get_session(), text=query)
    today = clock.today()
    statuses = {provider.id: describe_status(provider, today) for provider in found}
    return render_template(
        "admin/providers/list.html", providers=found, statuses=statuses, query=query
    )


@bp.get("/providers/<int:provider_id>")
@permission_required("view_providers")
def provider(provider_id: int):
    """Show one provider's record: fields, offices, texts and authorizations."""
    session = get_session()
    found = get_admin_provider(session, provider_id=provider_id) or abort(404)
    return render_template(
        "admin/providers/record.html",
        provider=found,
        status=describe_status(found, clock.today()),
        services=map_services(session),
        coverage=text_coverage(found),
        one_day=timedelta(days=1),  # periods end the day before valid_until
        flash=FLASH,
    )


@bp.route("/providers/new", methods=["GET", "POST"])
@permission_required("edit_providers")
def provider_new():
    """Create a provider; its slug is made from the name."""
    session = get_session()
    form = ProviderForm(new=True)
    if form.is_submitted() and validate_provider_form(form, session, provider_id=None):
        created = new_provider()
        apply_form(form, created)
        created.slug = unique_slug(session, created.name)
        session.add(created)
        if save_with_audit(session, form, created, action="provider.create", before=None):
            flash(_("Anordnaren %(name)s är skapad.", name=created.name), FLASH)
            return redirect(url_for("admin.provider", provider_id=created.id))
    return render_form(form, provider=None)


@bp.route("/providers/<int:provider_id>/edit", methods=["GET", "POST"])
@permission_required("edit_providers")
def provider_edit(provider_id: int):
    """Edit a provider, refusing (HTTP 409) a save made on an older version.

    The refusal stores nothing, lists what was saved since the user opened the
    form, keeps what they typed, and moves the form to the current version, so a
    deliberate second save goes through.
    """
    session = get_session()
    found = get_admin_provider(session, provider_id=provider_id) or abort(404)
    if request.method != "POST":
        return render_form(ProviderForm(data=form_data(found)), provider=found)
    form = ProviderForm()
    valid = validate_provider_form(form, session, provider_id=found.id)
    if valid and form.opened_version() == found.version:
        if save_edit(session, form, found):
            flash(_("Ändringarna för %(name)s är sparade.", name=found.name), FLASH)
            return redirect(url_for("admin.provider", provider_id=found.id))
        # Someone saved in the same moment, or took the org number or slug: read it again.
        found = get_admin_provider(session, provider_id=provider_id) or abort(404)
    conflict = None
    if form.opened_version() != found.version:
        conflict = Conflict(list_changes_since(session, found, form.opened_version(), form))
        form.version.data = str(found.version)
    return render_form(form, provider=found, conflict=conflict)


def validate_provider_form(form: ProviderForm, session: Session, *, provider_id: int | None):
    """Check the fields and that the org number and slug are free; all errors at once."""
    valid = form.validate()
    unique = check_unique(form, session, provider_id=provider_id)
    return valid and unique


def save_edit(session: Session, form: ProviderForm, provider: Provider) -> bool:
    """Store the form on the provider unless another save got there first; tell if stored."""
    before = snapshot_provider(provider)
    if not claim_provider_version(session, provider_id=provider.id, version=provider.version):
        session.rollback()
        return False
    provider.version += 1  # the value the claim stored
    apply_form(form, provider)
    return save_with_audit(session, form, provider, action="provider.update", before=before)


def save_with_audit(
    session: Session, form: ProviderForm, provider: Provider, *, action: str, before: dict | None
) -> bool:
    """Commit the provider with its audit event; on a clash with another save, explain it."""
    try:
        session.flush()  # gives new rows their ids for the snapshot
        record_event(
            session,
            action,
            entity_type="provider",
            entity_id=provider.id,
            summary=provider.name,
            before=before,
            after=snapshot_provider(provider),
        )
        session.commit()
    except IntegrityError:
        # Another save took the org number or slug between our check and our commit.
        session.rollback()
        if check_unique(form, session, provider_id=provider.id if before else None):
            form.form_errors.append(_("Någon annan sparade samtidigt. Försök igen."))
        return False
    return True


def render_form(form: ProviderForm, *, provider: Provider | None, conflict: Conflict | None = None):
    """Show the form for a new or an existing provider (409 when a save was refused)."""
    form.prepare_for_display()
    languages = [
        TextLanguage(lang, text_direction(lang), endonym(lang), language_name(lang))
        for lang in TEXT_LANGUAGES
    ]
    page = render_template(
        "admin/providers/form.html",
        form=form,
        errors=ErrorSummary(form),
        provider=provider,
        conflict=conflict,
        text_languages=languages,
        office_legend=office_legend,
    )
    return page, 409 if conflict else 200


def snapshot_provider(provider: Provider) -> dict:
    """Return the provider with its codes, offices and texts as JSON-friendly values."""
    offices = sorted(provider.offices, key=lambda office: office.id or 0)
    return {
        **snapshot(provider, (*PROVIDER_FIELDS, "version")),
        "languages": sorted(row.language for row in provider.languages),
        "features": sorted(row.feature for row in provider.features),
        "offices": [
            {
                **snapshot(office, ("id", *OFFICE_FIELDS)),
                "translations": {row.lang: row.opening_hours for row in office.translations},
            }
            for office in offices
        ],
        "translations": {
            row.lang: snapshot(row, ("description", "accessibility_note"))
            for row in provider.translations
        },
    }


def list_changes_since(
    session: Session, provider: Provider, opened: int | None, form: ProviderForm
) -> list[Change] | None:
    """Return what was saved since the user opened that version; None if the log cannot tell."""
    base = None
    # Newest first: the oldest update made on the opened version or later holds the
    # values the user saw.
    for before in list_update_snapshots(session, provider_id=provider.id):
        version = before.get("version")
        if opened is None or not isinstance(version, int) or version < opened:
            break
        base = before
    if base is None:
        return None
    old, new = flatten_snapshot(base), flatten_snapshot(snapshot_provider(provider))
    return [describe_change(key, value, form) for key, value in new.items() if old[key] != value]


def flatten_snapshot(values: dict) -> dict:
    """Turn a provider snapshot into one comparable value per field the form shows."""
    offices = values.get("offices") or []
    flat = {name: values.get(name) for name in PROVIDER_FIELDS}
    flat["languages"] = tuple(values.get("languages") or ())
    flat["features"] = tuple(values.get("features") or ())
    flat["offices"] = tuple(
        tuple(office.get(name) for name in ("id", *OFFICE_FIELDS)) for office in offices
    )
    texts = values.get("translations") or {}
    for lang in TEXT_LANGUAGES:
        for name in ("description", "accessibility_note"):
            flat[f"{name}:{lang}"] = (texts.get(lang) or {}).get(name) or ""
        flat[f"opening_hours:{lang}"] = tuple(
            (office.get("street_address"), (office.get("translations") or {}).get(lang))
            for office in offices
            if (office.get("translations") or {}).get(lang)
        )
    return flat


def describe_change(key: str, value, form: ProviderForm) -> Change:
    """Name a changed field as the form labels it, with its value now in words."""
    name, _sep, lang = key.partition(":")
    if lang:
        if name == "opening_hours":
            value = "; ".join(f"{street}: {hours}" for street, hours in value)
        return Change(text_label(name, lang), value or _("(tomt)"), lang)
    label = form[name].label.text
    if isinstance(value, bool):
        return Change(label, _("Ja") if value else _("Nej"))
    if name == "languages":
        value = ", ".join(language_name(code) for code in sort_language_codes(value))
    elif name == "features":
        value = ", ".join(str(FEATURES.get(code, code)) for code in value)
    elif name == "offices":
        value = "; ".join(describe_office(*office[1:]) for office in value)
    return Change(label, value or _("(tomt)"))


def describe_office(street, postal_code, city, district, opening_hours) -> str:
    """Write an office on one line, e.g. 'Storgatan 1, 123 45 Stockholm (Farsta)'."""
    place = " ".join(part for part in (postal_code, city) if part)
    line = ", ".join(part for part in (street, place) if part) + f" ({district})"
    return f"{line}, {opening_hours}" if opening_hours else line


def text_coverage(provider: Provider) -> list[TextCoverage]:
    """Tell, per language other than Swedish, which of the provider's texts exist."""
    texts = {row.lang: row for row in provider.translations}
    coverage = []
    for lang in TEXT_LANGUAGES:
        row = texts.get(lang)
        hours = sum(
            any(t.lang == lang and t.opening_hours for t in office.translations)
            for office in provider.offices
        )
        coverage.append(
            TextCoverage(
                lang=lang,
                description=bool(row and row.description),
                accessibility_note=bool(row and row.accessibility_note),
                office_hours=hours,
            )
        )
    return coverage
