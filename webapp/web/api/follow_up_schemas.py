"""The JSON Schemas of the follow-up and terms documents, for the OpenAPI file."""

from webapp.followups.rules import State
from webapp.followups.vocab import KINDS, VERDICTS
from webapp.web.api.schema_parts import DATE, PATH, STRING, closed, nullable, schema_ref


def _code_label(codes) -> dict:
    return {"allOf": [schema_ref("CodeLabel")], "properties": {"code": {"enum": list(codes)}}}


def build_follow_up_schemas() -> dict:
    """Return the schemas of published follow-ups, their findings and the terms versions."""
    return {
        "TermReference": closed(
            {
                "scheme": STRING,
                "terms_valid_from": {
                    **DATE,
                    "description": "The first day of the terms version the term belongs to.",
                },
                "reference": {**STRING, "description": "Where the term is in the document."},
                "title": STRING,
            },
            description="An authorization term, as in /v1/terms.",
        ),
        "FollowUpFinding": closed(
            {
                "term": schema_ref("TermReference"),
                "verdict": _code_label(VERDICTS),
                "deadline": {
                    **nullable(DATE),
                    "description": "The last day to act on a demand for action; else null.",
                },
            }
        ),
        "FollowUp": closed(
            {
                "id": {"type": "integer", "minimum": 1},
                "provider": {**STRING, "description": "The provider's slug."},
                "held_on": DATE,
                "kind": _code_label(KINDS),
                "outcome": {
                    **_code_label(VERDICTS),
                    "description": "The most severe verdict of the findings.",
                },
                "state": {
                    "enum": [state.value for state in State],
                    "description": (
                        "open: remarks or demands not yet dealt with; closed: dealt with "
                        "(closed_on); none: nothing to deal with."
                    ),
                },
                "closed_on": nullable(DATE),
                "published_on": DATE,
                "services": {"type": "array", "items": STRING, "minItems": 1},
                "findings": {
                    "type": "array",
                    "items": schema_ref("FollowUpFinding"),
                    "minItems": 1,
                },
                "links": closed({"self": PATH, "provider": PATH, "html": PATH}),
            },
            description=(
                "A follow-up of a provider that the municipality has published. Staff's "
                "notes are never published."
            ),
        ),
        "TermsVersion": closed(
            {
                "scheme": STRING,
                "valid_from": DATE,
                "last_day": {
                    **nullable(DATE),
                    "description": "The day before the next version starts; null while none is.",
                },
                "document": {**STRING, "description": "The published terms document."},
                "document_url": nullable(STRING),
                "terms": {
                    "type": "array",
                    "items": closed({"reference": STRING, "title": STRING, "checks": STRING}),
                },
            }
        ),
    }
