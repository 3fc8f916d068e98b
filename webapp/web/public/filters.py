"""Read the provider list's filters and the providers chosen for comparison from the address."""

from werkzeug.datastructures import MultiDict

from webapp.results.listing import ListRequest


def read_filters(args: MultiDict) -> ListRequest:
    """Return the filters as typed; the list query checks them against what exists."""
    return ListRequest(
        service=args.get("service", "").strip(),
        language=args.get("language", "").strip(),
        district=args.get("district", "").strip(),
        group=args.get("group", "").strip(),
        features=tuple(args.getlist("feature")),
        text=args.get("q", "").strip(),
        sort=args.get("sort", "name"),
        page=args.get("page"),
        selected=read_selected(args),
        people=args.get("people", "").strip(),
    )


def read_selected(args: MultiDict) -> list[str]:
    """Return the distinct provider slugs chosen for comparison, in order."""
    return list(dict.fromkeys(slug.strip() for slug in args.getlist("p") if slug.strip()))
