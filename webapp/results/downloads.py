"""The CSV downloads: providers and results, laid out for Swedish Excel.

Semicolons between columns and a byte-order mark let Excel with Swedish settings
open the files as they are; decimals use a comma for the same reason. The codes
are the same as in the API, so the two can be joined.
"""

from datetime import date

from sqlmodel import Session

from webapp.authorizations.status import describe_status
from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.spreadsheets import excel_csv
from webapp.providers.models import Provider
from webapp.results.delivery import FirstMeeting
from webapp.results.open_data import Cell, collect_cells
from webapp.results.public_record import (
    Catalog,
    list_provider_identities,
    list_public_providers,
    load_catalog,
    standing,
)
from webapp.results.statistics import Outcome, Status

PROVIDER_COLUMNS = (
    # I18N: Explains a column of the providers' CSV file.
    ("organisationsnummer", _l("Organisationsnummer, till exempel 212000-9747.")),
    # I18N: Explains a column of the providers' CSV file.
    ("namn", _l("Anordnarens namn.")),
    # I18N: Explains a column of the CSV files; "slug" is the column's name.
    ("slug", _l("Kort namn som används i webbadresser och i API:t.")),
    (
        "status",
        # I18N: Explains a column of the providers' CSV file. Keep the codes as they are.
        _l(
            "authorized: kan väljas i dag. not_yet: auktoriserad från ett senare datum. "
            "ended: kan inte väljas längre."
        ),
    ),
    # I18N: Explains a column of the providers' CSV file. Keep "ja" and "nej".
    ("kommunal", _l("ja om det är kommunens egen anordnare, annars nej.")),
    # I18N: Explains a column of the providers' CSV file. Keep "ja" and "nej".
    ("utan_trappsteg", _l("ja om lokalerna går att nå utan trappsteg, annars nej.")),
    # I18N: Explains a column of the providers' CSV file.
    ("webbplats", _l("Anordnarens webbplats.")),
    # I18N: Explains a column of the providers' CSV file.
    ("telefon", _l("Anordnarens telefonnummer.")),
    # I18N: Explains a column of the providers' CSV file.
    ("e_post", _l("Anordnarens e-postadress.")),
    (
        "personalens_sprak",
        # I18N: Explains a column of the providers' CSV file.
        _l("Språk som personalen talar, som koder (ISO 639), med komma emellan."),
    ),
    # I18N: Explains a column of the providers' CSV file.
    ("erbjuder", _l("Det som går att filtrera på, som koder, med komma emellan.")),
    # I18N: Explains a column of the providers' CSV file.
    ("insatser_i_dag", _l("Insatser som anordnaren kan väljas för i dag.")),
    (
        "auktorisationer",
        # I18N: Explains a column of the providers' CSV file. Keep the example as it is.
        _l(
            "Alla auktorisationer: insats, första dagen, dagen då den upphörde (.. om den "
            "gäller tills vidare) och orsaken. Exempel: FORB-1 2022-01-01/2024-07-01 "
            "provider_request."
        ),
    ),
    # I18N: Explains a column of the providers' CSV file.
    ("stadsdelar", _l("Stadsdelar där anordnaren har kontor.")),
    # I18N: Explains a column of the providers' CSV file.
    ("beskrivning", _l("Anordnarens beskrivning av sig själv, på svenska.")),
)

RESULT_COLUMNS = (
    # I18N: Explains a column of the results' CSV file.
    ("organisationsnummer", _l("Anordnarens organisationsnummer.")),
    # I18N: Explains a column of the results' CSV file.
    ("anordnare", _l("Anordnarens namn.")),
    # I18N: Explains a column of the CSV files; "slug" is the column's name.
    ("slug", _l("Kort namn som används i webbadresser och i API:t.")),
    # I18N: Explains a column of the results' CSV file.
    ("insats", _l("Insatsens kod, till exempel MATCH-1.")),
    (
        "halvar",
        # I18N: Explains a column of the results' CSV file. Keep 2025H1 and 2025H2 as they are.
        _l(
            "Halvåret då deltagarna avslutade insatsen: 2025H1 är januari–juni 2025, 2025H2 "
            "är juli–december 2025."
        ),
    ),
    # I18N: Explains a column of the results' CSV file. Keep "ja" and "nej".
    ("visas", _l("ja om siffrorna visas, nej om de är dolda eller saknas.")),
    (
        "orsak",
        # I18N: Explains a column of the results' CSV file. Keep the codes as they are.
        _l(
            "Tom när siffrorna visas. suppressed: för få deltagare. no_results: inga "
            "resultat. not_authorized: inte auktoriserad för insatsen då."
        ),
    ),
    # I18N: Explains a column of the results' CSV file.
    ("deltagare", _l("Antal deltagare som avslutade insatsen.")),
    # I18N: Explains a column of the results' CSV file.
    ("i_arbete", _l("Antal som arbetade sex månader efter insatsen.")),
    # I18N: Explains a column of the results' CSV file.
    ("i_studier", _l("Antal som studerade sex månader efter insatsen.")),
    # I18N: Explains a column of the results' CSV file.
    ("i_arbete_eller_studier", _l("Summan av de två.")),
    # I18N: Explains a column of the results' CSV file.
    ("andel", _l("Andelen i arbete eller studier, som decimaltal med fyra decimaler.")),
    (
        "paborjade",
        # I18N: Explains a column of the results' CSV file.
        _l("Antal som påbörjade insatsen hos anordnaren under halvåret."),
    ),
    (
        "slutade_i_fortid",
        # I18N: Explains a column of the results' CSV file.
        _l("Av dem som påbörjade: hur många som slutade innan insatsen var klar."),
    ),
    (
        "andel_slutade_i_fortid",
        # I18N: Explains a column of the results' CSV file.
        _l("Andelen som slutade i förtid, som decimaltal med fyra decimaler."),
    ),
    (
        "orsak_slutade_i_fortid",
        # I18N: Explains a column of the results' CSV file. Keep the codes as they are.
        _l(
            "Tom när siffrorna om att sluta i förtid visas. suppressed: för få som påbörjade. "
            "not_reported: inte rapporterat."
        ),
    ),
    (
        "median_dagar_forsta_motet",
        # I18N: Explains a column of the results' CSV file.
        _l(
            "Mediantiden i hela dagar från valet av anordnare till det första mötet, för dem "
            "som påbörjade insatsen under halvåret."
        ),
    ),
    (
        "antal_forsta_motet",
        # I18N: Explains a column of the results' CSV file.
        _l("Hur många personer mediantiden bygger på."),
    ),
    (
        "orsak_forsta_motet",
        # I18N: Explains a column of the results' CSV file. Keep the codes as they are.
        _l(
            "Tom när mediantiden visas. suppressed: den bygger på för få personer. "
            "not_reported: inte rapporterat."
        ),
    ),
)

SUPPRESSED = "suppressed"
NOT_REPORTED = "not_reported"
# A cell that is hidden or missing says nothing about how the service was delivered either.
NO_DELIVERY = ["", "", "", "", "", "", ""]


def yes_no(value: bool) -> str:
    """Write a truth value the way the files document it."""
    return "ja" if value else "nej"


def decimal(value: float) -> str:
    """Write a share with four decimals and a decimal comma."""
    return f"{value:.4f}".replace(".", ",")


def write_csv(columns, rows) -> str:
    """Return the rows as CSV for Swedish Excel, with the documented column names."""
    return excel_csv([name for name, _description in columns], rows)


def authorization_text(authorization, code: str) -> str:
    """Write one authorization as 'FORB-1 2022-01-01/2024-07-01 reason', open-ended as '/..'."""
    # The end is the day the authorization stopped, as the API's valid_until and the site say.
    until = authorization.valid_until.isoformat() if authorization.valid_until else ".."
    text = f"{code} {authorization.valid_from.isoformat()}/{until}"
    return f"{text} {authorization.end_reason}" if authorization.end_reason else text


def providers_csv(providers: list[Provider], *, catalog: Catalog, today: date) -> str:
    """Return the providers file: one row per provider that is, was or will be authorized."""
    codes = {service.id: service.code for service in catalog.services}
    rows = []
    for provider in providers:
        active = describe_status(provider, today).active_service_ids
        authorizations = sorted(
            provider.authorizations, key=lambda a: (a.valid_from, codes[a.service_id], a.id)
        )
        rows.append(
            [
                provider.org_number,
                provider.name,
                provider.slug,
                standing(provider, today)[0],
                yes_no(provider.is_municipal),
                yes_no(provider.step_free_access),
                provider.website,
                provider.phone,
                provider.email,
                ",".join(sorted(language.language for language in provider.languages)),
                ",".join(sorted(feature.feature for feature in provider.features)),
                ",".join(s.code for s in catalog.services if s.id in active),
                ", ".join(authorization_text(a, codes[a.service_id]) for a in authorizations),
                ", ".join(sorted({office.district for office in provider.offices})),
                provider.description,
            ]
        )
    return write_csv(PROVIDER_COLUMNS, rows)


def result_row(cell: Cell) -> list:
    """Return one half-year cell as a row; hidden and missing cells carry no numbers."""
    head = [cell.provider.org_number, cell.provider.name, cell.provider.slug]
    head += [cell.service.code, cell.period]
    if cell.outcome is None:
        return [*head, yes_no(False), cell.reason.value, "", "", "", "", "", *NO_DELIVERY]
    if cell.outcome.status is Status.SUPPRESSED:
        return [*head, yes_no(False), SUPPRESSED, "", "", "", "", "", *NO_DELIVERY]
    row = cell.row
    counts = [row.completed, row.in_work, row.in_studies, cell.outcome.successes]
    delivery = [*left_early_cells(cell.left_early), *first_meeting_cells(cell.first_meeting)]
    return [*head, yes_no(True), "", *counts, decimal(cell.outcome.share), *delivery]


def left_early_cells(outcome: Outcome | None) -> list:
    """Return started, left early, their share and why they are empty, for a shown cell."""
    if outcome is None:
        return ["", "", "", NOT_REPORTED]
    if outcome.status is not Status.SHOWN:
        return ["", "", "", SUPPRESSED]
    return [outcome.total, outcome.successes, decimal(outcome.share), ""]


def first_meeting_cells(meeting: FirstMeeting | None) -> list:
    """Return the median days to the first meeting, its count and why they are empty."""
    if meeting is None:
        return ["", "", NOT_REPORTED]
    if meeting.status is not Status.SHOWN:
        return ["", "", SUPPRESSED]
    (median,) = meeting.medians
    return [median.days, median.people, ""]


def results_csv(cells: list[Cell]) -> str:
    """Return the results file: one row per provider, service and half-year."""
    return write_csv(RESULT_COLUMNS, [result_row(cell) for cell in cells])


def build_providers_file(session: Session, *, today: date) -> str:
    """Return the providers file with every provider on public record today."""
    return providers_csv(list_public_providers(session), catalog=load_catalog(session), today=today)


def build_results_file(session: Session, *, minimum: int) -> str:
    """Return the results file with every provider, service and published half-year."""
    cells = collect_cells(
        session,
        providers=list_provider_identities(session),
        services=load_catalog(session).services,
        period=None,
        minimum=minimum,
    )
    return results_csv(cells)
