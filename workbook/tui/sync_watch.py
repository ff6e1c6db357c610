"""`SyncWatch`: the workbook in a synced folder, kept joined with the other machine's.

Every few seconds, off the UI thread, it looks at the file and its folder:
a new file a sync tool put in place is merged with what the app holds, and
conflict copies left beside it are merged in and moved to the backups (see
`core/sync.py`). The person is told what came in, in plain words; the open
step is drawn again when one of its answers changed, the person left in the
field they were typing in (`FocusPlace`).
"""

from __future__ import annotations

from typing import Any

# How often the file and its folder are looked at (a stat and a listing: cheap).
CHECK_EVERY = 3.0


TITLE = "Changes from your other device"
# This notice can be the first sign that someone else has a synced device:
# say how to check, and who can help, without alarm.
SOMEONE_ELSE = (" If you didn't make these changes, someone else may be using a copy: "
                "'workbook backups' lists earlier copies, and ctrl+g has people who can help.")


class SyncWatch:
    """Looks for another machine's changes while the app runs (a writable store only)."""

    def __init__(self, app: Any) -> None:  # the WorkbookApp (never imported: no circle)
        self.app = app
        self._timer: Any = None
        self._running = False
        # Copies already found unusable (name, size, time): said once, not read again
        # until they change.
        self._refused: set[tuple[str, int, int]] = set()
        self._said: str = ""  # the last problem said, so a retry does not repeat it

    def start(self) -> None:
        """Look now, then every `CHECK_EVERY` seconds."""
        if self._timer is None:
            self._timer = self.app.set_interval(CHECK_EVERY, self.check)
        self.check()

    def check(self) -> None:
        """Look once, in a thread worker (a look already running is enough)."""
        if self.app.store.read_only or self._running:
            return
        self._running = True
        self.app.run_worker(self._look, thread=True, group="sync", exit_on_error=False)

    def _look(self) -> None:
        from workbook.core.sync import conflict_copies, merge_conflict_copies

        store = self.app.store
        kinds = {exercise.id: exercise.kind for exercise in self.app.workbook.exercises}
        replaced = result = None
        try:
            replaced = store.catch_up(kinds)
            copies = [c for c in conflict_copies(store.path) if c.seen_as() not in self._refused]
            if copies:
                result = merge_conflict_copies(store, kinds, copies)
                self._refused.update(
                    seen for copy, _why in result.refused if (seen := copy.seen_as()))
        finally:
            self.app.call_from_thread(self._finished, store, replaced, result)

    def _finished(self, store: Any, replaced: Any, result: Any) -> None:
        self._running = False
        if store is not self.app.store:
            return  # the workbook was swapped meanwhile (a restore)
        changed = False
        if replaced is not None and not replaced.empty:
            changed = True
            self.app.notify(
                "Changes made on another device were added to your workbook, entry by "
                "entry: " + "; ".join(replaced.lines()) + ". What you were writing is kept."
                + SOMEONE_ELSE, title=TITLE, timeout=15)
        if result is not None and not result.nothing:
            changed = changed or bool(result.merged)
            problems = result.problems()
            merged = [line for line in result.lines() if line not in problems]
            if merged:
                self.app.notify(" ".join(line.strip() for line in merged) + " Nothing was "
                                "lost on either machine." + SOMEONE_ELSE,
                                title=TITLE, timeout=15)
            said = " ".join(problems)
            if problems and said != self._said:
                self.app.notify(said, title="A copy was left as it is",
                                severity="warning", timeout=30)
            self._said = said
        if changed:
            self.app.autosave.schedule()
            self.app.call_later(self._show_changes)

    async def _show_changes(self) -> None:
        catch_up = getattr(self.app.screen, "show_stored_answers", None)
        if catch_up is not None:
            await catch_up()
