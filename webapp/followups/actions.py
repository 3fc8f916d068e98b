"""Recording follow-ups and keeping the terms: the only code that changes them.

Each action applies its rule (``webapp.followups.rules``, ``webapp.followups.terms``)
again, whatever the form checked, writes its change and its audit event, and
never commits: the request does, once.
"""

from sqlmodel import Session

from webapp.core import clock
from webapp.core.actions import action
from webapp.core.clock import utc_now
from webapp.core.validation import looks_like_personal_number
from webapp.followups import rules, terms
from webapp.followups.models import Finding, FollowUp, FollowUpService, Term, TermsVersion
from webapp.followups.queries import (
    get_follow_up_for_update,
    get_terms_version,
    last_held_by_scheme,
    list_terms_versions,
    list_versions_in_use,
)
from webapp.followups.recording import load_recording_scene
from webapp.staff.audit import record_event, snapshot


class FollowUpRefused(Exception):
    """The follow-up cannot be recorded as entered; nothing was stored."""

    def __init__(self, found: list[rules.Found]):
        super().__init__(", ".join(f.problem for f in found))
        self.found = found


class FollowUpChangeRefused(Exception):
    """The follow-up cannot be closed, published or withdrawn now; nothing changed."""

    def __init__(self, refusal: rules.Refusal):
        super().__init__(refusal)
        self.refusal = refusal


class TermsRefused(Exception):
    """The terms version cannot be saved as entered; nothing was stored."""

    def __init__(self, refusal: terms.Refusal, last_held=None):
        super().__init__(refusal)
        self.refusal = refusal
        self.last_held = last_held


# --- Terms -------------------------------------------------------------------------


@action("terms.create", "terms.update")
def save_terms_version(
    session: Session,
    *,
    scheme_id: int,
    draft: terms.TermsDraft,
    version_id: int | None = None,
    actor_id: int | None = None,
) -> TermsVersion:
    """Store a new terms version for a scheme, or change a version no follow-up has used yet."""
    versions = [v for v in list_terms_versions(session) if v.scheme_id == scheme_id]
    version = None
    if version_id is not None:
        version = get_terms_version(session, version_id=version_id)
        if version is None or version.scheme_id != scheme_id:
            raise LookupError(f"no terms version {version_id} of scheme {scheme_id}")
    last_held = last_held_by_scheme(session).get(scheme_id)
    refusal = terms.save_refusal(
        draft,
        other_days=[v.valid_from for v in versions if v.id != version_id],
        last_held=last_held,
        in_use=version_id is not None and version_id in list_versions_in_use(session),
    )
    if refusal is not None:
        raise TermsRefused(refusal, last_held)
    before = None if version is None else _terms_snapshot(version)
    if version is None:
        version = TermsVersion(scheme_id=scheme_id, valid_from=draft.valid_from, document="")
        version.created_by = actor_id
        session.add(version)
    version.valid_from = draft.valid_from
    version.document = draft.document
    version.document_url = draft.document_url
    _replace_terms(version, draft.terms)
    session.flush()  # ids for the audit snapshot
    record_event(
        session,
        "terms.create" if before is None else "terms.update",
        entity_type="terms_version",
        entity_id=version.id,
        summary=f"{version.valid_from.isoformat()} · {version.document}",
        before=before,
        after=_terms_snapshot(version),
    )
    return version


def _replace_terms(version: TermsVersion, drafts) -> None:
    # An unused version's terms are replaced whole (the old ones are orphans, deleted):
    # no finding points at them yet.
    version.terms = [
        Term(position=position, reference=d.reference, title=d.title, checks=d.checks)
        for position, d in enumerate(drafts, start=1)
    ]


def _terms_snapshot(version: TermsVersion) -> dict:
    return {
        **snapshot(version, ["scheme_id", "valid_from", "document", "document_url"]),
        "terms": [snapshot(t, ["reference", "title", "checks"]) for t in version.terms],
    }


# --- Follow-ups --------------------------------------------------------------------


@action("follow_up.record")
def record_follow_up(
    session: Session, *, provider_id: int, draft: rules.FollowUpDraft, recorded_by: int | None
) -> FollowUp:
    """Record a follow-up of a provider with its findings; its outcome is the most severe."""
    scene = load_recording_scene(
        session, provider_id=provider_id, day=draft.held_on, for_update=True
    )
    if scene is None:
        raise LookupError(f"no provider with id {provider_id}")
    found = rules.find_problems(draft, scene.context(clock.today()))
    if found:
        raise FollowUpRefused(found)
    if any(looks_like_personal_number(f.note) for f in draft.findings):
        raise ValueError("a note holds a personal identity number")
    follow_up = FollowUp(
        provider_id=provider_id,
        kind=draft.kind,
        held_on=draft.held_on,
        outcome=rules.overall_outcome(f.verdict for f in draft.findings),
        recorded_by=recorded_by,
        services=[FollowUpService(service_id=s) for s in sorted(set(draft.service_ids))],
        findings=[
            Finding(term_id=f.term_id, verdict=f.verdict, note=f.note, deadline=f.deadline)
            for f in draft.findings
        ],
    )
    session.add(follow_up)
    session.flush()
    record_event(
        session,
        "follow_up.record",
        entity_type="follow_up",
        entity_id=follow_up.id,
        summary=f"{scene.provider.name} · {draft.held_on.isoformat()} · {draft.kind} · "
        f"{follow_up.outcome}",
        after=_follow_up_snapshot(follow_up),
    )
    return follow_up


def _follow_up_snapshot(follow_up: FollowUp) -> dict:
    fields = ["provider_id", "kind", "held_on", "outcome", "closed_at", "published_at"]
    return {
        **snapshot(follow_up, fields),
        "services": sorted(s.service_id for s in follow_up.services),
        "findings": [
            snapshot(f, ["term_id", "verdict", "note", "deadline"]) for f in follow_up.findings
        ],
    }


def _load(session: Session, follow_up_id: int) -> FollowUp:
    follow_up = get_follow_up_for_update(session, follow_up_id=follow_up_id)
    if follow_up is None:
        raise LookupError(f"no follow-up with id {follow_up_id}")
    return follow_up


@action("follow_up.close")
def close_follow_up(
    session: Session, *, follow_up_id: int, note: str, closed_by: int | None
) -> FollowUp:
    """Close an open follow-up: its remarks and demands have been dealt with, as the note says."""
    follow_up = _load(session, follow_up_id)
    refusal = rules.close_refusal(follow_up)
    if refusal is not None:
        raise FollowUpChangeRefused(refusal)
    if looks_like_personal_number(note):
        raise ValueError("the note holds a personal identity number")
    follow_up.closed_at = utc_now()
    follow_up.closed_by = closed_by
    follow_up.closing_note = note
    session.add(follow_up)
    session.flush()
    record_event(
        session,
        "follow_up.close",
        entity_type="follow_up",
        entity_id=follow_up.id,
        summary=f"{follow_up.held_on.isoformat()} · {follow_up.kind}",
        before={"closed_at": None},
        after={"closed_at": follow_up.closed_at.isoformat(), "closing_note": note},
    )
    return follow_up


@action("follow_up.publish")
def publish_follow_up(session: Session, *, follow_up_id: int, publisher_id: int) -> FollowUp:
    """Publish a follow-up's outcome; the publisher must not be the one who recorded it."""
    follow_up = _load(session, follow_up_id)
    refusal = rules.publish_refusal(follow_up, publisher_id=publisher_id)
    if refusal is not None:
        raise FollowUpChangeRefused(refusal)
    follow_up.published_at = utc_now()
    follow_up.published_by = publisher_id
    session.add(follow_up)
    session.flush()
    record_event(
        session,
        "follow_up.publish",
        entity_type="follow_up",
        entity_id=follow_up.id,
        summary=f"{follow_up.held_on.isoformat()} · {follow_up.kind} · {follow_up.outcome}",
        before={"published_at": None},
        after={"published_at": follow_up.published_at.isoformat()},
    )
    return follow_up


@action("follow_up.withdraw")
def withdraw_follow_up(session: Session, *, follow_up_id: int) -> FollowUp:
    """Take a published follow-up off the public profile and the open data again."""
    follow_up = _load(session, follow_up_id)
    refusal = rules.withdraw_refusal(follow_up)
    if refusal is not None:
        raise FollowUpChangeRefused(refusal)
    before = {
        "published_at": follow_up.published_at.isoformat(),
        "published_by": follow_up.published_by,
    }
    follow_up.published_at = None
    follow_up.published_by = None
    session.add(follow_up)
    session.flush()
    record_event(
        session,
        "follow_up.withdraw",
        entity_type="follow_up",
        entity_id=follow_up.id,
        summary=f"{follow_up.held_on.isoformat()} · {follow_up.kind}",
        before=before,
        after={"published_at": None},
    )
    return follow_up
