"""Every action writes its audit event: enumerate the actions and run each one.

Each domain lists, in ``scenarios_<domain>.py`` beside this file, one scenario
per action and audit event: a function that sets the scene with the factories
and calls the action once. This test fails when an action has no scenario, when
the scenario does not run that action, when the action writes no audit event of
that name, or when it changes data without one (``webapp.core.actions`` raises
then). Every module of webapp is imported first, so every action is registered.
"""

import importlib
import pkgutil

import pytest
from sqlmodel import select

import webapp
from tests.integration import actions as scenario_package
from webapp.core.actions import REGISTRY, watching_actions
from webapp.core.db import get_session
from webapp.staff.models import AuditEvent


def import_every_module() -> None:
    """Import all of webapp, so every action is registered."""
    for module in pkgutil.walk_packages(webapp.__path__, "webapp."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)


def collect_scenarios() -> dict:
    """Return {(action name, audit event): scenario} from every scenarios_*.py module."""
    scenarios = {}
    for module in pkgutil.iter_modules(scenario_package.__path__):
        if module.name.startswith("scenarios_"):
            found = importlib.import_module(f"{scenario_package.__name__}.{module.name}")
            scenarios.update(found.SCENARIOS)
    return scenarios


import_every_module()
SCENARIOS = collect_scenarios()
# The application's actions; tests may declare actions of their own to test the mechanism.
DECLARED = {
    (name, event)
    for name, events in REGISTRY.items()
    if name.startswith("webapp.")
    for event in events
}


def test_there_are_actions():
    """The enumeration is not empty: the domains' writes go through actions."""
    assert len({name for name, _event in DECLARED}) >= 10


def test_every_action_and_event_has_a_scenario():
    """No action can be added without a scenario that proves its audit event."""
    assert sorted(DECLARED - SCENARIOS.keys()) == []
    assert sorted(SCENARIOS.keys() - DECLARED) == []


@pytest.mark.parametrize(("name", "event"), sorted(DECLARED))
def test_action_writes_its_audit_event(app, rollback, name, event):
    """Running the action's scenario runs the action, which adds an audit event of that name."""
    scenario = SCENARIOS.get((name, event))
    if scenario is None:
        pytest.fail(f"no scenario for {name} / {event}")
    with app.test_request_context():
        session = get_session()
        before = session.exec(select(AuditEvent.id).order_by(AuditEvent.id.desc())).first() or 0
        with watching_actions() as runs:
            scenario(session)
        session.flush()
        written = session.exec(select(AuditEvent.action).where(AuditEvent.id > before)).all()
    ran = [run for run in runs if run.name == name]
    assert ran, f"the scenario did not run {name}"
    assert any(event in run.audited for run in ran), f"{name} did not write {event}"
    assert event in written
