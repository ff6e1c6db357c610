"""age's passphrase (scrypt) encryption at test strength, for the tests only.

pyrage seals a key file at the work factor age picks for this machine (about
a second of scrypt, several on a loaded one), and every unlock pays it again.
Tests that are not about scrypt seal at `LOG_N` instead: the same age v1
format (the scrypt recipient, the header MAC, the STREAM payload), which
pyrage, the `age` tool and the app open as they open any key file, only in
about a millisecond. The shipped app never comes here: it lives in tests/
and is installed by the `scrypt_at_test_strength` fixture (tests/conftest.py).

ChaCha20-Poly1305 is written out (RFC 8439) because the standard library
lacks it; it only ever seals a few hundred bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct

from pyrage import passphrase

# What the shipped app calls: age's own work factor (for `real_scrypt` tests).
AGE_ENCRYPT = passphrase.encrypt
# 2**10 rounds of scrypt: a millisecond. age's own is 2**18 or more.
LOG_N = 10

_MASK = 0xFFFFFFFF
_P1305 = (1 << 130) - 5


def _rotl(value: int, shift: int) -> int:
    return ((value << shift) & _MASK) | (value >> (32 - shift))


def _chacha20_block(key: bytes, counter: int, nonce: bytes) -> bytes:
    state = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574,
             *struct.unpack("<8L", key), counter, *struct.unpack("<3L", nonce)]
    x = list(state)

    def quarter(a: int, b: int, c: int, d: int) -> None:
        x[a] = (x[a] + x[b]) & _MASK
        x[d] = _rotl(x[d] ^ x[a], 16)
        x[c] = (x[c] + x[d]) & _MASK
        x[b] = _rotl(x[b] ^ x[c], 12)
        x[a] = (x[a] + x[b]) & _MASK
        x[d] = _rotl(x[d] ^ x[a], 8)
        x[c] = (x[c] + x[d]) & _MASK
        x[b] = _rotl(x[b] ^ x[c], 7)

    for _ in range(10):
        quarter(0, 4, 8, 12), quarter(1, 5, 9, 13), quarter(2, 6, 10, 14), quarter(3, 7, 11, 15)
        quarter(0, 5, 10, 15), quarter(1, 6, 11, 12), quarter(2, 7, 8, 13), quarter(3, 4, 9, 14)
    return struct.pack("<16L", *((a + b) & _MASK for a, b in zip(x, state, strict=True)))


def _poly1305(key: bytes, message: bytes) -> bytes:
    r = int.from_bytes(key[:16], "little") & 0x0FFFFFFC0FFFFFFC0FFFFFFC0FFFFFFF
    s = int.from_bytes(key[16:], "little")
    accumulator = 0
    for start in range(0, len(message), 16):
        block = message[start:start + 16] + b"\x01"
        accumulator = (accumulator + int.from_bytes(block, "little")) * r % _P1305
    return ((accumulator + s) & ((1 << 128) - 1)).to_bytes(16, "little")


def chacha20_poly1305_seal(key: bytes, nonce: bytes, plain: bytes) -> bytes:
    """RFC 8439's AEAD with no associated data: the ciphertext, then the 16-byte tag."""
    stream = b"".join(_chacha20_block(key, 1 + n, nonce) for n in range(len(plain) // 64 + 1))
    cipher = bytes(a ^ b for a, b in zip(plain, stream, strict=False))
    padding = b"\x00" * (-len(cipher) % 16)
    lengths = struct.pack("<QQ", 0, len(cipher))
    tag = _poly1305(_chacha20_block(key, 0, nonce)[:32], cipher + padding + lengths)
    return cipher + tag


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    """HKDF-SHA-256 (RFC 5869), 32 bytes."""
    prk = hmac.new(salt or b"\x00" * 32, secret, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


def encrypt(plain: bytes, passphrase: str, armored: bool = False, *, log_n: int = LOG_N) -> bytes:
    """Like `pyrage.passphrase.encrypt`, at work factor 2**`log_n` (age v1, binary)."""
    if armored:
        raise NotImplementedError("the app writes binary age files only")
    if len(plain) > 64 * 1024:
        raise ValueError("one STREAM chunk only: a key file is a few hundred bytes")
    file_key, salt, nonce = os.urandom(16), os.urandom(16), os.urandom(16)
    wrap_key = hashlib.scrypt(passphrase.encode("utf-8"), salt=b"age-encryption.org/v1/scrypt" + salt,
                              n=1 << log_n, r=8, p=1, dklen=32)
    body = chacha20_poly1305_seal(wrap_key, b"\x00" * 12, file_key)
    header = f"age-encryption.org/v1\n-> scrypt {_b64(salt)} {log_n}\n{_b64(body)}\n---".encode()
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    payload_key = _hkdf(file_key, nonce, b"payload")
    sealed = chacha20_poly1305_seal(payload_key, b"\x00" * 11 + b"\x01", plain)  # the last chunk
    return header + f" {_b64(mac)}\n".encode() + nonce + sealed
