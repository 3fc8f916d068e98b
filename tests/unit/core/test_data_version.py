"""The data versions: the newest change, the newest wide one, and each provider's own."""

from sqlalchemy.exc import OperationalError

from webapp.core.dataversion import DataVersion


class Log:
    """An audit log as read_public_changes reads it: (event id, provider or None) pairs."""

    def __init__(self, *changes):
        self.changes = list(changes)
        self.down = False

    def read(self, after):
        if self.down:
            raise OperationalError("SELECT", {}, Exception("down"))
        top = max((event_id for event_id, _ in self.changes), default=0)
        if after is None:
            return top, []
        return top, [change for change in self.changes if change[0] > after]


def test_what_came_before_the_process_looked_reaches_every_page():
    version = DataVersion(Log((1, None), (2, 7)).read, check_seconds=0)
    assert version.current() == 2
    assert version.needed_for(frozenset({7})) == version.needed_for(frozenset()) == 2


def test_a_change_to_one_providers_own_pages_is_needed_only_by_pages_showing_it():
    log = Log((1, None))
    version = DataVersion(log.read, check_seconds=0)
    version.current()
    log.changes += [(5, 7), (6, 8)]
    assert version.current() == 6
    assert version.needed_for(frozenset({7})) == 5
    assert version.needed_for(frozenset({7, 8})) == 6
    assert version.needed_for(frozenset({9})) == 1
    assert version.needed_for(None) == 6  # a page that may show anything


def test_a_wide_change_is_needed_by_every_page_and_forgets_older_own_changes():
    log = Log((1, None))
    version = DataVersion(log.read, check_seconds=0)
    version.current()
    log.changes += [(5, 7), (6, None)]
    version.current()
    assert version.needed_for(frozenset({9})) == version.needed_for(frozenset({7})) == 6
    assert version.own == {}


def test_when_the_database_cannot_tell_nothing_is_up_to_date_and_nothing_is_lost():
    log = Log((1, None))
    version = DataVersion(log.read, check_seconds=0)
    version.current()
    log.down = True
    log.changes.append((4, 7))
    assert version.current() is None
    assert version.needed_for(frozenset({7})) is None
    log.down = False
    assert version.current() == 4
    assert version.needed_for(frozenset({7})) == 4
    assert version.needed_for(frozenset({8})) == 1


def test_the_database_is_asked_at_most_once_per_check_interval():
    log = Log((1, None))
    reads = []

    def read(after):
        reads.append(after)
        return log.read(after)

    version = DataVersion(read, check_seconds=3600)
    log.changes.append((2, None))
    assert version.current() == version.current() == 2
    assert len(reads) == 1
