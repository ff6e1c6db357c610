"""`workbook export` and `workbook import`, run as real processes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.export_hostile import SCRIPT, fill_hostile
from tests.storage_helpers import another_session
from workbook.core.content import Workbook
from workbook.core.storage import AnswerStore


def run(*args: str, cwd: Path, stdin: Any = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    """The real `workbook` command, in `cwd`."""
    return subprocess.run([sys.executable, "-m", "workbook", *args], cwd=cwd, stdin=stdin,
                          capture_output=True, text=True, env=dict(os.environ), timeout=120)


def one_line_failure(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.fixture
def filled(tmp_path: Path, workbook: Workbook) -> Path:
    db = tmp_path / "data" / "workbook.json"
    fill_hostile(db, workbook)
    return db


def folder_state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_export_writes_a_private_file_with_a_dated_name(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run("export", "--db", str(filled), cwd=out)
    assert result.returncode == 0, result.stderr
    name = f"heartbreak-workbook-{datetime.now():%Y-%m-%d}.md"
    written = out / name
    assert str(written) in result.stdout  # the full path
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert "\\<script>alert(1)\\</script>" in written.read_text(encoding="utf-8")
    assert [p.name for p in out.iterdir()] == [name]  # no temporary file left behind


def test_never_overwrites_without_force(filled: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.html"
    target.write_text("my own notes")
    refused = run("export", "--db", str(filled), "--format", "html", "-o", str(target), cwd=tmp_path)
    assert "already exists" in one_line_failure(refused) and "--force" in refused.stderr
    assert target.read_text() == "my own notes"
    forced = run("export", "--db", str(filled), "--format", "html", "-o", str(target), "--force",
                 cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_dash_writes_to_stdout_only(filled: Path, tmp_path: Path) -> None:
    result = run("export", "--db", str(filled), "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Heartbreak Workbook\n")
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".md"]


def test_steps_choose_what_is_exported(filled: Path, tmp_path: Path, workbook: Workbook) -> None:
    only = run("export", "--db", str(filled), "--steps", "4", "-o", "-", cwd=tmp_path).stdout
    assert f"## Step 4. {workbook.step(4).title}" in only
    assert "## Step 1." not in only
    both = run("export", "--db", str(filled), "--steps", "1,4", "--all", "-o", "-", cwd=tmp_path).stdout
    assert "## Step 1." in both and "## Step 4." in both and "## Step 2." not in both
    assert "(not answered yet)" in both


@pytest.mark.parametrize("steps, words", [("12", "no step 12"), ("1,x", "'x' is not a step number"),
                                          ("0", "no step 0")])
def test_a_bad_step_number_writes_nothing(filled: Path, tmp_path: Path, steps: str, words: str) -> None:
    before = folder_state(filled.parent)
    result = run("export", "--db", str(filled), "--steps", steps, cwd=filled.parent)
    assert words in one_line_failure(result)
    assert folder_state(filled.parent) == before


def test_an_unwritable_place_gets_one_line(filled: Path, tmp_path: Path) -> None:
    before = folder_state(filled.parent)
    missing = run("export", "--db", str(filled), "-o", str(tmp_path / "nope" / "x.md"), cwd=tmp_path)
    assert "does not exist" in one_line_failure(missing)
    folder = run("export", "--db", str(filled), "-o", str(tmp_path), cwd=tmp_path)
    assert "is a folder" in one_line_failure(folder)
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert "may not write" in one_line_failure(
            run("export", "--db", str(filled), "-o", str(locked / "x.md"), cwd=tmp_path))
    proc = run("export", "--db", str(filled), "-o", "/proc/workbook-export.md", cwd=tmp_path)
    one_line_failure(proc)
    assert folder_state(filled.parent) == before
    assert not list(tmp_path.glob("*.md")) and not (tmp_path / "nope").exists()


def test_blank_needs_no_answers(tmp_path: Path, workbook: Workbook) -> None:
    result = run("export", "--db", str(tmp_path / "none.json"), "--blank", "--format", "html",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = next(tmp_path.glob("heartbreak-workbook-blank-*.html")).read_text(encoding="utf-8")
    for step in workbook.steps:
        assert f"Step {step.number}. " in page
    assert not (tmp_path / "none.json").exists()  # reading never creates the database


def test_json_options_that_do_not_apply_are_refused(filled: Path, tmp_path: Path) -> None:
    result = run("export", "--db", str(filled), "--format", "json", "--steps", "1", cwd=tmp_path)
    assert result.returncode == 2
    assert "whole workbook" in one_line_failure(result)


def test_backup_round_trip_is_byte_identical(filled: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    fresh = tmp_path / "elsewhere" / "workbook.json"
    assert run("export", "--db", str(filled), "--format", "json", "-o", str(first),
               cwd=tmp_path).returncode == 0
    imported = run("import", str(first), "--db", str(fresh), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert run("export", "--db", str(fresh), "--format", "json", "-o", str(second),
               cwd=tmp_path).returncode == 0
    if first.read_bytes() != second.read_bytes():
        a, b = first.read_text(), second.read_text()
        at = next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
        raise AssertionError(f"{a[at - 400:at + 80]}\n----\n{b[at - 400:at + 80]}")
    original, restored = AnswerStore(filled, read_only=True), AnswerStore(fresh, read_only=True)
    assert restored.raw_answers() == original.raw_answers()  # every answer, control characters too
    assert restored.setting("theme") == "textual-dark"
    backup = json.loads(first.read_text(encoding="utf-8"))
    assert backup["format"] == "heartbreak-workbook-backup" and backup["version"] == 2
    assert SCRIPT in first.read_text(encoding="utf-8")  # readable, not \u-escaped


def write_backup(path: Path, answers: dict[str, tuple[str, Any]], **extra: Any) -> Path:
    data = {"format": "heartbreak-workbook-backup", "version": 1, "schema": 1,
            "answers": {ex: {"updated": when, "value": value} for ex, (when, value) in answers.items()},
            "settings": {}, "meta": {}, **extra}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def stored(db: Path) -> dict[str, Any]:
    return AnswerStore(db, read_only=True).answers()


def make_db(db: Path, answers: dict[str, tuple[str, Any]]) -> Path:
    store = AnswerStore(db)
    store.replace_all({ex: {"value": value, "updated": when} for ex, (when, value) in answers.items()})
    store.save()
    store.close()
    return db


def test_merge_keeps_the_newer_answer_of_each_exercise(tmp_path: Path) -> None:
    db = make_db(tmp_path / "workbook.json", {
        "a": ("2025-03-01T10:00:00+00:00", "mine, newer"),
        "b": ("2025-03-01T10:00:00+00:00", "mine, older"),
        "c": ("2025-03-01T10:00:00+00:00", "only mine"),
    })
    backup = write_backup(tmp_path / "backup.json", {
        "a": ("2025-02-01T10:00:00+00:00", "theirs, older"),
        "b": ("2025-03-01T12:00:00+01:00", "theirs, an hour later in UTC"),  # 11:00 UTC
        "d": ("2025-01-01T00:00:00+00:00", "only theirs"),
    })
    result = run("import", str(backup), "--merge", "--db", str(db), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert stored(db) == {"a": "mine, newer", "b": "theirs, an hour later in UTC",
                          "c": "only mine", "d": "only theirs"}
    assert list((tmp_path / "backups").glob("workbook-*.json"))  # the old one was kept


def test_replacing_asks_first(tmp_path: Path) -> None:
    db = make_db(tmp_path / "workbook.json", {"a": ("2025-03-01T10:00:00+00:00", "mine")})
    before = db.read_bytes()
    backup = write_backup(tmp_path / "backup.json", {"b": ("2025-03-01T10:00:00+00:00", "theirs")})
    no_tty = run("import", str(backup), "--db", str(db), cwd=tmp_path)
    assert "--yes" in one_line_failure(no_tty)
    assert db.read_bytes() == before
    assert answer_on_a_terminal(tmp_path, ["import", str(backup), "--db", str(db)], "n\n") != 0
    assert db.read_bytes() == before
    assert answer_on_a_terminal(tmp_path, ["import", str(backup), "--db", str(db)], "y\n") == 0
    assert stored(db) == {"b": "theirs"}


def answer_on_a_terminal(cwd: Path, args: list[str], typed: str) -> int:
    """Run with stdin on a pseudo-terminal, type `typed`, return the exit status."""
    import pty

    main, child = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "workbook", *args], cwd=cwd, stdin=child,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        os.write(main, typed.encode())
        out, err = process.communicate(timeout=120)
    finally:
        os.close(main)
        os.close(child)
    assert "[y/N]" in out, (out, err)
    return process.returncode


def test_yes_replaces_without_asking(tmp_path: Path) -> None:
    db = make_db(tmp_path / "workbook.json", {"a": ("2025-03-01T10:00:00+00:00", "mine")})
    backup = write_backup(tmp_path / "backup.json", {"b": ("2025-03-01T10:00:00+00:00", "theirs")})
    result = run("import", str(backup), "--db", str(db), "--yes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert stored(db) == {"b": "theirs"}
    kept = list((tmp_path / "backups").glob("workbook-*.json"))
    assert len(kept) == 1 and AnswerStore(kept[0], read_only=True).answers() == {"a": "mine"}


@pytest.mark.parametrize("content, words", [
    (b"not json at all", "not a workbook backup"),
    (b'{"answers": {}}', "not a workbook backup"),
    (b"\xff\xfe", "not UTF-8"),
    (b'{"format": "heartbreak-workbook-backup", "version": 3, "answers": {}}', "newer Heartbreak Workbook"),
    (b'{"format": "heartbreak-workbook-backup", "version": 1, "schema": 99, "answers": {}}', "newer"),
    (b'{"format": "heartbreak-workbook-backup", "version": 1, "answers": {"x": {"updated": "now"}}}',
     'answer "x" has no "value"'),
    (b'{"format": "heartbreak-workbook-backup", "version": 1, "answers": {"grieve-losses": {"value": 3}}}',
     "does not hold a grid answer"),
])
def test_a_file_that_is_not_a_usable_backup_changes_nothing(tmp_path: Path, content: bytes,
                                                            words: str) -> None:
    db = make_db(tmp_path / "data" / "workbook.json", {"a": ("2025-03-01T10:00:00+00:00", "mine")})
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = folder_state(tmp_path / "data")
    for extra in ([], ["--yes"], ["--merge"]):
        result = run("import", str(bad), "--db", str(db), *extra, cwd=tmp_path)
        assert words in one_line_failure(result)
    assert folder_state(tmp_path / "data") == before


def test_import_refuses_while_the_workbook_is_open_elsewhere(tmp_path: Path) -> None:
    db = make_db(tmp_path / "workbook.json", {"a": ("2025-03-01T10:00:00+00:00", "mine")})
    backup = write_backup(tmp_path / "backup.json", {"b": ("2025-03-01T10:00:00+00:00", "theirs")})
    before = db.read_bytes()
    with another_session(db):
        result = run("import", str(backup), "--db", str(db), "--yes", cwd=tmp_path)
        assert "open in another" in one_line_failure(result)
    assert db.read_bytes() == before


def test_a_missing_backup_file(tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nowhere.json"), "--db", str(tmp_path / "w.json"), cwd=tmp_path)
    assert "no such file" in one_line_failure(result)
    assert not (tmp_path / "w.json").exists()


def test_words_each_week_are_the_same_in_the_app_and_the_export(tmp_path, workbook) -> None:
    """One rule, in the core: the journey screen's words per week (`trends.journey` on the
    stored answers) and the export's table count a letter in the week it last changed."""
    from datetime import UTC

    from tests.conftest import first_of_kind
    from workbook.core import clock
    from workbook.core.trends import journey

    db = tmp_path / "db.json"
    store = AnswerStore(db)
    journal, letter = first_of_kind(workbook, "journal"), first_of_kind(workbook, "letter")
    store.set(journal.id, [
        {"id": "a", "created": "2026-01-05T09:00:00+00:00", "text": "one two three"},
        {"id": "b", "created": "2026-01-13T09:00:00+00:00", "text": "four five"},
    ])
    clock.pin(datetime(2026, 1, 21, 10, 0, tzinfo=UTC))
    try:
        store.set(letter.id, {"to": "", "body": "a letter of seven words, all told"})
    finally:
        clock.pin(None)
    store.save()
    in_app = [words for _, words in journey(workbook, store.raw_answers()).weeks]
    store.close()
    assert in_app == [3, 2, 7]
    done = subprocess.run([sys.executable, "-m", "workbook", "export", "--db", str(db),
                           "--format", "md", "-o", "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    table = done.stdout[done.stdout.index("### Words written each week"):]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert [int(row.split("|")[2]) for row in rows[1:]] == in_app


def test_import_counts_what_it_restores_as_status_does(tmp_path, workbook) -> None:
    """No "3 answers" beside "2 exercises": the import says exercises written in, as
    `workbook status` does, and names the answers saved in all apart."""
    from tests.conftest import first_of_kind

    source_db, target_db = tmp_path / "a" / "db.json", tmp_path / "b" / "db.json"
    store = AnswerStore(source_db)
    letter, scale = first_of_kind(workbook, "letter"), first_of_kind(workbook, "scale")
    checkin = first_of_kind(workbook, "checkin")
    store.set(letter.id, {"to": "", "body": "Dear me"})
    store.set(scale.id, 4)
    store.set_draft(checkin.id, {"note": "half a thought"})
    store.set("an-exercise-the-content-no-longer-asks", {"now": "words from before"})
    store.save()
    store.close()
    backup = tmp_path / "backup.json"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "workbook", *args], capture_output=True,
                              text=True)

    assert run("export", "--db", str(source_db), "--format", "json", "-o", str(backup)).returncode == 0
    done = run("import", str(backup), "--db", str(target_db), "--yes")
    assert done.returncode == 0, done.stderr
    assert ("written in 2 exercises (3 answers saved in all, some cleared or no longer asked)"
            in done.stdout), done.stdout
    assert "You've written in 2 exercises" in run("status", "--db", str(target_db)).stdout
