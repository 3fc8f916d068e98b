"""Reading an import file's header row: shared by the results and the case-mix imports."""

from webapp.core.activelocale import gettext as _
from webapp.core.textkeys import fold_for_search
from webapp.results.importing.upload import Problem

MAX_COLUMNS = 40


def map_header(cells: list[str], parsed, *, columns, aliases: dict[str, str]) -> dict | None:
    """Map each known column to its position, noting every problem; None when too wide.

    ``parsed`` collects ``problems`` and the ``headers`` as the file wrote them;
    ``columns`` are the import's columns (``field``, ``swedish``, ``required``).
    """
    if len(cells) > MAX_COLUMNS:
        message = _(
            "Rubrikraden har %(count)s kolumner. En fil kan ha högst %(num)s kolumner.",
            count=len(cells),
            num=MAX_COLUMNS,
        )
        parsed.problems.append(Problem(1, None, message))
        return None
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = cell.strip()
        if not name:
            continue
        folded = fold_for_search(name).replace(" ", "_").replace("-", "_")
        field_name = aliases.get(folded)
        if field_name is None:
            message = _(
                "Kolumnen är okänd. Kontrollera stavningen. Kolumnerna som går att läsa in "
                "är %(columns)s.",
                columns=", ".join(column.swedish for column in columns),
            )
            parsed.problems.append(Problem(1, name, message))
        elif field_name in positions:
            message = _("Kolumnen finns mer än en gång i rubrikraden.")
            parsed.problems.append(Problem(1, name, message))
        else:
            positions[field_name] = index
            parsed.headers[field_name] = name
    return positions


def note_missing(columns, positions: dict[str, int], parsed) -> list:
    """Note every required column the header lacks; return them."""
    missing = [column for column in columns if column.required and column.field not in positions]
    for column in missing:
        message = _("Kolumnen saknas i rubrikraden. Den måste finnas med.")
        parsed.problems.append(Problem(1, column.swedish, message))
    return missing
