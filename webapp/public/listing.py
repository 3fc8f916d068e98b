"""Ordering of the public provider list."""

from webapp.models import Provider
from webapp.queries.results import Headline
from webapp.textkeys import swedish_sort_key


def sort_providers(providers: list[Provider], headline: Headline, sort: str) -> list[Provider]:
    """Sort by name in Swedish order, or by result with hidden and missing results last."""

    def by_name(provider: Provider) -> str:
        return swedish_sort_key(provider.name)

    if sort == "result":
        return sorted(providers, key=lambda p: (headline.outcome_for(p.id).sort_key, by_name(p)))
    return sorted(providers, key=by_name)
