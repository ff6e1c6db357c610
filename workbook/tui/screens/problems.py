"""Which screen explains a database problem: locked elsewhere, damaged, or encrypted."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from workbook.core.storage import BadDatabase, StorageError, WorkbookLocked


def problem_screen(problem: StorageError, read_only: bool) -> Screen[Any]:
    """The screen for `problem`; `read_only` (the person asked for it) keeps it from writing."""
    from workbook.core.storage.encryption import NeedsPassphrase

    if isinstance(problem, NeedsPassphrase):
        from workbook.tui.screens.unlock import UnlockScreen

        return UnlockScreen(problem, read_only=read_only)
    if isinstance(problem, WorkbookLocked):
        from workbook.tui.screens.locked import LockedScreen

        return LockedScreen(problem)
    if isinstance(problem, BadDatabase):
        from workbook.tui.screens.bad_database import BadDatabaseScreen

        return BadDatabaseScreen(problem, read_only=read_only)
    raise TypeError(f"no screen for {type(problem).__name__}")  # a new kind of problem
