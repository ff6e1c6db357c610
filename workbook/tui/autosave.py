"""`Autosave`: every change reaches the disk within about half a second, off the UI thread."""

from __future__ import annotations

from typing import Any

from workbook.core.storage import SaveFailed
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
            self.app.run_worker(self._save_in_thread, thread=True, group="save")

    def _save_in_thread(self) -> None:
        try:
            self.app.store.save()
        except SaveFailed as error:
            self.app.call_from_thread(self._finished, str(error))
        else:
            self.app.call_from_thread(self._finished, None)

    def _finished(self, failure: str | None) -> None:
        if failure:
            self.app.save_state = failure
            self.app.set_timer(RETRY_AFTER, self.schedule)
        elif self.app.store.dirty:
            self.schedule()
        else:
            self.show_saved()

    def show_saved(self) -> None:
        """The top bar after a save, and anything the save found that must be said."""
        store = self.app.store
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
        try:
            self.app.store.save()
        except SaveFailed as error:
            self.app.save_state = str(error)
            return str(error)
        self.show_saved()
        return None
