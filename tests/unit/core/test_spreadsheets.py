"""The formula guard of CSV downloads: text a spreadsheet would run gets a leading quote."""

import pytest

from webapp.core.spreadsheets import safe_cell


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+46 8 123", "-2", "@SUM(A1)", "\tx", "\rx", "＝1+1", "＋1", "﹦1", "－1", "＠x"],
)
def test_text_that_starts_a_formula_gets_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Jobbtorget", "Ａ＝1", "5", 5, 0.5, "", "’=x"])
def test_other_values_are_kept(value):
    assert safe_cell(value) == value


def test_none_is_an_empty_cell():
    assert safe_cell(None) == ""
