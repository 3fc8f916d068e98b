"""Forms for importing results (choosing the file, confirming what it changes) and publishing."""

import secrets

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length

from webapp.core.activelocale import lazy_gettext as _l


class ResultsUploadForm(FlaskForm):
    """The CSV file to read."""

    file = FileField(
        _l("CSV-fil med resultat"),
        validators=[FileRequired(_l("Välj en CSV-fil att läsa in."))],
    )


class ImportConfirmForm(FlaskForm):
    """The previewed file, carried back unchanged, and what the preview promised."""

    content = HiddenField(validators=[DataRequired()])
    # SHA-256 of content: the text must come back exactly as it was previewed.
    digest = HiddenField(validators=[DataRequired()])
    # Digest of the planned writes: stored results may change while the preview is open.
    plan = HiddenField(validators=[DataRequired()])
    filename = HiddenField()
    # A new key for each preview: a second confirmation of the same preview (a double
    # click, a resent form) finds the import the first one saved.
    confirmation = HiddenField(
        default=lambda: secrets.token_hex(16), validators=[DataRequired(), Length(max=64)]
    )


class HalfYearForm(FlaskForm):
    """One service's half-year, named by the button pressed on the publishing page."""

    service = HiddenField(validators=[DataRequired()])
    period = HiddenField(validators=[DataRequired()])
