"""`workbook encrypt`, `decrypt` and `passphrase`: what a person types and what lands on disk.

Key files are sealed at test strength (tests/quick_scrypt.py): a passphrase
costs a millisecond of scrypt here, not age's second.
"""

from __future__ import annotations

import json
import stat

import pytest

from tests.encryption_helpers import make_workbook
from tests.storage_helpers import folder_state
from workbook.cli import main
from workbook.core.storage import AnswerStore
from workbook.core.storage.encryption import key_path, looks_encrypted, unlock

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


def test_encrypt_leaves_no_word_and_no_exercise_id_on_disk(db, workbook, passphrase, capsys):
    words, ids = make_workbook(db, workbook, sessions=3)
    before = folder_state(db.parent)
    assert any(words[0].encode() in raw for raw in before.values())  # the test can see them

    assert main(["encrypt", "--db", str(db)]) == 0

    out = capsys.readouterr().out
    assert f"Its key file is {key_path(db)}" in out
    assert "2 backups were encrypted too" in out
    after = folder_state(db.parent)
    for name, raw in after.items():
        if name.endswith(".lock"):
            continue
        assert looks_encrypted(raw), f"{name} is not encrypted"
        for secret in [*words, *ids]:
            assert secret.encode() not in raw, f"{secret!r} is readable in {name}"
    assert stat.S_IMODE(key_path(db).stat().st_mode) == 0o600
    # The plain bytes come back exactly as they were, backups too.
    key = unlock(db, PASSPHRASE)
    for name, raw in before.items():
        if not name.endswith(".lock"):
            assert key.decrypt(db.parent / name, after[name]) == raw
    # A later session (its backup, its saves) writes nothing readable either.
    store = AnswerStore(db, key=key)
    store.set(ids[0], {"later": "written after encrypting, pumpernickel"})
    store.save()
    store.close()
    later = folder_state(db.parent)
    assert len(later) == len(after) + 1  # one more backup
    for name, raw in later.items():
        if not name.endswith(".lock"):
            assert looks_encrypted(raw)
            for secret in [*words, *ids, "pumpernickel"]:
                assert secret.encode() not in raw, f"{secret!r} is readable in {name}"


def test_decrypt_asks_first_then_gives_back_the_same_plain_files(db, workbook, passphrase,
                                                                 monkeypatch, capsys):
    make_workbook(db, workbook, sessions=2)
    before = folder_state(db.parent)
    assert main(["encrypt", "--db", str(db)]) == 0
    encrypted = folder_state(db.parent)

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda question: "n")
    assert main(["decrypt", "--db", str(db)]) == 1
    assert "Nothing was changed" in capsys.readouterr().out
    assert folder_state(db.parent) == encrypted

    monkeypatch.setattr("builtins.input", lambda question: "yes")
    assert main(["decrypt", "--db", str(db)]) == 0
    assert "plain again" in capsys.readouterr().out
    assert folder_state(db.parent) == before
    assert not key_path(db).exists()


def test_passphrase_change_rewrites_only_the_key_file(db, workbook, passphrase, monkeypatch, capsys):
    make_workbook(db, workbook, sessions=2)
    assert main(["encrypt", "--db", str(db)]) == 0
    before = folder_state(db.parent)
    monkeypatch.setenv("WORKBOOK_NEW_PASSPHRASE", "a new one")
    assert main(["passphrase", "--db", str(db)]) == 0
    after = folder_state(db.parent)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {key_path(db).name}
    assert json.loads(unlock(db, "a new one").decrypt(db, db.read_bytes()))
    with pytest.raises(Exception, match="does not open"):
        unlock(db, PASSPHRASE)


@pytest.mark.parametrize("command", ["passphrase", "decrypt", "encrypt"])
def test_a_wrong_passphrase_changes_nothing(db, workbook, passphrase, monkeypatch, capsys, command):
    make_workbook(db, workbook, sessions=2)
    assert main(["encrypt", "--db", str(db)]) == 0
    before = folder_state(db.parent)
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", "not it")
    monkeypatch.setenv("WORKBOOK_NEW_PASSPHRASE", "whatever")
    capsys.readouterr()
    assert main([command, "--db", str(db), *(["--yes"] if command == "decrypt" else [])]) == 1
    err = capsys.readouterr().err
    assert f"that passphrase does not open {key_path(db)}; nothing was changed" in err
    assert "Traceback" not in err
    assert folder_state(db.parent) == before


def test_missing_damaged_or_foreign_key_file_is_named_and_changes_nothing(
        db, workbook, passphrase, tmp_path, capsys):
    make_workbook(db, workbook, sessions=1)
    other = tmp_path / "other" / "workbook.json"
    make_workbook(other, workbook, sessions=1)
    assert main(["encrypt", "--db", str(db)]) == 0
    assert main(["encrypt", "--db", str(other)]) == 0
    key = key_path(db)
    good_key = key.read_bytes()
    capsys.readouterr()

    def refused(expected: str) -> None:
        before = folder_state(db.parent)
        assert main(["decrypt", "--yes", "--db", str(db)]) == 1
        err = capsys.readouterr().err
        assert expected in err and "Traceback" not in err, err
        assert folder_state(db.parent) == before

    key.unlink()
    refused(f"{key} is missing: it holds the key that opens {db}")
    key.write_bytes(b'{"not": "a key"}')
    refused(f"{key} is damaged")
    key.write_bytes(good_key[:80])
    refused(f"{key} is damaged")
    key.write_bytes(key_path(other).read_bytes())
    refused(f"{db} was not encrypted with the key in {key}")


def test_without_a_terminal_or_the_variable_it_says_how(db, workbook, monkeypatch, capsys):
    make_workbook(db, workbook, sessions=1)
    monkeypatch.delenv("WORKBOOK_PASSPHRASE", raising=False)
    before = folder_state(db.parent)
    assert main(["encrypt", "--db", str(db)]) == 1
    assert "run this in a terminal, or set WORKBOOK_PASSPHRASE" in capsys.readouterr().err
    assert folder_state(db.parent) == before


def typing(monkeypatch: pytest.MonkeyPatch, *typed: str) -> None:
    """The person at a terminal types these, one per prompt."""
    monkeypatch.delenv("WORKBOOK_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(typed)
    monkeypatch.setattr("workbook.cli.unlock.getpass", lambda prompt: next(answers))


def test_three_mismatched_passphrases_change_nothing(db, workbook, monkeypatch, capsys):
    make_workbook(db, workbook, sessions=1)
    typing(monkeypatch, "first try", "first tyr", "second go", "secnod go", "third time", "thrid")
    before = folder_state(db.parent)
    assert main(["encrypt", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "The two passphrases differ. Let's try again (2 more tries)." in err
    assert "(1 more try)" in err
    assert "the two passphrases differ; nothing was changed" in err
    assert folder_state(db.parent) == before


def test_a_mismatch_is_asked_again_and_the_second_try_encrypts(db, workbook, monkeypatch, capsys):
    make_workbook(db, workbook, sessions=1)
    typing(monkeypatch, "first try", "first tyr", "first try", "first try")
    assert main(["encrypt", "--db", str(db)]) == 0
    assert "The two passphrases differ. Let's try again" in capsys.readouterr().err
    assert unlock(db, "first try")


def test_a_short_passphrase_is_refused_with_the_reason(db, workbook, monkeypatch, capsys):
    make_workbook(db, workbook, sessions=1)
    typing(monkeypatch, "x", "long enough now", "long enough now")
    assert main(["encrypt", "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "A passphrase needs at least 8 characters (this one has 1)" in err
    assert unlock(db, "long enough now")


def test_a_short_passphrase_from_the_environment_is_refused(db, workbook, monkeypatch, capsys):
    make_workbook(db, workbook, sessions=1)
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", "abc")
    before = folder_state(db.parent)
    assert main(["encrypt", "--db", str(db)]) == 1
    assert ("WORKBOOK_PASSPHRASE: a passphrase needs at least 8 characters (this one has 3)"
            in capsys.readouterr().err)
    assert folder_state(db.parent) == before


def test_no_workbook_yet_and_not_encrypted_are_said_plainly(db, passphrase, workbook, capsys):
    assert main(["encrypt", "--db", str(db)]) == 1
    assert f"there is no workbook at {db} yet" in capsys.readouterr().err
    make_workbook(db, workbook, sessions=1)
    assert main(["passphrase", "--db", str(db)]) == 1
    assert "is not encrypted: 'workbook encrypt' turns encryption on" in capsys.readouterr().err
    assert main(["decrypt", "--db", str(db)]) == 0
    assert "is not encrypted; nothing to do" in capsys.readouterr().out


def test_decrypt_keeps_a_damaged_backup_and_the_key_it_needs(db, workbook, passphrase, capsys):
    make_workbook(db, workbook, sessions=3)
    assert main(["encrypt", "--db", str(db)]) == 0
    damaged, *others = sorted((db.parent / "backups").glob("*.json"))
    damaged.write_bytes(damaged.read_bytes()[:120])  # cut off mid-file
    cut = damaged.read_bytes()
    capsys.readouterr()
    assert main(["decrypt", "--yes", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "1 damaged file(s) could not be decrypted and stay as they were" in out
    assert damaged.name in out
    assert damaged.read_bytes() == cut
    assert key_path(db).exists()  # still needed to try that backup again
    assert not looks_encrypted(db.read_bytes())
    assert all(not looks_encrypted(path.read_bytes()) for path in others)


def test_a_hostile_folder_name_is_printed_as_symbols(tmp_path, workbook, capsys):
    """File names pass the one gate too: an escape sequence in a folder name is shown, not obeyed."""
    db = tmp_path / "data\x1b]0;pwned\x07\x1b[2J" / "workbook.json"
    make_workbook(db, workbook, sessions=1)
    assert main(["decrypt", "--db", str(db), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "is not encrypted; nothing to do" in out
    assert "\x1b" not in out and "\x07" not in out


def test_encrypt_through_a_link_converts_the_real_file_and_keeps_the_link(
        tmp_path, workbook, passphrase, capsys):
    """--db as a symlink: the real file is encrypted, its key beside it, the link stays."""
    real = tmp_path / "vault" / "workbook.json"
    words, _ = make_workbook(real, workbook, sessions=1)
    link = tmp_path / "workbook-link.json"
    link.symlink_to(real)
    assert main(["encrypt", "--db", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == real
    assert looks_encrypted(real.read_bytes())
    assert key_path(real).exists() and not (tmp_path / "workbook-link.key.age").exists()
    assert not any(word.encode() in real.read_bytes() for word in words)
    assert main(["status", "--db", str(link)]) == 0


def test_encrypt_through_a_dangling_link_is_one_clear_line(tmp_path, passphrase, capsys):
    link = tmp_path / "workbook.json"
    link.symlink_to(tmp_path / "unmounted" / "workbook.json")
    assert main(["encrypt", "--db", str(link)]) == 1
    err = capsys.readouterr().err
    assert "does not exist (is its drive or vault mounted?)" in err
    assert link.is_symlink() and not link.exists()
