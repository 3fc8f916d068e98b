"""The case-mix CSV downloads: strata rates and expected results, laid out for Swedish Excel."""

from sqlmodel import Session

from webapp.core.activelocale import lazy_gettext as _l
from webapp.results.casemix.open_data import (
    Expected,
    StratumRate,
    collect_expected,
    collect_strata_rates,
)
from webapp.results.downloads import SUPPRESSED, decimal, write_csv, yes_no
from webapp.results.public_record import list_provider_identities, load_catalog

STRATA_COLUMNS = (
    # I18N: Explains a column of the strata rates' CSV file.
    ("insats", _l("Insatsens kod, till exempel MATCH-1.")),
    # I18N: Explains a column of the strata rates' CSV file. Keep 2025H1 as it is.
    ("halvar", _l("Halvåret då deltagarna avslutade insatsen, till exempel 2025H1.")),
    # I18N: Explains a column of the strata rates' CSV file. Keep the codes as they are.
    ("aldersgrupp", _l("Åldersgrupp när personen anvisades: 18-24, 25-29, 30-49 eller 50+.")),
    (
        "tid_med_bistand",
        # I18N: Explains a column of the strata rates' CSV file. Keep the codes as they are.
        _l(
            "Tid med ekonomiskt bistånd när personen anvisades: lt1 (kortare än 1 år), "
            "1to3 (1–3 år) eller gt3 (längre än 3 år)."
        ),
    ),
    # I18N: Explains a column of the strata rates' CSV file. Keep "ja" and "nej".
    ("nyanland", _l("ja om personen hade bott i Sverige kortare än 3 år, annars nej.")),
    (
        "niva",
        # I18N: Explains a column of the strata rates' CSV file.
        _l(
            "Handläggarens bedömning: 1 (nära arbetsmarknaden), 2 (en bit från) eller 3 "
            "(långt från)."
        ),
    ),
    (
        "sammanslagning",
        # I18N: Explains a column of the strata rates' CSV file. Keep the codes as they are.
        _l(
            "Vilken sammanslagning gruppen fick sin andel från: own (gruppen själv), "
            "age_band med åldersgruppen, till exempel age_band:50+ (små grupper i samma "
            "åldersgrupp), others (övriga små grupper) eller all (alla deltagare)."
        ),
    ),
    (
        "deltagare",
        # I18N: Explains a column of the strata rates' CSV file.
        _l("Antal deltagare i sammanslagningen, i alla anordnares visade halvår."),
    ),
    # I18N: Explains a column of the strata rates' CSV file.
    ("i_arbete_eller_studier", _l("Hur många av dem som arbetade eller studerade.")),
    (
        "andel",
        # I18N: Explains a column of the strata rates' CSV file.
        _l("Andelen i arbete eller studier, som decimaltal med fyra decimaler."),
    ),
)

EXPECTED_COLUMNS = (
    # I18N: Explains a column of the expected results' CSV file.
    ("organisationsnummer", _l("Anordnarens organisationsnummer.")),
    # I18N: Explains a column of the expected results' CSV file.
    ("anordnare", _l("Anordnarens namn.")),
    # I18N: Explains a column of the CSV files; "slug" is the column's name.
    ("slug", _l("Kort namn som används i webbadresser och i API:t.")),
    # I18N: Explains a column of the expected results' CSV file.
    ("insats", _l("Insatsens kod, till exempel MATCH-1.")),
    (
        "halvar",
        # I18N: Explains a column of the expected results' CSV file. Keep 2025H1 as it is.
        _l("De halvår siffrorna räknas från, med komma emellan, till exempel 2025H1,2025H2."),
    ),
    # I18N: Explains a column of the expected results' CSV file. Keep "ja" and "nej".
    ("visas", _l("ja om siffrorna visas, nej om de är dolda eller saknas.")),
    (
        "orsak",
        # I18N: Explains a column of the expected results' CSV file. Keep the codes as they are.
        _l(
            "Tom när siffrorna visas. suppressed: för få deltagare. no_results: inga "
            "resultat. not_authorized: inte auktoriserad för insatsen då. no_case_mix: "
            "uppgifter om deltagarna saknas."
        ),
    ),
    # I18N: Explains a column of the expected results' CSV file.
    ("deltagare", _l("Antal deltagare som avslutade insatsen under halvåren.")),
    # I18N: Explains a column of the expected results' CSV file.
    ("i_arbete_eller_studier", _l("Hur många av dem som arbetade eller studerade.")),
    # I18N: Explains a column of the expected results' CSV file.
    ("andel", _l("Den verkliga andelen, som decimaltal med fyra decimaler.")),
    # I18N: Explains a column of the expected results' CSV file.
    ("intervall_lag", _l("Lägsta värdet i det troliga intervallet (95 %).")),
    # I18N: Explains a column of the expected results' CSV file.
    ("intervall_hog", _l("Högsta värdet i det troliga intervallet (95 %).")),
    (
        "forvantad_andel",
        # I18N: Explains a column of the expected results' CSV file.
        _l(
            "Den förväntade andelen för de deltagare anordnaren hade, avrundad till hela "
            "procent (två decimaler)."
        ),
    ),
    (
        "jamforelse",
        # I18N: Explains a column of the expected results' CSV file. Keep the codes as they are.
        _l(
            "higher: högre än förväntat. lower: lägre än förväntat. no_clear_difference: "
            "ingen tydlig skillnad."
        ),
    ),
)


def stratum_row(item: StratumRate) -> list:
    """Return one stratum's rate as a row."""
    stratum, pool = item.stratum, item.pool
    return [
        item.service.code,
        item.period,
        stratum.age_band,
        stratum.assistance,
        yes_no(stratum.newcomer),
        stratum.level,
        pool.code,
        pool.completed,
        pool.successes,
        decimal(pool.rate),
    ]


def expected_row(item: Expected) -> list:
    """Return one provider's expected share for a service as a row."""
    head = [item.provider.org_number, item.provider.name, item.provider.slug, item.service.code]
    if item.standardised is None:
        reason = item.reason or SUPPRESSED
        return [*head, "", yes_no(False), reason, "", "", "", "", "", "", ""]
    outcome = item.standardised.outcome
    return [
        *head,
        ",".join(outcome.periods),
        yes_no(True),
        "",
        outcome.total,
        outcome.successes,
        decimal(outcome.share),
        decimal(outcome.low),
        decimal(outcome.high),
        f"{item.standardised.expected_published:.2f}".replace(".", ","),
        item.standardised.comparison.value,
    ]


def build_strata_file(session: Session, *, minimum: int) -> str:
    """Return the strata rates file: every stratum of every published service half-year."""
    rates = collect_strata_rates(
        session, services=load_catalog(session).services, period=None, minimum=minimum
    )
    return write_csv(STRATA_COLUMNS, [stratum_row(item) for item in rates])


def build_expected_file(session: Session, *, minimum: int) -> str:
    """Return the expected results file: every provider and service it had."""
    items = collect_expected(
        session,
        providers=list_provider_identities(session),
        services=load_catalog(session).services,
        minimum=minimum,
    )
    return write_csv(EXPECTED_COLUMNS, [expected_row(item) for item in items])
