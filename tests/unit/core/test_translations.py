"""Every catalogue is complete, not fuzzy, and keeps the placeholders of the Swedish source."""

import re
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from webapp.core.translate import DOMAINS, TRANSLATIONS

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def read_catalog(path: Path):
    """Read a .po or .pot file."""
    with path.open("rb") as handle:
        return read_po(handle)


def placeholders(text: str) -> set[str]:
    """Return the named placeholders in a message."""
    return set(PLACEHOLDER.findall(text))


TARGETS = [(domain, lang) for domain, (_cfg, languages) in DOMAINS.items() for lang in languages]


@pytest.fixture(scope="module", params=TARGETS, ids=[f"{d}-{lang}" for d, lang in TARGETS])
def catalog(request):
    """The catalogue of one domain in one target language."""
    domain, lang = request.param
    catalog = read_catalog(TRANSLATIONS / lang / "LC_MESSAGES" / f"{domain}.po")
    catalog.domain = domain
    return catalog


def source_ids(domain: str):
    """Return the msgids of a domain's template, skipping its header."""
    return [message.id for message in read_catalog(TRANSLATIONS / f"{domain}.pot") if message.id]


def source_keys(domain: str) -> list[tuple[str, str | None]]:
    """Return each string of a domain's template as (first msgid, context): pgettext's too."""
    return [
        (message.id if isinstance(message.id, str) else message.id[0], message.context)
        for message in read_catalog(TRANSLATIONS / f"{domain}.pot")
        if message.id
    ]


def test_public_template_has_strings():
    assert len(source_ids("messages")) > 150


def test_catalog_has_every_string(catalog):
    missing = [
        msgid
        for msgid, context in source_keys(catalog.domain)
        if catalog.get(msgid, context=context) is None
    ]
    assert not missing, f"{catalog.locale}: missing {missing[:5]}"


def test_catalog_has_no_empty_or_fuzzy_entries(catalog):
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s.strip() for s in strings):
            problems.append(message.id)
    assert not problems, f"{catalog.locale}: empty or fuzzy {problems[:5]}"


def test_catalog_keeps_placeholders(catalog):
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(placeholders(i) for i in ids))
        for string in strings:
            if placeholders(string) != expected:
                problems.append((ids[0], string))
    assert not problems, f"{catalog.locale}: placeholders differ in {problems[:3]}"


def test_catalog_uses_the_language_plural_rule(catalog):
    rule = get_plural(str(catalog.locale))
    assert catalog.num_plurals == rule.num_plurals
    for message in catalog:
        if message.id and isinstance(message.id, tuple):
            assert len(message.string) == rule.num_plurals, message.id


def test_catalog_has_no_obsolete_entries(catalog):
    assert not catalog.obsolete, f"{catalog.locale}: run `flask translate update`"
