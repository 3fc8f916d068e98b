"""Check the read rows against the stored data and plan what confirming the import writes."""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from webapp.core.activelocale import gettext as _
from webapp.results.importing.parse import ParsedFile, ResultRow
from webapp.results.importing.upload import Problem, quote
from webapp.results.public_record import AuthorizationSpan, was_authorized


@dataclass(frozen=True)
class ProviderRef:
    """A provider as the import needs it."""

    id: int
    name: str


@dataclass(frozen=True)
class References:
    """What the file's codes must match: providers, services and authorization periods."""

    providers: dict[str, ProviderRef]  # by organisation number
    services: dict[str, int]  # service id by code
    # (provider id, service id) -> the periods it was authorized
    authorizations: dict[tuple[int, int], Sequence[AuthorizationSpan]]

    def authorized_during(self, provider_id: int, service_id: int, period: str) -> bool:
        """Tell whether any authorization period overlaps the half-year."""
        return was_authorized(self.authorizations.get((provider_id, service_id), ()), [period])


@dataclass(frozen=True)
class PlannedRow:
    """A result the import will add or change."""

    row: ResultRow
    provider: ProviderRef
    service_id: int
    # field -> (stored value, value from the file); for a new row the stored value is None.
    changes: dict[str, tuple[int | None, int | None]]

    @property
    def key(self) -> tuple[int, int, str]:
        """Return the stored result's natural key."""
        return (self.provider.id, self.service_id, self.row.period)


@dataclass(frozen=True)
class ImportPlan:
    """What confirming the import would write."""

    added: list[PlannedRow]
    changed: list[PlannedRow]
    unchanged: int

    @property
    def has_changes(self) -> bool:
        """Tell whether confirming would write anything."""
        return bool(self.added or self.changed)

    @property
    def periods(self) -> set[str]:
        """Return the half-years the import adds or changes."""
        return {planned.row.period for planned in self.added + self.changed}

    def fingerprint(self) -> str:
        """Return a digest of the planned writes, to notice stored data changing meanwhile."""
        writes = [
            [kind, *planned.key, sorted(planned.changes.items())]
            for kind, rows in (("add", self.added), ("change", self.changed))
            for planned in rows
        ]
        return hashlib.sha256(json.dumps(writes).encode()).hexdigest()

    def audit_values(self) -> tuple[dict, dict]:
        """Return compact before and after values for the audit log."""
        before, after = {}, {}
        for planned in self.changed:
            label = _label(planned.row)
            before[label] = {name: old for name, (old, _new) in planned.changes.items()}
            after[label] = {name: new for name, (_old, new) in planned.changes.items()}
        for planned in self.added:
            after[_label(planned.row)] = dict(planned.row.values)
        return before, after


def _label(row: ResultRow) -> str:
    return f"{row.org_number} {row.service_code} {row.period}"


def check_references(parsed: ParsedFile, references: References) -> list[Problem]:
    """Check that each row's provider and service exist and the provider was authorized."""
    problems = []
    codes = ", ".join(references.services)
    for row in parsed.rows:
        provider = references.providers.get(row.org_number)
        service_id = references.services.get(row.service_code)
        if provider is None:
            message = _(
                "Det finns ingen anordnare med organisationsnummer %(value)s.",
                value=row.org_number,
            )
            problems.append(Problem(row.line, parsed.header("org_number"), message))
        if service_id is None:
            message = _(
                "Det finns ingen insats med koden ”%(value)s”. Koderna är %(codes)s.",
                value=quote(row.service_code),
                codes=codes,
            )
            problems.append(Problem(row.line, parsed.header("service"), message))
        if provider is None or service_id is None:
            continue
        if not references.authorized_during(provider.id, service_id, row.period):
            message = _(
                "%(provider)s var inte auktoriserad för %(service)s under %(period)s.",
                provider=provider.name,
                service=row.service_code,
                period=row.period,
            )
            problems.append(Problem(row.line, parsed.header("service"), message))
    return problems


def plan_import(rows: list[ResultRow], references: References, existing: dict) -> ImportPlan:
    """Compare checked rows with the stored results: what is new, changed or the same.

    existing maps (provider id, service id, period) to a stored result. A value
    column the file leaves out keeps its stored value.
    """
    added, changed, unchanged = [], [], 0
    for row in rows:
        provider = references.providers[row.org_number]
        service_id = references.services[row.service_code]
        stored = existing.get((provider.id, service_id, row.period))
        if stored is None:
            changes = {name: (None, value) for name, value in row.values.items()}
            added.append(PlannedRow(row, provider, service_id, changes))
            continue
        changes = {
            name: (getattr(stored, name), value)
            for name, value in row.values.items()
            if getattr(stored, name) != value
        }
        if changes:
            changed.append(PlannedRow(row, provider, service_id, changes))
        else:
            unchanged += 1
    return ImportPlan(added=added, changed=changed, unchanged=unchanged)
