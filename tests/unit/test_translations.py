"""Every catalogue is complete, not fuzzy, and keeps the placeholders of the Swedish source."""

import re
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from webapp.config import LANGUAGES, ROOT, SOURCE_LANGUAGE

TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def read_catalog(path: Path):
    """Read a .po or .pot file."""
    with path.open("rb") as handle:
        return read_po(handle)


def placeholders(text: str) -> set[str]:
    """Return the named placeholders in a message."""
    return set(PLACEHOLDER.findall(text))


TEMPLATE = read_catalog(TRANSLATIONS / "messages.pot")
TARGETS = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]


@pytest.fixture(scope="module", params=TARGETS)
def catalog(request):
    """The catalogue of one target language."""
    return read_catalog(TRANSLATIONS / request.param / "LC_MESSAGES" / "messages.po")


def source_ids():
    """Return the msgids of the template, skipping its header."""
    return [message.id for message in TEMPLATE if message.id]


def test_template_has_strings():
    assert len(source_ids()) > 150


def test_catalog_has_every_string(catalog):
    missing = [
        msgid if isinstance(msgid, str) else msgid[0]
        for msgid in source_ids()
        if catalog.get(msgid if isinstance(msgid, str) else msgid[0]) is None
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
