"""Every other command on an encrypted workbook: what asks, what never asks, what it writes."""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import pytest

from tests.encryption_helpers import make_workbook
from tests.storage_helpers import folder_state
from workbook.cli import main
from workbook.core.storage.backups import list_backups
from workbook.core.storage.conversion import encrypt_workbook
from workbook.core.storage.encryption import looks_encrypted, unlock

PASSPHRASE = "rain on the window"


@pytest.fixture(scope="module")
def template(tmp_path_factory, workbook) -> tuple[Path, list[str]]:
    """Encrypted once for the module; each test gets a copy."""
    db = tmp_path_factory.mktemp("encrypted") / "data" / "workbook.json"
    words, _ = make_workbook(db, workbook, sessions=2)
    encrypt_workbook(db, PASSPHRASE)
    return db, words


@pytest.fixture
def encrypted(template, db: Path, monkeypatch) -> tuple[Path, list[str]]:
    source, words = template
    shutil.copytree(source.parent, db.parent)
    monkeypatch.delenv("WORKBOOK_PASSPHRASE", raising=False)
    return db, words


def test_status_short_says_locked_and_asks_nothing(encrypted, capsys, monkeypatch):
    db, words = encrypted
    monkeypatch.setattr("workbook.cli.unlock.getpass", lambda prompt: pytest.fail("it asked"))
    assert main(["status", "--short", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out == "Heartbreak Workbook: locked. Type 'workbook' to open it.\n"


@pytest.mark.parametrize("argv", [
    ["status"], ["export", "-o", "-"], ["backups"], ["restore", "NEWEST", "--yes"], ["import", "FILE"],
])
def test_the_other_commands_ask_for_the_passphrase(encrypted, tmp_path, capsys, monkeypatch, argv):
    db, _ = encrypted
    backup = tmp_path / "backup.json"
    backup.write_text('{"format": "heartbreak-workbook-backup"}')
    names = {"NEWEST": list_backups(db)[0].name, "FILE": str(backup)}
    argv = [names.get(word, word) for word in argv]
    before = folder_state(db.parent)
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("workbook.cli.unlock.getpass",
                        lambda prompt: asked.append(prompt) or "not it")
    assert main([*argv, "--db", str(db)]) == 1
    assert asked == ["Passphrase for workbook.json: "]
    assert "that passphrase does not open" in capsys.readouterr().err
    assert folder_state(db.parent) == before


def test_status_with_the_passphrase_shows_progress(encrypted, capsys, monkeypatch):
    db, _ = encrypted
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", PASSPHRASE)
    assert main(["status", "--db", str(db)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert re.fullmatch(r"You've written in [1-9]\d* exercises?; you last wrote today\.", last)


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_plain_exports_are_private_and_say_they_are_not_encrypted(encrypted, tmp_path, capsys,
                                                                  monkeypatch, fmt):
    db, words = encrypted
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", PASSPHRASE)
    target = tmp_path / f"out.{fmt}"
    assert main(["export", "--format", fmt, "-o", str(target), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"Note: out.{fmt} is not encrypted" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert any(word in text for word in words)


def test_json_export_encrypt_round_trips_through_import(encrypted, tmp_path, capsys, monkeypatch):
    db, words = encrypted
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", PASSPHRASE)
    target = tmp_path / "backup.json"
    assert main(["export", "--format", "json", "--encrypt", "-o", str(target), "--db", str(db)]) == 0
    raw = target.read_bytes()
    assert looks_encrypted(raw)
    assert not any(word.encode() in raw for word in words)
    assert "backup.json is encrypted" in capsys.readouterr().out
    assert main(["import", str(target), "--yes", "--db", str(db)]) == 0
    # The workbook stays encrypted after the import, and holds the words.
    assert looks_encrypted(db.read_bytes())
    plain = unlock(db, PASSPHRASE).decrypt(db, db.read_bytes())
    assert words[-1].encode() in plain


def test_encrypt_flag_needs_json_and_an_encrypted_workbook(db, workbook, tmp_path, capsys):
    make_workbook(db, workbook, sessions=1)
    assert main(["export", "--format", "md", "--encrypt", "--db", str(db)]) == 2
    assert "only a JSON backup can be encrypted" in capsys.readouterr().err
    out = tmp_path / "b.json"
    assert main(["export", "--format", "json", "--encrypt", "-o", str(out), "--db", str(db)]) == 1
    assert "run 'workbook encrypt' first" in capsys.readouterr().err
    assert not out.exists()


def test_restore_keeps_the_workbook_encrypted(encrypted, capsys, monkeypatch):
    db, words = encrypted
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", PASSPHRASE)
    oldest = list_backups(db)[-1]
    assert main(["backups", "--db", str(db)]) == 0
    assert oldest.name in capsys.readouterr().out
    assert main(["restore", oldest.name, "--yes", "--db", str(db)]) == 0
    raw = db.read_bytes()
    assert looks_encrypted(raw)
    assert not any(word.encode() in raw for word in words)
    assert all(looks_encrypted(b.path.read_bytes()) for b in list_backups(db))
