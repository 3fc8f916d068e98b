""" "Choose this provider" on profiles and the compare page, for a browser holding an open choice.

A client who compares on the public pages can choose from where they are: the
button leads to the confirm step, which shows what will be chosen and asks
once. A page that shows it belongs to one person, so it is kept by no cache.
"""

from flask import g, request

from webapp.choices.queries import choosable_among
from webapp.core import clock
from webapp.core.db import get_session
from webapp.core.pagecache import CACHEABLE
from webapp.web.public.choose_session import has_open_choice, held_invitation
from webapp.web.public.views import bp


@bp.app_template_global()
def choosable_providers(providers) -> list:
    """Return those of the providers the browser's open choice may pick now, in their order."""
    if not has_open_choice():
        return []
    g.personal_page = True
    invitation = held_invitation()
    if invitation is None:
        return []
    ids = choosable_among(
        get_session(),
        invitation=invitation,
        provider_ids=[provider.id for provider in providers],
        today=clock.today(),
    )
    return [provider for provider in providers if provider.id in ids]


@bp.after_app_request
def keep_offering_pages_personal(response):
    """Let no cache keep a page made for one person's choice.

    Pages that asked are marked ``Vary: Cookie`` by Flask, and the page cache
    passes requests with a session cookie by, so nobody gets a page made for all.
    """
    if g.get("personal_page"):
        request.environ[CACHEABLE] = False
        response.headers["Cache-Control"] = "private, no-store"
    return response
