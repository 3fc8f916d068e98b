"""Per-process caches of public reads and rendered fragments, valid for one data version.

Public pages are made from public data, which changes only through staff actions
(each moves the data version, ``webapp.core.dataversion``) or with the date
(authorizations start and end on a day). So what a public read returns, and the
HTML a fragment renders to, can be kept and reused for the same version, date
and arguments: by every language and every URL that asks for the same thing.
This is what makes a page that the page cache has never seen cheap to render.

A read says whose own texts it shows (``own_texts_of``; webapp.providers.reach):
by default anyone's, so any public change empties it; ``NOBODY`` (results,
filters, names) keeps it through a change to one provider's description; a
function of the result naming one provider keeps it until a change reaches
that provider's own pages.

Only public GET requests use them: an action in the same request could
otherwise read what it has just changed from before the change. A request that
carries a session cookie renders fragments afresh (its page may hold parts made
for one person) but still reuses reads, which are the same for everyone.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask.globals import _cv_app, _cv_request
from markupsafe import Markup

from webapp.core import clock
from webapp.core.activelocale import locale_code

PUBLIC_BLUEPRINTS = frozenset({"public", "easy", "api"})
NOBODY = "nobody"  # own_texts_of for a read that shows no provider's own texts
_MISSING = object()


class VersionedStore:
    """Values kept for one (version, date); a new version or date empties it."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self.lock = threading.Lock()
        self.stamp: tuple | None = None
        self.entries: OrderedDict = OrderedDict()

    def get(self, stamp: tuple, key):
        """Return the value kept under key for this stamp, or _MISSING."""
        with self.lock:
            if stamp != self.stamp:
                return _MISSING
            value = self.entries.get(key, _MISSING)
            if value is not _MISSING:
                self.entries.move_to_end(key)
            return value

    def put(self, stamp: tuple, key, value) -> None:
        """Keep a value; a newer stamp than the kept one empties the store first."""
        with self.lock:
            if stamp != self.stamp:
                self.entries.clear()
                self.stamp = stamp
            self.entries[key] = value
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)


def init_app(app, data_version) -> None:
    """Create the stores (unless DATA_CACHE_SIZE is 0) and share the data version."""
    size = app.config["DATA_CACHE_SIZE"]
    app.extensions["data_version"] = data_version
    for name in STORES:
        app.extensions[name] = VersionedStore(size) if size > 0 else None


# Where reads and fragments are kept: (for one data version, for one wide version,
# which a change to one provider's own texts leaves valid).
READ_STORES = ("data_cache", "wide_data_cache")
FRAGMENT_STORES = ("fragment_cache", "wide_fragments")
STORES = (*READ_STORES, *FRAGMENT_STORES, "lasting_fragments")


@dataclass(frozen=True)
class _Reuse:
    """What one request may reuse, worked out once: kept reads, kept fragments."""

    app: object
    stamps: tuple | None  # (version, wide version, date); None: reuse nothing
    fragments: bool  # False for a request with a session cookie: its page may be personal


def _request_reuse() -> _Reuse | None:
    """Return this request's _Reuse, or None outside a request.

    Read from the context variables directly: templates ask for it for every
    fragment and read, and each lookup through Flask's proxies costs.
    """
    request_context = _cv_request.get(None)
    if request_context is None:
        return None
    app_context = _cv_app.get()
    request = request_context.request
    # Kept with the request it is for: an app context (g) can outlive one (tests do so).
    kept = app_context.g.__dict__.get("data_reuse")
    if kept is None or kept[0] is not request:
        kept = (request, _work_out_reuse(app_context.app, request))
        app_context.g.data_reuse = kept
    return kept[1]


def _work_out_reuse(app, request) -> _Reuse:
    """Return what a request may reuse: only a public GET, while the data version is known."""
    stamps = None
    # The stores exist together, or not at all (DATA_CACHE_SIZE 0): then no version is read.
    kept = app.extensions.get("data_cache") is not None
    if kept and request.method in ("GET", "HEAD") and request.blueprint in PUBLIC_BLUEPRINTS:
        data_version = app.extensions["data_version"]
        version = data_version.current()
        if version is not None:
            stamps = (version, data_version.wide_version(), clock.today())
    personal = app.config["SESSION_COOKIE_NAME"] in request.cookies
    return _Reuse(app, stamps, stamps is not None and not personal)


class _Kept:
    """Where a read's values are kept, as its own_texts_of asks; None when nothing may be."""

    def __init__(self, own_texts_of, stores: tuple[str, str] = READ_STORES):
        self.own_texts_of = own_texts_of
        self.store = None
        reuse = _request_reuse()
        if reuse is None or (stores == FRAGMENT_STORES and not reuse.fragments):
            return
        self.app = reuse.app
        store = reuse.app.extensions.get(stores[0] if own_texts_of is None else stores[1])
        stamps = reuse.stamps if store is not None else None
        if stamps is not None:
            self.store = store
            version, wide, today = stamps
            self.version = version
            self.stamp = (version, today) if own_texts_of is None else (wide, today)

    def get(self, key):
        """Return the value kept under key, or _MISSING (also when its provider has changed)."""
        value = self.store.get(self.stamp, key)
        if value is _MISSING or not callable(self.own_texts_of):
            return value
        made_at, value = value
        needed = self.app.extensions["data_version"].needed_for(
            frozenset((self.own_texts_of(value),))
        )
        return value if needed is not None and made_at >= needed else _MISSING

    def put(self, key, value) -> None:
        """Keep a value, with the version it was made at when its provider's changes matter."""
        kept = (self.version, value) if callable(self.own_texts_of) else value
        self.store.put(self.stamp, key, kept)


def reuse_per_version(function: Callable | None = None, *, own_texts_of=None) -> Callable:
    """Keep a public read's result per data version, date and arguments (not the session).

    The result is shared by later requests: it must be treated as read-only, and
    any rows in it must have every attribute the pages use loaded. own_texts_of:
    see the module's docstring.
    """
    if function is None:
        return lambda function: reuse_per_version(function, own_texts_of=own_texts_of)
    name = f"{function.__module__}.{function.__qualname__}"

    @wraps(function)
    def read(session, *args, **kwargs):
        kept = _Kept(own_texts_of)
        if kept.store is None:
            return function(session, *args, **kwargs)
        key = (name, _freeze(args), _freeze(sorted(kwargs.items())))
        value = kept.get(key)
        if value is _MISSING:
            value = function(session, *args, **kwargs)
            # Nothing found (a made-up address) is not kept: it would push out what is.
            if value is not None:
                kept.put(key, value)
        return value

    return read


def reuse_each_per_version(
    name, keys: list, load: Callable[[list], dict], *, own_texts_of=None
) -> dict:
    """Return {key: value} for keys, loading in one call of load only those not kept.

    For reads of many rows by key (providers by id): a page asks for a different
    set each time, but each row is kept once and shared by every set it is in.
    """
    kept = _Kept(own_texts_of)
    if kept.store is None:
        return load(keys)
    found = {}
    for key in keys:
        value = kept.get((name, key))
        if value is not _MISSING:
            found[key] = value
    missing = [key for key in keys if key not in found]
    if missing:
        for key, value in load(missing).items():
            kept.put((name, key), value)
            found[key] = value
    return found


def _freeze(value):
    """Return value with its lists, sets and dicts made hashable, so it can be a key."""
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    if isinstance(value, dict):
        return ("dict", tuple((key, _freeze(item)) for key, item in sorted(value.items())))
    if isinstance(value, set):
        return frozenset(value)
    return value


def render_fragment(*key, caller, keep: bool = True, own_texts_of=None) -> Markup:
    """Return a template fragment's HTML, kept per data version, date, language and key.

    Used as ``{% call render_fragment("name", …) %}…{% endcall %}``; the key must
    name everything the fragment shows besides public data and the language. With
    keep false it is rendered afresh: for keys holding what a visitor typed.
    own_texts_of says whose own texts it shows (webapp.providers.reach): None, it
    may show anyone's; NOBODY; or one provider's id. A change to another
    provider's description then leaves it valid.
    """
    if not keep:
        return caller()
    if own_texts_of not in (None, NOBODY):
        provider_id = own_texts_of
        own_texts_of = lambda _html: provider_id  # noqa: E731 (the form _Kept asks for)
    kept = _Kept(own_texts_of, FRAGMENT_STORES)
    if kept.store is None:
        return caller()
    full_key = (locale_code(), *key)
    html = kept.get(full_key)
    if html is _MISSING:
        html = caller()  # a macro's output: Markup, already escaped
        kept.put(full_key, html)
    return html


def render_lasting_fragment(*key, caller) -> Markup:
    """Return a fragment's HTML kept per language and key only, across data versions.

    For fragments whose key holds everything they show (a provider's record, its
    outcome) or that show no data at all (the help box): a staff change leaves
    them valid, so pages rendered after it reuse them.
    """
    return _render_lasting("lasting_fragments", key, caller)


def _render_lasting(store_name: str, key: tuple, caller) -> Markup:
    """Return a fragment from the named store, rendering and keeping it when missing."""
    reuse = _request_reuse()
    store = reuse.app.extensions.get(store_name) if reuse is not None else None
    if store is None or not reuse.fragments:
        return caller()
    full_key = (locale_code(), *key)
    html = store.get(("lasting",), full_key)
    if html is _MISSING:
        html = caller()  # a macro's output: Markup, already escaped
        store.put(("lasting",), full_key, html)
    return html
