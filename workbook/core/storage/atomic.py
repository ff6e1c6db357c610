"""A TinyDB storage that never leaves a half-written file behind.

TinyDB's own `JSONStorage` rewrites the file in place, so a kill or a full
disk mid-write leaves a cut-off document. Here each write goes to a private
temporary file in the same folder, is fsynced, then renamed over the
database: the file on disk is always the complete old or the complete new one.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from workbook.core.storage.encryption import looks_encrypted, read_plain
from workbook.core.storage.errors import BadDatabase
from workbook.core.storage.files import private_dir, read_database, real_path
from workbook.core.storage.jsontext import JSONProblem, loads, scrub

FILE_MODE = 0o600


class Staged:
    """A complete new version of a file, written and fsynced beside it, not yet in place.

    Between `stage` and `commit` the old file is still whole, so a backup of
    it can be taken only once the new version is known to fit on the disk.
    Its CRC-32 is worked out when first asked for from the pieces written
    (bytes in memory, which nothing else can change), so a save that never
    needs it never spends the time; a file written from ranges of another
    (held: see `source.py`) is read back for it before it is put in place.
    """

    def __init__(self, path: Path, tmp: Path, size: int, *, crc: int | None = None,
                 pieces: list[Any] | None = None, held: Any = None) -> None:
        self.path, self.tmp, self.size = path, tmp, size
        self._pieces = pieces  # what was written, while its CRC is not yet worked out
        self._crc = crc
        # The new file held open (a `source.Source`), when asked for: its CRC is
        # then read back from it, if it is still as written.
        self.held = held

    @property
    def crc(self) -> int:
        if self._crc is None and self.held is not None:
            self._crc, self._pieces = self.held.crc(), None
        if self._crc is None:
            crc = 0
            for piece in self._pieces or ():
                crc = zlib.crc32(piece, crc)
            self._crc, self._pieces = crc, None
        return self._crc

    def commit(self) -> None:
        """Put the new version in place (one rename), durably."""
        try:
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise
        fsync_dir(self.path.parent)  # make the rename itself durable
        if self.held is not None:
            self.held.note()  # as it is now, renamed: later saves copy from it

    def discard(self) -> None:
        """Drop the new version; the file stays as it was."""
        if self.held is not None:
            self.held.close()
        _remove_quietly(self.tmp)


# At most this many pieces per `writev` (the system's IOV_MAX is 1024 on Linux).
IOV_MOST = 1024


def _write_all(fd: int, pieces: list[Any], source: Any = None) -> int:
    """Write every piece, in order, with as few system calls as it takes; the size.
    A piece that is an int is a range of `source` (see `source.py`), copied."""
    if source is None:
        return _write_bytes(fd, pieces)
    from workbook.core.storage.source import length_of, start_of

    size, run = 0, 0
    for at, piece in enumerate(pieces):
        if type(piece) is int:
            size += _write_bytes(fd, pieces[run:at])
            source.copy(fd, start_of(piece), length_of(piece))
            size += length_of(piece)
            run = at + 1
    return size + _write_bytes(fd, pieces[run:])


def _write_bytes(fd: int, pieces: list[Any]) -> int:
    size = 0
    for start in range(0, len(pieces), IOV_MOST):
        group = pieces[start:start + IOV_MOST]
        expected = sum(map(len, group))
        written = os.writev(fd, group) if hasattr(os, "writev") else 0
        if written < expected:  # a short write (rare on a file): the rest, piece by piece
            skip = written
            for piece in group:
                view = memoryview(piece)[max(0, skip):] if skip < len(piece) else b""
                skip -= len(piece)
                while view:
                    view = view[os.write(fd, view):]
        size += expected
    return size


# Pieces joined this many at a time before age reads them (a line and its
# comma are two pieces: some tens of KB a run).
PIECES_PER_CHUNK = 256


def _chunks(pieces: list[Any]) -> Iterator[bytes]:
    """The pieces joined in runs, one run at a time.

    A workbook of 10,000 entries is some 20,000 pieces: copied out one by one
    in Python they cost more than age's own encryption; `bytes.join` copies a
    run of them at C speed, and holds the GIL only for the run it makes.
    """
    for start in range(0, len(pieces), PIECES_PER_CHUNK):
        yield b"".join(pieces[start:start + PIECES_PER_CHUNK])


class _PiecesReader(io.RawIOBase):
    """The pieces, read in order as one stream (what age encrypts, a little at a time)."""

    def __init__(self, pieces: list[Any]) -> None:
        self._pieces = iter(pieces)
        self._current = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        filled, room = 0, len(buffer)
        while filled < room:
            if not self._current:
                piece = next(self._pieces, None)
                if piece is None:
                    break
                self._current = memoryview(piece)
            take = min(room - filled, len(self._current))
            buffer[filled:filled + take] = self._current[:take]
            self._current = self._current[take:]
            filled += take
        return filled


# An age file is told from another by its first bytes (see `content_crc`).
AGE_TOLD_BY = 1 << 16


def content_crc(raw: bytes) -> int:
    """The CRC-32 a `Fingerprint` keeps of a file's bytes: of all of them for a plain
    file; of an age file, of its first 64 KiB only. Those hold its header, whose file
    key and nonce age makes new at every encryption (never reused), and they fix
    every byte after them: another encryption, even of the same words, differs
    there, and with the size they tell a file this session wrote from any other.
    (A save of ten thousand entries spends no CRC on the other 14 MB.)"""
    if looks_encrypted(raw):
        return zlib.crc32(memoryview(raw)[:AGE_TOLD_BY])
    return zlib.crc32(raw)


class _FileWriter(io.RawIOBase):
    """Writes to an open file descriptor, keeping the size and the `content_crc` of
    what it wrote (an age file's)."""

    def __init__(self, fd: int) -> None:
        self.fd, self.size, self.crc = fd, 0, 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.size < AGE_TOLD_BY:
            self.crc = zlib.crc32(memoryview(data)[:AGE_TOLD_BY - self.size], self.crc)
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
        self.size += len(data)
        return len(data)


def stage_encrypted(path: Path, pieces: list[Any], recipients: list[Any]) -> Staged:
    """As `stage`, the pieces encrypted as one age file on their way to the disk.

    Streamed (pyrage's `encrypt_io`, a 64 KB read at a time): no joined copy of
    the workbook and no encrypted one in memory, and the UI thread gets the GIL
    between reads, where one `encrypt()` of the whole file would hold it while
    the bytes are copied in and out.
    """
    import pyrage

    def write(fd: int) -> tuple[int, int]:
        writer = _FileWriter(fd)
        pyrage.encrypt_io(io.BufferedReader(_PiecesReader(_chunks(pieces)), 1 << 16), writer,
                          recipients)
        return writer.size, writer.crc

    return _stage_with(path, write)


def stage(path: Path, data: bytes | Iterable[Any]) -> Staged:
    """Write `data` to a private temporary file beside `path`; `commit()` puts it in place.

    `data` may be a list of pieces (bytes or memoryviews: see `document.encode_tables`),
    written with `writev` as they are, so no one huge buffer is built while the UI
    thread waits for the GIL (`writev` lets it go). A link is followed to its
    file, which is replaced and the link kept; the temporary file has a random
    name and is created exclusively (`mkstemp`), so nothing planted beside the
    target can redirect the write. Raises `OSError` (leaving nothing behind)
    when it cannot be written.
    """
    pieces = [data] if isinstance(data, bytes | bytearray | memoryview) else list(data)
    return _stage_with(path, lambda fd: (_write_all(fd, pieces), None), pieces)


def stage_from(path: Path, pieces: list[Any], source: Any) -> Staged:
    """As `stage`, a piece that is an int copied from `source`'s held file (see
    `source.py`); the new file stays held open (`Staged.held`) for the next save."""
    from workbook.core.storage.source import SourceChanged

    ranges = any(type(piece) is int for piece in pieces)
    if ranges and (source is None or not source.intact()):
        raise SourceChanged

    def write(fd: int) -> tuple[int, int | None]:
        size = _write_all(fd, pieces, source if ranges else None)
        # Its CRC from the ranges' (none read again but the few bytes between them).
        crc = source.crc_of(pieces) if ranges else None
        if ranges and not source.intact():  # changed while it was copied
            raise SourceChanged
        return size, crc

    return _stage_with(path, write, pieces, hold=os.name == "posix" and hasattr(os, "pread"))


def _stage_with(path: Path, write: Callable[[int], tuple[int, int | None]],
                pieces: list[Any] | None = None, hold: bool = False) -> Staged:
    """A private temporary file beside `path`, filled by `write(fd)` (which returns
    the size written and its CRC-32, or None to work it out from `pieces` if
    ever needed), fsynced."""
    path = real_path(path)
    folder = path.parent
    private_dir(folder)
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        os.fchmod(fd, FILE_MODE)  # mkstemp makes 0600 already; say so in one place
        size, crc = write(fd)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _remove_quietly(tmp)
        raise
    if not hold:
        os.close(fd)
        return Staged(path, tmp, size, crc=crc, pieces=pieces)
    from workbook.core.storage.source import Source

    held = Source(fd)
    held.note()
    if crc is None:
        # Read back now, while no one else can have touched it: a file later
        # touched (a new time, the same bytes) is then told from one another
        # program changed (see `Fingerprint`).
        crc = held.crc()
    held.known_crc = crc  # the next save copying from it works out its CRC from this
    return Staged(path, tmp, size, crc=crc, held=held)


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Replace `path` with `data` so that a crash leaves old or new, never a mix."""
    stage(path, data).commit()


class Fingerprint:
    """What this session last read or wrote: enough to notice another writer
    (its inode, size and time; when they change, its `content_crc` says whether
    its bytes did: a file touched is not a file changed).

    The CRC-32 may be given as a function, worked out only when a change of
    inode, size or time makes it needed (see `AnswerStore._keep_other_version`).
    """

    def __init__(self, inode: int, size: int, mtime_ns: int, crc: int | Callable[[], int]) -> None:
        self.inode, self.size, self.mtime_ns = inode, size, mtime_ns
        self._crc = crc

    @classmethod
    def of(cls, info: os.stat_result, crc: int | Callable[[], int]) -> Fingerprint:
        return cls(info.st_ino, info.st_size, info.st_mtime_ns, crc)

    @property
    def crc(self) -> int:
        if callable(self._crc):
            self._crc = self._crc()
        return self._crc

    def same_file(self, info: os.stat_result) -> bool:
        """Surely unchanged: same inode, size and modification time."""
        return (info.st_ino, info.st_size, info.st_mtime_ns) == (
            self.inode, self.size, self.mtime_ns)


def temp_files(folder: Path, name_pattern: str) -> list[Path]:
    """Temporary files `write_atomic` made for targets matching `name_pattern` (a glob)."""
    try:
        if not any(c in name_pattern for c in "*?["):
            # One file's name (every start): its names, without compiling a glob.
            start, end = f".{name_pattern}.", ".tmp"
            return sorted(folder / entry.name for entry in os.scandir(folder)
                          if entry.name.startswith(start) and entry.name.endswith(end)
                          and len(entry.name) >= len(start) + len(end))
        return sorted(folder.glob(f".{name_pattern}.*.tmp"))
    except OSError:
        return []


def remove_stale_temp_files(folder: Path, name_pattern: str) -> None:
    """Delete temporary files a killed writer left behind.

    Call only while holding the database's lock: then no other process can
    be halfway through writing one of them.
    """
    for tmp in temp_files(folder, name_pattern):
        _remove_quietly(tmp)


def fsync_dir(folder: Path) -> None:
    """Make renames inside `folder` durable."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


_dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _pieces(obj: Any, depth: int) -> Iterator[str]:
    # json's C encoder holds the GIL for the whole call, so a 10 MB document
    # encoded in one go would freeze the UI thread; encoding it piece by piece
    # lets the interpreter switch threads between pieces.
    if depth >= 4 or not isinstance(obj, dict | list) or not obj:
        yield _dump(obj)
    elif isinstance(obj, dict):
        yield "{"
        for i, key in enumerate(sorted(obj)):
            yield ("," if i else "") + ("\n" if depth < 2 else "") + _dump(key) + ":"
            yield from _pieces(obj[key], depth + 1)
        yield "}"
    else:
        yield "["
        for i, item in enumerate(obj):
            if i:
                yield ","
            yield from _pieces(item, depth + 1)
        yield "]"


CHUNK_CHARS = 1 << 16


def encode_chunks(data: Any) -> Iterator[bytes]:
    """`encode(data)` in pieces of about 64 KB, made one at a time.

    Joining and encoding a 10 MB document in one call holds the GIL for tens
    of milliseconds (the UI would stutter mid-save); small chunks never do.
    """
    batch: list[str] = []
    size = 0
    for piece in _pieces(data, 0):
        batch.append(piece)
        size += len(piece)
        if size >= CHUNK_CHARS:
            yield _utf8("".join(batch))
            batch, size = [], 0
    if batch:
        yield _utf8("".join(batch))


def _utf8(text: str) -> bytes:
    # A lone surrogate (pasted, or read from an old file) cannot be UTF-8: it
    # becomes U+FFFD so that the words around it are still saved.
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return scrub(text).encode("utf-8")


def encode(data: Any) -> bytes:
    """The bytes we write for a document: stable key order, UTF-8, one table a line."""
    return b"".join(encode_chunks(data))


def decode(path: Path, raw: bytes) -> tuple[dict[str, Any], int]:
    """Parse a database file's bytes, or explain plainly why they are unusable.

    Returns the document and how many strings had broken characters (lone
    surrogates) replaced by U+FFFD. Pass `raw` without keeping a reference:
    it is dropped once decoded, so a large workbook is not in memory three
    times (bytes, text, objects) at once.
    """
    if not raw or raw.isspace():  # (not raw.strip(): that would copy it)
        raise BadDatabase(path, "the file is empty")
    if b"\x00" in raw:
        raise BadDatabase(path, "the file contains NUL bytes, so it was probably cut off by a crash")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadDatabase(path, f"the file is not UTF-8 text (byte {error.start})") from None
    del raw
    try:
        data, replaced = loads(text)
    except json.JSONDecodeError as error:
        raise BadDatabase(
            path, f"the file is not valid JSON (line {error.lineno}, column {error.colno}): "
            "it may have been cut off"
        ) from None
    except JSONProblem as error:
        raise BadDatabase(path, f"the file cannot be a workbook: {error}") from None
    # TinyDB turns each document key into an int, so "x" would crash later, mid-session.
    if not isinstance(data, dict) or not all(
        isinstance(table, dict)
        and all(isinstance(doc, dict) and key.isascii() and key.isdigit() for key, doc in table.items())
        for table in data.values()
    ):
        raise BadDatabase(path, "the file is JSON but not a workbook database")
    return data, replaced


class AtomicJSONStorage:
    """TinyDB storage: JSON on disk, replaced atomically, private from birth.

    It has TinyDB's storage interface (`read`, `write`, `close`), so
    `TinyDB(path, storage=AtomicJSONStorage)` opens a workbook, without
    subclassing TinyDB's `Storage`: importing TinyDB costs every start-up
    a millisecond or two, and the store never needs it.

    Given an encrypted workbook's `key` (see `encryption.py`), it reads age
    files and writes every save encrypted to that key; `encrypted` says
    whether the last read found an age file.
    """

    def __init__(self, path: str | os.PathLike[str], key: Any = None, **_: Any) -> None:
        self.path = Path(path)
        self.replaced = 0  # strings whose broken characters the last read replaced
        self.read_as: Fingerprint | None = None  # the file as the last read found it
        self.key = key
        self.encrypted = False

    def read_plain(self) -> bytes | None:
        """The file's JSON bytes (decrypted for an encrypted workbook), unparsed; None
        when there is no file. `decode` (or `document.read_lines`) parses them."""
        try:
            before = os.stat(self.path)
            return self._plain(self._noted(before, read_database(self.path)))
        except FileNotFoundError:
            return None

    def read(self) -> dict[str, Any] | None:
        try:
            before = os.stat(self.path)
            # No local name for the bytes: `decode` drops them once decoded.
            data, self.replaced = decode(
                self.path, self._plain(self._noted(before, read_database(self.path))))
        except FileNotFoundError:
            return None
        return data

    def _noted(self, before: os.stat_result, raw: bytes) -> bytes:
        # Stat taken before reading: a change in between shows as a change
        # later, and the checksum then tells whether it really was one.
        self.read_as = Fingerprint.of(before, content_crc(raw))
        return raw

    def write(self, data: dict[str, Any]) -> None:
        write_atomic(self.path, self.encoded(data))

    def encoded(self, data: dict[str, Any]) -> bytes | Iterator[bytes]:
        """What a save writes: the JSON in chunks, or for an encrypted workbook one
        age file (a fast X25519 encryption: no key derivation)."""
        if self.key is None:
            return encode_chunks(data)
        return self.key.encrypt(b"".join(encode_chunks(data)))

    def _plain(self, raw: bytes) -> bytes:
        self.encrypted = looks_encrypted(raw)
        return read_plain(self.path, raw, self.key)

    def close(self) -> None:
        pass
