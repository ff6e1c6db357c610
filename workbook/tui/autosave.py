"""`Autosave`: every change reaches the disk within about half a second, off the UI thread.

Saving never ends the app: whatever goes wrong in a save (a full disk, a
value that cannot be written, a bug) is said in the top bar, the words stay
in memory, and the save is tried again.
"""

from __future__ import annotations

from typing import Any

from workbook.core.storage import SaveFailed
from workbook.core.storage.store import NotSaveable
from workbook.tui.widgets.top_bar import SAVING

# Saves start this long after the first unsaved change, so typing is durable
# within about half a second however long the person keeps typing. (Read at
# each change, so a test can lengthen it: then only leaving can save.)
SAVE_DELAY = 0.5

# After a failed save (a full disk), try again this often: space may be freed.
RETRY_AFTER = 5.0


class Autosave:
    """Debounced saves in a thread worker; the top bar shows how they went."""

    def __init__(self, app: Any) -> None:  # the WorkbookApp (never imported: no circle)
        self.app = app
        self._pending = False
        self._told: set[str] = set()  # exercises whose unsaveable answer the person was told of

    def schedule(self) -> None:
        """Save soon; changes that arrive before then ride along in that save."""
        if self.app.store.read_only or self._pending:
            return
        self._pending = True
        self.app.set_timer(SAVE_DELAY, self._start)

    def _start(self) -> None:
        self._pending = False
        if self.app.store.dirty:
            self.app.save_state = SAVING
            # Never exit_on_error: a save that fails is reported and tried again.
            self.app.run_worker(self._save_in_thread, thread=True, group="save",
                                exit_on_error=False)

    def _save_in_thread(self) -> None:
        self.app.call_from_thread(self._finished, self._save())

    def _save(self) -> SaveFailed | None:
        """Save; the failure, if any (never raises)."""
        store = self.app.store
        try:
            store.save()
        except SaveFailed as error:
            return error
        except Exception as error:  # a bug: the words stay in memory, the next save tries
            return SaveFailed(store.path, f"an unexpected problem ({type(error).__name__}: "
                                          f"{error}); your words are kept here")
        return None

    def _finished(self, failure: SaveFailed | None) -> None:
        if failure:
            self.report(failure)
            self.app.set_timer(RETRY_AFTER, self.schedule)
        elif self.app.store.dirty:
            self.schedule()
        else:
            self.show_saved()

    def show_saved(self) -> None:
        """The top bar after a save, and anything the save found that must be said."""
        store = self.app.store
        self._told.clear()
        if store.last_saved is not None:
            self.app.save_state = f"Saved {store.last_saved:%H:%M}" + (
                " · no backup this time (disk nearly full)" if store.backup_skipped else ""
            )
        for news in store.take_news():
            self.app.notify(news, title="Your workbook file was changed elsewhere",
                            severity="warning", timeout=30)

    async def save_when_settled(self) -> None:
        """ctrl+s: like quit, keys from the same burst land in the store before it saves."""
        from workbook.tui.leaving import settle

        await settle(self.app)
        failure = self.save_now()
        self.app.notify(failure or "Everything is saved.",
                        severity="error" if failure else "information")

    def save_now(self) -> str | None:
        """Save on this thread; return the failure message, if any."""
        failure = self._save()
        if failure is not None:
            return self.report(failure)
        self.show_saved()
        return None

    def report(self, failure: SaveFailed) -> str:
        """Say in the top bar that a save failed; an answer that cannot be saved is
        also named in a message, once. Returns what the top bar says."""
        message = str(failure)
        if isinstance(failure, NotSaveable):
            names = [self._title(ex) for ex in failure.exercises]
            message = f"Not saved: your answer in {', '.join(names)}"
            new = [ex for ex in failure.exercises if ex not in self._told]
            if new:
                self._told.update(new)
                self.app.notify(
                    f"Your answer in {', '.join(self._title(ex) for ex in new)} cannot be "
                    f"saved ({failure.reasons[new[0]]}). It is kept here while the app is "
                    "open, saving tries again, and everything else is saved.",
                    title="Not saved", severity="error", timeout=30)
        self.app.save_state = message
        return message

    def _title(self, exercise_id: str) -> str:
        exercise = self.app.workbook.exercise(exercise_id)
        return f"“{exercise.title}”" if exercise is not None else f"“{exercise_id}”"
