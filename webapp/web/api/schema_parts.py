"""Pieces every OpenAPI schema module builds with: references, closed objects, common types."""

REF = "#/components/schemas/"


def schema_ref(name: str) -> dict:
    """Return a reference to a component schema."""
    return {"$ref": REF + name}


def nullable(schema: dict) -> dict:
    """Allow null besides the schema."""
    return {"anyOf": [schema, {"type": "null"}]}


def closed(properties: dict, required: list[str] | None = None, **extra) -> dict:
    """Return an object schema that allows no other properties; all required by default."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
        **extra,
    }


STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
DATE = {"type": "string", "format": "date"}
PATH = {"type": "string", "description": "An absolute-path URL on this server."}
SHARE = {"type": "number", "minimum": 0, "maximum": 1}
COUNT = {"type": "integer", "minimum": 0}
PERIOD = {"type": "string", "pattern": "^[0-9]{4}H[12]$", "examples": ["2025H1"]}
SLUG = {"type": "string", "description": "The provider's slug, as in its page address."}
