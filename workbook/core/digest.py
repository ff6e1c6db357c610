"""SHA-256 without loading OpenSSL at start-up (no Textual).

`hashlib` loads OpenSSL's library as it is imported, a few milliseconds of
every start, for the one digest opening a workbook needs (the lock file's
name). CPython's own SHA-256 gives the same digest in a fraction of that;
`hashlib` stays the fallback where a Python build has no such module.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of `data`, in hex."""
    return _sha256()(data).hexdigest()


@cache
def _sha256() -> Callable[[bytes], Any]:
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # CPython 3.12 and later
        except ImportError:
            from hashlib import sha256
    return sha256
