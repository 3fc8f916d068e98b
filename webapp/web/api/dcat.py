"""DCAT-AP-SE metadata (JSON-LD) so the national data portal can harvest the dataset."""

from urllib.parse import urljoin

from flask import current_app, url_for
from sqlmodel import Session

from webapp.results.periods import period_bounds
from webapp.results.windows import list_published_periods

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
EU = "http://publications.europa.eu/resource/authority/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def absolute(path: str) -> str:
    """Return the canonical absolute URL of a path on this site (from PUBLIC_BASE_URL)."""
    return urljoin(current_app.config["PUBLIC_BASE_URL"] + "/", path)


def texts(sv: str, en: str) -> list[dict[str, str]]:
    """Return a text in Swedish and English as language-tagged literals."""
    return [{"@value": sv, "@language": "sv"}, {"@value": en, "@language": "en"}]


def ref(uri: str) -> dict[str, str]:
    """Return a link to another resource."""
    return {"@id": uri}


def csv_distribution(endpoint: str, sv: str, en: str) -> dict:
    """Describe one CSV download."""
    url = absolute(url_for(endpoint, lang="sv"))
    return {
        "@id": f"{url}#distribution",
        "@type": "dcat:Distribution",
        "dcterms:title": texts(sv, en),
        "dcat:accessURL": ref(url),
        "dcat:downloadURL": ref(url),
        "dcat:mediaType": ref("https://www.iana.org/assignments/media-types/text/csv"),
        "dcterms:format": ref(f"{EU}file-type/CSV"),
        "dcterms:license": ref(CC0),
    }


def api_distribution() -> dict:
    """Describe the JSON API, with its OpenAPI document as what it conforms to."""
    api = absolute(url_for("api.index"))
    openapi = absolute(url_for("api.openapi"))
    return {
        "@id": f"{api}#distribution",
        "@type": "dcat:Distribution",
        "dcterms:title": texts("API för öppna data (JSON)", "Open data API (JSON)"),
        "dcat:accessURL": ref(api),
        "dcat:mediaType": ref("https://www.iana.org/assignments/media-types/application/json"),
        "dcterms:format": ref(f"{EU}file-type/JSON"),
        "dcterms:license": ref(CC0),
        "dcterms:conformsTo": ref(openapi),
        "dcat:accessService": {
            "@id": f"{api}#service",
            "@type": "dcat:DataService",
            "dcterms:title": texts("API för öppna data", "Open data API"),
            "dcat:endpointURL": ref(api),
            "dcat:endpointDescription": ref(openapi),
            "dcterms:license": ref(CC0),
        },
    }


def follow_up_api_distribution() -> dict:
    """Describe the follow-ups resource of the API, served by the same data service."""
    api = absolute(url_for("api.index"))
    url = absolute(url_for("api.follow_ups"))
    return {
        "@id": f"{url}#distribution",
        "@type": "dcat:Distribution",
        "dcterms:title": texts("Uppföljningar i API:t (JSON)", "Follow-ups in the API (JSON)"),
        "dcat:accessURL": ref(url),
        "dcat:mediaType": ref("https://www.iana.org/assignments/media-types/application/json"),
        "dcterms:format": ref(f"{EU}file-type/JSON"),
        "dcterms:license": ref(CC0),
        "dcterms:conformsTo": ref(absolute(url_for("api.openapi"))),
        "dcat:accessService": ref(f"{api}#service"),
    }


def follow_up_dataset(page: str, publisher: dict, contact: dict) -> dict:
    """Describe the dataset of published follow-ups of providers and the authorization terms."""
    municipality = current_app.config["MUNICIPALITY_NAME"]
    return {
        "@id": f"{page}#follow-ups",
        "@type": "dcat:Dataset",
        "dcterms:identifier": f"{page}#follow-ups",
        "dcterms:title": texts(
            f"Uppföljning av anordnare i kundval – {municipality}",
            f"Follow-up of customer-choice providers – {municipality}",
        ),
        "dcterms:description": texts(
            "Kommunens publicerade uppföljningar av anordnarna av arbetsmarknadsinsatser: "
            "dag, typ av uppföljning, bedömning av varje auktorisationsvillkor som "
            "kontrollerades, krav på åtgärd med sista dag, sanktioner och om uppföljningen "
            "är avslutad. Inga personuppgifter.",
            "The municipality's published follow-ups of the providers of labour-market "
            "services: day, kind of follow-up, the verdict on each authorization term "
            "checked, demands for action with deadlines, sanctions and whether the "
            "follow-up is closed. No personal data.",
        ),
        "dcterms:publisher": publisher,
        "dcat:contactPoint": contact,
        "dcat:landingPage": ref(page),
        "dcat:theme": [ref(f"{EU}data-theme/SOCI"), ref(f"{EU}data-theme/GOVE")],
        "dcat:keyword": [
            *({"@value": word, "@language": "sv"} for word in ("kundval", "LOV", "uppföljning")),
            *(
                {"@value": word, "@language": "en"}
                for word in ("customer choice", "supervision", "follow-up")
            ),
        ],
        "dcterms:language": ref(f"{EU}language/SWE"),
        "dcterms:accessRights": ref(f"{EU}access-right/PUBLIC"),
        "dcterms:accrualPeriodicity": ref(f"{EU}frequency/IRREG"),
        "dcterms:license": ref(CC0),
        "dcat:distribution": [
            follow_up_api_distribution(),
            csv_distribution(
                "public.open_data_follow_ups_csv", "Uppföljningar (CSV)", "Follow-ups (CSV)"
            ),
        ],
    }


def temporal(periods: list[str]) -> dict | None:
    """Return the days the published results cover."""
    if not periods:
        return None
    return {
        "@type": "dcterms:PeriodOfTime",
        "dcat:startDate": {"@value": period_bounds(periods[0])[0].isoformat(), "@type": "xsd:date"},
        "dcat:endDate": {"@value": period_bounds(periods[-1])[1].isoformat(), "@type": "xsd:date"},
    }


def build_catalog_document(session: Session) -> dict:
    """Return the catalogue: the results dataset (three distributions) and the follow-ups one."""
    config = current_app.config
    municipality = config["MUNICIPALITY_NAME"]
    page = absolute(url_for("public.open_data", lang="sv"))
    publisher = {"@id": f"{page}#publisher", "@type": "foaf:Agent", "foaf:name": municipality}
    contact = {
        "@type": "vcard:Organization",
        "vcard:fn": municipality,
        "vcard:hasEmail": ref(f"mailto:{config['CONTACT_EMAIL']}"),
    }
    dataset = {
        "@id": f"{page}#dataset",
        "@type": "dcat:Dataset",
        "dcterms:identifier": f"{page}#dataset",
        "dcterms:title": texts(
            f"Resultat för anordnare i kundval – {municipality}",
            f"Results of customer-choice providers – {municipality}",
        ),
        "dcterms:description": texts(
            "Anordnare av arbetsmarknadsinsatser i kundval och deras resultat: hur stor andel "
            "av deltagarna som arbetade eller studerade sex månader efter insatsen, per "
            "halvår och för de senaste tolv månaderna, andelen per grupp av deltagare och det "
            "resultat som vore väntat för varje anordnares deltagare. Också hur insatsen ges: "
            "hur många som slutade i förtid av dem som påbörjade, och mediantiden från valet "
            "till första mötet, med antalet personer. Små grupper visas inte.",
            "Providers of labour-market services in the customer-choice scheme and their "
            "results: the share of participants in work or studies six months after the "
            "service, per half-year and for the latest twelve months, the share per stratum of "
            "participants and the result expected for each provider's participants. Also how "
            "the service is delivered: how many of those who started left early, and the "
            "median days from choice to first meeting, with the number of people. Small "
            "groups are hidden.",
        ),
        "dcterms:publisher": publisher,
        "dcat:contactPoint": contact,
        "dcat:landingPage": ref(page),
        "dcat:theme": [ref(f"{EU}data-theme/SOCI"), ref(f"{EU}data-theme/GOVE")],
        "dcat:keyword": [
            *({"@value": word, "@language": "sv"} for word in ("kundval", "LOV", "arbetsmarknad")),
            *(
                {"@value": word, "@language": "en"}
                for word in ("customer choice", "labour market", "employment services")
            ),
        ],
        "dcterms:language": ref(f"{EU}language/SWE"),
        "dcterms:accessRights": ref(f"{EU}access-right/PUBLIC"),
        "dcterms:accrualPeriodicity": ref(f"{EU}frequency/ANNUAL_2"),
        "dcterms:license": ref(CC0),
        "dcat:distribution": [
            api_distribution(),
            csv_distribution(
                "public.open_data_results_csv",
                "Resultat per halvår (CSV)",
                "Results per half-year (CSV)",
            ),
            csv_distribution(
                "public.open_data_providers_csv", "Anordnare (CSV)", "Providers (CSV)"
            ),
            csv_distribution(
                "public.open_data_strata_csv",
                "Andel i arbete eller studier per grupp av deltagare (CSV)",
                "Share in work or studies per stratum of participants (CSV)",
            ),
            csv_distribution(
                "public.open_data_expected_csv",
                "Förväntade och verkliga resultat per anordnare (CSV)",
                "Expected and actual results per provider (CSV)",
            ),
        ],
    }
    span = temporal(list_published_periods(session))
    if span:
        dataset["dcterms:temporal"] = span
    return {
        "@context": CONTEXT,
        "@id": absolute(url_for("api.dcat")),
        "@type": "dcat:Catalog",
        "dcterms:title": texts(
            f"Öppna data om kundval – {municipality}",
            f"Open data on customer choice – {municipality}",
        ),
        "dcterms:description": texts(
            "Öppna data från webbplatsen där invånare jämför anordnare i kundval.",
            "Open data from the site where residents compare customer-choice providers.",
        ),
        "dcterms:publisher": publisher,
        "dcterms:license": ref(CC0),
        "foaf:homepage": ref(page),
        "dcat:dataset": [dataset, follow_up_dataset(page, publisher, contact)],
    }
