"""A plain workbook's saves copy unchanged lines from the file this session holds open,
and write exactly what a full re-encode would whenever that file is not as it was left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.storage_helpers import journal
from workbook.core.storage import AnswerStore, BadDatabase
from workbook.core.storage.document import Encoding, encode_tables
from workbook.core.storage.source import Source

LETTER = {"to": "you", "body": "café, naïve, 💔"}


def written(tmp_path: Path, name: str) -> AnswerStore:
    """A workbook of 300 entries and a letter, saved, closed and opened again."""
    db = tmp_path / name / "workbook.json"
    db.parent.mkdir()
    store = AnswerStore(db)
    store.set("journal", journal(300), kind="journal")
    store.set("letter", LETTER, kind="letter")
    store.save()
    store.close()
    return AnswerStore(db)


def type_into(store: AnswerStore, index: int, text: str) -> None:
    before = store.get("journal")
    changed = list(before)
    at = next(n for n, entry in enumerate(before) if entry["id"] == f"e{index}")
    changed[at] = {**before[at], "text": text}
    store.set("journal", changed, kind="journal", before=before)


def fully_encoded(store: AnswerStore) -> bytes:
    """What the save would write with nothing copied: every document encoded again."""
    document = store.document
    held, document.source = document.source, None
    numbers = dict(document.numbers)
    try:
        return b"".join(encode_tables(document, document.snapshot(), Encoding()))
    finally:
        document.source, document.numbers = held, numbers


def change_in_place_keeping_size_and_time(db: Path) -> None:
    """Another program writing into the file itself, then setting its time back."""
    info = os.stat(db)
    raw = bytearray(db.read_bytes())
    at = raw.index(b"entry 7")
    raw[at:at + 7] = b"ENTRY 7"
    with open(db, "r+b") as file:
        file.write(raw)
    os.utime(db, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_saves_copy_unchanged_lines_and_keep_no_bytes_in_memory(tmp_path: Path) -> None:
    store = written(tmp_path, "copied")
    assert all(type(v.line) is int for vs in store.document.versions.values() for v in vs)
    for n in range(3):
        type_into(store, 10 * n, f"written on, time {n}")
        expected = fully_encoded(store)
        assert store.save()
        assert store.path.read_bytes() == expected
        assert all(type(v.line) is int for vs in store.document.versions.values() for v in vs)
    store.close()
    again = AnswerStore(store.path, read_only=True)
    texts = {e["id"]: e["text"] for e in again.get("journal")}
    assert [texts["e0"], texts["e10"], texts["e20"]] == [
        "written on, time 0", "written on, time 1", "written on, time 2"]
    assert again.get("letter") == LETTER


def test_a_file_changed_in_place_under_the_session_is_encoded_again_not_copied(
        tmp_path: Path) -> None:
    copied = written(tmp_path, "copied")
    changed = written(tmp_path, "changed")
    for store in (copied, changed):
        type_into(store, 3, "a new line of the third entry")
        store.save()  # each now holds the file it wrote
    for store in (copied, changed):
        type_into(store, 5, "and the fifth")
    change_in_place_keeping_size_and_time(changed.path)
    assert not changed.document.source.intact()
    expected = fully_encoded(changed)
    changed.save()
    copied.save()
    # Nothing of the other program's change came back through a copied range, and
    # the file is byte for byte what a full re-encode writes.
    assert changed.path.read_bytes() == expected
    assert b"ENTRY 7" not in changed.path.read_bytes()
    assert b"ENTRY 7" not in copied.path.read_bytes()
    texts = {e["id"]: e["text"] for e in AnswerStore(changed.path, read_only=True).get("journal")}
    assert [texts[f"e{n}"] for n in range(8)] == [
        "entry 0", "entry 1", "entry 2", "a new line of the third entry", "entry 4",
        "and the fifth", "entry 6", "entry 7"]
    # Later saves copy again, from the file this save wrote.
    assert changed.document.source.intact()
    type_into(changed, 9, "and the ninth")
    expected = fully_encoded(changed)
    changed.save()
    assert changed.path.read_bytes() == expected
    changed.close()
    copied.close()


def test_a_file_replaced_by_another_program_is_merged_and_written_whole(tmp_path: Path) -> None:
    store = written(tmp_path, "replaced")
    type_into(store, 1, "typed here")
    store.save()
    # A second program writes a copy and renames it over the file.
    copy = store.path.with_name("copy.json")
    copy.write_bytes(store.path.read_bytes().replace(b"entry 2", b"ENTRY 2"))
    os.replace(copy, store.path)
    assert not store.document.source.intact()
    type_into(store, 4, "typed here too")
    store.save()
    texts = {e["id"]: e["text"] for e in AnswerStore(store.path, read_only=True).get("journal")}
    assert (texts["e1"], texts["e4"]) == ("typed here", "typed here too")
    store.close()


def test_a_file_changed_while_it_is_copied_is_encoded_again(tmp_path: Path, monkeypatch) -> None:
    from workbook.core.storage.source import Source

    store = written(tmp_path, "racing")
    type_into(store, 2, "the words of this save")
    expected = fully_encoded(store)
    real_copy = Source.copy

    def copy_then_change(self: Source, out: int, start: int, length: int) -> None:
        real_copy(self, out, start, length)
        monkeypatch.setattr(Source, "copy", real_copy)
        change_in_place_keeping_size_and_time(store.path)

    monkeypatch.setattr(Source, "copy", copy_then_change)
    store.save()
    saved = store.path.read_bytes()
    assert b"ENTRY 7" not in saved
    assert saved.replace(b"ENTRY 7", b"entry 7") == expected.replace(b"ENTRY 7", b"entry 7")
    store.close()


def test_a_closed_store_lets_its_file_go(tmp_path: Path) -> None:
    store = written(tmp_path, "closing")
    source = store.document.source
    assert source.fd is not None
    store.close()
    assert source.fd is None


def test_a_document_number_twice_in_our_own_layout_is_refused_plainly(tmp_path: Path) -> None:
    db = tmp_path / "workbook.json"
    store = AnswerStore(db)
    store.set("journal", journal(700), kind="journal")
    store.save()
    store.close()
    lines = db.read_bytes().split(b"\n")
    at = next(n for n, line in enumerate(lines) if line.startswith(b'"650":'))
    lines[at] = b'"3":' + lines[at].split(b":", 1)[1]  # a second document numbered 3
    db.write_bytes(b"\n".join(lines))
    with pytest.raises(BadDatabase, match='the key "3" appears twice'):
        AnswerStore(db)
    assert db.read_bytes() == b"\n".join(lines), "the file is left as it is"


def test_saves_copy_by_reading_and_writing_where_the_kernel_cannot(
        tmp_path: Path, monkeypatch) -> None:
    def cannot(*_args: object) -> int:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", cannot)
    store = written(tmp_path, "no-kernel-copy")
    type_into(store, 4, "written without the kernel's copy")
    expected = fully_encoded(store)
    store.save()
    assert store.path.read_bytes() == expected
    monkeypatch.setattr(os, "copy_file_range", lambda *_args: 0)  # "nothing copied"
    type_into(store, 5, "and again")
    expected = fully_encoded(store)
    store.save()
    assert store.path.read_bytes() == expected
    store.close()


def touch(db: Path) -> None:
    """`touch`: a new modification time, the same bytes."""
    info = os.stat(db)
    os.utime(db, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))


def test_a_touched_file_is_not_taken_for_another_writer(tmp_path: Path) -> None:
    from workbook.core.storage.backups import list_backups

    store = written(tmp_path, "touched")
    for n in range(2):  # touched after this session opened it, then after it saved
        touch(store.path)
        assert store.catch_up() is None, "nothing came in: the same words"
        assert store.document.source.intact(), "still copied from: no whole re-encoding"
        type_into(store, n, f"written on after a touch, {n}")
        touch(store.path)
        assert store.save()
        assert store.document.source.intact()
        assert store.take_news() == [], "no word of another program"
        assert [b.name for b in list_backups(store.path) if b.label] == []
    store.close()
    again = AnswerStore(store.path, read_only=True)
    texts = {e["id"]: e["text"] for e in again.get("journal")}
    assert [texts["e0"], texts["e1"]] == ["written on after a touch, 0",
                                          "written on after a touch, 1"]


def test_an_encrypted_file_touched_is_not_another_writer_but_a_new_encryption_is(
        tmp_path: Path) -> None:
    """An age file is told by its first bytes (a new file key and nonce at every
    encryption): a touch is nothing, the same words encrypted again are a change."""
    import pyrage

    from workbook.core.storage.backups import list_backups
    from workbook.core.storage.conversion import encrypt_workbook
    from workbook.core.storage.encryption import unlock

    written(tmp_path, "sealed").close()
    db = tmp_path / "sealed" / "workbook.json"
    encrypt_workbook(db, "a quiet evening walk")
    store = AnswerStore(db, key=unlock(db, "a quiet evening walk"))
    type_into(store, 1, "written on, sealed")
    assert store.save()
    touch(db)
    assert store.catch_up() is None
    type_into(store, 2, "written on after a touch, sealed")
    touch(db)
    assert store.save()
    assert store.take_news() == []
    assert [b.label for b in list_backups(db) if b.label] == []
    # Another program writes the very same words, encrypted again, to the same size
    # (age adds a stanza of random length: tried until one is as long). About one
    # try in 160 is (500 tries missed 4% of the time); 20,000 cannot miss in practice
    # and take a few seconds at worst.
    raw = db.read_bytes()
    words = store.key.decrypt(db, raw)
    again = next((found for _ in range(20_000)
                  if len(found := pyrage.encrypt(words, store.key.recipients)) == len(raw)),
                 None)
    assert again is not None, "no encryption of the same words came out as long"
    assert again[:1024] != raw[:1024]
    (tmp_path / "again").write_bytes(again)
    os.replace(tmp_path / "again", db)
    type_into(store, 3, "written on after another writer, sealed")
    assert store.save()
    assert any("Another program changed" in news for news in store.take_news())
    assert [b.label for b in list_backups(db) if b.label] == ["other-writer"]
    store.close()


def test_each_save_knows_its_files_crc_without_reading_it_back(tmp_path: Path,
                                                               monkeypatch) -> None:
    """A save's CRC comes from the old file's and the few bytes around what it copied;
    whatever it changed (first, middle, last entry, one added, one deleted), it is
    the file's own, so the file touched after it is still known as this session's."""
    import zlib

    store = written(tmp_path, "combined")
    edits = [lambda: type_into(store, 0, "the first, again"),
             lambda: type_into(store, 150, "one in the middle"),
             lambda: type_into(store, 299, "the last one"),
             lambda: type_into(store, 7, "two at once") or type_into(store, 250, "and this"),
             lambda: store.set("journal", [*store.get("journal"),
                                           {"id": "new", "created": "2026-12-01T08:00:00+00:00",
                                            "updated": "2026-12-01T08:00:00+00:00",
                                            "text": "a new one"}],
                               kind="journal", before=store.get("journal")),
             lambda: store.set("journal", store.get("journal")[1:], kind="journal",
                               before=store.get("journal")),
             lambda: store.set("letter", {**LETTER, "body": "changed 💔"}, kind="letter")]
    def read_back(self: Source) -> int:
        raise AssertionError("the whole file read back for its CRC")

    monkeypatch.setattr(Source, "crc", read_back)
    for edit in edits:
        edit()
        assert store.save()
        assert store._known.crc == zlib.crc32(store.path.read_bytes())
    monkeypatch.undo()
    touch(store.path)
    assert store.catch_up() is None
    store.close()


def test_crc_arithmetic_agrees_with_zlib() -> None:
    """The CRC of joined bytes from their parts', and of a middle from the whole's."""
    import random
    import zlib

    from workbook.core.storage import source

    power = 1 << 30  # x
    for square in source._X_2N:
        assert square == power
        power = source._times(power, power)
    pick = random.Random(7)
    for _ in range(200):
        a, m, b = (pick.randbytes(pick.randint(0, 2000)) for _ in range(3))
        assert source.crc_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)
        assert source.crc_middle(zlib.crc32(a + m + b), zlib.crc32(a), len(m),
                                 zlib.crc32(b), len(b)) == zlib.crc32(m)
