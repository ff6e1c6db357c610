"""`sha256_hex` (CPython's own SHA-256, not OpenSSL's) gives `hashlib`'s digests."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from workbook.core.digest import sha256_hex
from workbook.core.locations import lock_path


@pytest.mark.parametrize("data", [b"", b"workbook.json", "caf\u00e9 \ud83d\udc94".encode(
    "utf-8", "surrogatepass"), bytes(range(256)) * 40])
def test_the_digest_is_sha256(data: bytes) -> None:
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_a_lock_file_keeps_its_name_from_before(tmp_path: Path, monkeypatch) -> None:
    """A session of an older version and a newer one find the same lock file."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    db = tmp_path / "my workbook.json"
    folder = os.stat(tmp_path)
    digest = hashlib.sha256(os.fsencode(db.name)).hexdigest()[:8]
    expected = f"my_workbook.json-{folder.st_dev:x}-{folder.st_ino:x}-{digest}.lock"
    assert lock_path(db).name == expected
