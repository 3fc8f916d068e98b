"""The JSON Schemas of the follow-up and terms documents, for the OpenAPI file."""

from webapp.followups.rules import State
from webapp.followups.vocab import KINDS, VERDICTS

STRING = {"type": "string"}
DATE = {"type": "string", "format": "date"}
PATH = {"type": "string", "description": "An absolute-path URL on this server."}
REF = "#/components/schemas/"


def _ref(name: str) -> dict:
    return {"$ref": REF + name}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _closed(properties: dict, **extra) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **extra,
    }


def _code_label(codes) -> dict:
    return {"allOf": [_ref("CodeLabel")], "properties": {"code": {"enum": list(codes)}}}


def build_follow_up_schemas() -> dict:
    """Return the schemas of published follow-ups, their findings and the terms versions."""
    return {
        "TermReference": _closed(
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
        "FollowUpFinding": _closed(
            {
                "term": _ref("TermReference"),
                "verdict": _code_label(VERDICTS),
                "deadline": {
                    **_nullable(DATE),
                    "description": "The last day to act on a demand for action; else null.",
                },
            }
        ),
        "FollowUp": _closed(
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
                "closed_on": _nullable(DATE),
                "published_on": DATE,
                "services": {"type": "array", "items": STRING, "minItems": 1},
                "findings": {"type": "array", "items": _ref("FollowUpFinding"), "minItems": 1},
                "links": _closed({"self": PATH, "provider": PATH, "html": PATH}),
            },
            description=(
                "A follow-up of a provider that the municipality has published. Staff's "
                "notes are never published."
            ),
        ),
        "TermsVersion": _closed(
            {
                "scheme": STRING,
                "valid_from": DATE,
                "last_day": {
                    **_nullable(DATE),
                    "description": "The day before the next version starts; null while none is.",
                },
                "document": {**STRING, "description": "The published terms document."},
                "document_url": _nullable(STRING),
                "terms": {
                    "type": "array",
                    "items": _closed({"reference": STRING, "title": STRING, "checks": STRING}),
                },
            }
        ),
    }
