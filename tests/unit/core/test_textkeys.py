"""Search folding and Swedish alphabetical sort keys."""

import unicodedata

import pytest

from webapp.core.textkeys import fold_for_search, swedish_sort_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café ÖPPEN", "cafe oppen"),
        ("Åsa", "asa"),
        ("ÄRLA", "arla"),
        ("Émile", "emile"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_fold_for_search_ignores_case_and_diacritics(text, expected):
    assert fold_for_search(text) == expected


def test_fold_for_search_treats_composed_and_decomposed_alike():
    assert fold_for_search(unicodedata.normalize("NFD", "Åsa")) == fold_for_search("Åsa")


def test_swedish_sort_puts_a_ring_a_umlaut_o_umlaut_after_z():
    names = ["Öst", "Ärla", "Åsa", "Zeta", "Anna", "Émile", "Ebba"]
    assert sorted(names, key=swedish_sort_key) == [
        "Anna",
        "Ebba",
        "Émile",
        "Zeta",
        "Åsa",
        "Ärla",
        "Öst",
    ]


def test_swedish_sort_puts_a_ring_after_any_z_word():
    assert sorted(["Åsa", "Zlatan"], key=swedish_sort_key) == ["Zlatan", "Åsa"]


def test_swedish_sort_orders_a_ring_before_a_umlaut_before_o_umlaut():
    assert sorted(["Öst", "Ärla", "Åsa"], key=swedish_sort_key) == ["Åsa", "Ärla", "Öst"]


def test_swedish_sort_puts_z_before_a_ring():
    assert sorted(["Å", "Z"], key=swedish_sort_key) == ["Z", "Å"]


def test_swedish_sort_treats_e_acute_as_e():
    assert swedish_sort_key("Émile") == swedish_sort_key("emile")
    assert sorted(["Erik", "Émile", "Ebba"], key=swedish_sort_key) == ["Ebba", "Émile", "Erik"]


@pytest.mark.parametrize(("danish", "swedish"), [("æ", "ä"), ("ø", "ö"), ("Æ", "Ä"), ("Ø", "Ö")])
def test_swedish_sort_treats_danish_letters_as_swedish(danish, swedish):
    assert swedish_sort_key(danish) == swedish_sort_key(swedish)


def test_swedish_sort_ignores_case():
    assert swedish_sort_key("ÅSA") == swedish_sort_key("åsa")


def test_swedish_sort_treats_decomposed_input_like_composed():
    decomposed = unicodedata.normalize("NFD", "Åsa")
    assert swedish_sort_key(decomposed) == swedish_sort_key("Åsa")
