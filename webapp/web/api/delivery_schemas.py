"""The JSON Schemas of how the service is delivered, for the OpenAPI file."""

from webapp.web.api.schema_parts import COUNT, PERIOD, SHARE, closed


def delivery_schemas() -> dict:
    """Return the schemas of how the service is delivered: left early, the first meeting."""
    left_early = {
        "suppressed": {"const": False},
        "started": {**COUNT, "description": "People who started the service in the half-year."},
        "left_early": {**COUNT, "description": "Of them, those who left before finishing."},
        "share": SHARE,
    }
    first_meeting = {
        "median_days": {
            "type": "integer",
            "minimum": 0,
            "maximum": 365,
            "description": "Median days from choosing the provider to the first meeting.",
        },
        "people": {**COUNT, "description": "The people the median is based on."},
    }
    return {
        "LeftEarlyShown": closed(left_early),
        "PooledLeftEarly": closed(
            {
                **left_early,
                "half_years": {
                    "type": "array",
                    "items": PERIOD,
                    "minItems": 1,
                    "description": "The half-years of starting the figure was computed from.",
                },
            }
        ),
        "FirstMeetingShown": closed({"suppressed": {"const": False}, **first_meeting}),
        "PooledFirstMeeting": closed(
            {
                "suppressed": {"const": False},
                "half_years": {
                    "type": "array",
                    "items": closed({"period": PERIOD, **first_meeting}),
                    "minItems": 1,
                    "description": "Each shown half-year's median, oldest first.",
                },
            }
        ),
    }
