"""Conflict copies a sync tool leaves beside the workbook, merged entry by entry.

The story: the workbook lives in a folder Syncthing (or Nextcloud, or
Dropbox) keeps in step between a laptop and a desktop. Both wrote while
apart; the tool kept one version as the file and left the other beside it
under a conflict name. Merging brings both machines' entries into the file
and moves the copy into the backups folder. A copy that is damaged, of
another schema, of another workbook, or not ours at all is left untouched.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import first_of_kind
from workbook.core.content import Exercise, Workbook
from workbook.core.storage import AnswerStore
from workbook.core.storage.backups import list_backups
from workbook.core.storage.identity import IDENTITY
from workbook.core.sync import conflict_copies, merge_conflict_copies

STAMP = "2026-12-06T15:30:00+00:00"

NAMES = {
    "syncthing": "workbook.sync-conflict-20261206-153000-ABCDEFG.json",
    "nextcloud": "workbook (conflicted copy 2026-12-06 153000).json",
    "nextcloud-with-user": "workbook (conflicted copy sam 2026-12-06 153000).json",
    "dropbox": "workbook (Laptop's conflicted copy 2026-12-06).json",
    "dropbox-again": "workbook (Sam’s conflicted copy 2026-12-06) (1).json",
}
NOT_CONFLICTS = [
    "workbook.json.sync-conflict",  # no pattern of ours
    "workbook.sync-conflict-2026-ABC.json",  # the stamp is wrong
    "notes.sync-conflict-20261206-153000-ABCDEFG.json",  # another file's copy
    "workbook (conflicted copy).json",  # no date
    "workbook.key.age",
]


@pytest.fixture
def journal(workbook: Workbook) -> Exercise:
    return first_of_kind(workbook, "journal")


def entry(entry_id: str, text: str) -> dict[str, str]:
    return {"id": entry_id, "created": STAMP, "updated": STAMP, "text": text}


def write(db: Path, journal: Exercise, texts: dict[str, str], key: Any = None) -> None:
    """A session that adds journal entries (id -> words) to what is there."""
    store = AnswerStore(db, key=key)
    before = store.get(journal.id) or []
    store.set(journal.id, [*before, *(entry(i, t) for i, t in texts.items())],
              kind="journal", before=before)
    store.save()
    store.close()


@pytest.fixture
def laptop(tmp_path: Path, journal: Exercise) -> Path:
    """The synced folder on the laptop, holding one workbook with one shared entry."""
    db = tmp_path / "Sync" / "workbook.json"
    write(db, journal, {"shared": "the first night"})
    return db


def copy_from_desktop(laptop: Path, journal: Exercise, name: str, texts: dict[str, str],
                      key: Any = None) -> Path:
    """The desktop's copy of the workbook, written on there, left beside the laptop's."""
    desktop = laptop.parent.parent / "desktop" / "workbook.json"
    desktop.parent.mkdir(exist_ok=True)
    shutil.copyfile(laptop, desktop)
    write(desktop, journal, texts, key)
    conflict = laptop.parent / name
    shutil.copyfile(desktop, conflict)
    return conflict


def texts(db: Path, journal: Exercise, key: Any = None) -> dict[str, str]:
    return {e["id"]: e["text"] for e in AnswerStore(db, read_only=True, key=key).get(journal.id)}


@pytest.mark.parametrize("tool", NAMES)
def test_each_tools_conflict_copy_is_merged_and_moved_to_the_backups(
        laptop: Path, journal: Exercise, workbook: Workbook, tool: str) -> None:
    conflict = copy_from_desktop(laptop, journal, NAMES[tool],
                                 {"desk-1": "at my desk", "desk-2": "a long walk"})
    write(laptop, journal, {"train": "on the train"})
    for name in NOT_CONFLICTS:
        (laptop.parent / name).write_text("not a conflict copy")
    assert [c.path for c in conflict_copies(laptop)] == [conflict]
    kept_bytes = conflict.read_bytes()
    store = AnswerStore(laptop)
    result = merge_conflict_copies(store, {journal.id: journal.kind})
    store.close()
    assert result.ok
    lines = "\n".join(result.lines())
    assert "Merged a copy from another machine" in lines
    assert "2 journal entries added" in lines, lines
    assert texts(laptop, journal) == {"shared": "the first night", "train": "on the train",
                                      "desk-1": "at my desk", "desk-2": "a long walk"}
    assert not conflict.exists(), "moved out of the synced folder"
    (kept,) = [b for b in list_backups(laptop) if b.label == "conflict-copy"]
    assert kept.path.read_bytes() == kept_bytes, "kept as it was, listed with the backups"
    assert kept.name in lines
    for name in NOT_CONFLICTS:
        assert (laptop.parent / name).read_text() == "not a conflict copy"


def test_nothing_to_do_and_merging_again_changes_nothing(laptop: Path, journal: Exercise) -> None:
    store = AnswerStore(laptop)
    assert merge_conflict_copies(store).nothing
    store.close()
    before = laptop.read_bytes()
    # A copy holding nothing new (the tool kept the same words twice).
    shutil.copyfile(laptop, laptop.parent / NAMES["syncthing"])
    store = AnswerStore(laptop)
    result = merge_conflict_copies(store)
    store.close()
    assert "nothing new" in "\n".join(result.lines())
    assert laptop.read_bytes() == before
    assert not (laptop.parent / NAMES["syncthing"]).exists()


def other_workbook(tmp_path: Path, journal: Exercise) -> bytes:
    db = tmp_path / "someone-else" / "workbook.json"
    write(db, journal, {"theirs": "a different workbook"})
    return db.read_bytes()


def schema_2(laptop: Path) -> bytes:
    data = json.loads(laptop.read_text())
    data["meta"]["1"]["schema"] = 2
    return json.dumps(data).encode()


BAD_COPIES = {
    "damaged": (lambda laptop, tmp: laptop.read_bytes()[: len(laptop.read_bytes()) // 2],
                "is damaged: the file is not valid JSON"),
    "empty": (lambda laptop, tmp: b"", "is damaged: the file is empty"),
    "older-schema": (lambda laptop, tmp: schema_2(laptop),
                     "another version of Heartbreak Workbook (schema 2"),
    "newer-schema": (lambda laptop, tmp: laptop.read_bytes().replace(
        b'"schema":3', b'"schema":99'), "another version of Heartbreak Workbook (schema 99"),
    "another-workbook": (None, "is a different workbook"),
    "decoy-json": (lambda laptop, tmp: b'{"hello": {"1": {"world": true}}, "meta": {"1": '
                                      b'{"schema": 3}}}', "not a workbook file"),
    "decoy-entries": (lambda laptop, tmp: b'{"entries": {"1": {"text": "hi"}}, "meta": {"1": '
                                         b'{"schema": 3}}}', "not a workbook file"),
    "decoy-text": (lambda laptop, tmp: b"Remember to buy milk\n", "is damaged"),
    "encrypted": (lambda laptop, tmp: b"age-encryption.org/v1\n-> X25519 abc\n",
                  "is encrypted, but this workbook is not"),
}


@pytest.mark.parametrize("case", BAD_COPIES)
def test_a_bad_copy_is_named_and_left_untouched_and_nothing_is_merged(
        laptop: Path, journal: Exercise, tmp_path: Path, case: str) -> None:
    make, problem = BAD_COPIES[case]
    data = other_workbook(tmp_path, journal) if make is None else make(laptop, tmp_path)
    conflict = laptop.parent / NAMES["syncthing"]
    conflict.write_bytes(data)
    before = laptop.read_bytes()
    store = AnswerStore(laptop)
    result = merge_conflict_copies(store)
    store.close()
    assert not result.ok
    (line,) = result.problems()
    assert line.startswith(f"Not merged: {conflict.name} ") and problem in line, line
    assert "left where it is, unchanged" in line
    assert laptop.read_bytes() == before, "nothing merged"
    assert conflict.read_bytes() == data, "nothing deleted or changed"
    assert not [b for b in list_backups(laptop) if b.label]


def test_a_link_or_folder_named_like_a_copy_is_refused(laptop: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    shutil.copyfile(laptop, secret)
    (laptop.parent / NAMES["syncthing"]).symlink_to(secret)
    (laptop.parent / NAMES["nextcloud"]).mkdir()
    store = AnswerStore(laptop)
    result = merge_conflict_copies(store)
    store.close()
    assert len(result.problems()) == 2 and "cannot be read" in result.problems()[0]
    assert (laptop.parent / NAMES["syncthing"]).is_symlink() and secret.exists()


def test_a_good_copy_merges_beside_a_bad_one(laptop: Path, journal: Exercise) -> None:
    copy_from_desktop(laptop, journal, NAMES["dropbox"], {"desk": "at my desk"})
    bad = laptop.parent / NAMES["syncthing"]
    bad.write_bytes(b"{")
    store = AnswerStore(laptop)
    result = merge_conflict_copies(store)
    store.close()
    assert len(result.merged) == 1 and len(result.refused) == 1 and not result.ok
    assert texts(laptop, journal)["desk"] == "at my desk"
    assert bad.read_bytes() == b"{"


def test_every_workbook_has_an_identity_and_an_old_ones_is_the_same_on_each_copy(
        laptop: Path, tmp_path: Path) -> None:
    meta = AnswerStore(laptop, read_only=True).meta()
    assert isinstance(meta[IDENTITY], str) and len(meta[IDENTITY]) == 16
    other = tmp_path / "b" / "workbook.json"
    AnswerStore(other).close()
    # An older workbook, without one: two copies derive the same one from when it began.
    data = json.loads(laptop.read_text())
    del data["meta"]["1"][IDENTITY]
    ids = set()
    for name in ("one", "two"):
        copy = tmp_path / name / "workbook.json"
        copy.parent.mkdir()
        copy.write_text(json.dumps(data))
        store = AnswerStore(copy)
        store.set_setting("seen", name)
        store.save()
        store.close()
        ids.add(AnswerStore(copy, read_only=True).meta()[IDENTITY])
    assert len(ids) == 1 and ids != {meta[IDENTITY]}


def test_encrypted_copies_merge_with_the_same_key_and_no_plain_words_on_disk(
        laptop: Path, journal: Exercise, tmp_path: Path) -> None:
    from workbook.core.storage.conversion import encrypt_workbook
    from workbook.core.storage.encryption import is_encrypted, key_path, unlock

    encrypt_workbook(laptop, "correct horse")
    key = unlock(laptop, "correct horse")
    conflict = copy_from_desktop(laptop, journal, NAMES["nextcloud"],
                                 {"desk": "marmalade mornings at my desk"}, key)
    shutil.copyfile(key_path(laptop), key_path(conflict.parent.parent / "desktop" /
                                              "workbook.json"))
    write(laptop, journal, {"train": "marmalade on the train"}, key)
    store = AnswerStore(laptop, key=key)
    result = merge_conflict_copies(store)
    store.close()
    assert result.ok, result.lines()
    assert is_encrypted(laptop)
    assert texts(laptop, journal, key) == {"shared": "the first night",
                                           "desk": "marmalade mornings at my desk",
                                           "train": "marmalade on the train"}
    (kept,) = [b for b in list_backups(laptop) if b.label == "conflict-copy"]
    assert is_encrypted(kept.path)
    for root, _dirs, files in os.walk(laptop.parent):
        for name in files:
            assert b"marmalade" not in (Path(root) / name).read_bytes(), name


def test_a_file_put_in_place_is_merged_unless_it_is_another_workbook(
        laptop: Path, journal: Exercise, tmp_path: Path) -> None:
    """What a sync tool puts in place of the open file: the same workbook is merged in,
    entry by entry; a different one is never merged (a save keeps it as a backup)."""
    store = AnswerStore(laptop)
    desktop = tmp_path / "desktop.json"
    shutil.copyfile(laptop, desktop)
    write(desktop, journal, {"desk": "at my desk"})
    os.replace(desktop, laptop)
    merged = store.catch_up({journal.id: "journal"})
    assert merged.lines() == ["1 journal entry added"]
    assert not store.dirty, "the file already holds it all: nothing to write"
    assert store.catch_up() is None, "once is enough"
    stranger = tmp_path / "stranger" / "workbook.json"
    write(stranger, journal, {"theirs": "a different workbook"})
    os.replace(stranger, laptop)
    assert store.catch_up() is None
    assert "theirs" not in {e["id"] for e in store.get(journal.id)}
    store.set_setting("typed", "here")
    store.save()
    assert "Its version is kept as the backup" in store.take_news()[0]
    store.close()
    assert [b.label for b in list_backups(laptop) if b.label] == ["other-writer"]
    assert set(texts(laptop, journal)) == {"shared", "desk"}


def test_a_save_still_running_when_the_workbook_locks_writes_nothing(
        laptop: Path, journal: Exercise) -> None:
    """The app closes an encrypted store when it locks itself (dropping the key); a
    merge still running in a thread that saves then writes nothing, never plain words."""
    from workbook.core.storage.conversion import encrypt_workbook
    from workbook.core.storage.encryption import is_encrypted, unlock

    encrypt_workbook(laptop, "correct horse")
    key = unlock(laptop, "correct horse")
    store = AnswerStore(laptop, key=key)
    before = store.get(journal.id)
    store.set(journal.id, [*before, entry("desk", "marmalade")], kind="journal", before=before)
    store.close()  # the lock, while the merge's thread is between its change and its save
    assert store.save() is False
    assert is_encrypted(laptop) and b"marmalade" not in laptop.read_bytes()


def test_words_typed_while_a_copy_is_merged_are_kept(laptop: Path, journal: Exercise,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The merge runs beside the person's typing (off the UI thread, without holding
    the store): an entry written while it runs is kept, never replaced by the merge."""
    from workbook.core import merge as merging

    copy_from_desktop(laptop, journal, NAMES["syncthing"], {"desk": "at my desk"})
    store = AnswerStore(laptop)
    real_merge = merging.merge
    typed: list[bool] = []

    def merge_while_typing(ours, theirs):
        if not typed:  # the person types during the first merge
            typed.append(True)
            before = store.get(journal.id)
            store.set(journal.id, [*before, entry("typed", "typed meanwhile")], kind="journal",
                      before=before)
        return real_merge(ours, theirs)

    monkeypatch.setattr(merging, "merge", merge_while_typing)
    result = merge_conflict_copies(store)
    store.close()
    assert result.ok and typed
    assert set(texts(laptop, journal)) == {"shared", "desk", "typed"}
