"""CSV files that open correctly in Swedish Excel and cannot smuggle in formulas."""

import csv
import io
import unicodedata

from flask import Response

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Return a cell value; text that a spreadsheet would run as a formula gets a quote.

    The check reads the text as a spreadsheet may: compatibility forms folded (NFKC),
    so a full-width ＝ or ＋ counts as the sign it stands for.
    """
    if value is None:
        return ""
    if isinstance(value, str) and unicodedata.normalize("NFKC", value).startswith(FORMULA_STARTS):
        return "'" + value
    return value


def excel_csv(header, rows) -> str:
    """Return semicolon-separated text with a byte-order mark, as Swedish Excel expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def csv_download(text: str, filename: str) -> Response:
    """Return CSV text as a file download."""
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
