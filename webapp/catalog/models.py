"""Choice schemes (kundval areas) and the services (insatser) within them."""

from sqlmodel import Field, Relationship, SQLModel

import webapp.core.schema  # noqa: F401  (names constraints; must come before the tables)
from webapp.catalog.capacity import CapacityRange, capacity_range


class Scheme(SQLModel, table=True):
    """A choice scheme, e.g. the matching services."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    description: str = ""
    position: int = 0

    services: list["Service"] = Relationship(
        back_populates="scheme", sa_relationship_kwargs={"lazy": "raise"}
    )
    translations: list["SchemeTranslation"] = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "cascade": "all, delete-orphan"}
    )


class Service(SQLModel, table=True):
    """A service a person can be granted and a provider can be authorized for."""

    id: int | None = Field(default=None, primary_key=True)
    scheme_id: int = Field(foreign_key="scheme.id", index=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    description: str = ""
    level: int | None = None
    # Assessed work capacity the service suits, in percent; None means no bound.
    capacity_min: int | None = None
    capacity_max: int | None = None
    position: int = 0

    scheme: Scheme = Relationship(
        back_populates="services", sa_relationship_kwargs={"lazy": "raise"}
    )
    target_groups: list["ServiceTargetGroup"] = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "cascade": "all, delete-orphan"}
    )
    translations: list["ServiceTranslation"] = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "cascade": "all, delete-orphan"}
    )

    @property
    def capacity(self) -> CapacityRange | None:
        """Return the work or activity capacity the service suits, if it has a bound."""
        return capacity_range(self.capacity_min, self.capacity_max)


class ServiceTargetGroup(SQLModel, table=True):
    """One group of people a service suits (codes in ``webapp.catalog.vocab``)."""

    __tablename__ = "service_target_group"

    service_id: int = Field(foreign_key="service.id", primary_key=True)
    target_group: str = Field(max_length=40, primary_key=True)


class SchemeTranslation(SQLModel, table=True):
    """A scheme's texts in a language other than Swedish."""

    __tablename__ = "scheme_translation"

    scheme_id: int = Field(foreign_key="scheme.id", primary_key=True)
    lang: str = Field(max_length=8, primary_key=True)
    name: str = ""
    description: str = ""


class ServiceTranslation(SQLModel, table=True):
    """A service's texts in a language other than Swedish."""

    __tablename__ = "service_translation"

    service_id: int = Field(foreign_key="service.id", primary_key=True)
    lang: str = Field(max_length=8, primary_key=True)
    name: str = ""
    description: str = ""
