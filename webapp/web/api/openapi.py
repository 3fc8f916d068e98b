"""The OpenAPI 3.1 description of the API, built from the same codes the API answers with."""

from flask import current_app

from webapp.core.urls import external_url
from webapp.followups.rules import State
from webapp.results.public_record import STANDINGS
from webapp.web.api.params import DEFAULT_PER_PAGE, MAX_PER_PAGE
from webapp.web.api.schema_parts import PERIOD, STRING, schema_ref
from webapp.web.api.schemas import build_schemas

PROBLEM_JSON = "application/problem+json"
# A code or slug given as a filter: never empty.
CODE = {"type": "string", "minLength": 1}


def query(name: str, description: str, schema: dict) -> dict:
    """Describe a query parameter."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def build_parameters() -> dict:
    """Return the shared parameters."""
    return {
        "lang": query(
            "lang",
            "Language of texts and labels; texts missing in it come in Swedish.",
            {"enum": list(current_app.config["LANGUAGES"]), "default": "sv"},
        ),
        "page": query("page", "Page number.", {"type": "integer", "minimum": 1, "default": 1}),
        "per_page": query(
            "per_page",
            "Items per page.",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
        ),
        "service": query("service", "Only this service (a code such as MATCH-1).", CODE),
        "pooled_service": query(
            "service",
            "Only this service (a code), or all for every service pooled together as on the "
            "provider list without a chosen service. Without it, both kinds come.",
            CODE,
        ),
        "provider": query("provider", "Only this provider (its slug).", CODE),
        "period": query("period", "Only this half-year.", PERIOD),
        "status": query(
            "status",
            "Only providers with this status today.",
            {"enum": list(STANDINGS)},
        ),
        "scheme": query("scheme", "Only services of this scheme (its code).", CODE),
        "terms_scheme": query("scheme", "Only the terms of this scheme (its code).", CODE),
        "follow_up_service": query("service", "Only follow-ups that covered this service.", CODE),
        "follow_up_state": query(
            "state",
            "Only follow-ups that stand so: open, closed or none (nothing to deal with).",
            {"enum": [state.value for state in State]},
        ),
    }


def content(schema: str, mimetype: str = "application/json") -> dict:
    """Return a response body description."""
    return {mimetype: {"schema": schema_ref(schema)}}


def operation(summary: str, schema: str, params: list[str], *, item: bool = False, mimetype=None):
    """Describe a GET operation with its success, 304, 400 and (for items) 404 responses."""
    headers = {
        "ETag": {"schema": STRING, "description": "A strong validator of the body."},
        "Cache-Control": {"schema": STRING},
        "Access-Control-Allow-Origin": {"schema": {"const": "*"}},
    }
    if schema.endswith("List"):
        headers["Link"] = {"schema": STRING, "description": "RFC 8288 links to other pages."}
    responses = {
        "200": {
            "description": "OK",
            "headers": headers,
            "content": content(schema, mimetype or "application/json"),
        },
        "304": {"description": "Not modified: the If-None-Match tag still matches."},
        "400": {
            "description": "A parameter cannot be used.",
            "content": content("Problem", PROBLEM_JSON),
        },
    }
    if item:
        responses["404"] = {
            "description": "No such resource.",
            "content": content("Problem", PROBLEM_JSON),
        }
    parameters = [{"$ref": f"#/components/parameters/{name}"} for name in params]
    if item:
        parameters.insert(0, {"name": item, "in": "path", "required": True, "schema": STRING})
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


def build_openapi_document() -> dict:
    """Return the OpenAPI 3.1 document for every address under /api/."""
    listing = ["page", "per_page", "lang"]
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": f"Open data on customer choice – {current_app.config['MUNICIPALITY_NAME']}",
            "version": "1.1.0",
            "description": (
                "Read-only data on the providers of labour-market services and their results, "
                "with the same numbers and the same hiding of small groups as the public site. "
                "Results of fewer participants than the minimum are marked suppressed and carry "
                "no numbers; cells without any result are null with a reason. Only half-years "
                "the municipality has published for a service appear. Every pooled figure and "
                "average is computed from shown half-year cells only, and names the half-years "
                "it covers (half_years), so no published number depends on a suppressed cell. "
                "How the service is delivered (left_early, first_meeting) comes with its own "
                "count of people and is hidden the same way when that count is too small. "
                "Follow-ups of providers appear once the municipality has published them, with "
                "facts only: the day, the kind, the verdict per authorization term, deadlines "
                "and the outcome; never staff's notes. "
                "Strata rates and expected shares are computed from the same shown cells, "
                "and expected shares are rounded to a whole percent."
            ),
            "license": {"name": "CC0 1.0", "identifier": "CC0-1.0"},
            "contact": {"email": current_app.config["CONTACT_EMAIL"]},
        },
        "servers": [{"url": external_url("api.index").removesuffix("/v1/")}],
        "paths": {
            "/v1/": operation("What the API offers", "ApiIndex", ["lang"]),
            "/v1/schemes": operation("Choice schemes", "SchemeList", listing),
            "/v1/schemes/{code}": operation("One scheme", "SchemeDocument", ["lang"], item="code"),
            "/v1/services": operation("Services", "ServiceList", ["scheme", *listing]),
            "/v1/services/{code}": operation(
                "One service", "ServiceDocument", ["lang"], item="code"
            ),
            "/v1/providers": operation(
                "Providers that are, were or will be authorized",
                "ProviderList",
                ["service", "status", *listing],
            ),
            "/v1/providers/{slug}": operation(
                "One provider", "ProviderDocument", ["lang"], item="slug"
            ),
            "/v1/results": operation(
                "Results per provider, service and half-year",
                "ResultCellList",
                ["service", "provider", "period", *listing],
            ),
            "/v1/pooled-results": operation(
                "Pooled results of each service's latest published 12 months, as the site shows "
                "them",
                "PooledResultList",
                ["pooled_service", "provider", *listing],
            ),
            "/v1/follow-ups": operation(
                "Published follow-ups of providers: findings per term, outcome, deadlines",
                "FollowUpList",
                ["provider", "follow_up_service", "follow_up_state", *listing],
            ),
            "/v1/follow-ups/{follow_up_id}": operation(
                "One published follow-up", "FollowUpDocument", ["lang"], item="follow_up_id"
            ),
            "/v1/terms": operation(
                "Every version of each scheme's authorization terms",
                "TermsVersionList",
                ["terms_scheme", *listing],
            ),
            "/v1/strata-rates": operation(
                "Each stratum's rate per service and published half-year, and the pool of "
                "strata it is computed from",
                "StratumRateList",
                ["service", "period", *listing],
            ),
            "/v1/expected-results": operation(
                "Each provider's actual share per service beside the share expected for the "
                "people it served (indirect standardisation)",
                "ExpectedResultList",
                ["service", "provider", *listing],
            ),
            "/openapi.json": operation("This document", "OpenApiDocument", []),
            "/dcat.jsonld": operation(
                "DCAT-AP-SE metadata", "DcatCatalog", [], mimetype="application/ld+json"
            ),
        },
        "components": {
            "schemas": build_schemas(),
            "parameters": build_parameters(),
        },
    }
