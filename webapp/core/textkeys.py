"""Keys for searching and sorting text the way people expect."""

import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

from pyuca import Collator

# Swedish alphabetical order puts å, ä, ö after z (and treats æ/ø as ä/ö);
# other accented letters sort with their base letter.
# Private-use characters sort after every letter, so Å, Ä, Ö follow all z-words.
_SWEDISH_TAIL = {"å": "\ue001", "ä": "\ue002", "æ": "\ue002", "ö": "\ue003", "ø": "\ue003"}
_SWEDISH_TAIL_TABLE = str.maketrans(_SWEDISH_TAIL)
# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSED = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ł": "l", "ß": "ss"})


def fold_for_search(text: str) -> str:
    """Lower-case the text and strip diacritics, so 'Åsa' matches 'asa'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=8192)
def swedish_sort_key(text: str) -> str:
    """Return a key that sorts text in Swedish alphabetical order."""
    folded = unicodedata.normalize("NFC", text.casefold())
    # Set å, ä, ö aside before the other accents are stripped.
    return fold_for_search(folded.translate(_SWEDISH_TAIL_TABLE))


@cache
def _unicode_collator() -> Collator:
    # Reads the Unicode collation table once, on first use.
    return Collator()


def sort_key_for(lang: str) -> Callable[[str], object]:
    """Return a sort key for text in the given language.

    Swedish gets its own alphabet; other languages the Unicode Collation Algorithm,
    which orders Cyrillic, Arabic and Ethiopic letters as their alphabets do.
    """
    if lang == "sv":
        return swedish_sort_key
    return _unicode_collator().sort_key
