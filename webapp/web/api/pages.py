"""Split long lists into pages and link between them, filters kept."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from flask import request, url_for

from webapp.web.api.params import Paging
from webapp.web.api.problems import InvalidParam, invalid_params


@dataclass(frozen=True)
class Page:
    """One page of a list."""

    items: Sequence
    paging: Paging
    total: int

    @property
    def last(self) -> int:
        """Return the number of the last page; an empty list still has page 1."""
        return max(1, math.ceil(self.total / self.paging.per_page))


def paged(items: Sequence, paging: Paging, total: int) -> Page:
    """Return one page of a list already cut to it, or a 400 problem when there is no such page."""
    page = Page(items=items, paging=paging, total=total)
    if paging.page > page.last:
        reason = f"There is no page {paging.page}; the last page is {page.last}."
        raise invalid_params([InvalidParam("page", reason)])
    return page


def paginate(items: Sequence, paging: Paging) -> Page:
    """Return the page asked for of a whole list, or a 400 problem when it has no such page."""
    start = paging.offset
    return paged(items[start : start + paging.per_page], paging, len(items))


def page_url(number: int) -> str:
    """Return this list's address at another page, every other parameter kept."""
    args = request.args.to_dict()
    args["page"] = str(number)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def page_links(page: Page) -> dict[str, str | None]:
    """Return the links to this, the first, last, previous and next pages."""
    number = page.paging.page
    return {
        "self": page_url(number),
        "first": page_url(1),
        "last": page_url(page.last),
        "prev": page_url(number - 1) if number > 1 else None,
        "next": page_url(number + 1) if number < page.last else None,
    }


def page_meta(page: Page) -> dict[str, int]:
    """Return the numbers a client needs to walk the list."""
    return {
        "page": page.paging.page,
        "per_page": page.paging.per_page,
        "total_items": page.total,
        "total_pages": page.last,
    }


def link_header(links: dict[str, str | None]) -> str:
    """Return the same links as an RFC 8288 Link header."""
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url and rel != "self")
