"""Codes for provider features people filter on, with their translatable labels."""

from webapp.core.activelocale import lazy_gettext as _l

FEATURES = {
    # I18N: A provider feature people can filter on.
    "women_only_groups": _l("Grupper bara för kvinnor"),
    # I18N: A provider feature people can filter on.
    "evening_activities": _l("Aktiviteter på kvällstid"),
    # I18N: A provider feature people can filter on.
    "childcare": _l("Barnomsorg under aktiviteterna"),
    # I18N: A provider feature people can filter on. IPS is a method name.
    "supported_employment": _l("Stöd på arbetsplatsen (IPS-metoden)"),
    # I18N: A provider feature people can filter on.
    "remote_meetings": _l("Möten via video eller telefon"),
}
