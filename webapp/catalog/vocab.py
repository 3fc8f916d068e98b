"""Codes for the groups of people a service suits, with their translatable labels."""

from webapp.core.activelocale import lazy_gettext as _l

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
