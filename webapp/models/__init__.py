"""All table models, imported here so metadata and Alembic see every table."""

from sqlmodel import SQLModel

# Named constraints let Alembic alter them later, on SQLite too.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

from webapp.models.catalog import (  # noqa: E402
    Scheme,
    SchemeTranslation,
    Service,
    ServiceTargetGroup,
    ServiceTranslation,
)
from webapp.models.choices import Choice, ChoiceInvitation, SwitchRequest  # noqa: E402
from webapp.models.providers import (  # noqa: E402
    Authorization,
    AuthorizationEvent,
    Office,
    OfficeTranslation,
    Provider,
    ProviderFeature,
    ProviderLanguage,
    ProviderTranslation,
)
from webapp.models.results import Result  # noqa: E402
from webapp.models.staff import AuditEvent, StaffUser  # noqa: E402

__all__ = [
    "AuditEvent",
    "Authorization",
    "AuthorizationEvent",
    "Choice",
    "ChoiceInvitation",
    "Office",
    "OfficeTranslation",
    "Provider",
    "ProviderFeature",
    "ProviderLanguage",
    "ProviderTranslation",
    "Result",
    "Scheme",
    "SchemeTranslation",
    "Service",
    "ServiceTargetGroup",
    "ServiceTranslation",
    "StaffUser",
    "SwitchRequest",
]
