"""Provider records in the admin: the list, one record, and creating and editing one."""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for

from webapp.authorizations.history import period_rows
from webapp.authorizations.status import describe_status
from webapp.catalog.queries import list_schemes, services_by_id
from webapp.core import clock
from webapp.core.activelocale import gettext as _
from webapp.core.db import get_session
from webapp.core.i18n import endonym, text_direction
from webapp.core.templating import language_name, sort_language_codes
from webapp.providers.actions import (
    ProviderTaken,
    StaleProvider,
    create_provider,
    update_provider,
)
from webapp.providers.history import changes_since, is_stale
from webapp.providers.models import Provider
from webapp.providers.profile import TEXT_LANGUAGES
from webapp.providers.queries import (
    find_clashes,
    get_provider,
    list_update_snapshots,
    search_providers,
)
from webapp.providers.vocab import FEATURES
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp
from webapp.web.admin.provider_forms import (
    ErrorSummary,
    ProviderForm,
    form_data,
    office_legend,
    text_label,
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
    found = search_providers(get_session(), text=query)
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
    found = get_provider(session, provider_id=provider_id) or abort(404)
    today = clock.today()
    return render_template(
        "admin/providers/record.html",
        provider=found,
        status=describe_status(found, today),
        periods=period_rows(found.authorizations, today=today),
        services=services_by_id(list_schemes(session)),
        coverage=text_coverage(found),
        flash=FLASH,
    )


@bp.route("/providers/new", methods=["GET", "POST"])
@permission_required("edit_providers")
def provider_new():
    """Create a provider; its slug is made from the name."""
    session = get_session()
    form = ProviderForm(new=True)
    if not form.is_submitted():
        return render_form(form, provider=None)
    if not form.validate():
        show_clashes(form, provider_id=None)
        return render_form(form, provider=None)
    try:
        created = create_provider(session, profile=form.to_profile())
    except ProviderTaken as taken:
        form.show_clashes(taken.clashes)
        return render_form(form, provider=None)
    flash(_("Anordnaren %(name)s är skapad.", name=created.name), FLASH)
    return redirect(url_for("admin.provider", provider_id=created.id))


@bp.route("/providers/<int:provider_id>/edit", methods=["GET", "POST"])
@permission_required("edit_providers")
def provider_edit(provider_id: int):
    """Edit a provider, refusing (HTTP 409) a save made on an older version.

    The refusal stores nothing, lists what was saved since the user opened the
    form, keeps what they typed, and moves the form to the current version, so a
    deliberate second save goes through.
    """
    session = get_session()
    found = get_provider(session, provider_id=provider_id) or abort(404)
    if request.method != "POST":
        return render_form(ProviderForm(data=form_data(found)), provider=found)
    form = ProviderForm()
    if form.validate():
        try:
            saved = update_provider(
                session,
                provider_id=found.id,
                opened_version=form.opened_version(),
                profile=form.to_profile(),
            )
        except ProviderTaken as taken:
            form.show_clashes(taken.clashes)
        except StaleProvider:
            pass
        else:
            flash(_("Ändringarna för %(name)s är sparade.", name=saved.name), FLASH)
            return redirect(url_for("admin.provider", provider_id=saved.id))
        # Someone saved in the same moment, or took the org number or slug: read it again.
        found = get_provider(session, provider_id=provider_id) or abort(404)
    else:
        show_clashes(form, provider_id=found.id)
    conflict = None
    if is_stale(found, form.opened_version()):
        conflict = Conflict(list_changes_since(found, form))
        form.version.data = str(found.version)
    return render_form(form, provider=found, conflict=conflict)


def show_clashes(form: ProviderForm, *, provider_id: int | None) -> None:
    """Add to a refused form what other providers hold of its org number and slug."""
    clashes = find_clashes(get_session(), **form.unique_values(), excluding_id=provider_id)
    if clashes:
        form.show_clashes(clashes)


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


def list_changes_since(provider: Provider, form: ProviderForm) -> list[Change] | None:
    """Return what was saved since the user opened the form; None if the log cannot tell."""
    snapshots = list_update_snapshots(get_session(), provider_id=provider.id)
    changed = changes_since(provider, form.opened_version(), snapshots)
    if changed is None:
        return None
    return [describe_change(key, value, form) for key, value in changed.items()]


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
