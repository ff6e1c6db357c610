"""The tests' quick key files (tests/quick_scrypt.py) are real age files.

The encryption tests seal key files at a millisecond of scrypt instead of
age's second; these checks keep that honest: the cipher against RFC 8439's
own vectors, and the files against pyrage, which the app opens them with.
(tests/e2e/test_encryption_age.py opens what the shipped app seals with the
`age` tool itself.)
"""

from __future__ import annotations

import pyrage
import pytest
from pyrage import passphrase

from tests import quick_scrypt
from workbook.core.storage import AnswerStore
from workbook.core.storage.conversion import encrypt_workbook
from workbook.core.storage.encryption import key_path, unlock


def test_the_cipher_gives_rfc_8439s_own_answers() -> None:
    block = quick_scrypt._chacha20_block(bytes(range(32)), 1, bytes.fromhex("000000090000004a00000000"))
    assert block[:16].hex() == "10f1e7e4d13b5915500fdd1fa32071c4"  # section 2.3.2
    key = bytes.fromhex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b")
    tag = quick_scrypt._poly1305(key, b"Cryptographic Forum Research Group")
    assert tag.hex() == "a8061dc1305136c6c22b8baf0c0127a9"  # section 2.5.2


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 300])
def test_a_quick_key_file_opens_with_age_and_only_with_its_passphrase(size: int) -> None:
    plain = bytes(range(256)) * 2
    sealed = quick_scrypt.encrypt(plain[:size], "the right one")
    assert sealed.split(b"\n")[1].endswith(f" {quick_scrypt.LOG_N}".encode())
    assert passphrase.decrypt(sealed, "the right one") == plain[:size]
    with pytest.raises(pyrage.DecryptError):
        passphrase.decrypt(sealed, "the wrong one")


def test_the_tests_seal_quickly_and_the_workbook_still_opens(db, workbook) -> None:
    store = AnswerStore(db)
    store.set(workbook.exercises[0].id, {"text": "sealed"})
    store.save()
    store.close()
    encrypt_workbook(db, "a passphrase")
    header = key_path(db).read_bytes().split(b"\n")[1]
    assert header.startswith(b"-> scrypt ") and header.endswith(f" {quick_scrypt.LOG_N}".encode())
    key = unlock(db, "a passphrase")
    assert AnswerStore(db, key=key, read_only=True).get(workbook.exercises[0].id) == {"text": "sealed"}
