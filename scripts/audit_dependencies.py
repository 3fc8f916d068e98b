"""Check the installed packages against PyPI's advisory data, and say plainly what was checked.

PyPI publishes known vulnerabilities (from the Python Packaging Advisory
Database and OSV) with each release's JSON. pip-audit asks for the exact
release (/pypi/NAME/VERSION/json); where that address is not reachable but the
project's (/pypi/NAME/json) is, the project's answer carries the advisories of
its latest release, which covers every package we have at its latest version.
A package neither answer covers is listed as not audited, never counted as
passed. Exit status: 1 if a known vulnerability affects an installed package,
else 0; the last line says PASSED, PARTIAL or SKIPPED (nothing could be checked).

Usage: .venv/bin/python scripts/audit_dependencies.py
"""

import json
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata

PYPI = "https://pypi.org/pypi"
SOURCE = "PyPI's advisory data (PyPA advisory database, OSV)"
TIMEOUT = 20
# The project itself is installed in editable mode; it is not on PyPI.
OWN = {"webapp"}


@dataclass
class Finding:
    """What the audit learned about one installed package."""

    name: str
    version: str
    audited: bool = False
    vulnerabilities: list[str] = field(default_factory=list)
    reason: str = ""


def normalized(name: str) -> str:
    """Return a project name as PyPI normalises it."""
    return re.sub(r"[-_.]+", "-", name).lower()


def fetch_json(url: str) -> dict | None:
    """Return the JSON at url, or None if PyPI has nothing there (404)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return json.load(response)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def describe(vulnerabilities: list[dict]) -> list[str]:
    """Return one line per advisory that is not withdrawn."""
    lines = []
    for vulnerability in vulnerabilities:
        if vulnerability.get("withdrawn"):
            continue
        aliases = ", ".join(vulnerability.get("aliases") or [])
        fixed = ", ".join(vulnerability.get("fixed_in") or []) or "no fixed release"
        lines.append(f"{vulnerability.get('id')} ({aliases}) fixed in: {fixed}")
    return lines


def audit(name: str, version: str) -> Finding:
    """Look one package up: its release's advisories, else its latest release's."""
    finding = Finding(name, version)
    project = normalized(name)
    try:
        release = fetch_json(f"{PYPI}/{project}/{version}/json")
        if release is not None:
            finding.audited = True
            finding.vulnerabilities = describe(release.get("vulnerabilities") or [])
            return finding
        latest = fetch_json(f"{PYPI}/{project}/json")
    except (OSError, ValueError) as error:
        finding.reason = f"PyPI could not be reached ({type(error).__name__}: {error})"
        return finding
    if latest is None:
        finding.reason = "not on PyPI"
    elif latest["info"]["version"] != version:
        finding.reason = (
            f"only the latest release's advisories are reachable here "
            f"({latest['info']['version']}), not this release's"
        )
    else:
        finding.audited = True
        finding.vulnerabilities = describe(latest.get("vulnerabilities") or [])
    return finding


def installed() -> list[tuple[str, str]]:
    """Return (name, version) of every installed distribution but the project itself."""
    found = {
        normalized(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
        if dist.metadata["Name"]
    }
    return sorted((name, version) for name, version in found.items() if name not in OWN)


def verdict(findings: list[Finding]) -> tuple[str, int]:
    """Return the closing line and the exit status for what the audit found."""
    audited = [finding for finding in findings if finding.audited]
    vulnerable = [finding for finding in audited if finding.vulnerabilities]
    skipped = [finding for finding in findings if not finding.audited]
    if vulnerable:
        return f"AUDIT RESULT: FAILED ({len(vulnerable)} vulnerable packages)", 1
    if not audited:
        reasons = "; ".join(sorted({finding.reason for finding in skipped}))[:300]
        return f"AUDIT RESULT: SKIPPED: no advisory source reachable ({reasons})", 0
    if skipped:
        return (
            f"AUDIT RESULT: PARTIAL: no known vulnerabilities in the {len(audited)} audited "
            f"packages; {len(skipped)} could not be audited (listed above)",
            0,
        )
    return f"AUDIT RESULT: PASSED: no known vulnerabilities in {len(audited)} packages", 0


def main() -> int:
    """Audit, report, and return the exit status."""
    packages = installed()
    with ThreadPoolExecutor(max_workers=8) as pool:
        findings = list(pool.map(lambda package: audit(*package), packages))
    audited = [finding for finding in findings if finding.audited]
    for finding in findings:
        for line in finding.vulnerabilities:
            print(f"VULNERABLE {finding.name}=={finding.version}: {line}")
        if not finding.audited:
            print(f"not audited {finding.name}=={finding.version}: {finding.reason}")
    vulnerable = sum(1 for finding in audited if finding.vulnerabilities)
    print(
        f"{len(audited)} of {len(findings)} installed packages audited against {SOURCE}; "
        f"{vulnerable} with known vulnerabilities; {len(findings) - len(audited)} not audited."
    )
    line, status = verdict(findings)
    print(line)
    return status


if __name__ == "__main__":
    sys.exit(main())
