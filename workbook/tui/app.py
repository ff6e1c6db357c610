"""`WorkbookApp`, the shell, and `make_app`: the one factory the CLI, tests and scripts use.

The app holds the workbook and the store and routes keys and messages; the
work itself lives in the services beside it: `autosave`, `leaving`,
`idle_lock`, `focus`, `navigation`, `answers`, `look`, `problem_flow`,
`own_editor`, `editor_leftovers`, `opening`, `sync_watch`, and the keys
it allows in `keys`.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.reactive import var
from textual.screen import Screen

from workbook.core.content.model import Workbook
from workbook.core.storage import AnswerStore, StorageError
from workbook.tui import answers, look, navigation, problem_flow
from workbook.tui.autosave import Autosave
from workbook.tui.commands import WorkbookCommands
from workbook.tui.focus import FocusKeeper
from workbook.tui.idle_lock import IdleLock
from workbook.tui.keys import APP_BINDINGS, action_allowed
from workbook.tui.leaving import Leaving, settle
from workbook.tui.sync_watch import SyncWatch
from workbook.tui.textual_compat import replaceable_first_screen
from workbook.tui.themes import THEMES, theme_changed, use_terminal_theme

if TYPE_CHECKING:  # the widgets load with the first step, not before the first frame
    from workbook.tui.widgets.base import ExerciseWidget


class WorkbookApp(App[None]):
    """The full-screen workbook: home, ten steps, help and export."""

    CSS_PATH = "workbook.tcss"
    TITLE = "Heartbreak Workbook"
    COMMANDS = App.COMMANDS | {WorkbookCommands}

    BINDINGS = APP_BINDINGS

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
        # The step (and its scroll) the person was on when the workbook locked.
        self.resume_at: tuple[int, float] | None = None
        self.autosave = Autosave(self)
        self.leaving = Leaving(self)
        self.idle_lock = IdleLock(self)
        self.focus_keeper = FocusKeeper(self)
        self.sync_watch = SyncWatch(self)
        for theme in THEMES:
            self.register_theme(theme)
        # Set while the app picks a theme for this terminal: not the person's choice.
        self.theme_for_terminal = False
        if self.STEADY:
            self.theme = "textual-dark"
        if store.read_only and problem is None:
            self.save_state = "Read-only: changes are not saved"

    def get_default_screen(self) -> Screen:
        # Home is the first screen itself, not pushed over Textual's empty one:
        # one screen fewer to compose, style and lay out before the first frame.
        if self.startup_problem is not None:
            return self.blank_screen()  # the problem's screen goes over it
        from workbook.tui.screens.home import HomeScreen

        return replaceable_first_screen(HomeScreen(), self)

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        look.read_screens_css(self)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:
        look.read_screens_css(self)
        return super().switch_screen(screen)

    def blank_screen(self) -> Screen:
        """Textual's own empty first screen: what lies under a screen that asks
        before anything opens (a problem with the database, the unlock screen)."""
        return super().get_default_screen()

    def on_ready(self) -> None:
        # The first frame is on screen: collect cycles again (`cli.run_app`
        # pauses the collector while starting up).
        gc.enable()

    def on_mount(self) -> None:
        self.leaving.catch_signals()
        if not self.STEADY:
            use_terminal_theme(self)
        look.fit_layout(self)
        if self.startup_problem is not None:
            self.show_problem(self.startup_problem)
        else:
            self.open_home()

    def open_home(self) -> None:
        """Home, with what the person must hear first (see `navigation.open_home`)."""
        look.fit_layout(self)
        navigation.open_home(self)
        if not self.store.read_only:
            # Another machine's changes, merged as they come: from just after the
            # first frame, so its thread does not compete with drawing it.
            self.call_after_refresh(self.sync_watch.start)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.focus_keeper.focus_moved()
        # Whenever it is switched off, a focused cursor shows steadily.
        if self.STEADY and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def watch_theme(self, theme: str) -> None:
        theme_changed(self, theme)

    def on_resize(self, event: events.Resize) -> None:
        # This runs before App's own handler updates `self.size`: use the event's.
        look.fit_layout(self, event.size.width, event.size.height)
        if event.size != self.size:  # the size the terminal had at start moves nothing
            self.focus_keeper.resized()

    async def on_event(self, event: events.Event) -> None:
        # Every key reaches the app first, wherever focus is: the idle clock.
        if isinstance(event, events.Key | events.MouseDown | events.Paste):
            self.idle_lock.touched()
        self.focus_keeper.arriving(event)  # a key never types into a field out of sight
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action_allowed(self, action)

    # Navigation (see `navigation`)

    def go_home(self) -> None:
        """Back to the list of steps, closing whatever is open."""
        navigation.go_home(self)

    def open_step(self, number: int) -> None:
        """Show step `number` (1-based), replacing any open step."""
        navigation.open_step(self, number)

    def show_page(self, page_id: str, lead: str = "") -> None:
        """Show a prose page (welcome, closing) over the current screen, `lead` first."""
        navigation.show_page(self, page_id, lead)

    # Answers, and saving them

    def on_exercise_widget_answer_changed(self, message: ExerciseWidget.AnswerChanged) -> None:
        answers.changed(self, message)

    def on_earlier_answer_removed(self, message: Any) -> None:
        answers.earlier_removed(self, message)

    def on_merged_answer_restored(self, message: Any) -> None:
        answers.merged_restored(self, message)

    def on_merged_answer_let_go(self, message: Any) -> None:
        answers.merged_let_go(self, message)

    def on_exercise_widget_draft_changed(self, message: ExerciseWidget.DraftChanged) -> None:
        answers.draft_changed(self, message)

    def on_exercise_widget_ask_first(self, message: ExerciseWidget.AskFirst) -> None:
        answers.ask_first(self, message)

    def schedule_save(self) -> None:
        """Save soon; changes that arrive before then ride along in that save."""
        self.autosave.schedule()

    def save_now(self) -> str | None:
        """Save on this thread; return the failure message, if any."""
        return self.autosave.save_now()

    async def settle(self) -> None:
        """Wait until every key already received has reached the store."""
        await settle(self)

    # Problems with the database

    def show_problem(self, problem: StorageError) -> None:
        """Show the screen for a locked or unusable database; it decides what opens."""
        problem_flow.show_problem(self, problem)

    def set_lock_minutes(self, minutes: float) -> None:
        """Remember how long without a key before the workbook locks (0: never)."""
        self.idle_lock.set_minutes(minutes)

    def leave(self, return_code: int = 0) -> None:
        """End the app once everything is saved, as fast as the terminal allows."""
        self.leaving.leave(return_code)

    def on_unmount(self) -> None:
        self.leaving.release_signals()
        self.leaving.flush()

    # Actions

    def action_save_now(self) -> None:
        self.run_worker(self.autosave.save_when_settled(), group="save", exclusive=True,
                        exit_on_error=False)

    async def action_quit(self) -> None:
        self.run_worker(self.leaving.quit_when_settled(), group="quit", exclusive=True,
                        exit_on_error=False)

    async def action_move_focus(self, step: int) -> None:
        await self.focus_keeper.move(step)

    def action_lock(self) -> None:
        self.idle_lock.lock()

    def action_need_help(self) -> None:
        navigation.push_once(self, "need_help", "NeedHelpScreen")

    def action_keys(self) -> None:
        navigation.push_once(self, "keys_help", "KeysHelpScreen")

    def action_hide(self) -> None:
        navigation.push_once(self, "hide", "HideScreen")

    def action_edit_in_editor(self) -> None:
        """Suspend the app and write the focused text in the person's own editor."""
        from workbook.tui.own_editor import edit_in_own_editor

        edit_in_own_editor(self)

    def action_journey(self) -> None:
        navigation.push_once(self, "journey", "JourneyScreen")

    def action_search(self) -> None:
        navigation.push_once(self, "search", "SearchScreen", self.open_found)

    def open_found(self, hit: Any) -> None:
        navigation.open_found(self, hit)

    def action_export(self) -> None:
        navigation.push_once(self, "export", "ExportScreen")


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
    from workbook.tui.opening import open_store

    workbook = load_workbook_cached(Path(content_dir(content)), cache_dir())
    store, problem = open_store(db_path(db), read_only=read_only)
    return WorkbookApp(workbook, store, problem=problem, read_only=read_only, **options)
