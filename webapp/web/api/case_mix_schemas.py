"""The OpenAPI pieces of the case-mix resources: their schemas, parameters and paths."""

from webapp.results.casemix.open_data import REASONS
from webapp.results.casemix.standardisation import PoolKind
from webapp.results.casemix.strata import AGE_BANDS, ASSISTANCE_BANDS, LEVELS
from webapp.results.statistics import Comparison
from webapp.web.api.schema_parts import (
    COUNT,
    PERIOD,
    SHARE,
    SLUG,
    STRING,
    closed,
    nullable,
    schema_ref,
)


def build_case_mix_schemas() -> dict:
    """Return the component schemas of the strata rates and expected results."""
    return {
        "Stratum": closed(
            {
                "code": {**STRING, "examples": ["18-24/lt1/newcomer/1"]},
                "age_band": {"enum": list(AGE_BANDS)},
                "assistance": {
                    "enum": list(ASSISTANCE_BANDS),
                    "description": "Time on social assistance when referred: lt1 (under a "
                    "year), 1to3 (one to three years), gt3 (over three years).",
                },
                "newcomer": {
                    "type": "boolean",
                    "description": "Less than three years in Sweden when referred.",
                },
                "level": {
                    "enum": list(LEVELS),
                    "description": "The caseworker's assessment when referring: 1 near the "
                    "labour market, 2 some way from it, 3 far from it.",
                },
            },
            description="One combination of the characteristics recorded at referral.",
        ),
        "StratumPool": closed(
            {
                "code": {**STRING, "examples": ["own:18-24/lt1/newcomer/1", "age_band:50+"]},
                "kind": {
                    "enum": [kind.value for kind in PoolKind],
                    "description": "own: the stratum alone (at least 20 participants); "
                    "age_band: the small strata of one age band; others: the small strata "
                    "left over, of every age, with the smallest other pool if still under 20; "
                    "all: every participant.",
                },
                "participants": COUNT,
                "in_work_or_studies": COUNT,
                "rate": SHARE,
            },
            description=(
                "The strata that share one rate, summed over every provider's half-year "
                "cells that are shown and whose strata add up to their result."
            ),
        ),
        "StratumRate": closed(
            {
                "service": STRING,
                "period": PERIOD,
                "stratum": schema_ref("Stratum"),
                "pool": schema_ref("StratumPool"),
            }
        ),
        "ExpectedShown": closed(
            {
                "suppressed": {"const": False},
                "participants": COUNT,
                "in_work_or_studies": COUNT,
                "share": SHARE,
                "interval": schema_ref("Interval"),
                "expected_share": {
                    **SHARE,
                    "description": "The share expected for these participants, from each "
                    "stratum's rate in the same half-year, rounded to a whole percent.",
                },
                "comparison": {
                    "enum": [c.value for c in Comparison],
                    "description": "higher or lower only when the whole interval lies on "
                    "that side of the expected share.",
                },
                "half_years": {
                    "type": "array",
                    "items": PERIOD,
                    "minItems": 1,
                    "description": "The half-years of the window whose cell is shown and "
                    "whose strata add up to it.",
                },
            }
        ),
        "ExpectedResult": closed(
            {
                "provider": SLUG,
                "service": STRING,
                "periods": nullable({"type": "array", "items": PERIOD, "minItems": 1}),
                "result": {
                    "oneOf": [
                        schema_ref("ExpectedShown"),
                        schema_ref("Suppressed"),
                        {"type": "null"},
                    ]
                },
                "reason": {
                    "enum": [*REASONS, None],
                    "description": "Why there is no result: no_case_mix when the result is "
                    "shown but no half-year has strata that add up to it.",
                },
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
            for name in ("StratumRate", "ExpectedResult")
        },
    }
