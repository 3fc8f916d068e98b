"""The JSON Schemas (2020-12) of every document the API answers with, for the OpenAPI file."""

from flask import current_app

from webapp.authorizations.vocab import END_REASONS
from webapp.catalog.vocab import TARGET_GROUPS
from webapp.providers.vocab import FEATURES
from webapp.results.open_data import Reason
from webapp.results.public_record import STANDINGS
from webapp.results.statistics import Comparison
from webapp.web.api.case_mix_schemas import build_case_mix_schemas
from webapp.web.api.delivery_schemas import delivery_schemas
from webapp.web.api.follow_up_schemas import build_follow_up_schemas
from webapp.web.api.params import MAX_PER_PAGE
from webapp.web.api.schema_parts import (
    COUNT,
    DATE,
    NULLABLE_STRING,
    PATH,
    PERIOD,
    SHARE,
    SLUG,
    STRING,
    closed,
    nullable,
    schema_ref,
)

INDEX_LINKS = (
    "schemes",
    "services",
    "providers",
    "results",
    "pooled_results",
    "follow_ups",
    "terms",
    "strata_rates",
    "expected_results",
    "openapi",
    "dcat",
)


def build_schemas() -> dict:
    """Return the component schemas: every document, item and problem the API answers with."""
    languages = list(current_app.config["LANGUAGES"])
    reason = {
        "enum": [*(r.value for r in Reason), None],
        "description": "Why there is no result: null when there is one (shown or suppressed).",
    }
    suppressed = closed(
        {"suppressed": {"const": True}},
        description="Too few participants: the result is hidden and no number is given.",
    )
    return {
        "LocalizedText": closed(
            {"text": STRING, "lang": {"enum": languages}},
            description="A text in the language asked for, else in Swedish; lang says which.",
        ),
        "CodeLabel": closed({"code": STRING, "label": STRING}),
        "PageLinks": closed(
            {
                "self": PATH,
                "first": PATH,
                "last": PATH,
                "prev": nullable(PATH),
                "next": nullable(PATH),
            }
        ),
        "PageMeta": closed(
            {
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                "total_items": COUNT,
                "total_pages": {"type": "integer", "minimum": 1},
                "lang": {"enum": languages},
            }
        ),
        "ItemMeta": closed({"lang": {"enum": languages}}),
        "ApiIndex": closed(
            {
                "data": closed(
                    {
                        "links": closed(dict.fromkeys(INDEX_LINKS, PATH)),
                    }
                ),
                "meta": schema_ref("ItemMeta"),
            }
        ),
        "Scheme": closed(
            {
                "code": STRING,
                "name": schema_ref("LocalizedText"),
                "description": schema_ref("LocalizedText"),
                "services": {"type": "array", "items": STRING},
                "links": closed({"self": PATH}),
            }
        ),
        "Service": closed(
            {
                "code": STRING,
                "scheme": STRING,
                "name": schema_ref("LocalizedText"),
                "description": schema_ref("LocalizedText"),
                "level": {"type": ["integer", "null"]},
                "capacity_min": {
                    "type": ["integer", "null"],
                    "description": "Lowest assessed work capacity (percent) the service suits.",
                },
                "capacity_max": {"type": ["integer", "null"]},
                "target_groups": {
                    "type": "array",
                    "items": {
                        "allOf": [schema_ref("CodeLabel")],
                        "properties": {"code": {"enum": list(TARGET_GROUPS)}},
                    },
                },
                "links": closed({"self": PATH, "results": PATH, "pooled_results": PATH}),
            }
        ),
        "Office": closed(
            {
                "street_address": STRING,
                "postal_code": NULLABLE_STRING,
                "city": NULLABLE_STRING,
                "district": STRING,
                "opening_hours": schema_ref("LocalizedText"),
            }
        ),
        "AuthorizationPeriod": closed(
            {
                "service": STRING,
                "valid_from": DATE,
                "valid_until": {
                    **nullable(DATE),
                    "description": "The first day no longer authorized; null while open-ended.",
                },
                "end_reason": {"enum": [*END_REASONS, None]},
                "follow_up": {
                    **nullable(PATH),
                    "description": "The published follow-up that led to the end, if any.",
                },
            }
        ),
        "ProviderStatus": closed(
            {
                "code": {"enum": list(STANDINGS)},
                "services": {
                    "type": "array",
                    "items": STRING,
                    "description": "The services the provider can be chosen for today.",
                },
                "starts_on": DATE,
                "ended_on": nullable(DATE),
            },
            required=["code", "services"],
        ),
        "Provider": closed(
            {
                "slug": SLUG,
                "org_number": {"type": "string", "pattern": "^[0-9]{6}-[0-9]{4}$"},
                "name": STRING,
                "description": schema_ref("LocalizedText"),
                "municipal": {"type": "boolean"},
                "website": NULLABLE_STRING,
                "phone": NULLABLE_STRING,
                "email": {
                    **NULLABLE_STRING,
                    "description": "The organisation's public contact address.",
                },
                "step_free_access": {"type": "boolean"},
                "accessibility_note": schema_ref("LocalizedText"),
                "staff_languages": {
                    "type": "array",
                    "items": {"type": "string", "pattern": "^[a-z]{2,3}$"},
                    "description": "ISO 639 codes of the languages the staff speak.",
                },
                "features": {
                    "type": "array",
                    "items": {
                        "allOf": [schema_ref("CodeLabel")],
                        "properties": {"code": {"enum": list(FEATURES)}},
                    },
                },
                "status": schema_ref("ProviderStatus"),
                "authorizations": {"type": "array", "items": schema_ref("AuthorizationPeriod")},
                "offices": {"type": "array", "items": schema_ref("Office")},
                "links": closed(
                    {
                        "self": PATH,
                        "html": PATH,
                        "results": PATH,
                        "pooled_results": PATH,
                        "follow_ups": PATH,
                    }
                ),
            }
        ),
        "Suppressed": suppressed,
        **delivery_schemas(),
        "HalfYearShown": closed(
            {
                "suppressed": {"const": False},
                "participants": {**COUNT, "description": "Participants who completed."},
                "in_work": COUNT,
                "in_studies": COUNT,
                "in_work_or_studies": COUNT,
                "share": SHARE,
                "left_early": {
                    "oneOf": [
                        schema_ref("LeftEarlyShown"),
                        schema_ref("Suppressed"),
                        {"type": "null"},
                    ],
                    "description": (
                        "Of the people who started the service with the provider in the "
                        "half-year, how many left before it was finished. Suppressed when "
                        "fewer than the minimum started; null when not reported."
                    ),
                },
                "first_meeting": {
                    "oneOf": [
                        schema_ref("FirstMeetingShown"),
                        schema_ref("Suppressed"),
                        {"type": "null"},
                    ],
                    "description": (
                        "The median days from choosing the provider to the first meeting, "
                        "for people who started in the half-year. Suppressed when based on "
                        "fewer than the minimum; null when not reported."
                    ),
                },
            }
        ),
        "ResultCell": closed(
            {
                "provider": SLUG,
                "service": STRING,
                "period": PERIOD,
                "result": {
                    "oneOf": [
                        schema_ref("HalfYearShown"),
                        schema_ref("Suppressed"),
                        {"type": "null"},
                    ]
                },
                "reason": reason,
            }
        ),
        "Interval": closed(
            {"low": SHARE, "high": SHARE, "confidence": {"const": 0.95}},
            description="The 95 % Wilson score interval of the share.",
        ),
        "PooledShown": closed(
            {
                "suppressed": {"const": False},
                "participants": COUNT,
                "in_work_or_studies": COUNT,
                "share": SHARE,
                "interval": schema_ref("Interval"),
                "average": {
                    **nullable(SHARE),
                    "description": (
                        "The service's average: the share of all providers' shown half-year "
                        "cells in its window. Null for all services pooled (service null): "
                        "results compare fairly only within one service."
                    ),
                },
                "comparison": {
                    "enum": [*(c.value for c in Comparison), None],
                    "description": "Against the average; null for all services pooled.",
                },
                "half_years": {
                    "type": "array",
                    "items": PERIOD,
                    "minItems": 1,
                    "description": (
                        "The half-years the figure was computed from: those of the window "
                        "whose cell was shown. Suppressed cells are left out of every figure."
                    ),
                },
                "left_early": {
                    "oneOf": [
                        schema_ref("PooledLeftEarly"),
                        schema_ref("Suppressed"),
                        {"type": "null"},
                    ],
                    "description": (
                        "Left early out of those who started, pooled over the window's "
                        "half-years whose cell and whose starters are both shown. Null for "
                        "all services pooled, or when not reported."
                    ),
                },
                "first_meeting": {
                    "oneOf": [
                        schema_ref("PooledFirstMeeting"),
                        schema_ref("Suppressed"),
                        {"type": "null"},
                    ],
                    "description": (
                        "The median days to the first meeting of each shown half-year of the "
                        "window (medians are never pooled). Null for all services pooled, or "
                        "when not reported."
                    ),
                },
            }
        ),
        "PooledResult": closed(
            {
                "provider": SLUG,
                "service": {
                    "type": ["string", "null"],
                    "description": "The service, or null for all services pooled together.",
                },
                "periods": {
                    **nullable({"type": "array", "items": PERIOD, "minItems": 1}),
                    "description": (
                        "The window: the service's latest published half-year and the one "
                        "before it when that is published too; for all services, every "
                        "service's window. The result's half_years says what it covers."
                    ),
                },
                "result": {
                    "oneOf": [
                        schema_ref("PooledShown"),
                        schema_ref("Suppressed"),
                        {"type": "null"},
                    ]
                },
                "reason": reason,
            }
        ),
        **{
            f"{name}List": closed(
                {
                    "data": {"type": "array", "items": schema_ref(name)},
                    "meta": schema_ref("PageMeta"),
                    "links": schema_ref("PageLinks"),
                }
            )
            for name in (
                "Scheme",
                "Service",
                "Provider",
                "ResultCell",
                "PooledResult",
                "FollowUp",
                "TermsVersion",
            )
        },
        **{
            f"{name}Document": closed({"data": schema_ref(name), "meta": schema_ref("ItemMeta")})
            for name in ("Scheme", "Service", "Provider", "FollowUp")
        },
        **build_follow_up_schemas(),
        "InvalidParam": closed({"name": STRING, "reason": STRING}),
        "Problem": closed(
            {
                "type": STRING,
                "title": STRING,
                "status": {"type": "integer"},
                "detail": STRING,
                "instance": STRING,
                "invalid_params": {"type": "array", "items": schema_ref("InvalidParam")},
            },
            required=["type", "title", "status", "detail"],
            description="RFC 9457 problem details.",
        ),
        **build_case_mix_schemas(),
        "OpenApiDocument": {"type": "object", "required": ["openapi", "info", "paths"]},
        "DcatCatalog": {
            "type": "object",
            "required": ["@context", "@id", "@type", "dcat:dataset"],
            "properties": {"@type": {"const": "dcat:Catalog"}},
        },
    }
