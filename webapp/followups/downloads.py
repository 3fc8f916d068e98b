"""The follow-ups CSV download: one row per term checked in a published follow-up.

Laid out like the other downloads (``webapp.results.downloads``): semicolons, a
byte-order mark, the same codes as the API so the two can be joined.
"""

from sqlmodel import Session

from webapp.core.activelocale import lazy_gettext as _l
from webapp.followups.open_data import list_follow_ups_by_id
from webapp.followups.public_record import PublicFollowUp
from webapp.results.downloads import write_csv
from webapp.results.public_record import list_provider_identities, load_catalog

FOLLOW_UP_COLUMNS = (
    # I18N: Explains a column of the follow-ups' CSV file.
    ("uppfoljning", _l("Uppföljningens nummer, samma som id i API:t.")),
    # I18N: Explains a column of the follow-ups' CSV file.
    ("organisationsnummer", _l("Anordnarens organisationsnummer.")),
    # I18N: Explains a column of the follow-ups' CSV file.
    ("anordnare", _l("Anordnarens namn.")),
    # I18N: Explains a column of the CSV files; "slug" is the column's name.
    ("slug", _l("Kort namn som används i webbadresser och i API:t.")),
    # I18N: Explains a column of the follow-ups' CSV file.
    ("datum", _l("Dagen då uppföljningen gjordes.")),
    (
        "typ",
        # I18N: Explains a column of the follow-ups' CSV file. Keep the codes as they are.
        _l(
            "report_review: granskning av månadsrapporter. site_visit: besök hos anordnaren. "
            "participant_dialogue: samtal med deltagare. document_check: kontroll av "
            "dokument. other: annan uppföljning."
        ),
    ),
    (
        "utfall",
        # I18N: Explains a column of the follow-ups' CSV file.
        _l("Den allvarligaste bedömningen i uppföljningen, som kod (se kolumnen bedomning)."),
    ),
    (
        "status",
        # I18N: Explains a column of the follow-ups' CSV file. Keep the codes as they are.
        _l(
            "open: anmärkningar eller krav som inte är åtgärdade. closed: åtgärdade. none: "
            "inget att åtgärda."
        ),
    ),
    # I18N: Explains a column of the follow-ups' CSV file.
    ("avslutad", _l("Dagen då uppföljningen avslutades, tom om den inte är avslutad.")),
    # I18N: Explains a column of the follow-ups' CSV file.
    ("publicerad", _l("Dagen då kommunen publicerade uppföljningen.")),
    # I18N: Explains a column of the follow-ups' CSV file.
    ("insatser", _l("Insatserna som uppföljningen gällde, som koder, med komma emellan.")),
    # I18N: Explains a column of the follow-ups' CSV file.
    ("kundval", _l("Kundvalet som villkoret hör till, som kod.")),
    # I18N: Explains a column of the follow-ups' CSV file.
    ("villkor_fran", _l("Första dagen för den version av villkoren som villkoret hör till.")),
    # I18N: Explains a column of the follow-ups' CSV file.
    ("villkor", _l("Var villkoret står i dokumentet med villkoren, till exempel 4.2.")),
    # I18N: Explains a column of the follow-ups' CSV file.
    ("villkorets_rubrik", _l("Villkorets rubrik, på svenska.")),
    (
        "bedomning",
        # I18N: Explains a column of the follow-ups' CSV file. Keep the codes as they are.
        _l(
            "met: inga anmärkningar. remark: anmärkning. demand: krav på åtgärd. warning: "
            "varning. reduced_payment: sänkt ersättning. deauthorization_proposal: förslag "
            "om avauktorisation."
        ),
    ),
    # I18N: Explains a column of the follow-ups' CSV file.
    ("sista_dag", _l("Sista dagen för att åtgärda ett krav, annars tom.")),
)


def follow_up_rows(follow_up: PublicFollowUp, *, identity, services, schemes) -> list[list]:
    """Return one row per term checked in a follow-up."""
    head = [
        follow_up.id,
        identity.org_number,
        identity.name,
        identity.slug,
        follow_up.held_on.isoformat(),
        follow_up.kind,
        follow_up.outcome,
        follow_up.state.value,
        follow_up.closed_on.isoformat() if follow_up.closed_on else "",
        follow_up.published_on.isoformat(),
        ",".join(services[service_id].code for service_id in follow_up.service_ids),
    ]
    return [
        [
            *head,
            schemes[finding.term.version.scheme_id].code,
            finding.term.version.valid_from.isoformat(),
            finding.term.reference,
            finding.term.title,
            finding.verdict,
            finding.deadline.isoformat() if finding.deadline else "",
        ]
        for finding in follow_up.findings
    ]


def build_follow_ups_file(session: Session) -> str:
    """Return the follow-ups file: every published follow-up, by id, a row per term checked."""
    identities = {identity.id: identity for identity in list_provider_identities(session)}
    catalog = load_catalog(session)
    schemes = {scheme.id: scheme for scheme in catalog.schemes}
    rows = [
        row
        for follow_up in list_follow_ups_by_id(session)
        for row in follow_up_rows(
            follow_up,
            identity=identities[follow_up.provider_id],
            services=catalog.by_id,
            schemes=schemes,
        )
    ]
    return write_csv(FOLLOW_UP_COLUMNS, rows)
