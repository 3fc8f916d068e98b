"""What makes one release's pages differ from another's: its code, templates, texts and settings.

Pages shared through Redis (``webapp.core.sharedpages``) outlive the processes
that made them. During and after a deploy, a page rendered by the old release
(its old texts, its links to old hashed stylesheets, an old smallest group size)
must not be served by the new one, so shared pages are kept under a name that
holds this fingerprint. Instances of the same release, started alike, agree on it.
"""

import hashlib
import json
import re
from datetime import timedelta
from pathlib import Path

from webapp.core.config import ROOT

# What a page is made from, besides the data: read in a fixed order.
SOURCES = (
    ("webapp", "*.py"),
    ("templates", "*"),
    ("translations", "*.mo"),
    ("static/dist", "manifest.json"),
)
# Settings that hold credentials stay out of the fingerprint: it is stored in
# Redis keys. Connection addresses do not change what a page shows.
PRIVATE_SETTING = re.compile(r"SECRET|PASSWORD|USERNAME|KEY|_URI$|CACHE_URL$")
PLAIN_VALUES = (str, int, float, bool, type(None), timedelta)


def fingerprint_release(config, root: Path = ROOT) -> str:
    """Return a short hash of the files and settings that shape the pages."""
    digest = hashlib.sha256()
    for folder, pattern in SOURCES:
        for path in sorted((root / folder).rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    digest.update(json.dumps(describe_settings(config), sort_keys=True).encode())
    return digest.hexdigest()[:16]


def describe_settings(config) -> dict[str, str]:
    """Return the settings that can change a page, as text (no credentials, no objects)."""
    described = {}
    for name, value in config.items():
        if PRIVATE_SETTING.search(name):
            continue
        if isinstance(value, list | tuple) and all(isinstance(v, PLAIN_VALUES) for v in value):
            described[name] = repr(tuple(value))
        elif isinstance(value, PLAIN_VALUES):
            described[name] = repr(value)
    return described
