"""Out fast: from a hang-up to the process gone, in a real pseudo-terminal.

    python -m tests.benchmarks.exit_bench            # 5 runs each
    python -m tests.benchmarks.exit_bench --quick    # one run, 10 entries unsaved

The app runs as a login shell would run it: the session leader of its own
pseudo-terminal. The hang-up is real: the terminal's other end is closed, so
the kernel sends SIGHUP and the terminal reads and writes fail from then on.
Measured from that close to the process's end (`waitpid`), for the bare
Textual app (the baseline), the workbook with nothing to save, and the
workbook holding N journal entries it has not saved yet (its baseline: one
save of the same answers, timed in this process).

`python -m tests.benchmarks.exit_bench child MODE DB READY [ENTRIES_FROM]` is
the launched side: the real command line, with the save delay made very long
so only leaving can save, and a file made once the first frame is up.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import struct
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

TIMEOUT = 60.0


# ---------------------------------------------------------------- the launched side


def child(mode: str, db: str, ready: str, entries_from: str | None) -> int:
    """Run the bare app or the real `workbook` command; touch `ready` at its first frame."""
    if mode == "bare":
        from tests.benchmarks.bare_app import BareApp

        class Ready(BareApp):
            def on_ready(self) -> None:
                Path(ready).touch()

        Ready().run()
        return 0
    import workbook.tui.app as app_module
    import workbook.tui.autosave
    from workbook.cli import main

    workbook.tui.autosave.SAVE_DELAY = 3600  # only leaving can save
    value = None
    journal = ""
    if entries_from:
        from tests.benchmarks.generate import first_journal
        from workbook.core.content import load_workbook
        from workbook.core.locations import default_content_dir
        from workbook.core.storage import AnswerStore

        journal = first_journal(load_workbook(default_content_dir()))
        value = AnswerStore(Path(entries_from), read_only=True).get(journal)
    on_ready = app_module.WorkbookApp.on_ready

    def ready_then_mark(self) -> None:
        on_ready(self)
        if value is not None:
            self.store.set(journal, list(value))  # in memory only: unsaved
        Path(ready).touch()

    app_module.WorkbookApp.on_ready = ready_then_mark
    return main(["--db", db])


# ---------------------------------------------------------------- the measuring side


def _drain(fd: int, stop: threading.Event) -> None:
    """Read the terminal's output so the app never blocks writing it."""
    while not stop.is_set():
        try:
            ready, _, _ = select.select([fd], [], [], 0.02)
            if ready and not os.read(fd, 65536):
                return
        except OSError:
            return


def hang_up_once(args: list[str], env: dict[str, str], ready: Path) -> tuple[float, int]:
    """Start `args` on a fresh 80x24 pty, wait for `ready`, hang up; (seconds, exit status)."""
    ready.unlink(missing_ok=True)
    pid, master = pty.fork()
    if pid == 0:  # the child: session leader, the pty its controlling terminal
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(sys.executable, [sys.executable, *args], env)
    stop = threading.Event()
    reader = threading.Thread(target=_drain, args=(master, stop), daemon=True)
    reader.start()
    deadline = time.monotonic() + TIMEOUT
    while not ready.exists():
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            raise TimeoutError(f"{args[-3]} never showed its first frame")
        time.sleep(0.01)
    time.sleep(0.3)  # let the first frame's follow-up work finish
    stop.set()
    reader.join()
    start = time.perf_counter()
    os.close(master)  # the hang-up: the kernel sends SIGHUP to the session
    _, status = os.waitpid(pid, 0)
    return time.perf_counter() - start, os.waitstatus_to_exitcode(status)


def one_save(entries_from: Path, work: Path) -> float:
    """Seconds for one save of the same unsaved entries, on an empty workbook."""
    from tests.benchmarks.generate import first_journal, write_db
    from workbook.core.content import load_workbook
    from workbook.core.locations import default_content_dir
    from workbook.core.storage import AnswerStore

    journal = first_journal(load_workbook(default_content_dir()))
    value = AnswerStore(entries_from, read_only=True).get(journal)
    db = write_db(work / "one-save.json", {})
    store = AnswerStore(db)
    try:
        store.set(journal, list(value))
        start = time.perf_counter()
        store.save()
        return time.perf_counter() - start
    finally:
        store.close()


def stored_entries(db: Path) -> int:
    """How many journal entries the file on disk holds."""
    from workbook.core.storage import AnswerStore

    answers = AnswerStore(db, read_only=True).answers()
    return max((len(value) for value in answers.values() if isinstance(value, list)), default=0)


def measure(work: Path, entries: int, runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """Seconds from hang-up to exit for each case, `runs` times."""
    from tests.benchmarks.generate import generate, write_db

    big = generate(work / f"entries-{entries}.json", entries)
    ready = work / "ready"
    me = ["-m", "tests.benchmarks.exit_bench", "child"]
    times: dict[str, list[float]] = {"bare": [], "nothing": [], "unsaved": [], "save": []}
    for _ in range(runs):
        times["bare"].append(hang_up_once([*me, "bare", "-", str(ready)], env, ready)[0])
        db = write_db(work / "nothing.json", {})
        times["nothing"].append(hang_up_once([*me, "app", str(db), str(ready)], env, ready)[0])
        db = write_db(work / "unsaved.json", {})
        seconds, _ = hang_up_once([*me, "app", str(db), str(ready), str(big)], env, ready)
        if stored_entries(db) != entries:
            raise RuntimeError(f"after the hang-up the file holds {stored_entries(db)} "
                               f"entries, not {entries}: the unsaved words were lost")
        times["unsaved"].append(seconds)
        times["save"].append(one_save(big, work))
    return times


def rows(entries: int, runs: int, env: dict[str, str]) -> list:
    """The figures as rows of the benchmark table (`tests.benchmarks.run`)."""
    from tests.benchmarks.run import Row, entries_label, median

    with tempfile.TemporaryDirectory(prefix="workbook-exit-") as tmp:
        times = measure(Path(tmp), entries, runs, env)
    return [
        Row("hang-up to exit, nothing to save", median(times["nothing"]),
            median(times["bare"]), "ms", "<= 0.3 s", 0.3, absolute=True,
            note="a real hang-up (the pty's other end closed) to waitpid; "
                 "baseline: the bare Textual app hung up the same way"),
        Row(f"hang-up to exit, {entries_label(entries)} unsaved", median(times["unsaved"]),
            median(times["save"]), "ms", "<= 1.5", 1.5,
            note="baseline: one save of the same answers; the file is checked to hold "
                 "every entry afterwards"),
    ]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["child"]:
        return child(argv[1], argv[2], argv[3], argv[4] if len(argv) > 4 else None)
    parser = argparse.ArgumentParser(description="Time from a hang-up to the process gone.")
    parser.add_argument("--quick", action="store_true", help="one run, 10 entries")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5, --quick 1)")
    args = parser.parse_args(argv)
    from tests.benchmarks.run import REPO, print_table

    runs = args.runs or (1 if args.quick else 5)
    entries = 10 if args.quick else 10_000
    with tempfile.TemporaryDirectory(prefix="workbook-exit-env-") as tmp:
        env = {**os.environ, "XDG_DATA_HOME": f"{tmp}/data", "XDG_CONFIG_HOME": f"{tmp}/config", "XDG_STATE_HOME": f"{tmp}/state",
               "XDG_CACHE_HOME": f"{tmp}/cache", "PYTHONPATH": str(REPO), "TERM": "xterm-256color"}
        env.pop("WORKBOOK_DB", None)
        env.pop("WORKBOOK_CONTENT", None)
        print_table(rows(entries, runs, env))
    return 0


if __name__ == "__main__":
    sys.exit(main())
