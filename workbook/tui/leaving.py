"""`Leaving`: save and go, on ctrl+q, a hang-up (SSH dropped) or SIGTERM, fast and whole."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from typing import Any

from workbook.tui import textual_compat

# How long leaving waits to give a terminal back before it goes anyway: a live
# terminal takes a few milliseconds, a hung-up one can block forever.
TERMINAL_RESTORE_WAIT = 0.1

# Restoring a hung-up terminal can stall; once the words are on disk the
# process never outlives the signal by more than this.
WATCHDOG_SECONDS = 4.0


async def settle(app: Any) -> None:
    """Wait until every key already received has reached the store.

    A key goes to the focused field's queue; the change it makes then
    travels up as messages (`Input.Changed`, then `AnswerChanged`), one
    widget per turn, to the app. Each round waits for every queue to
    work through what it held, until a round leaves them all empty.
    """
    loop = asyncio.get_running_loop()
    for _ in range(100):  # far more than any widget tree is deep
        pumps = [app, *app.screen.walk_children(with_self=True)]
        turns = []
        for pump in pumps:
            turn = loop.create_future()
            if pump.call_later(turn.set_result, None):
                turns.append(turn)
        if turns:
            await asyncio.wait(turns, timeout=1.0)
        if all(pump.message_queue_size == 0 for pump in pumps):
            return


class Leaving:
    """Catches the signals that end a session and makes sure the words are saved first."""

    def __init__(self, app: Any) -> None:  # the WorkbookApp (never imported: no circle)
        self.app = app
        self._caught: list[int] = []

    def catch_signals(self) -> None:
        """Save before going when the terminal hangs up (SSH dropped) or we are told to stop."""
        try:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(signum, self._on_signal, signum)
                self._caught.append(signum)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            pass  # not the main thread, or no such signals (Windows)

    def release_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in self._caught:
            loop.remove_signal_handler(signum)
        self._caught.clear()

    def _on_signal(self, signum: int) -> None:
        app = self.app
        app.store.mark_leaving()  # a reconnecting session waits for us, not "already open"
        if signum == signal.SIGHUP:
            textual_compat.stop_reading_keys(app)
        app.save_now()  # at once, synchronously (it waits for a save already running)
        watchdog = threading.Timer(WATCHDOG_SECONDS, os._exit, (128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        app.run_worker(self._leave_when_settled(signum), group="quit", exclusive=True,
                       exit_on_error=False)

    async def _leave_when_settled(self, signum: int) -> None:
        await settle(self.app)  # keys that arrived just before the hang-up
        self.app.save_now()
        self.leave(128 + signum)

    def leave(self, return_code: int = 0) -> None:
        """End the app once everything is saved, as fast as the terminal allows.

        In a real terminal the process ends here: Textual's own teardown
        removes every widget one by one and can stall for seconds writing to a
        hung-up terminal, and nothing in it is worth waiting for once the words
        are on disk. The terminal is given back first (bounded: a dead one
        cannot hold us), the lock released, then the process goes.
        """
        app = self.app
        app.store.mark_leaving()
        driver = textual_compat.terminal_driver(app)
        if driver is None or app.store.dirty:
            app.exit(return_code=return_code)  # tests, the browser, or words not saved
            return
        app.store.close()
        restore = threading.Thread(target=textual_compat.give_terminal_back, args=(driver,),
                                   daemon=True)
        restore.start()
        restore.join(TERMINAL_RESTORE_WAIT)
        os._exit(return_code)

    async def quit_when_settled(self) -> None:
        # ctrl+q is handled the moment it arrives, but keys that came in the
        # same burst (a paste, a lagging SSH link) are still on their way from
        # the field to the store: let them land, then save and go.
        await settle(self.app)
        app = self.app
        if app.save_now() is None or app.store.read_only:
            self.leave()
            return
        from workbook.tui.screens.confirm import ConfirmScreen

        def answer(leave: bool | None) -> None:
            if leave:
                app.exit()

        app.push_screen(
            ConfirmScreen(
                f"{app.save_state}\n\nYour latest answers are only in memory. "
                "Quit anyway and lose them?",
                yes="Quit without saving",
                no="Stay",
            ),
            answer,
        )

    def flush(self) -> None:
        """Whatever way the app ended, save what is left."""
        try:
            self.app.store.save()
        except Exception:  # SaveFailed, or worse: the person was asked on quit
            pass
