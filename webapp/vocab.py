"""Fixed codes stored in the database and their translatable labels."""

from flask_babel import lazy_gettext as _l

TARGET_GROUPS = {
    # I18N: A group of people a service suits.
    "social_assistance": _l("Personer som får ekonomiskt bistånd"),
    # I18N: A group of people a service suits.
    "youth": _l("Unga 18–24 år som varken arbetar eller studerar"),
    # I18N: A group of people a service suits.
    "newcomers": _l("Nyanlända som läser svenska"),
    # I18N: A group of people a service suits.
    "reduced_capacity": _l("Personer med nedsatt arbetsförmåga"),
}

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

END_REASONS = {
    # I18N: Why an authorization ended.
    "breach": _l("Brott mot auktorisationsvillkoren"),
    # I18N: Why an authorization ended.
    "no_customers": _l("Inga kunder på tolv månader"),
    # I18N: Why an authorization ended.
    "provider_request": _l("På anordnarens begäran"),
    # I18N: Why an authorization ended.
    "immediate_revocation": _l("Återkallad direkt i väntan på nämndens beslut"),
    # I18N: Why an authorization ended.
    "other": _l("Annat skäl"),
}
