"""What an import changes in public, per service and half-year, before anything is saved.

Only a half-year published for a service is public: changing results in it shows at
once (in its service's headline too when it is in the window); adding results to a
half-year not yet published shows nothing until staff publish it. No other service
is touched, and no window moves on import.
"""

from collections import defaultdict
from dataclasses import dataclass

from webapp.results.importing.plan import ImportPlan
from webapp.results.windows import Windows


@dataclass(frozen=True)
class HalfYearImpact:
    """One service's half-year in the file: how many results change and where it shows."""

    service_code: str
    period: str
    added: int
    changed: int
    providers: int  # providers whose results for it change
    published: bool  # public already: the change shows as soon as it is saved
    in_window: bool  # and its service's headline figures and average change with it


def describe_impact(
    plan: ImportPlan,
    *,
    services: dict[str, int],
    published: dict[int, list[str]],
    windows: Windows,
) -> list[HalfYearImpact]:
    """Return the service half-years the plan adds or changes results in, in display order.

    ``services`` maps codes to ids in display order; ``published`` and ``windows``
    are each service's published half-years and headline window now.
    """
    counts: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0, set()])
    for kind, rows in ((0, plan.added), (1, plan.changed)):
        for planned in rows:
            entry = counts[(planned.row.service_code, planned.row.period)]
            entry[kind] += 1
            entry[2].add(planned.provider.id)
    order = {code: position for position, code in enumerate(services)}
    impacts = []
    for (code, period), (added, changed, providers) in counts.items():
        service_id = services[code]
        impacts.append(
            HalfYearImpact(
                service_code=code,
                period=period,
                added=added,
                changed=changed,
                providers=len(providers),
                published=period in published.get(service_id, ()),
                in_window=period in windows.get(service_id, ()),
            )
        )
    return sorted(impacts, key=lambda impact: (order[impact.service_code], impact.period))
