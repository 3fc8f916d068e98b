"""Labels name exactly the half-years a figure covers, in the reader's language."""

import pytest
from flask_babel import force_locale

from webapp.core.templating import span_label


@pytest.mark.parametrize(
    ("lang", "periods", "label"),
    [
        ("sv", ("2025H1", "2025H2"), "januari 2025 – december 2025"),
        ("sv", ("2024H2", "2025H1"), "juli 2024 – juni 2025"),
        ("sv", ("2025H2",), "juli–december 2025"),
        ("sv", ("2024H2", "2025H1", "2025H2"), "juli 2024 – december 2025"),
        ("sv", ("2024H1", "2025H1"), "januari–juni 2024 och januari–juni 2025"),
        ("en", ("2024H1", "2025H1"), "January–June 2024 and January–June 2025"),
        ("en", ("2025H2",), "July–December 2025"),
    ],
)
def test_span_label_names_exactly_the_half_years(app, lang, periods, label):
    with app.test_request_context(), force_locale(lang):
        assert span_label(periods) == label
