"""``flask translate …``: extract, update and compile the gettext catalogues.

Two domains: "messages" for the public site in all seven languages, and "admin"
for the staff pages, in Swedish (the source) and English.
"""

import click
from babel.messages.frontend import CommandLineInterface
from flask.cli import AppGroup

from webapp.core.config import LANGUAGES, ROOT, SOURCE_LANGUAGE

TRANSLATIONS = ROOT / "translations"
DOMAINS = {
    "messages": (ROOT / "babel.cfg", [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]),
    "admin": (ROOT / "babel-admin.cfg", ["en"]),
}

translate_cli = AppGroup("translate", help="Manage the translations of the site.")


def run_pybabel(*args: str) -> None:
    """Run a pybabel command in this process."""
    CommandLineInterface().run(["pybabel", "-q", *args])


def template_path(domain: str):
    """Return the path of a domain's .pot file."""
    return TRANSLATIONS / f"{domain}.pot"


@translate_cli.command("extract")
def extract():
    """Collect every translatable string into translations/<domain>.pot."""
    for domain, (mapping, _languages) in DOMAINS.items():
        run_pybabel(
            "extract",
            "-F",
            str(mapping),
            "-k",
            "_l",
            # I18N: comments written for translators travel with the string.
            "--add-comments=I18N:",
            # Without line numbers, moving code does not churn every .po file.
            "--no-location",
            "--sort-output",  # alphabetical: moving code or files never reorders a catalogue
            "--project=webapp",
            "-o",
            str(template_path(domain)),
            str(ROOT),
        )


@translate_cli.command("init")
@click.argument("lang")
@click.option("--domain", default="messages", type=click.Choice(list(DOMAINS)))
def init(lang, domain):
    """Start a catalogue for a new language."""
    run_pybabel(
        "init", "-i", str(template_path(domain)), "-d", str(TRANSLATIONS), "-l", lang, "-D", domain
    )


@translate_cli.command("update")
def update():
    """Merge new strings from the .pot files into every language's catalogue."""
    for domain, (_mapping, languages) in DOMAINS.items():
        for lang in languages:
            run_pybabel(
                "update",
                "-i",
                str(template_path(domain)),
                "-d",
                str(TRANSLATIONS),
                "-l",
                lang,
                "-D",
                domain,
                "--ignore-obsolete",
                # A changed string starts empty, not as a guess that reads as done.
                "--no-fuzzy-matching",
            )


@translate_cli.command("compile")
def compile_catalogues():
    """Compile the catalogues to .mo files the app reads."""
    for domain in DOMAINS:
        run_pybabel("compile", "-d", str(TRANSLATIONS), "-D", domain)
