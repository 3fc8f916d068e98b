"""One commit per request, on success; writes only in actions, each with its audit event.

A small blueprint of probe views runs through the real request cycle of an app
on a database of its own, with ``STRICT_ACTIONS`` on.
"""

import logging
from contextlib import suppress

import pytest
from flask import Blueprint, request
from sqlalchemy import event
from sqlmodel import select

from tests.conftest import isolated_database_url, reset_database
from tests.factories.staff import staff_account
from webapp import create_app
from webapp.core.actions import WriteOutsideAction, action, watching_actions
from webapp.core.db import get_session
from webapp.core.migrate import upgrade_database
from webapp.staff.audit import record_event
from webapp.staff.models import AuditEvent, StaffUser


class Refused(Exception):
    """A probe action's refusal, as a domain would raise one."""


@action("probe.rename")
def rename(session, user: StaffUser, name: str) -> None:
    """Rename an account and log it."""
    user.name = name
    session.add(user)
    record_event(session, "probe.rename", entity_type="staff", entity_id=user.id)


@action("probe.rename")
def rename_then_refuse(session, user: StaffUser, name: str) -> None:
    """Rename an account, log it, then refuse: nothing of it may stay."""
    user.name = name
    session.add(user)
    record_event(session, "probe.rename", entity_type="staff", entity_id=user.id)
    session.flush()
    raise Refused


@action("probe.rename")
def rename_without_logging(session, user: StaffUser, name: str) -> None:
    """Rename an account and forget the audit event."""
    user.name = name
    session.add(user)


@action("probe.rename")
def rename_with_an_undeclared_event(session, user: StaffUser, name: str) -> None:
    """Rename an account and log it under an event the action did not declare."""
    user.name = name
    record_event(session, "probe.other", entity_type="staff", entity_id=user.id)


@action("probe.both")
def rename_both(session, first: StaffUser, second: StaffUser) -> None:
    """Rename one account itself and the other through the inner action."""
    first.name = "Yttre"
    session.add(first)
    record_event(session, "probe.both", entity_type="staff", entity_id=first.id)
    rename(session, second, "Inre")


@action("probe.both")
def rename_both_logging_only_inside(session, first: StaffUser, second: StaffUser) -> None:
    """Rename one account, leave it to the inner action to log, which covers only its own."""
    first.name = "Yttre"
    session.add(first)
    rename(session, second, "Inre")


@action("probe.both")
def rename_and_survive_a_refusal(session, first: StaffUser, second: StaffUser) -> None:
    """Rename one account; an inner action that refuses leaves its own change undone."""
    rename(session, first, "Yttre")
    with suppress(Refused):
        rename_then_refuse(session, second, "Inre")
    record_event(session, "probe.both", entity_type="staff", entity_id=first.id)


probe = Blueprint("probe", __name__, url_prefix="/probe")
ACTIONS = {
    "rename": rename,
    "rename_then_refuse": rename_then_refuse,
    "rename_without_logging": rename_without_logging,
    "rename_with_an_undeclared_event": rename_with_an_undeclared_event,
}


@probe.post("/<name>/<int:user_id>")
def run_action(name: str, user_id: int):
    """Run one probe action, then answer with the status asked for."""
    session = get_session()
    user = session.get(StaffUser, user_id)
    try:
        ACTIONS[name](session, user, request.form.get("name", "Nytt namn"))
    except Refused:
        return "refused", 200
    return "done", request.args.get("status", 200, type=int)


@probe.post("/nested/<name>/<int:first>/<int:second>")
def run_nested(name: str, first: int, second: int):
    """Run an action that runs another."""
    session = get_session()
    nested = {
        "both": rename_both,
        "inside": rename_both_logging_only_inside,
        "survive": rename_and_survive_a_refusal,
    }[name]
    nested(session, session.get(StaffUser, first), session.get(StaffUser, second))
    return "done"


@probe.post("/outside/<int:user_id>")
def write_outside_an_action(user_id: int):
    """Change stored data without an action, as no view may."""
    user = get_session().get(StaffUser, user_id)
    user.name = "Utan handling"
    get_session().flush()
    return "done"


@probe.get("/read/<int:user_id>")
def read(user_id: int):
    """Read and change nothing."""
    return get_session().get(StaffUser, user_id).name


@probe.post("/crash/<int:user_id>")
def crash(user_id: int):
    """Change data through an action, then fail."""
    session = get_session()
    rename(session, session.get(StaffUser, user_id), "Före kraschen")
    raise RuntimeError("the view failed after the action")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """An app with the probe views, strict about writes, on an empty migrated database."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": isolated_database_url(tmp_path_factory, "commits"),
            "STRICT_ACTIONS": True,
            "WTF_CSRF_ENABLED": False,
            "PAGE_CACHE_SIZE": 0,
        }
    )
    app.register_blueprint(probe)
    with app.app_context():
        reset_database()
        upgrade_database()
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def people(app):
    """Two committed accounts, outside any request (as a command or a test's scene writes)."""
    with app.app_context():
        session = get_session()
        ids = (staff_account(session).id, staff_account(session).id)
        session.commit()
    return ids


@pytest.fixture
def commits(app):
    """Count the transactions committed on the app's engine."""
    counted = []
    engine = app.extensions["db_engine"]

    def count(_connection):
        counted.append(1)

    event.listen(engine, "commit", count)
    yield counted
    event.remove(engine, "commit", count)


def stored(app, user_id: int) -> tuple[str, list[str]]:
    """Return an account's name and its audit events' actions, read afresh."""
    with app.app_context():
        session = get_session()
        name = session.get(StaffUser, user_id).name
        statement = select(AuditEvent.action).where(AuditEvent.entity_id == user_id)
        return name, list(session.exec(statement.order_by(AuditEvent.id)))


def test_a_successful_post_commits_once(app, people, commits):
    response = app.test_client().post(f"/probe/rename/{people[0]}", data={"name": "Sparat"})
    assert response.status_code == 200
    assert len(commits) == 1
    assert stored(app, people[0]) == ("Sparat", ["probe.rename"])


def test_a_redirect_counts_as_success(app, people):
    response = app.test_client().post(f"/probe/rename/{people[0]}?status=303")
    assert response.status_code == 303
    assert stored(app, people[0])[1] == ["probe.rename"]


def test_a_get_that_reads_commits_nothing(app, people, commits):
    assert app.test_client().get(f"/probe/read/{people[0]}").status_code == 200
    assert commits == []


@pytest.mark.parametrize("status", [400, 404, 422, 500])
def test_an_answer_of_400_or_more_rolls_back(app, people, commits, status):
    name_before = stored(app, people[0])[0]
    response = app.test_client().post(f"/probe/rename/{people[0]}?status={status}")
    assert response.status_code == status
    assert commits == []
    assert stored(app, people[0]) == (name_before, [])


def test_a_view_that_fails_after_an_action_rolls_back(app, people):
    name_before = stored(app, people[0])[0]
    with pytest.raises(RuntimeError, match="after the action"):
        app.test_client().post(f"/probe/crash/{people[0]}")
    assert stored(app, people[0]) == (name_before, [])


def test_an_action_that_refuses_leaves_nothing_though_the_answer_is_a_success(app, people):
    name_before = stored(app, people[0])[0]
    response = app.test_client().post(f"/probe/rename_then_refuse/{people[0]}")
    assert response.get_data(as_text=True) == "refused"
    assert stored(app, people[0]) == (name_before, [])


def test_strict_mode_refuses_a_write_outside_an_action(app, people):
    name_before = stored(app, people[0])[0]
    with pytest.raises(WriteOutsideAction, match="outside an action"):
        app.test_client().post(f"/probe/outside/{people[0]}")
    assert stored(app, people[0]) == (name_before, [])


def test_without_strict_mode_a_write_outside_an_action_is_logged(app, people, caplog):
    app.config["STRICT_ACTIONS"] = False
    try:
        with caplog.at_level(logging.WARNING, logger=app.logger.name):
            response = app.test_client().post(f"/probe/outside/{people[0]}")
    finally:
        app.config["STRICT_ACTIONS"] = True
    assert response.status_code == 200
    assert "stored data changed outside an action" in caplog.text


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("rename_without_logging", "without an audit event"),
        ("rename_with_an_undeclared_event", "undeclared audit events"),
    ],
)
def test_an_action_must_write_one_of_its_audit_events(app, people, name, problem):
    name_before = stored(app, people[0])[0]
    with pytest.raises(WriteOutsideAction, match=problem):
        app.test_client().post(f"/probe/{name}/{people[0]}")
    assert stored(app, people[0]) == (name_before, [])


def test_outside_requests_scenes_and_commands_may_write(app, people):
    with app.app_context():
        session = get_session()
        session.get(StaffUser, people[0]).name = "Av ett kommando"
        session.commit()
    assert stored(app, people[0])[0] == "Av ett kommando"


def test_nested_actions_each_log_their_own_change(app, people, commits):
    with watching_actions() as runs:
        response = app.test_client().post(f"/probe/nested/both/{people[0]}/{people[1]}")
    assert response.status_code == 200
    assert len(commits) == 1
    assert stored(app, people[0]) == ("Yttre", ["probe.both"])
    assert stored(app, people[1]) == ("Inre", ["probe.rename"])
    # Innermost first; each counts its own write.
    assert [(run.name.rsplit(".", 1)[1], run.writes, run.audited) for run in runs] == [
        ("rename", 1, ("probe.rename",)),
        ("rename_both", 1, ("probe.both",)),
    ]


def test_an_inner_actions_event_does_not_cover_the_outer_actions_change(app, people):
    with pytest.raises(WriteOutsideAction, match="rename_both_logging_only_inside"):
        app.test_client().post(f"/probe/nested/inside/{people[0]}/{people[1]}")
    assert stored(app, people[1])[1] == []


def test_an_inner_refusal_undoes_only_the_inner_change(app, people):
    second_before = stored(app, people[1])[0]
    response = app.test_client().post(f"/probe/nested/survive/{people[0]}/{people[1]}")
    assert response.status_code == 200
    assert stored(app, people[0]) == ("Yttre", ["probe.rename", "probe.both"])
    assert stored(app, people[1]) == (second_before, [])
