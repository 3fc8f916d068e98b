"""The form that chooses a case-mix file; confirming reuses the results import's form."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from webapp.core.activelocale import lazy_gettext as _l


class CaseMixUploadForm(FlaskForm):
    """The CSV file of case-mix counts to read."""

    file = FileField(
        _l("CSV-fil med deltagargrupper"),
        validators=[FileRequired(_l("Välj en CSV-fil att läsa in."))],
    )
