"""Settings read from the environment, with safe defaults for development."""

import os
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from webapp.core.contact import parse_hours
from webapp.core.devkey import development_secret_key

ROOT = Path(__file__).resolve().parents[2]

# The seven languages of the public site; Swedish is the source language.
SOURCE_LANGUAGE = "sv"
LANGUAGES = (SOURCE_LANGUAGE, "en", "ar", "fa", "so", "ti", "uk")


def load_settings(environ=os.environ, instance: Path = ROOT / "instance"):
    """Build the Flask config mapping from environment variables."""
    env = environ.get("APP_ENV", "development")
    secret_key = environ.get("SECRET_KEY")
    if not secret_key:
        if env == "production":
            raise RuntimeError("SECRET_KEY must be set when APP_ENV=production.")
        # Development only: one key, made once, shared by every worker and restart.
        secret_key = development_secret_key(instance)
    choice_code_key = environ.get("CHOICE_CODE_KEY")
    if not choice_code_key:
        if env == "production":
            raise RuntimeError("CHOICE_CODE_KEY must be set when APP_ENV=production.")
        # Development only: fixed, so codes survive a restart of the dev server.
        choice_code_key = "development-only-choice-code-key"
    base_url, allowed_hosts = public_address(environ, env)
    return {
        "APP_ENV": env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": environ.get(
            "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'webapp.sqlite'}"
        ),
        "MUNICIPALITY_NAME": environ.get("MUNICIPALITY_NAME", "Exempelkommun"),
        "CONTACT_EMAIL": environ.get("CONTACT_EMAIL", "kundval@exempelkommun.example"),
        "CONTACT_PHONE": environ.get("CONTACT_PHONE", "08-123 456 00"),
        # When the phone line answers, shown with the number on every page (webapp.core.contact).
        "CONTACT_HOURS": parse_hours(
            environ.get("CONTACT_HOURS", "Mo-Th 08:00-16:30, Fr 08:00-15:00")
        ),
        # Date the accessibility statement was last reviewed (ISO date).
        "ACCESSIBILITY_REVIEWED": date.fromisoformat(
            environ.get("ACCESSIBILITY_REVIEWED", "2026-11-29")
        ),
        "DEMO_DATA": environ.get("DEMO_DATA", "1") == "1",
        "MIN_GROUP_SIZE": int(environ.get("MIN_GROUP_SIZE", "10")),
        # A write outside an action (webapp.core.actions) raises instead of being logged.
        # On by default in development; production logs such a write instead of failing.
        "STRICT_ACTIONS": environ.get("STRICT_ACTIONS", "1" if env == "development" else "0")
        == "1",
        "LANGUAGES": LANGUAGES,
        "BABEL_DEFAULT_LOCALE": SOURCE_LANGUAGE,
        # Times (audit log, choices) are stored in UTC and shown in Swedish time.
        "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
        # Two catalogues: the public site's (seven languages) and the admin's (sv, en).
        "BABEL_TRANSLATION_DIRECTORIES": f"{ROOT / 'translations'};{ROOT / 'translations'}",
        # The public catalogue goes last: Flask-Babel takes the plural rule from the
        # last catalogue it merges, and only the public one exists in every language.
        "BABEL_DOMAIN": "admin;messages",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Cookies only over HTTPS outside development; SESSION_COOKIE_SECURE=0 lets the
        # local multi-instance and fault scripts use production settings over plain http.
        "SESSION_COOKIE_SECURE": environ.get(
            "SESSION_COOKIE_SECURE", "0" if env == "development" else "1"
        )
        == "1",
        # Staff sessions, and a client's open choice, end after this long without activity.
        "PERMANENT_SESSION_LIFETIME": timedelta(
            minutes=int(environ.get("ADMIN_SESSION_MINUTES", "30"))
        ),
        # Pages inside such a session warn this long before it ends (WCAG 2.2.1 asks for 20
        # seconds at least; GOV.UK's pattern for two minutes).
        "SESSION_WARNING_SECONDS": int(environ.get("SESSION_WARNING_SECONDS", "120")),
        # ... and this long after logging in, however active (a copied cookie dies too).
        "ADMIN_SESSION_MAX_AGE": timedelta(
            hours=float(environ.get("ADMIN_SESSION_MAX_HOURS", "12"))
        ),
        "RATELIMIT_STORAGE_URI": rate_limit_storage(environ, env),
        "LOGIN_RATE_LIMIT_IP": environ.get("LOGIN_RATE_LIMIT_IP", "30 per 5 minutes"),
        "LOGIN_RATE_LIMIT_ACCOUNT": environ.get("LOGIN_RATE_LIMIT_ACCOUNT", "10 per 5 minutes"),
        "LOGIN_LOCK_AFTER": int(environ.get("LOGIN_LOCK_AFTER", "5")),
        "LOGIN_LOCK_MINUTES": int(environ.get("LOGIN_LOCK_MINUTES", "15")),
        "ADMIN_LANGUAGES": ("sv", "en"),
        # Key for the hashes of one-time choice codes. Changing it voids all codes.
        "CHOICE_CODE_KEY": choice_code_key,
        "CHOICE_DEADLINE_DAYS": int(environ.get("CHOICE_DEADLINE_DAYS", "14")),
        # Every this many wrong entries aimed at one code lock it for CHOICE_CODE_LOCK_MINUTES
        # (or until a caseworker unlocks it); a right entry never counts. docs/choice-codes.md.
        "CHOICE_CODE_MAX_ATTEMPTS": int(environ.get("CHOICE_CODE_MAX_ATTEMPTS", "10")),
        "CHOICE_CODE_LOCK_MINUTES": int(environ.get("CHOICE_CODE_LOCK_MINUTES", "60")),
        "CHOICE_RATE_LIMIT_IP": environ.get("CHOICE_RATE_LIMIT_IP", "20 per 10 minutes"),
        "CHOICE_RATE_LIMIT_CODE": environ.get("CHOICE_RATE_LIMIT_CODE", "5 per 10 minutes"),
        # E-mail (webapp.core.mail): no SMTP_HOST, no e-mail at all; the pages say so.
        "SMTP_HOST": environ.get("SMTP_HOST", ""),
        "SMTP_PORT": int(environ.get("SMTP_PORT", "587")),
        "SMTP_USERNAME": environ.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": environ.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": environ.get("SMTP_STARTTLS", "1") == "1",
        "SMTP_TIMEOUT": float(environ.get("SMTP_TIMEOUT", "10")),
        "MAIL_FROM": environ.get(
            "MAIL_FROM", environ.get("CONTACT_EMAIL", "kundval@exempelkommun.example")
        ),
        # Where links in e-mail sent by commands point (requests use their own address).
        # A shared mailbox told of every new switch request, besides the invitation's creator.
        "CHOICE_TEAM_EMAIL": environ.get("CHOICE_TEAM_EMAIL", ""),
        # A client's notice address is erased this many days after the last day to choose
        # at the latest (at once when the invitation is cancelled).
        "NOTICE_KEEP_DAYS": int(environ.get("NOTICE_KEEP_DAYS", "365")),
        "RESULTS_IMPORT_MAX_BYTES": int(
            environ.get("RESULTS_IMPORT_MAX_BYTES", str(2 * 1024 * 1024))
        ),
        # Rendered public pages kept per process (0 turns the cache off), and how often
        # each process checks the data version (seconds an instance may lag behind).
        "PAGE_CACHE_SIZE": int(environ.get("PAGE_CACHE_SIZE", "10000")),
        "PAGE_CACHE_CHECK_SECONDS": float(environ.get("PAGE_CACHE_CHECK_SECONDS", "1")),
        # ... and at most this many megabytes of them (kept gzipped: some 5 kB a page).
        "PAGE_CACHE_MAX_MB": int(environ.get("PAGE_CACHE_MAX_MB", "64")),
        # After a staff change, old pages fade out over this many seconds rather than
        # all being rendered at once (webapp.core.pagecache); 0 drops them at once.
        "PAGE_CACHE_GRACE_SECONDS": float(environ.get("PAGE_CACHE_GRACE_SECONDS", "5")),
        # A Redis URL to share rendered pages between workers and instances (empty: each
        # process renders its own), e.g. redis://127.0.0.1:6379/1 (webapp.core.sharedpages).
        "SHARED_PAGE_CACHE_URL": environ.get("SHARED_PAGE_CACHE_URL", ""),
        # Public reads and fragments kept per process for one data version
        # (webapp.core.datacache); 0 turns both off.
        "DATA_CACHE_SIZE": int(environ.get("DATA_CACHE_SIZE", "20000")),
        # How many proxies in front of the app set X-Forwarded-For/-Proto (0: none).
        "TRUSTED_PROXY_HOPS": int(environ.get("TRUSTED_PROXY_HOPS", "0")),
        # Whether those proxies also set X-Forwarded-Host (else the header is ignored).
        "TRUSTED_PROXY_HOST": environ.get("TRUSTED_PROXY_HOST", "0") == "1",
        # The site's one address: absolute URLs (API documents, letters, e-mails) use it,
        # and requests for other host names than ALLOWED_HOSTS are refused.
        "PUBLIC_BASE_URL": base_url,
        # Beside the base URL's own host; SERVER_NAME and PREFERRED_URL_SCHEME follow
        # from the base URL (webapp.core.urls).
        "ALLOWED_HOSTS": allowed_hosts,
        "MAX_CONTENT_LENGTH": int(environ.get("MAX_CONTENT_LENGTH", str(4 * 1024 * 1024))),
    }


def public_address(environ, env: str) -> tuple[str, tuple[str, ...]]:
    """Return the canonical base URL and the host names requests may use."""
    base_url = environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
    if not base_url:
        if env == "production":
            raise RuntimeError("PUBLIC_BASE_URL must be set when APP_ENV=production.")
        base_url = f"http://127.0.0.1:{environ.get('PORT', '5000')}"
    host = urlsplit(base_url).hostname or ""
    listed = [name.strip().lower() for name in environ.get("ALLOWED_HOSTS", "").split(",")]
    # Development answers on the loopback names too (the test client says "localhost").
    local = ("localhost", "127.0.0.1") if env == "development" else ()
    return base_url, tuple(dict.fromkeys(name for name in (host, *local, *listed) if name))


def rate_limit_storage(environ, env: str) -> str:
    """Return where rate limits count; production must say (Redis with more than one process)."""
    uri = environ.get("RATELIMIT_STORAGE_URI", "")
    if not uri:
        if env == "production":
            raise RuntimeError(
                "RATELIMIT_STORAGE_URI must be set when APP_ENV=production, e.g. "
                "redis://host:6379/0, so every worker counts the same tries."
            )
        uri = "memory://"
    return uri
