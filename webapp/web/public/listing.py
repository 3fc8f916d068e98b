"""Ordering and paging of the public provider list."""

from dataclasses import dataclass

from webapp.core.textkeys import swedish_sort_key
from webapp.results.queries import Headline


def sort_providers(providers: list, headline: Headline, sort: str) -> list:
    """Sort providers (or their names) by name in Swedish order, or by result.

    By result, hidden and missing results come last. Anything with ``id`` and
    ``name`` can be sorted, so the list can be paged before details are loaded.
    """

    def by_name(provider) -> str:
        return swedish_sort_key(provider.name)

    if sort == "result":
        return sorted(providers, key=lambda p: (headline.outcome_for(p.id).sort_key, by_name(p)))
    return sorted(providers, key=by_name)


# Far more than a municipality's providers: one page in practice, but a page's
# size stays bounded however many there are.
PAGE_SIZE = 50


@dataclass(frozen=True)
class ListPage:
    """One page of the sorted list."""

    items: list
    number: int
    pages: int
    total: int


def paginate(providers: list, page: str | None, size: int = PAGE_SIZE) -> ListPage:
    """Return the asked-for page; a page number that makes no sense gives the nearest page."""
    pages = max(1, -(-len(providers) // size))
    number = int(page) if page and page.isdigit() else 1
    number = min(max(number, 1), pages)
    start = (number - 1) * size
    return ListPage(providers[start : start + size], number, pages, len(providers))
