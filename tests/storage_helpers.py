"""Helpers for the storage tests: another session holding a database, the CLI, screen text."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Static


def journal(count: int, text: str = "entry") -> list[dict[str, str]]:
    """`count` journal entries with ids, as the store keeps them ("entry 0", "entry 1"...)."""
    return [{"id": f"e{n}", "created": f"2026-11-{n % 28 + 1:02d}T09:{n % 60:02d}:00+00:00",
             "updated": "2026-11-01T09:00:00+00:00", "text": f"{text} {n}"}
            for n in range(count)]

# A second workbook session in its own process: opens the store (taking the
# lock), says "ready", and keeps it open until its stdin closes.
HOLDER = """
import sys
from workbook.core.storage import AnswerStore
store = AnswerStore(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
store.close()
"""


@contextmanager
def another_session(db: Path) -> Iterator[subprocess.Popen[str]]:
    """A real second process holding `db` open for writing while the block runs."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = holder.stdout.readline()
        assert line.strip() == "ready", holder.stderr.read()
        yield holder
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait()
        for stream in (holder.stdin, holder.stdout, holder.stderr):
            stream.close()


def workbook_cmd(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `workbook` command."""
    return subprocess.run(
        [sys.executable, "-m", "workbook", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )


def read_stored(db: Path) -> Any:
    """The workbook as its file holds it now, read-only (as the app reads it, any
    schema); a missing or unreadable file reads as an empty workbook."""
    from workbook.core.storage import AnswerStore, StorageError

    try:
        return AnswerStore(db, read_only=True)
    except (StorageError, OSError):
        return AnswerStore.placeholder(db)


def shown(app: App, selector: str) -> str:
    """The plain text of a Static on the current screen."""
    return str(app.screen.query_one(selector, Static).render())


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: to prove nothing was written."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
