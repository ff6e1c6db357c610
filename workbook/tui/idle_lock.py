"""`IdleLock`: an encrypted workbook locks itself after a while without a key, or on ctrl+l."""

from __future__ import annotations

import gc
import time
from typing import Any

from workbook.core.storage import AnswerStore
from workbook.tui.leaving import settle
from workbook.tui.textual_compat import forget_drawn_lines

# An encrypted workbook locks itself after this many minutes without a key
# (the `lock_minutes` setting changes it; 0 turns the idle lock off).
LOCK_MINUTES = 10.0


class IdleLock:
    """Watches for the person's last key and locks an encrypted workbook when idle."""

    def __init__(self, app: Any) -> None:  # the WorkbookApp (never imported: no circle)
        self.app = app
        self.last_input = time.monotonic()
        self._timer: Any = None

    def touched(self) -> None:
        """The person just acted (a key, a click, a paste, time in their own editor)."""
        self.last_input = time.monotonic()

    def watch(self) -> None:
        """Check for idleness now and then, on an encrypted workbook with a lock time."""
        self._stop_timer()
        store = self.app.store
        minutes = store.setting("lock_minutes", LOCK_MINUTES)
        if not store.encrypted or not isinstance(minutes, int | float) or minutes <= 0:
            return
        self.touched()
        seconds = float(minutes) * 60
        self._timer = self.app.set_interval(min(30.0, seconds / 4), self._lock_if_idle)

    def set_minutes(self, minutes: float) -> None:
        """Remember how long without a key before the workbook locks (0: never)."""
        self.app.store.set_setting("lock_minutes", minutes)
        self.app.schedule_save()
        self.watch()
        self.app.notify(f"The workbook locks after {minutes:g} minutes without a key."
                        if minutes else "The workbook locks only when you press ctrl+l.")

    def _lock_if_idle(self) -> None:
        minutes = self.app.store.setting("lock_minutes", LOCK_MINUTES)
        if time.monotonic() - self.last_input >= float(minutes) * 60:
            self.lock()

    def lock(self) -> None:
        """Save, drop every answer from memory and screen, and ask for the passphrase."""
        if not self.app.store.encrypted:
            self.app.notify("Locking is for an encrypted workbook: quit, run 'workbook encrypt', "
                            "then open it again.", timeout=10)
            return
        self.app.run_worker(self._lock_when_settled(), group="quit", exclusive=True,
                            exit_on_error=False)

    async def _lock_when_settled(self) -> None:
        app = self.app
        await settle(app)  # keys typed just before the lock reach the store first
        if app.save_now() is not None:
            app.notify(f"{app.save_state}. The workbook stays open so nothing is lost.",
                       severity="error", timeout=10)
            return
        from workbook.core.storage.encryption import NeedsPassphrase
        from workbook.tui.screens.home import HomeScreen

        self._stop_timer()
        db = app.store.path
        app.resume_at = where_they_were(app)
        while len(app.screen_stack) > 1:  # every screen holding answers goes
            app.pop_screen()
        if isinstance(app.screen, HomeScreen):  # home, the first screen, goes too
            app.switch_screen(app.blank_screen())
        app.store.close()
        app.store = AnswerStore.placeholder(db)
        forget_drawn_lines()  # Textual's own cache of closed steps' lines
        gc.collect()  # free what held the answers now, not at some later collection
        app.startup_problem = NeedsPassphrase(db)
        app.show_problem(app.startup_problem)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


def where_they_were(app: Any) -> tuple[int, float] | None:
    """The step open under any dialog (its number and how far it was scrolled), to
    return to once unlocked; None on home, the journey or search."""
    from workbook.tui.screens.step import StepScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, StepScreen):
            return screen.step.number, screen.query_one("#step-body").scroll_y
    return None
