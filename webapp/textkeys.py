"""Keys for searching and sorting text the way people expect."""

import unicodedata
from collections.abc import Callable
from functools import cache

from pyuca import Collator

# Swedish alphabetical order puts å, ä, ö after z (and treats æ/ø as ä/ö);
# other accented letters sort with their base letter.
# Private-use characters sort after every letter, so Å, Ä, Ö follow all z-words.
_SWEDISH_TAIL = {"å": "\ue001", "ä": "\ue002", "æ": "\ue002", "ö": "\ue003", "ø": "\ue003"}
# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSED = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ł": "l", "ß": "ss"})


def fold_for_search(text: str) -> str:
    """Lower-case the text and strip diacritics, so 'Åsa' matches 'asa'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def swedish_sort_key(text: str) -> str:
    """Return a key that sorts text in Swedish alphabetical order."""
    folded = unicodedata.normalize("NFC", text.casefold())
    out = []
    for char in folded:
        if char in _SWEDISH_TAIL:
            out.append(_SWEDISH_TAIL[char])
        else:
            out.append(fold_for_search(char))
    return "".join(out)


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
