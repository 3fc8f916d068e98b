"""One-time choice codes: the alphabet, new codes, normalising what was typed, keyed hashes.

A code is twelve characters in three groups, ABCD-EFGH-JKMN. The first group is
the code's selector: not secret, stored in plain text and unique among
invitations, so a wrong entry can be counted against the invitation it was aimed
at. The other eight characters are the secret. The database keeps a keyed hash
of the whole code, never the code; the rate limiter keys on other keyed hashes.
docs/choice-codes.md describes the design and its numbers.
"""

import hashlib
import hmac
import math
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

# Letters and digits people do not confuse when reading aloud or typing:
# no 0/O, 1/I/L, U/V pairs.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 12
CODE_GROUP = 4
SELECTOR_LENGTH = CODE_GROUP  # the first group
# How many fresh selectors to draw before giving up (each is free with near certainty).
SELECTOR_TRIES = 20

# What people type on other keyboards, mapped to the code's characters: Arabic-Indic
# (U+0660-0669) and Persian (U+06F0-06F9) digits, and the Cyrillic capitals a Ukrainian
# keyboard gives for letters that look the same. Full-width forms are left to NFKC.
_DIGITS = {0x0660 + n: str(n) for n in range(10)} | {0x06F0 + n: str(n) for n in range(10)}
_CYRILLIC = {ord(c): latin for c, latin in zip("АВСЕНКМРТХУ", "ABCEHKMPTXY", strict=True)}
_TYPED_TO_CODE = _DIGITS | _CYRILLIC


def code_entropy_bits() -> float:
    """Return how many bits of randomness a whole code carries."""
    return CODE_LENGTH * math.log2(len(CODE_ALPHABET))


def secret_entropy_bits() -> float:
    """Return how many bits the secret part carries (the selector is not secret)."""
    return (CODE_LENGTH - SELECTOR_LENGTH) * math.log2(len(CODE_ALPHABET))


def generate_code(taken: Callable[[str], bool] = lambda _selector: False) -> str:
    """Return a new random code whose selector is not taken, grouped: ABCD-EFGH-JKMN."""
    for _ in range(SELECTOR_TRIES):
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not taken(raw[:SELECTOR_LENGTH]):
            return group_code(raw)
    raise RuntimeError("no free code selector found")


def group_code(normalized: str) -> str:
    """Return a normalised code in groups for reading: ABCD-EFGH-JKMN."""
    return "-".join(normalized[i : i + CODE_GROUP] for i in range(0, len(normalized), CODE_GROUP))


def normalize_code(text: str) -> str | None:
    """Return the code's characters in upper case without separators, or None if malformed.

    Full-width forms, Arabic-Indic and Persian digits and look-alike Cyrillic
    capitals become the code's own characters; spaces, dashes and any direction
    marks a right-to-left keyboard adds are dropped.
    """
    folded = unicodedata.normalize("NFKC", text).upper().translate(_TYPED_TO_CODE)
    cleaned = "".join(char for char in folded if char.isalnum())
    if len(cleaned) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in cleaned):
        return None
    return cleaned


def code_selector(code: str) -> str | None:
    """Return the selector of a code as typed, or None if it is not a code."""
    normalized = normalize_code(code)
    return normalized[:SELECTOR_LENGTH] if normalized else None


def _keyed_hash(message: str, key: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def hash_code(code: str, key: str) -> str:
    """Return the keyed hash under which a code is stored."""
    normalized = normalize_code(code)
    if normalized is None:
        raise ValueError("malformed code")
    return _keyed_hash(normalized, key)


def rate_limit_key(typed: str, key: str) -> str:
    """Return the per-code limiter's key for a typed code: a keyed hash of its selector.

    Every entry aimed at one invitation shares the key, whatever its secret part.
    """
    # A purpose prefix, so the key differs from the code's stored hash.
    return "choice-code:" + _keyed_hash("rate-limit:" + (code_selector(typed) or ""), key)[:32]


# --- Wrong entries and the lock ----------------------------------------------------------


@dataclass(frozen=True)
class WrongEntries:
    """An invitation's wrong code entries since its code was issued or unlocked, and its lock."""

    attempts: int
    locked_until: datetime | None
    locks: bool = False  # this entry locked the code


def after_wrong_entry(
    attempts: int, locked_until: datetime | None, now: datetime, *, lock_after: int, minutes: int
) -> WrongEntries:
    """Count one more wrong entry; every lock_after-th locks the code for some minutes.

    The count goes on after a lock, so the caseworker sees every wrong entry; the
    lock ends by itself, so nobody can shut a stranger out for good by guessing.
    """
    attempts += 1
    if attempts % lock_after == 0:
        return WrongEntries(attempts, now + timedelta(minutes=minutes), locks=True)
    return WrongEntries(attempts, locked_until)
