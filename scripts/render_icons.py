"""Render the touch icon and favicon.ico from static/icons/favicon.svg, with Chromium.

Run after changing the SVG: ``.venv/bin/python scripts/render_icons.py``. The
outputs are committed, so neither building nor serving needs a browser.
"""

import struct
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parents[1] / "static" / "icons"
CHROMIUM = Path("/usr/bin/chromium")
# iOS rounds the corners of a touch icon itself: it gets the square, full-bleed version.
SQUARE = "rect{rx:0}"


def render_png(page, svg: str, size: int, *, square: bool = False) -> bytes:
    """Return the SVG drawn at size × size pixels as PNG bytes."""
    style = f"html,body{{margin:0}} svg{{display:block;width:{size}px;height:{size}px}}"
    page.set_content(f"<style>{style}{SQUARE if square else ''}</style>{svg}")
    return page.locator("svg").screenshot(omit_background=True)


def ico(pngs: list[tuple[int, bytes]]) -> bytes:
    """Wrap PNG images in an ICO container (every browser reads PNG inside ICO)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, data = b"", b""
    for size, png in pngs:
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        data += png
    return header + entries + data


def main() -> int:
    """Write touch-icon.png (180 px) and root/favicon.ico (16 and 32 px)."""
    svg = (ICONS / "favicon.svg").read_text()
    with sync_playwright() as playwright:
        launch = {"executable_path": str(CHROMIUM)} if CHROMIUM.exists() else {}
        browser = playwright.chromium.launch(args=["--no-sandbox"], **launch)
        page = browser.new_page()
        (ICONS / "touch-icon.png").write_bytes(render_png(page, svg, 180, square=True))
        small = [(size, render_png(page, svg, size)) for size in (16, 32)]
        (ICONS / "root" / "favicon.ico").write_bytes(ico(small))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
