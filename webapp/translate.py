"""``flask translate …``: extract, update and compile the gettext catalogues."""

import click
from babel.messages.frontend import CommandLineInterface
from flask.cli import AppGroup

from webapp.config import LANGUAGES, ROOT, SOURCE_LANGUAGE

TRANSLATIONS = ROOT / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"

translate_cli = AppGroup("translate", help="Manage the translations of the site.")


def run_pybabel(*args: str) -> None:
    """Run a pybabel command in this process."""
    CommandLineInterface().run(["pybabel", "-q", *args])


@translate_cli.command("extract")
def extract():
    """Collect every translatable string into translations/messages.pot."""
    run_pybabel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        "-k",
        "_l",
        # I18N: comments written for translators travel with the string.
        "--add-comments=I18N:",
        # Without line numbers, moving code does not churn every .po file.
        "--no-location",
        "--sort-by-file",
        "--project=webapp",
        "-o",
        str(TEMPLATE),
        str(ROOT),
    )


@translate_cli.command("init")
@click.argument("lang")
def init(lang):
    """Start a catalogue for a new language."""
    run_pybabel("init", "-i", str(TEMPLATE), "-d", str(TRANSLATIONS), "-l", lang)


@translate_cli.command("update")
def update():
    """Merge new strings from messages.pot into every language's catalogue."""
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        run_pybabel(
            "update",
            "-i",
            str(TEMPLATE),
            "-d",
            str(TRANSLATIONS),
            "-l",
            lang,
            "--no-location",
            "--ignore-obsolete",
        )


@translate_cli.command("compile")
def compile_catalogues():
    """Compile the catalogues to .mo files the app reads."""
    run_pybabel("compile", "-d", str(TRANSLATIONS))
