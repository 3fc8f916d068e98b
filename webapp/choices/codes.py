"""One-time choice codes: the alphabet, new codes, normalising what was typed, keyed hashes.

A code is shown once, printed in the client's letter and never stored: the
database keeps its keyed hash, and the rate limiter keys on another keyed hash.
"""

import hashlib
import hmac
import math
import secrets

# Letters and digits people do not confuse when reading aloud or typing:
# no 0/O, 1/I/L, U/V pairs.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 12
CODE_GROUP = 4


def code_entropy_bits() -> float:
    """Return how many bits of randomness a code carries."""
    return CODE_LENGTH * math.log2(len(CODE_ALPHABET))


def generate_code() -> str:
    """Return a new random code, grouped for reading: ABCD-EFGH-JKMN."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def normalize_code(text: str) -> str | None:
    """Return the code's characters in upper case without separators, or None if malformed."""
    cleaned = "".join(char for char in text.upper() if char.isalnum())
    if len(cleaned) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in cleaned):
        return None
    return cleaned


def _keyed_hash(message: str, key: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def hash_code(code: str, key: str) -> str:
    """Return the keyed hash under which a code is stored."""
    normalized = normalize_code(code)
    if normalized is None:
        raise ValueError("malformed code")
    return _keyed_hash(normalized, key)


def rate_limit_key(typed: str, key: str) -> str:
    """Return the rate limiter's key for a typed code: a keyed hash, never the code itself."""
    # A purpose prefix, so the key differs from the code's stored hash.
    return "choice-code:" + _keyed_hash("rate-limit:" + (normalize_code(typed) or ""), key)[:32]
