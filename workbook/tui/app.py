"""`WorkbookApp`, and `make_app`: the one factory the CLI, tests and scripts use."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SuspendNotSupported
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from workbook.core.content.model import Workbook
from workbook.core.storage import AnswerStore, BadDatabase, SaveFailed, StorageError, WorkbookLocked
from workbook.core.storage.encryption import NeedsPassphrase
from workbook.tui.commands import WorkbookCommands
from workbook.tui.themes import THEMES
from workbook.tui.widgets.base import ExerciseWidget

# Saves start this long after the first unsaved change, so typing is durable
# within about half a second however long the person keeps typing.
SAVE_DELAY = 0.5

# Below this many columns or rows the app switches to its compact layout
# (the `-compact` class on the App: thinner margins and borders).
COMPACT_WIDTH = 80
COMPACT_HEIGHT = 24

# How long leaving waits to give a terminal back before it goes anyway: a live
# terminal takes a few milliseconds, a hung-up one can block forever.
TERMINAL_RESTORE_WAIT = 0.1

# An encrypted workbook locks itself after this many minutes without a key
# (the `lock_minutes` setting changes it; 0 turns the idle lock off).
LOCK_MINUTES = 10.0


class WorkbookApp(App[None]):
    """The full-screen workbook: home, ten steps, help and export."""

    CSS_PATH = "workbook.tcss"
    TITLE = "Heartbreak Workbook"
    COMMANDS = App.COMMANDS | {WorkbookCommands}

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+g", "need_help", "Need help", priority=True),
        Binding("f1", "keys", "Keys", priority=True),
        Binding("question_mark", "keys", "Keys", show=False),
        # f9 too: inside tmux, ctrl+b is the prefix key and never reaches us.
        Binding("ctrl+b,f9", "hide", "Hide", priority=True, show=False),
        Binding("ctrl+o", "export", "Export", priority=True, show=False),
        Binding("ctrl+s", "save_now", "Save", priority=True, show=False),
        # Priority, so the app takes tab itself: the keys typed before it land
        # in the field they were typed in, then the focus moves, and the keys
        # after it follow. (Handed to the field like any key, a fast "ccc tab
        # ddd" over SSH put "ddd" in the first field: it was queued there
        # before the field handled the tab.)
        Binding("tab", "move_focus(1)", show=False, priority=True),
        Binding("shift+tab", "move_focus(-1)", show=False, priority=True),
        Binding("ctrl+l", "lock", "Lock", priority=True, show=False),
        # Priority: text fields bind ctrl+f to deleting a word.
        Binding("ctrl+f", "search", "Search", priority=True, show=False),
        # Not a priority binding: it then runs after the keys typed before it
        # reach the text (a priority one can overtake them on a laggy link).
        Binding("ctrl+t", "edit_in_editor", "Own editor",
                tooltip="Write this text in your $VISUAL / $EDITOR"),
    ]

    # A var, not a reactive: only the save status line shows it, so a change
    # must not repaint the whole screen (it changes twice a second while typing).
    save_state: var[str] = var("")

    # Tests and screenshots set this: no blinking cursor and Textual's own
    # default theme whatever $TEXTUAL_THEME says, so a picture repeats exactly.
    STEADY = False

    def __init__(
        self,
        workbook: Workbook,
        store: AnswerStore,
        problem: StorageError | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        from workbook.tui.terminal import install

        install()  # hostile text is drawn as symbols, invalid input bytes become U+FFFD
        self.workbook = workbook
        self.store = store
        # A locked or unusable database: its screen comes first (see `open_store`);
        # `read_only` (the person asked for it) keeps that screen from writing too.
        self.startup_problem = problem
        self.read_only_requested = read_only
        self._save_pending = False
        self._refit_focus = False
        self._signals_caught: list[int] = []
        self._last_input = time.monotonic()
        self._idle_timer: Any = None
        for theme in THEMES:
            self.register_theme(theme)
        if self.STEADY:
            self.theme = "textual-dark"
        if store.read_only and problem is None:
            self.save_state = "Read-only: changes are not saved"

    def on_ready(self) -> None:
        # The first frame is on screen: collect cycles again (`cli.run_app`
        # pauses the collector while starting up).
        gc.enable()

    def on_mount(self) -> None:
        self._catch_signals()
        if self.startup_problem is not None:
            self._fit_layout()
            self.show_problem(self.startup_problem)
        else:
            self._open_home()

    def _open_home(self) -> None:
        from workbook.tui.screens.home import HomeScreen

        theme = self.store.setting("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self._fit_layout()
        self._watch_idle()
        self.push_screen(HomeScreen())
        for notice in self.store.notices:
            self.notify(notice, severity="warning", timeout=15)
        if not self.store.read_only:
            self._offer_editor_leftovers()
        if not self.store.setting("welcomed") and "welcome" in self.workbook.pages:
            self.show_page("welcome")
            self.store.set_setting("welcomed", True)
            self.schedule_save()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Whenever it is switched off, a focused cursor shows steadily.
        if self.STEADY and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def watch_theme(self, theme: str) -> None:
        self.set_class(theme.startswith("workbook-high-contrast"), "-high-contrast")
        if self.is_mounted and self.store.setting("theme") != theme:
            self.store.set_setting("theme", theme)
            self.schedule_save()

    def on_resize(self, event: events.Resize) -> None:
        # This runs before App's own handler updates `self.size`: use the event's.
        self._fit_layout(event.size.width, event.size.height)
        # The screens are laid out again later (more than once, as the compact
        # look comes and goes): until the person next acts, each new layout
        # keeps the field they are typing in on screen.
        self._refit_focus = True
        for screen in self.screen_stack:
            screen.screen_layout_refresh_signal.unsubscribe(self)
            screen.screen_layout_refresh_signal.subscribe(self, self._laid_out)

    def _laid_out(self, screen: Screen[Any]) -> None:
        if self._refit_focus and screen is self.screen:
            self._keep_focus_in_view()

    async def on_event(self, event: events.Event) -> None:
        # Every key reaches the app first, wherever focus is: the idle clock
        # (see "Locking an encrypted workbook").
        if isinstance(event, events.Key | events.MouseDown | events.Paste):
            self._last_input = time.monotonic()
        # Read before handing it on: forwarding the key marks it as forwarded.
        # (A mouse merely passing over the window is not the person acting.)
        arrived = (isinstance(event, events.InputEvent) and not event.is_forwarded
                   and not isinstance(event, events.MouseMove))
        field = self.focused if arrived and isinstance(event, events.Key) else None
        if field is not None:
            from workbook.tui.keep_in_view import keep_in_view, scroll_positions

            before = scroll_positions(field)
        await super().on_event(event)
        if arrived:
            self._refit_focus = False  # from now on the person moves the view
        if field is not None:
            # Queued behind the key, so this runs once the field has handled
            # it: typing or moving the cursor brings the field into view.
            field.call_later(keep_in_view, field, before)

    def _keep_focus_in_view(self) -> None:
        from workbook.tui.keep_in_view import keep_in_view

        if self.focused is not None:
            keep_in_view(self.focused)

    def _fit_layout(self, width: int | None = None, height: int | None = None) -> None:
        if width is None or height is None:
            width, height = self.size
        self.set_class(width < COMPACT_WIDTH or height < COMPACT_HEIGHT, "-compact")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer asks this for every binding while the first frame is drawn:
        # look classes up only once their modules are loaded (nothing can be
        # an instance before that), so asking imports nothing.
        hide = sys.modules.get("workbook.tui.screens.hide")
        if hide is not None and isinstance(self.screen, hide.HideScreen):
            # Under the cover every key just lifts it (quit still quits).
            return action == "quit"
        if self.startup_problem is not None and action in ("export", "save_now", "edit_in_editor",
                                                           "lock", "search",
                                                           "journey"):
            return False  # nothing is open yet: the problem screen decides what opens
        if action == "edit_in_editor":
            # Only offered where it works.
            text_area = sys.modules.get("textual.widgets._text_area")
            return text_area is not None and isinstance(self.focused, text_area.TextArea)
        return True

    # Navigation

    def go_home(self) -> None:
        """Back to the list of steps, closing whatever is open."""
        from workbook.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def open_step(self, number: int) -> None:
        """Show step `number` (1-based), replacing any open step."""
        from workbook.tui.screens.home import HomeScreen
        from workbook.tui.screens.step import StepScreen

        step = self.workbook.step(number)
        screen = StepScreen(step, len(self.workbook.steps))
        if isinstance(self.screen, HomeScreen):
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def show_page(self, page_id: str, lead: str = "") -> None:
        """Show a prose page (welcome, closing) over the current screen, `lead` first."""
        from workbook.tui.screens.page import PageScreen

        page = self.workbook.pages.get(page_id)
        if page is not None:
            self.push_screen(PageScreen(page, lead=lead))

    # Saving

    def on_exercise_widget_answer_changed(self, message: ExerciseWidget.AnswerChanged) -> None:
        from workbook.core.earlier import earlier_key, fits

        # The first edit of an exercise that changed kind: its old answer is
        # kept aside (and shown) until the person removes it, never replaced.
        exercise = self.workbook.exercise(message.exercise_id)
        old = self.store.get(message.exercise_id)
        if old is not None and exercise is not None and not fits(exercise.kind, old):
            self.store.set(earlier_key(message.exercise_id), old)
        self.store.set(message.exercise_id, message.value)
        self.schedule_save()

    def on_earlier_answer_removed(self, message: Any) -> None:
        from workbook.core.earlier import earlier_key, fits

        exercise = self.workbook.exercise(message.exercise_id)
        self.store.set(earlier_key(message.exercise_id), None)
        old = self.store.get(message.exercise_id)
        if old is not None and exercise is not None and not fits(exercise.kind, old):
            self.store.set(message.exercise_id, None)
        self.schedule_save()

    def on_exercise_widget_draft_changed(self, message: ExerciseWidget.DraftChanged) -> None:
        from workbook.core.drafts import draft_key

        self.store.set(draft_key(message.exercise_id), message.draft)
        self.schedule_save()

    def on_exercise_widget_ask_first(self, message: ExerciseWidget.AskFirst) -> None:
        from workbook.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                message.then()

        self.push_screen(ConfirmScreen(message.question, yes=message.yes, no=message.no), answer)

    def schedule_save(self) -> None:
        """Save soon; changes that arrive before then ride along in that save."""
        if self.store.read_only or self._save_pending:
            return
        self._save_pending = True
        self.set_timer(SAVE_DELAY, self._start_save)

    def _start_save(self) -> None:
        self._save_pending = False
        if self.store.dirty:
            self.save_state = "Saving…"
            self.run_worker(self._save_in_thread, thread=True, group="save")

    def _save_in_thread(self) -> None:
        try:
            self.store.save()
        except SaveFailed as error:
            self.call_from_thread(self._save_finished, str(error))
        else:
            self.call_from_thread(self._save_finished, None)

    def _save_finished(self, failure: str | None) -> None:
        if failure:
            self.save_state = failure
            self.set_timer(5, self.schedule_save)  # keep trying: space may be freed
        elif self.store.dirty:
            self.schedule_save()
        else:
            self._show_saved()

    def _show_saved(self) -> None:
        """The top bar after a save, and anything the save found that must be said."""
        store = self.store
        if store.last_saved is not None:
            self.save_state = f"Saved {store.last_saved:%H:%M}" + (
                " · no backup this time (disk nearly full)" if store.backup_skipped else ""
            )
        for news in store.take_news():
            self.notify(news, title="Your workbook file was changed elsewhere",
                        severity="warning", timeout=30)

    def save_now(self) -> str | None:
        """Save on this thread; return the failure message, if any."""
        try:
            self.store.save()
        except SaveFailed as error:
            self.save_state = str(error)
            return str(error)
        self._show_saved()
        return None

    # Problems with the database, and leaving

    def show_problem(self, problem: StorageError) -> None:
        """Show the screen for a locked or unusable database; it decides what opens."""
        from workbook.tui.screens.bad_database import BadDatabaseScreen
        from workbook.tui.screens.locked import LockedScreen

        if isinstance(problem, NeedsPassphrase):
            from workbook.tui.screens.unlock import UnlockScreen

            screen = UnlockScreen(problem, read_only=self.read_only_requested)
            self.push_screen(screen, self._problem_settled)
        elif isinstance(problem, WorkbookLocked):
            self.push_screen(LockedScreen(problem), self._problem_settled)
        elif isinstance(problem, BadDatabase):
            screen = BadDatabaseScreen(problem, read_only=self.read_only_requested)
            self.push_screen(screen, self._problem_settled)

    def _problem_settled(self, result: AnswerStore | StorageError | None) -> None:
        if result is None:
            self.exit()
        elif isinstance(result, StorageError):
            self.show_problem(result)
        else:
            self.store.close()
            self.store = result
            self.startup_problem = None
            self.save_state = "Read-only: changes are not saved" if result.read_only else ""
            self._open_home()

    # Locking an encrypted workbook

    def _watch_idle(self) -> None:
        """Check for idleness now and then, on an encrypted workbook with a lock time."""
        if self._idle_timer is not None:
            self._idle_timer.stop()
            self._idle_timer = None
        minutes = self.store.setting("lock_minutes", LOCK_MINUTES)
        if not self.store.encrypted or not isinstance(minutes, int | float) or minutes <= 0:
            return
        self._last_input = time.monotonic()
        seconds = float(minutes) * 60
        self._idle_timer = self.set_interval(min(30.0, seconds / 4), self._lock_if_idle)

    def set_lock_minutes(self, minutes: float) -> None:
        """Remember how long without a key before the workbook locks (0: never)."""
        self.store.set_setting("lock_minutes", minutes)
        self.schedule_save()
        self._watch_idle()
        self.notify(f"The workbook locks after {minutes:g} minutes without a key."
                    if minutes else "The workbook locks only when you press ctrl+l.")

    def _lock_if_idle(self) -> None:
        minutes = self.store.setting("lock_minutes", LOCK_MINUTES)
        if time.monotonic() - self._last_input >= float(minutes) * 60:
            self.action_lock()

    def action_lock(self) -> None:
        """Save, drop every answer from memory and screen, and ask for the passphrase."""
        if not self.store.encrypted:
            self.notify("Locking is for an encrypted workbook: quit, run 'workbook encrypt', "
                        "then open it again.", timeout=10)
            return
        self.run_worker(self._lock_when_settled(), group="quit", exclusive=True)

    async def _lock_when_settled(self) -> None:
        await self.settle()  # keys typed just before the lock reach the store first
        if self.save_now() is not None:
            self.notify(f"{self.save_state}. The workbook stays open so nothing is lost.",
                        severity="error", timeout=10)
            return
        if self._idle_timer is not None:
            self._idle_timer.stop()
            self._idle_timer = None
        db = self.store.path
        while len(self.screen_stack) > 1:  # every screen holding answers goes
            self.pop_screen()
        self.store.close()
        self.store = AnswerStore.placeholder(db)
        gc.collect()  # free what held the answers now, not at some later collection
        self.startup_problem = NeedsPassphrase(db)
        self.show_problem(self.startup_problem)

    def _catch_signals(self) -> None:
        """Save before going when the terminal hangs up (SSH dropped) or we are told to stop."""
        try:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(signum, self._leave_on_signal, signum)
                self._signals_caught.append(signum)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            pass  # not the main thread, or no such signals (Windows)

    def _leave_on_signal(self, signum: int) -> None:
        self.store.mark_leaving()  # a reconnecting session waits for us, not "already open"
        if signum == signal.SIGHUP:
            self._stop_reading_keys()
        self.save_now()  # at once, synchronously (it waits for a save already running)
        # Restoring a hung-up terminal can stall; the words are on disk by
        # now, so the process never outlives the signal by more than seconds.
        watchdog = threading.Timer(4.0, os._exit, (128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        self.run_worker(self._leave_when_settled(signum), group="quit", exclusive=True)

    def _stop_reading_keys(self) -> None:
        # A hung-up terminal reads as ready forever: Textual's input thread
        # would spin on it (and build a traceback) while the save needs the CPU.
        exit_event = getattr(self._driver, "exit_event", None)
        if exit_event is not None and not self.is_headless:
            exit_event.set()

    async def _leave_when_settled(self, signum: int) -> None:
        await self.settle()  # keys that arrived just before the hang-up
        self.save_now()
        self.leave(128 + signum)

    def leave(self, return_code: int = 0) -> None:
        """End the app once everything is saved, as fast as the terminal allows.

        In a real terminal the process ends here: Textual's own teardown
        removes every widget one by one and can stall for seconds writing to a
        hung-up terminal, and nothing in it is worth waiting for once the words
        are on disk. The terminal is given back first (bounded: a dead one
        cannot hold us), the lock released, then the process goes.
        """
        driver = self._driver
        self.store.mark_leaving()
        if self.is_headless or type(driver).__name__ != "LinuxDriver" or self.store.dirty:
            self.exit(return_code=return_code)  # tests, the browser, or words not saved
            return
        self.store.close()
        restore = threading.Thread(target=_give_terminal_back, args=(driver,), daemon=True)
        restore.start()
        restore.join(TERMINAL_RESTORE_WAIT)
        os._exit(return_code)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in self._signals_caught:
            loop.remove_signal_handler(signum)
        self._signals_caught.clear()
        try:
            self.store.save()  # whatever way the app ended, flush what is left
        except SaveFailed:
            pass  # the person was asked on quit; nothing more can be done here

    # Actions

    def action_save_now(self) -> None:
        # Like quit: keys from the same burst land in the store before it saves.
        self.run_worker(self._save_when_settled(), group="save", exclusive=True)

    async def _save_when_settled(self) -> None:
        await self.settle()
        failure = self.save_now()
        self.notify(failure or "Everything is saved.", severity="error" if failure else "information")

    async def action_quit(self) -> None:
        # ctrl+q is handled the moment it arrives, but keys that came in the
        # same burst (a paste, a lagging SSH link) are still on their way from
        # the field to the store: let them land, then save and go.
        self.run_worker(self._quit_when_settled(), group="quit", exclusive=True)

    async def _quit_when_settled(self) -> None:
        await self.settle()
        self._quit_saved()

    async def settle(self) -> None:
        """Wait until every key already received has reached the store.

        A key goes to the focused field's queue; the change it makes then
        travels up as messages (`Input.Changed`, then `AnswerChanged`), one
        widget per turn, to the app. Each round waits for every queue to
        work through what it held, until a round leaves them all empty.
        """
        loop = asyncio.get_running_loop()
        for _ in range(100):  # far more than any widget tree is deep
            pumps = [self, *self.screen.walk_children(with_self=True)]
            turns = []
            for pump in pumps:
                turn = loop.create_future()
                if pump.call_later(turn.set_result, None):
                    turns.append(turn)
            if turns:
                await asyncio.wait(turns, timeout=1.0)
            if all(pump.message_queue_size == 0 for pump in pumps):
                return

    def _quit_saved(self) -> None:
        if self.save_now() is None or self.store.read_only:
            self.leave()
            return
        from workbook.tui.screens.confirm import ConfirmScreen

        def answer(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(
            ConfirmScreen(
                f"{self.save_state}\n\nYour latest answers are only in memory. "
                "Quit anyway and lose them?",
                yes="Quit without saving",
                no="Stay",
            ),
            answer,
        )

    async def action_move_focus(self, step: int) -> None:
        focused = self.focused
        if focused is not None:
            landed = asyncio.get_running_loop().create_future()
            if focused.call_later(landed.set_result, None):
                await asyncio.wait([landed], timeout=1.0)  # a safety net only
        if step > 0:
            self.screen.focus_next()
        else:
            self.screen.focus_previous()

    def action_need_help(self) -> None:
        from workbook.tui.screens.need_help import NeedHelpScreen

        if not isinstance(self.screen, NeedHelpScreen):
            self.push_screen(NeedHelpScreen())

    def action_keys(self) -> None:
        from workbook.tui.screens.keys_help import KeysHelpScreen

        if not isinstance(self.screen, KeysHelpScreen):
            self.push_screen(KeysHelpScreen())

    def action_hide(self) -> None:
        from workbook.tui.screens.hide import HideScreen

        if not isinstance(self.screen, HideScreen):
            self.push_screen(HideScreen())

    def action_edit_in_editor(self) -> None:
        """Suspend the app and write the focused text in the person's own editor."""
        from textual.widgets import TextArea

        from workbook.tui.editor import (
            NO_EDITOR,
            EditorError,
            edit_text,
            editor_command,
            memory_folder,
        )

        area = self.focused
        if not isinstance(area, TextArea):
            self.notify("Move into a letter or a journal entry first, then press ctrl+t "
                        "to write it in your own editor.")
            return
        if area.read_only:
            self.notify("This text can't be changed here.")
            return
        try:
            command = editor_command()
        except EditorError as error:
            self.notify(str(error), severity="warning", timeout=12)
            return
        if command is None:
            self.notify(NO_EDITOR, title="Your own editor", severity="warning", timeout=12)
            return
        if self.store.encrypted:
            try:
                memory_folder()  # refuse before the screen goes away, saying why
            except EditorError as error:
                self.notify(str(error), title="Your own editor", severity="warning", timeout=12)
                return
        self.save_now()  # what is typed is on disk before the screen goes away
        owner = next((w for w in area.ancestors if isinstance(w, ExerciseWidget)), None)
        # Whose words these are, kept with the editor's folder if the session is cut off.
        record = {"db": os.path.realpath(self.store.path), "area": area.id,
                  "exercise": owner.exercise.id if owner is not None else ""}
        result = failure = None
        try:
            with self.suspend():
                try:
                    result = edit_text(area.text, command, record=record,
                                       in_memory=self.store.encrypted)
                except EditorError as error:  # caught inside: the app must resume
                    failure = str(error)
        except SuspendNotSupported:
            self.notify("Your own editor can't open in the browser; "
                        "keep writing here, everything is saved.")
            return
        self._last_input = time.monotonic()  # time in the editor is not time away
        if failure:
            self.notify(failure, severity="error", timeout=12)
            return
        assert result is not None
        if result.changed:
            # An edit (not `text =`) so it posts Changed and ctrl+z can undo it.
            area.replace(result.text, (0, 0), area.document.end)
        area.focus()
        if result.note:
            self.notify(result.note, severity="warning", timeout=12)

    # Words left in the editor when a session was cut off

    def _offer_editor_leftovers(self) -> None:
        from workbook.tui.editor_recovery import find_leftovers
        from workbook.tui.screens.recover_editor import RecoverEditorScreen

        leftovers = find_leftovers(self.store.path)
        if not leftovers:
            return
        leftover = leftovers[0]  # the others are offered at the next start
        exercise = self.workbook.exercise(leftover.exercise_id)
        where = f"“{exercise.title}”" if exercise is not None else "a text"
        screen = RecoverEditorScreen(where, leftover.text, leftover.source)
        self.push_screen(screen, lambda choice: self.run_worker(
            self._settle_leftover(leftover, choice), group="recover"))

    async def _settle_leftover(self, leftover: Any, choice: str | None) -> None:
        from textual.widgets import TextArea

        from workbook.tui.editor_recovery import keep_aside, remove
        from workbook.tui.screens.recover_editor import BRING_BACK, DISCARD

        exercise = self.workbook.exercise(leftover.exercise_id)
        number = next((step.number for step in self.workbook.steps
                       if exercise is not None and exercise in step.exercises), None)
        if choice == BRING_BACK and exercise is not None and number is not None:
            self.open_step(number)
            await self.screen.settled.wait()
            card = self.screen.query_one(f"#exercise-{exercise.id}")
            areas = [a for a in card.query(TextArea) if not a.read_only]
            area = next((a for a in areas if a.id == leftover.record.get("area")),
                        areas[0] if areas else None)
            if area is not None:
                area.replace(leftover.text, (0, 0), area.document.end)
                area.focus()
                remove(leftover)
                self.notify("Your words are back. They are saved as usual.")
                return
        if choice == DISCARD:
            remove(leftover)
            self.notify("Those words are gone, as you chose.")
            return
        if self.store.encrypted:
            # A plain file beside an encrypted workbook would undo its privacy:
            # the words stay in memory where they are, offered again next start.
            self.notify("Your words stay where they are, in memory, and are offered again "
                        "the next time you open the workbook.", timeout=15)
            return
        try:
            kept = keep_aside(leftover, self.store.path.parent)
        except OSError as error:
            self.notify(f"Couldn't keep the words aside ({error.strerror}); they stay "
                        "where they were and are offered again next time.", severity="error")
            return
        remove(leftover)
        self.notify(f"Your words are kept in {kept}", timeout=15)

    def action_journey(self) -> None:
        from workbook.tui.screens.journey import JourneyScreen

        if not isinstance(self.screen, JourneyScreen):
            self.push_screen(JourneyScreen())

    def action_search(self) -> None:
        from workbook.tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(), self.open_found)

    def open_found(self, hit: Any) -> None:
        """Open the step of a search match, its field focused and the match in view."""
        if hit is None:
            return
        field = hit.field
        self.open_step(field.step)
        self.screen.run_worker(self.screen.reveal_answer(
            field.exercise.id, field.path, field.text, hit.start, hit.end))

    def action_export(self) -> None:
        from workbook.tui.screens.export import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen())


def _give_terminal_back(driver: Any) -> None:
    """Leave the alternate screen and restore the terminal's modes (may block on a dead one)."""
    try:
        # Stop reading keys without waiting for the input thread (its select
        # wakes every 0.1 s); the mouse is switched off here instead.
        driver.exit_event.set()
        driver._disable_mouse_support()
        driver.stop_application_mode()
        driver.close()  # flushes what is queued for the terminal
        sys.__stdout__.flush()
    except Exception:
        pass  # a hung-up terminal: nothing left to restore


def make_app(
    db: str | os.PathLike[str] | None = None,
    content: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    **options: Any,
) -> WorkbookApp:
    """Build the app from paths: the one way the CLI, tests and scripts make it.

    Raises `ContentError` for bad content. A database that is open in another
    session, or that cannot be used, makes the app open on a screen saying so.
    """
    from workbook.core.content.cache import load_workbook_cached
    from workbook.core.locations import cache_dir, content_dir, db_path

    workbook = load_workbook_cached(Path(content_dir(content)), cache_dir())
    store, problem = open_store(db_path(db), read_only=read_only)
    return WorkbookApp(workbook, store, problem=problem, read_only=read_only, **options)


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


# How long a new session waits for one that is closing (a hang-up, then a
# reconnect at once) before it says the workbook is open elsewhere.
LEAVING_WAIT = 3.0


def _open_after_leaving(
    db: Path, locked: WorkbookLocked
) -> tuple[AnswerStore, StorageError | None]:
    import time

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
