"""The uploaded file: encoding, size, line ends, and the template to fill in."""

import pytest

from tests.unit.results.importing.samples import HEADER, JOBBTORGET, REFERENCES, read
from webapp.results.importing.columns import build_template
from webapp.results.importing.plan import check_references
from webapp.results.importing.upload import content_digest, decode_upload, size_label

# --- Decoding -------------------------------------------------------------------------


def test_utf8_with_and_without_bom_read_the_same():
    text = f"{HEADER}\r\n{JOBBTORGET};MATCH-1;2025H1;40;18;4\r\n"
    with_bom, problems = decode_upload(b"\xef\xbb\xbf" + text.encode(), max_bytes=10_000)
    without_bom, more_problems = decode_upload(text.encode(), max_bytes=10_000)
    assert problems == more_problems == []
    assert with_bom == without_bom
    assert with_bom.startswith("organisationsnummer;")
    assert "\r" not in with_bom


@pytest.mark.parametrize(
    "data",
    [
        "organisationsnummer;insats;halvår\n".encode("cp1252"),
        "halvår;avslutade\n".encode("utf-16"),
        bytes(range(256)) * 4,
    ],
    ids=["windows-1252", "utf-16", "binary"],
)
def test_other_encodings_are_refused_with_advice(data):
    text, problems = decode_upload(data, max_bytes=10_000)
    assert text is None
    assert [(p.row, p.column) for p in problems] == [(None, None)]
    assert "inte sparad som UTF-8" in problems[0].message
    assert "CSV UTF-8" in problems[0].message  # tells how to save it from Excel


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"  \r\n\n  "])
def test_empty_file_is_refused(data):
    text, problems = decode_upload(data, max_bytes=10_000)
    assert text is None
    assert "Filen är tom" in problems[0].message


def test_control_characters_are_refused():
    text, problems = decode_upload(b"organisationsnummer\x00;insats\n", max_bytes=10_000)
    assert text is None
    assert "inte hör hemma i en textfil" in problems[0].message


def test_oversized_file_is_refused_with_the_limit():
    text, problems = decode_upload(b"x" * 2049, max_bytes=2048)
    assert text is None
    assert "för stor" in problems[0].message
    assert "2 kB" in problems[0].message
    assert decode_upload(b"x" * 2048, max_bytes=2048)[1] == []


def test_size_label():
    assert size_label(2 * 1024 * 1024) == "2 MB"
    assert size_label(1536 * 1024) == "1.5 MB"  # no locale outside a request: English
    assert size_label(500_000) == "488 kB"


def test_digest_ignores_how_lines_end():
    assert content_digest("a;b\r\nc;d\r\n") == content_digest("a;b\nc;d\n")
    assert content_digest("a;b\n") != content_digest("a;c\n")


# --- The template ---------------------------------------------------------------------


def test_template_is_excel_csv_with_the_swedish_header():
    template = build_template()
    assert template.startswith("\ufefforganisationsnummer;insats;halvar;avslutade;")
    text, problems = decode_upload(template.encode("utf-8"), max_bytes=10_000)
    assert problems == []
    parsed = read(text)
    assert parsed.problems == []
    assert parsed.rows[0].values["average_days"] == 121
    # The example's organisation number belongs to nobody: a forgotten row is refused.
    assert [p.column for p in check_references(parsed, REFERENCES)] == ["organisationsnummer"]
