"""One development SECRET_KEY for every worker: made once into instance/secret_key.

Without ``SECRET_KEY`` outside production, each process used to pick its own
key, so with two workers (``make serve``) a form signed by one was refused by
the other about half the time. Now the first process writes a key to a file
only its owner may read, and every process, then and after a restart, reads
the same one. Two workers starting at once cannot both win: the key is written
to a private temporary file and linked into place, which fails for the second,
who then reads the first one's key, never a half-written file.
"""

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

KEY_FILE = "secret_key"


def development_secret_key(folder: Path) -> str:
    """Return the key stored in folder/secret_key, making it first if there is none."""
    path = folder / KEY_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".secret_key-")
        try:
            # mkstemp opens the file for its owner only (0600).
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32))
                handle.flush()
                os.fsync(handle.fileno())
            # Fails if another worker got there first: then its key is the one.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it to make a new development key.")
    return key
