"""The open data page, its CSV downloads and the DCAT metadata, as a researcher meets them."""

import csv
import io
import json

import pytest

from tests import htmlcheck
from tests.conftest import parse_page
from tests.integration.web.api.conftest import fetch_json, walk
from webapp.core.config import LANGUAGES

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"


def read_csv(response) -> list[dict[str, str]]:
    """Parse a CSV download as Swedish Excel would: UTF-8 with BOM, semicolons."""
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture(scope="module")
def open_data_page(app):
    """The Swedish open data page, parsed and checked."""
    return parse_page(app.test_client().get("/sv/open-data"))


def test_page_links_downloads_api_documents_licence_and_definitions(open_data_page):
    hrefs = {a["href"] for a in open_data_page.select("main a")}
    assert {
        "/sv/open-data/results.csv",
        "/sv/open-data/providers.csv",
        "/api/v1/",
        "/api/openapi.json",
        "/api/dcat.jsonld",
        "/sv/about-results",
    } <= hrefs
    licence = open_data_page.select_one('main a[rel~="license"]')
    assert "creativecommons.org/publicdomain/zero/1.0" in licence["href"]
    assert open_data_page.h1.get_text(strip=True) == "Öppna data"


def test_page_explains_semicolons_suppression_and_update_rhythm(open_data_page):
    text = open_data_page.find("main").get_text(" ", strip=True)
    assert "semikolon" in text
    assert "två gånger per år" in text
    assert "Om färre än 10 deltagare" in text
    assert "januari–juni 2023" in text and "juli–december 2025" in text


def test_page_documents_every_csv_column(client, open_data_page):
    documented = {
        table.caption["id"]: [th.get_text(strip=True) for th in table.select("tbody th[scope=row]")]
        for table in open_data_page.select("table")
    }
    results = read_csv(client.get("/sv/open-data/results.csv"))
    providers = read_csv(client.get("/sv/open-data/providers.csv"))
    assert documented["results-columns"] == list(results[0])
    assert documented["provider-columns"] == list(providers[0])
    assert all(th["scope"] == "col" for th in open_data_page.select("thead th"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_in_every_language(client, lang):
    page = parse_page(client.get(f"/{lang}/open-data"))
    assert page.html["lang"] == lang
    assert page.find("a", href=f"/{lang}/open-data/results.csv")


def test_page_is_valid_html(client):
    errors = htmlcheck.validate({"/sv/open-data": client.get("/sv/open-data").data})
    assert not errors, "\n".join(errors)


def test_results_csv_has_the_api_numbers_and_hiding(client):
    rows = read_csv(client.get("/sv/open-data/results.csv"))
    cells = walk(client, "/api/v1/results?per_page=100")
    assert len(rows) == len(cells)
    kinds = set()
    for row, cell in zip(rows, cells, strict=True):
        assert (row["slug"], row["insats"], row["halvar"]) == (
            cell["provider"],
            cell["service"],
            cell["period"],
        )
        counts = [row[c] for c in ("deltagare", "i_arbete", "i_studier", "i_arbete_eller_studier")]
        result = cell["result"]
        if result is None:
            kinds.add("missing")
            assert (row["visas"], row["orsak"]) == ("nej", cell["reason"])
            assert counts == ["", "", "", ""] and row["andel"] == ""
        elif result["suppressed"]:
            kinds.add("suppressed")
            assert (row["visas"], row["orsak"]) == ("nej", "suppressed")
            assert counts == ["", "", "", ""] and row["andel"] == ""
        else:
            kinds.add("shown")
            assert (row["visas"], row["orsak"]) == ("ja", "")
            assert [int(c) for c in counts] == [
                result["participants"],
                result["in_work"],
                result["in_studies"],
                result["in_work_or_studies"],
            ]
            assert row["andel"] == f"{result['share']:.4f}".replace(".", ",")
    assert kinds == {"missing", "suppressed", "shown"}


def test_results_csv_never_writes_zero_for_a_hidden_value(client):
    rows = read_csv(client.get("/sv/open-data/results.csv"))
    for row in rows:
        if row["visas"] == "nej":
            assert "0" not in (row["deltagare"], row["i_arbete"], row["andel"])


def test_providers_csv_matches_the_api(client):
    rows = read_csv(client.get("/sv/open-data/providers.csv"))
    providers = walk(client, "/api/v1/providers?per_page=100")
    assert [row["slug"] for row in rows] == [p["slug"] for p in providers]
    for row, provider in zip(rows, providers, strict=True):
        assert row["organisationsnummer"] == provider["org_number"]
        assert row["status"] == provider["status"]["code"]
        assert row["kommunal"] == ("ja" if provider["municipal"] else "nej")
        assert row["personalens_sprak"].split(",") == provider["staff_languages"]
        assert row["erbjuder"] == ",".join(f["code"] for f in provider["features"])
        assert row["insatser_i_dag"] == ",".join(provider["status"]["services"])
        assert len(row["auktorisationer"].split(", ")) == len(provider["authorizations"])
    linjen = next(row for row in rows if row["slug"] == "linjen-rekrytering")
    assert linjen["status"] == "ended" and "/2025-04-01" in linjen["auktorisationer"]


def test_csv_downloads_are_attachments_with_etags(client):
    for url, name in [
        ("/sv/open-data/results.csv", "resultat.csv"),
        ("/en/open-data/providers.csv", "anordnare.csv"),
    ]:
        response = client.get(url)
        assert name in response.headers["Content-Disposition"]
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304


def test_dcat_describes_the_dataset_for_the_portal(app, client):
    catalog = fetch_json(client, "/api/dcat.jsonld")
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["dcterms:license"] == {"@id": CC0}
    dataset = catalog["dcat:dataset"][0]
    assert dataset["@type"] == "dcat:Dataset"
    assert {t["@language"] for t in dataset["dcterms:title"]} == {"sv", "en"}
    assert {t["@language"] for t in dataset["dcterms:description"]} == {"sv", "en"}
    assert dataset["dcterms:publisher"]["foaf:name"] == app.config["MUNICIPALITY_NAME"]
    assert dataset["dcat:contactPoint"]["vcard:hasEmail"] == {
        "@id": f"mailto:{app.config['CONTACT_EMAIL']}"
    }
    assert dataset["dcterms:accrualPeriodicity"]["@id"].endswith("/frequency/ANNUAL_2")
    assert dataset["dcat:theme"] and dataset["dcat:keyword"]
    assert dataset["dcterms:temporal"]["dcat:startDate"]["@value"] == "2023-01-01"
    assert dataset["dcterms:temporal"]["dcat:endDate"]["@value"] == "2025-12-31"


def test_dcat_distributions_are_reachable(app, client):
    base = app.config["PUBLIC_BASE_URL"]
    dataset = fetch_json(client, "/api/dcat.jsonld")["dcat:dataset"][0]
    distributions = dataset["dcat:distribution"]
    assert len(distributions) == 5
    for distribution in distributions:
        assert distribution["dcterms:license"] == {"@id": CC0}
        url = distribution["dcat:accessURL"]["@id"]
        assert url.startswith(base + "/")
        assert client.get(url.removeprefix(base)).status_code == 200
    api = distributions[0]
    assert api["dcterms:conformsTo"]["@id"] == base + "/api/openapi.json"
    assert api["dcat:accessService"]["dcat:endpointDescription"] == api["dcterms:conformsTo"]
    downloads = {d["dcat:downloadURL"]["@id"] for d in distributions[1:]}
    assert downloads == {
        base + "/sv/open-data/results.csv",
        base + "/sv/open-data/providers.csv",
        base + "/sv/open-data/strata-rates.csv",
        base + "/sv/open-data/expected-results.csv",
    }
    assert json.loads(client.get("/api/openapi.json").data)["openapi"] == "3.1.0"
