"""Count the SQL statements a piece of code sends: pages must not grow with the data."""

from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def counted_statements(bind):
    """Collect the statements sent on an engine or connection while the block runs."""
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(bind, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(bind, "before_cursor_execute", count)
