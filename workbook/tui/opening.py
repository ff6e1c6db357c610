"""Opening the store for the app: a locked or unusable database becomes a screen, not an error."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from workbook.core.storage import AnswerStore, BadDatabase, StorageError, WorkbookLocked
from workbook.core.storage.encryption import NeedsPassphrase

# How long a new session waits for one that is closing (a hang-up, then a
# reconnect at once) before it says the workbook is open elsewhere.
LEAVING_WAIT = 3.0


def open_store(db: Path, *, read_only: bool = False) -> tuple[AnswerStore, StorageError | None]:
    """The store for the app; or, when the database is locked or unusable, an
    empty read-only placeholder and the problem for the app to show first."""
    try:
        return AnswerStore(db, read_only=read_only), None
    except WorkbookLocked as error:
        if error.leaving:
            return _open_after_leaving(db, error)
        return AnswerStore.placeholder(db), error
    except (BadDatabase, NeedsPassphrase) as error:
        return AnswerStore.placeholder(db), error


def _open_after_leaving(
    db: Path, locked: WorkbookLocked
) -> tuple[AnswerStore, StorageError | None]:
    print("Your workbook is still closing in the session that just ended: "
          "waiting a moment for it…", file=sys.stderr, flush=True)
    deadline = time.monotonic() + LEAVING_WAIT
    while time.monotonic() < deadline:
        time.sleep(0.02)
        try:
            return AnswerStore(db), None
        except WorkbookLocked as error:
            locked = error
        except (BadDatabase, NeedsPassphrase) as error:
            return AnswerStore.placeholder(db), error
    return AnswerStore.placeholder(db), locked
