"""Static files: copies with a content hash in the name, pre-compressed, cached for a year.

``flask assets build`` writes static/dist/ and its manifest; pages then link the
hashed names, which never change content, so browsers may keep them forever.
"""

import hashlib
import json
import re
import shutil
from functools import cache

import click
from flask.cli import AppGroup
from whitenoise.compress import Compressor

from webapp.core.config import ROOT

STATIC = ROOT / "static"
DIST = STATIC / "dist"
MANIFEST = DIST / "manifest.json"
SOURCES = (
    "css/site.css",
    "js/site.js",
    "js/listen.js",
    "js/timeout.js",
    "vendor/htmx.min.js",
    "icons/favicon.svg",
    "icons/touch-icon.png",
)
HASHED = re.compile(r"\.[0-9a-f]{12}\.(css|js|svg|png)$")
# Browsers ask for /favicon.ico by itself where no page names an icon (a JSON answer, say).
ROOT_FILES = STATIC / "icons" / "root"

assets_cli = AppGroup("assets", help="Build the static files.")


def hashed_name(relative: str, content: bytes) -> str:
    """Return the file name with a short content hash before the extension."""
    stem, dot, extension = relative.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:12]}{dot}{extension}"


def build_assets() -> dict[str, str]:
    """Write hashed, compressed copies of the sources; return the manifest."""
    if DIST.exists():
        shutil.rmtree(DIST)
    manifest = {}
    compressor = Compressor(quiet=True)
    for relative in SOURCES:
        source = STATIC / relative
        if not source.exists():
            raise click.ClickException(f"{source} is missing (run `make htmx` for htmx).")
        content = source.read_bytes()
        target = DIST / hashed_name(relative, content)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        for _written in compressor.compress(str(target)):
            pass  # writes .gz and .br beside the file
        manifest[relative] = str(target.relative_to(STATIC))
    MANIFEST.write_text(json.dumps(manifest, indent=2))
    return manifest


@cache
def read_manifest() -> dict[str, str]:
    """Return the manifest of the built files, or an empty one before a build."""
    try:
        return json.loads(MANIFEST.read_text())
    except FileNotFoundError:
        return {}


@cache
def _source_hash(relative: str) -> str:
    try:
        return hashlib.sha256((STATIC / relative).read_bytes()).hexdigest()[:12]
    except FileNotFoundError:
        return "missing"


def static_url(relative: str) -> str:
    """Return the URL of a static file: its hashed copy when built, else a versioned URL."""
    built = read_manifest().get(relative)
    version = _source_hash(relative)
    # A build older than the source (an edited stylesheet) is not used.
    if built and f".{version}." in built:
        return f"/static/{built}"
    return f"/static/{relative}?v={version}"


def is_immutable(url: str) -> bool:
    """Tell WhiteNoise which files never change (their name has a content hash)."""
    return bool(HASHED.search(url))


@assets_cli.command("build")
def build_command():
    """Build static/dist/ with hashed, pre-compressed files."""
    manifest = build_assets()
    click.echo(f"Built {len(manifest)} static files into {DIST.relative_to(ROOT)}.")


def set_cache_headers(headers, _path, url) -> None:
    """Let browsers keep hashed files for a year without asking again."""
    if is_immutable(url):
        headers["Cache-Control"] = "public, max-age=31536000, immutable"
