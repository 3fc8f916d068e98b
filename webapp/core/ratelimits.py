"""How long a client that hit a rate limit must wait, said in the header and on the page.

The limits themselves are Flask-Limiter's (``webapp.core.extensions.limiter``);
their counts live in ``RATELIMIT_STORAGE_URI``: Redis wherever more than one
process serves the site, so every worker and instance counts the same tries.
"""

import time
from datetime import timedelta

from flask import current_app
from flask_babel import format_timedelta

from webapp.core.activelocale import gettext as _
from webapp.core.extensions import limiter

# When the limiter cannot say (a 429 raised by hand), ask for a minute.
DEFAULT_WAIT_SECONDS = 60


def retry_after_seconds() -> int:
    """Return the seconds until the limit this request broke lets it through again."""
    limit = limiter.current_limit
    if limit is None or not limit.breached:
        return DEFAULT_WAIT_SECONDS
    try:
        return max(1, int(limit.reset_at - time.time()))
    except Exception:  # the storage went away between the check and now
        current_app.logger.warning("could not read when a rate limit resets")
        return DEFAULT_WAIT_SECONDS


def try_again_text(seconds: int) -> str:
    """Say when to try again, in the visitor's language ("in 5 minutes")."""
    wait = format_timedelta(timedelta(seconds=seconds), add_direction=True, threshold=1.1)
    return _("Du kan försöka igen %(when)s.", when=wait)


def add_retry_after(response):
    """Make sure every 429 says when to come back, whoever made it."""
    if response.status_code == 429 and "Retry-After" not in response.headers:
        response.headers["Retry-After"] = str(retry_after_seconds())
    return response


def init_app(app):
    """Bind the limiter to the app and add the Retry-After check."""
    limiter.init_app(app)
    app.after_request(add_retry_after)
