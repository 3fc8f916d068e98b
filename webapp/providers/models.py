"""Providers (anordnare), their offices, languages, features and texts in other languages."""

from typing import TYPE_CHECKING

from sqlmodel import Field, Relationship, SQLModel

import webapp.core.schema  # noqa: F401  (names constraints; must come before the tables)

if TYPE_CHECKING:
    from webapp.authorizations.models import Authorization


class Provider(SQLModel, table=True):
    """An organisation that can be authorized to deliver services."""

    id: int | None = Field(default=None, primary_key=True)
    org_number: str = Field(max_length=11, unique=True)
    name: str = Field(max_length=200)
    # Lower-case, diacritics removed: lets name search ignore case and accents
    # the same way on SQLite and PostgreSQL.
    search_name: str = Field(max_length=200, index=True)
    slug: str = Field(max_length=120, unique=True)
    description: str = ""
    website: str = ""
    phone: str = ""
    email: str = ""
    is_municipal: bool = False
    step_free_access: bool = False
    accessibility_note: str = ""
    # Bumped on every save; lets the admin refuse stale edits.
    version: int = 1

    offices: list["Office"] = Relationship(
        back_populates="provider",
        sa_relationship_kwargs={"lazy": "raise", "cascade": "all, delete-orphan"},
    )
    languages: list["ProviderLanguage"] = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "cascade": "all, delete-orphan"}
    )
    features: list["ProviderFeature"] = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "cascade": "all, delete-orphan"}
    )
    authorizations: list["Authorization"] = Relationship(
        back_populates="provider", sa_relationship_kwargs={"lazy": "raise"}
    )
    translations: list["ProviderTranslation"] = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "cascade": "all, delete-orphan"}
    )


class Office(SQLModel, table=True):
    """A place where a provider meets participants."""

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="provider.id", index=True)
    street_address: str = Field(max_length=200)
    postal_code: str = Field(default="", max_length=10)
    city: str = Field(default="", max_length=100)
    district: str = Field(max_length=100, index=True)
    opening_hours: str = ""

    provider: Provider = Relationship(
        back_populates="offices", sa_relationship_kwargs={"lazy": "raise"}
    )
    translations: list["OfficeTranslation"] = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "cascade": "all, delete-orphan"}
    )


class ProviderTranslation(SQLModel, table=True):
    """A provider's texts in a language other than Swedish."""

    __tablename__ = "provider_translation"

    provider_id: int = Field(foreign_key="provider.id", primary_key=True)
    lang: str = Field(max_length=8, primary_key=True)
    description: str = ""
    accessibility_note: str = ""


class OfficeTranslation(SQLModel, table=True):
    """An office's opening hours written in a language other than Swedish."""

    __tablename__ = "office_translation"

    office_id: int = Field(foreign_key="office.id", primary_key=True)
    lang: str = Field(max_length=8, primary_key=True)
    opening_hours: str = ""


class ProviderLanguage(SQLModel, table=True):
    """A language the provider's staff speak (ISO 639-1 code)."""

    __tablename__ = "provider_language"

    provider_id: int = Field(foreign_key="provider.id", primary_key=True)
    language: str = Field(max_length=8, primary_key=True, index=True)


class ProviderFeature(SQLModel, table=True):
    """A fact people filter on, e.g. women-only groups (codes in ``webapp.providers.vocab``)."""

    __tablename__ = "provider_feature"

    provider_id: int = Field(foreign_key="provider.id", primary_key=True)
    feature: str = Field(max_length=40, primary_key=True)
