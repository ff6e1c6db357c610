"""Never lose a word, part two, on the storage side: real processes on real files.

A nearly full disk (a 64 KB tmpfs), another program replacing the file, a clock
a year ahead (`faketime`), and a reconnect at once after a hang-up. The app
runs as the real command line in tmux; its save delay is made very long where
a test needs to decide when it saves.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.cli.test_storage_signals import CONTENT
from tests.conftest import need_tool, skip_or_fail
from tests.e2e.tmux import Tmux, wait_for_condition
from workbook.core.storage import AnswerStore
from workbook.core.storage.backups import KEEP_LAST, back_up, list_backups

# The real command line with the save delay far longer than any test.
LAUNCH = (
    "import workbook.tui.autosave as autosave; autosave.SAVE_DELAY = {delay}; "
    "import workbook.tui.sync_watch as sync_watch; sync_watch.CHECK_EVERY = {every}; "
    "from workbook.cli import main; raise SystemExit(main())"
)


def words(db: Path) -> str | None:
    """What the one text field holds on disk."""
    value = AnswerStore(db, read_only=True).get("few-words")
    return value.get("now") if isinstance(value, dict) else None


def make_db(db: Path, text: str = "") -> Path:
    """A welcomed workbook, with `text` in the field if given."""
    store = AnswerStore(db)
    store.set_setting("welcomed", True)
    if text:
        store.set("few-words", {"now": text})
    store.save()
    store.close()
    return db


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "01-words.md").write_text(CONTENT, encoding="utf-8")
    return folder


@pytest.fixture
def run_app(tmp_path: Path, content: Path) -> Iterator:
    """Start the real app on a database in tmux (100x30); all are stopped afterwards."""
    need_tool("tmux")
    made: list[Tmux] = []

    def start(db: Path, delay: float = 0.5, every: float = 3.0) -> Tmux:
        term = Tmux(tmp_path / "tmux", 100, 30)
        made.append(term)
        argv = [sys.executable, "-c", LAUNCH.format(delay=delay, every=every), "--db", str(db),
                "--content", str(content)]
        term.start(["sh", "-c", f'{shlex.join(argv)}; echo "app exited with $?"; sleep 600'],
                   env={"XDG_DATA_HOME": str(tmp_path / "xdg"), "TMPDIR": str(tmp_path)})
        return term

    yield start
    for term in made:
        term.kill()


def open_field(term: Tmux) -> None:
    term.wait_for("A few words")
    term.send("1")
    term.wait_for("Right now")
    term.send("Tab")  # a step opens with nothing focused: tab goes to the field
    term.settle()


# 3. A nearly full disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KB tmpfs, mounted for this test only."""
    need_tool("mount")
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(disk)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        skip_or_fail(f"cannot mount a tmpfs here ({done.stderr.strip()})")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.e2e
def test_a_nearly_full_disk_saves_the_words_and_skips_the_backup(
    small_disk: Path, run_app
) -> None:
    db = make_db(small_disk / "workbook.json", "x" * 22_000)  # a 22 KB workbook
    assert 21_000 < db.stat().st_size < 23_000
    term = run_app(db)
    open_field(term)
    term.send("End")
    term.type(" and still here")
    wait_for_condition(lambda: (words(db) or "").endswith(" and still here"),
                       "the words to be saved on the nearly full disk")
    screen = term.wait_for("no backup this time")
    assert "Not saved" not in screen
    # Typing on: every later save works too.
    term.type(", really")
    wait_for_condition(lambda: (words(db) or "").endswith(", really"), "the next save")
    term.send("C-q")
    term.wait_for("app exited with 0")
    assert words(db) == "x" * 22_000 + " and still here, really"


def test_old_backups_give_way_to_the_words_on_a_full_disk(small_disk: Path) -> None:
    """A real process saves 22 KB on a disk whose free space old backups took."""
    db = make_db(small_disk / "workbook.json", "y" * 22_000)
    back_up(db)  # an old backup: now the disk cannot hold the new file beside both
    script = (
        "import sys; from workbook.core.storage import AnswerStore; s = AnswerStore(sys.argv[1]); "
        "s.set('few-words', {'now': 'z' * 22000}); s.save(); s.close()"
    )
    done = subprocess.run([sys.executable, "-c", script, str(db)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert words(db) == "z" * 22_000, "the backup made room for the words"


# 4. Another writer


@pytest.mark.e2e
def test_another_program_replacing_the_file_is_kept_and_told(tmp_path: Path, run_app) -> None:
    db = make_db(tmp_path / "data" / "workbook.json")
    elsewhere = tmp_path / "elsewhere" / "workbook.json"  # a copy of it, on the laptop
    elsewhere.parent.mkdir()
    shutil.copyfile(db, elsewhere)
    store = AnswerStore(elsewhere)
    store.set("few-words", {"now": "written on the laptop"})
    store.save()
    store.close()
    # The save finds it (the app's own look every few seconds would merge it first:
    # tests/tui/test_sync_app.py shows that way).
    term = run_app(db, every=3600)
    open_field(term)
    term.type("at my desk")
    wait_for_condition(lambda: words(db) == "at my desk", "the first save")
    subprocess.run(["cp", str(elsewhere), str(db)], check=True)  # a sync tool, a restore
    term.type(" tonight")
    wait_for_condition(lambda: words(db) == "at my desk tonight", "the next save")
    term.wait_for("Another program changed", "merged")
    kept = [b for b in list_backups(db) if b.label == "other-writer"]
    assert len(kept) == 1, [b.name for b in list_backups(db)]
    other = AnswerStore(kept[0].path, read_only=True)
    assert other.get("few-words") == {"now": "written on the laptop"}
    # Merged in, entry by entry: both changed the one answer, so the later (ours)
    # is the answer and the laptop's words are kept beside it as an earlier answer.
    merged = AnswerStore(db, read_only=True)
    assert [e.value for e in merged.earlier_versions("few-words")] == [
        {"now": "written on the laptop"}]
    # A later save with no other writer keeps nothing more.
    term.type("!")
    wait_for_condition(lambda: words(db) == "at my desk tonight!", "a quiet save")
    assert len([b for b in list_backups(db) if b.label]) == 1


# 7. Clock jumps


def test_a_clock_a_year_ahead_prunes_no_daily_backup(tmp_path: Path) -> None:
    need_tool("faketime")
    db = make_db(tmp_path / "data" / "workbook.json", "day 0")
    today = datetime.now().replace(microsecond=0)
    for days_ago in range(24, 0, -1):  # one backup a day for the last 24 days
        back_up(db, now=today - timedelta(days=days_ago))
    assert len(list_backups(db)) == 24
    script = (
        "import sys; from workbook.core.storage import AnswerStore; s = AnswerStore(sys.argv[1]); "
        "s.set('few-words', {'now': 'a year ahead'}); s.save(); s.close()"
    )
    done = subprocess.run(["faketime", "-f", "+365d", sys.executable, "-c", script, str(db)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    backups = list_backups(db)
    assert len(backups) == 25, "all 24 daily backups stay, beside the future-dated one"
    assert backups[0].taken.year == today.year + 1 or backups[0].taken > today + timedelta(300)
    # Back to the right clock: the next backups are newer than the future-dated one.
    for count in range(KEEP_LAST + 2):
        store = AnswerStore(db)
        store.set("few-words", {"now": f"back to now {count}"})
        store.save()
        store.close()
    backups = list_backups(db)
    assert backups[0].taken.date() == datetime.now().date(), "newest is the last one made"
    assert any(b.taken > today + timedelta(300) for b in backups), "the future one is kept"
    days = {b.taken.date() for b in backups if b.taken.date() < today.date()}
    assert len(days) == 24, "no daily backup went"


# 8. In again at once


@pytest.mark.e2e
def test_a_reconnect_right_after_a_hang_up_opens_the_workbook_writable(
    tmp_path: Path, run_app
) -> None:
    db = make_db(tmp_path / "data" / "workbook.json")
    first = run_app(db, delay=3600)  # only leaving can save
    open_field(first)
    first.type("before the line dropped")
    first.wait_for("before the line dropped")
    first.tmux("kill-session", "-t", "main")  # the hang-up
    started = time.monotonic()
    second = run_app(db)
    assert time.monotonic() - started < 0.2, "the reconnect comes within 0.2 s"
    open_field(second)
    screen = second.screen()
    assert "already open" not in screen and "Read-only" not in screen
    assert words(db) == "before the line dropped", "the first session saved as it left"
    second.send("End")
    second.type(", and after")
    wait_for_condition(lambda: words(db) == "before the line dropped, and after",
                       "the new session to save: it is writable")


def test_leaving_sessions_are_waited_for_only_when_they_say_so(tmp_path: Path) -> None:
    """A session that stays open still gets "already open" at once."""
    from workbook.core.storage import WorkbookLocked
    from workbook.tui.opening import open_store

    db = make_db(tmp_path / "data" / "workbook.json")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from workbook.core.storage import AnswerStore; "
         "s = AnswerStore(sys.argv[1]); print('held', flush=True); time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        store, problem = open_store(db)
        assert isinstance(problem, WorkbookLocked) and not problem.leaving
        assert time.monotonic() - started < 1.0
        store.close()
    finally:
        holder.kill()
        holder.wait()
    shutil.rmtree(tmp_path / "data", ignore_errors=True)


def test_a_session_that_is_leaving_is_waited_for_with_a_line_saying_so(
    tmp_path: Path, capsys
) -> None:
    """The holder marks itself leaving and lets go half a second later (a slow last save)."""
    from workbook.tui.opening import open_store

    db = make_db(tmp_path / "data" / "workbook.json")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from workbook.core.storage import AnswerStore; "
         "s = AnswerStore(sys.argv[1]); s.mark_leaving(); print('leaving', flush=True); "
         "time.sleep(0.5); s.close(); time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "leaving"
        store, problem = open_store(db)
        assert problem is None and not store.read_only, "opened writable once it let go"
        store.close()
    finally:
        holder.kill()
        holder.wait()
    assert "still closing" in capsys.readouterr().err


def test_labelled_backups_are_never_pruned_and_never_take_a_regular_ones_place(
    tmp_path: Path,
) -> None:
    db = make_db(tmp_path / "data" / "workbook.json", "words")
    now = datetime.now().replace(microsecond=0)
    for _ in range(3):
        back_up(db, now=now, label="other-writer")
    for _ in range(KEEP_LAST + 3):
        back_up(db, now=now)
    backups = list_backups(db)
    assert len([b for b in backups if b.label]) == 3
    assert len([b for b in backups if not b.label]) == KEEP_LAST
    assert [b.sequence for b in backups] == sorted((b.sequence for b in backups), reverse=True)
