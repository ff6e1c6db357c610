"""The file a plain workbook last read or wrote, held open so a save copies its unchanged lines.

A document's saved line is then only where it lies in that file (`pack`:
start, length and its TinyDB number in one int), not a copy of its bytes in
memory: a workbook of ten thousand entries keeps some 14 MB less. A save
copies those ranges from the held file into the new temporary file (in the
kernel: `copy_file_range`), and only when the held file is exactly as this
session left it (`intact`: same device, inode, size, modification and change
times; the change time moves with any write, truncation or rename and cannot
be set back); anything else re-encodes those documents from memory, with the
same numbers, so the file written is the same. The new file's CRC-32 (what
tells a file merely touched from one another program changed) is worked out
from the held file's and the few bytes around the largest range copied, never
by reading back the megabytes copied (`crc_of`).
"""

from __future__ import annotations

import os
import zlib
from typing import Any

SHIFT = 40
_SHIFT = SHIFT
_MASK = (1 << _SHIFT) - 1


def pack(start: int, length: int, number: int) -> int:
    """A line's place in the held file and its TinyDB number, as one int."""
    return start | (length << _SHIFT) | (number << (2 * _SHIFT))


def start_of(line: int) -> int:
    return line & _MASK


def length_of(line: int) -> int:
    return (line >> _SHIFT) & _MASK


def number_of(line: int) -> int:
    return line >> (2 * _SHIFT)


# CRC-32 arithmetic (zlib's own, as in its `crc32_combine`): the CRC of bytes
# joined from the CRCs of their parts, so a save's CRC needs no second read of
# the megabytes it copied (see `Source.crc_of`). Values are zlib's reflected
# polynomials modulo the CRC-32 polynomial; x's order divides 2**32 - 1.
_POLY = 0xEDB88320
_ONE = 1 << 31  # x**0
_ORDER = (1 << 32) - 1


def _times(a: int, b: int) -> int:
    """a * b modulo the CRC-32 polynomial (zlib's `multmodp`)."""
    m, product = _ONE, 0
    while True:
        if a & m:
            product ^= b
            if not a & (m - 1):
                return product
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1


# x ** (2 ** k) for k = 0..31 (zlib's `x2n_table`; tests/core/test_document_copies.py
# squares them out again).
_X_2N = (
    0x40000000, 0x20000000, 0x08000000, 0x00800000, 0x00008000, 0xEDB88320, 0xB1E6B092,
    0xA06A2517, 0xED627DAE, 0x88D14467, 0xD7BBFE6A, 0xEC447F11, 0x8E7EA170, 0x6427800E,
    0x4D47BAE0, 0x09FE548F, 0x83852D0F, 0x30362F1A, 0x7B5A9CC3, 0x31FEC169, 0x9FEC022A,
    0x6C8DEDC4, 0x15D6874D, 0x5FDE7A4E, 0xBAD90E37, 0x2E4E5EEF, 0x4EABA214, 0xA8A472C0,
    0x429A969E, 0x148D302A, 0xC40BA6D0, 0xC4E22C3C)


def _x_power(n: int) -> int:
    """x ** n modulo the polynomial (n may be negative: x is invertible)."""
    n %= _ORDER
    power, k = _ONE, 0
    while n:
        if n & 1:
            power = _times(_X_2N[k], power)
        n >>= 1
        k += 1
    return power


def crc_combine(first: int, second: int, second_length: int) -> int:
    """The CRC-32 of A + B from those of A and B (and B's length in bytes)."""
    return _times(_x_power(8 * second_length), first) ^ second


def crc_middle(whole: int, before: int, length: int, after: int, after_length: int) -> int:
    """The CRC-32 of M, in A + M + B, from those of the whole, A and B (and the
    lengths of M and B): what a save copied unread, found from what it read."""
    return _times(_x_power(-8 * after_length), whole ^ after) ^ _times(_x_power(8 * length),
                                                                        before)


class SourceChanged(Exception):
    """The held file changed before or while its ranges were copied: encode instead."""


def _identity(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class Source:
    """An open, read-only view of one version of the workbook's file (see the module)."""

    def __init__(self, fd: int) -> None:
        self.fd: int | None = fd
        self.tag: Any = None  # the document whose lines lie in this file
        self._in_kernel = True  # copy with `copy_file_range` until it says it cannot
        self._seen: tuple[int, ...] | None = None
        # The CRC-32 of the whole file as this session last saw it (`note`d), when
        # known: a save copying from it then works out its own CRC from it.
        self.known_crc: int | None = None

    identity = staticmethod(_identity)

    @classmethod
    def open_as(cls, path: Any, size: int, inode: int, mtime_ns: int) -> Source | None:
        """The file at `path`, held, when it is still the one just read (None otherwise,
        and on a system where an open file cannot be renamed over: its lines then
        stay in memory, as an encrypted workbook's do)."""
        if os.name != "posix" or not hasattr(os, "pread"):
            return None
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return None
        source = cls(fd)
        info = os.fstat(fd)
        if (info.st_size, info.st_ino, info.st_mtime_ns) != (size, inode, mtime_ns):
            source.close()
            return None
        source._seen = _identity(info)
        return source

    def note(self) -> None:
        """Remember the file as it is now (just written by this session)."""
        if self.fd is not None:
            self._seen = _identity(os.fstat(self.fd))

    def touched(self) -> None:
        """The file was found with a new time and its bytes as noted (`touch`): hold it
        as it is now, once its own CRC says so, so saves go on copying from it."""
        if self.fd is None or self._seen is None or self.known_crc is None:
            return
        seen, self._seen = self._seen, _identity(os.fstat(self.fd))
        if seen[:3] != self._seen[:3] or self.crc() != self.known_crc:
            self._seen = seen  # changed after all: not copied from (see `intact`)

    def intact(self) -> bool:
        """True when the held file is exactly as this session last saw it."""
        if self.fd is None or self._seen is None:
            return False
        try:
            return _identity(os.fstat(self.fd)) == self._seen
        except OSError:
            return False

    def copy(self, out: int, start: int, length: int) -> None:
        """Append `length` bytes from `start` in the held file to `out` (in the kernel
        where it can; else read and written). `SourceChanged` if the file ends early."""
        assert self.fd is not None
        end = start + length
        while start < end:
            done = 0
            if self._in_kernel:
                try:
                    done = os.copy_file_range(self.fd, out, end - start, start)
                except (AttributeError, OSError):  # not on this system or file system
                    done = 0
                if done <= 0:
                    self._in_kernel = False  # (some file systems say 0 for "cannot")
            if done <= 0:
                chunk = os.pread(self.fd, min(end - start, 1 << 20), start)
                if not chunk:
                    raise SourceChanged  # shorter than when it was written
                view = memoryview(chunk)
                while view:
                    view = view[os.write(out, view):]
                done = len(chunk)
            start += done

    def crc_of(self, pieces: list[Any]) -> int | None:
        """The CRC-32 of what `pieces` make (bytes, and ranges of this file: see
        `atomic._write_all`), reading only what lies outside this file's largest
        range: that one's CRC follows from the whole file's (`known_crc`). None
        when the whole file's is not known, or the file is not as it was noted."""
        if self.known_crc is None or self._seen is None or not self.intact():
            return None
        size = self._seen[2]
        ranges = [(start_of(piece), length_of(piece)) for piece in pieces if type(piece) is int]
        if any(start + length > size for start, length in ranges):
            return None
        start, length = max(ranges, key=lambda found: found[1], default=(0, 0))
        crcs = {(start, length): crc_middle(
            self.known_crc, self._crc_between(0, start), length,
            self._crc_between(start + length, size), size - start - length)}
        crc = 0
        for piece in pieces:
            if type(piece) is not int:
                crc = zlib.crc32(piece, crc)
                continue
            found = (start_of(piece), length_of(piece))
            if found not in crcs:
                crcs[found] = self._crc_between(found[0], found[0] + found[1])
            crc = crc_combine(crc, crcs[found], found[1])
        return crc

    def _crc_between(self, start: int, end: int) -> int:
        """The CRC-32 of the held file's bytes from `start` to `end`, read a
        megabyte at a time into one buffer (no copies made where `preadv` is)."""
        assert self.fd is not None
        crc = 0
        buffer = bytearray(min(end - start, 1 << 20))
        view = memoryview(buffer)
        while start < end:
            if hasattr(os, "preadv"):
                done = os.preadv(self.fd, [view[:end - start]], start)
                chunk = view[:done]
            else:  # (not on every system)
                chunk = os.pread(self.fd, min(end - start, len(buffer)), start)
            if not chunk:
                raise SourceChanged  # shorter than when it was noted
            crc, start = zlib.crc32(chunk, crc), start + len(chunk)
        return crc

    def crc(self) -> int:
        """The CRC-32 of the whole held file, or -1 (matching nothing) when it changed."""
        if not self.intact():
            return -1
        assert self._seen is not None
        try:
            crc = self._crc_between(0, self._seen[2])
        except SourceChanged:
            return -1
        return crc if self.intact() else -1

    def close(self) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            os.close(fd)
