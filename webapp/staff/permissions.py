"""Staff roles and what each may do: least privilege, checked on every admin view."""

from functools import wraps

from flask import abort
from flask_login import current_user

from webapp.core.activelocale import lazy_gettext as _l

ROLES = {
    # I18N: A staff role: handles clients' choices, reads providers.
    "caseworker": _l("Handläggare"),
    # I18N: A staff role: maintains providers, authorizations and results.
    "editor": _l("Redaktör"),
    # I18N: A staff role: everything, including staff accounts.
    "admin": _l("Administratör"),
}

PERMISSIONS = {
    "view_providers": {"caseworker", "editor", "admin"},
    "edit_providers": {"editor", "admin"},
    "manage_authorizations": {"editor", "admin"},
    "import_results": {"editor", "admin"},
    "manage_choices": {"caseworker", "editor", "admin"},
    # Follow-ups of providers: editors record and close them; a second person, an
    # admin, publishes an outcome; only admins change the authorization terms.
    "manage_follow_ups": {"editor", "admin"},
    "publish_follow_ups": {"admin"},
    "manage_terms": {"admin"},
    "view_audit": {"admin"},
    "manage_staff": {"admin"},
}


def can(user, permission: str) -> bool:
    """Tell whether a user holds a permission."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in PERMISSIONS[permission]


def permission_required(permission: str):
    """Let a view run only for staff holding the permission (others get 403)."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped.permission = permission
        return wrapped

    return decorator
