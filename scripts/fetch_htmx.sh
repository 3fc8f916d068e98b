#!/usr/bin/env bash
# Fetch htmx from the npm registry into static/vendor/ and check its sha256.
# The file is git-ignored: every checkout fetches the same pinned, verified copy.
set -euo pipefail

VERSION="2.0.11"
SHA256="d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
DEST="${1:-static/vendor/htmx.min.js}"

sha256_of() {
    sha256sum "$1" | cut -d' ' -f1
}

has_right_hash() {
    [ -f "$1" ] && [ "$(sha256_of "$1")" = "$SHA256" ]
}

if has_right_hash "$DEST"; then
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "fetch_htmx: npm is needed to fetch htmx.org@$VERSION (install Node.js and npm)." >&2
    exit 1
fi

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

echo "Fetching htmx.org@$VERSION …"
(cd "$workdir" && npm pack --silent "htmx.org@$VERSION" >/dev/null </dev/null)
tar -xzf "$workdir/htmx.org-$VERSION.tgz" -C "$workdir" package/dist/htmx.min.js

if ! has_right_hash "$workdir/package/dist/htmx.min.js"; then
    rm -f "$DEST"
    actual="$(sha256_of "$workdir/package/dist/htmx.min.js")"
    echo "fetch_htmx: SHA-256 MISMATCH for htmx.org@$VERSION" >&2
    echo "  expected $SHA256" >&2
    echo "  got      $actual" >&2
    echo "  $DEST was not installed." >&2
    exit 1
fi

mkdir -p "$(dirname "$DEST")"
cp "$workdir/package/dist/htmx.min.js" "$DEST"
echo "Installed $DEST (htmx $VERSION, sha256 verified)."
