"""The dependency audit never reports a pass that checked nothing."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)
Finding = audit.Finding


def test_nothing_audited_is_skipped_and_says_why():
    line, status = audit.verdict([Finding("flask", "3.1.3", reason="PyPI could not be reached")])
    assert line.startswith("AUDIT RESULT: SKIPPED: no advisory source reachable")
    assert "could not be reached" in line
    assert status == 0


def test_a_vulnerable_package_fails_the_audit():
    findings = [Finding("ecdsa", "0.19.2", audited=True, vulnerabilities=["GHSA-x"])]
    assert audit.verdict(findings) == ("AUDIT RESULT: FAILED (1 vulnerable packages)", 1)


def test_some_not_audited_is_partial_never_passed():
    findings = [Finding("flask", "3.1.3", audited=True), Finding("pip", "23.2.1", reason="old")]
    line, status = audit.verdict(findings)
    assert line.startswith("AUDIT RESULT: PARTIAL") and status == 0


def test_all_audited_and_clean_passes():
    line, status = audit.verdict([Finding("flask", "3.1.3", audited=True)])
    assert line.startswith("AUDIT RESULT: PASSED") and status == 0


def test_withdrawn_advisories_do_not_count():
    lines = audit.describe(
        [
            {"id": "PYSEC-1", "aliases": ["CVE-1"], "fixed_in": ["2.0"], "withdrawn": None},
            {"id": "PYSEC-2", "aliases": [], "fixed_in": [], "withdrawn": "2024-01-01"},
        ]
    )
    assert lines == ["PYSEC-1 (CVE-1) fixed in: 2.0"]
