"""The tables' shared metadata: constraint names, and every domain's tables in one place."""

from sqlmodel import SQLModel

# Named constraints let Alembic alter them later, on SQLite too. Set before any
# table model is defined, which is why every domain's models module imports this one.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = SQLModel.metadata


def load_all_models():
    """Import every domain's models so the metadata (and Alembic) sees every table."""
    from webapp.authorizations import models as authorizations  # noqa: F401
    from webapp.catalog import models as catalog  # noqa: F401
    from webapp.choices import models as choices  # noqa: F401
    from webapp.core import outbox  # noqa: F401
    from webapp.followups import models as followups  # noqa: F401
    from webapp.providers import models as providers  # noqa: F401
    from webapp.results import models as results  # noqa: F401
    from webapp.results.casemix import models as case_mix  # noqa: F401
    from webapp.staff import models as staff  # noqa: F401

    return metadata
