"""`WorkbookApp`, the shell, and `make_app`: the one factory the CLI, tests and scripts use.

The app holds the workbook and the store and routes keys and messages; the
work itself lives in the services beside it: `autosave`, `leaving`,
`idle_lock`, `focus`, `navigation`, `own_editor`, `editor_leftovers`,
`opening`, `sync_watch`.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.reactive import var
from textual.screen import Screen

from workbook.core.content.model import Workbook
from workbook.core.storage import AnswerStore, StorageError
from workbook.tui import navigation
from workbook.tui.autosave import Autosave
from workbook.tui.commands import WorkbookCommands
from workbook.tui.focus import FocusKeeper
from workbook.tui.idle_lock import IdleLock
from workbook.tui.keys import APP_BINDINGS
from workbook.tui.leaving import Leaving, settle
from workbook.tui.sync_watch import SyncWatch
from workbook.tui.textual_compat import is_text_area, replaceable_first_screen
from workbook.tui.themes import THEMES, terminal_theme

if TYPE_CHECKING:  # the widgets load with the first step, not before the first frame
    from workbook.tui.widgets.base import ExerciseWidget

# Below this many columns or rows the app switches to its compact layout
# (the `-compact` class on the App: thinner margins and borders).
COMPACT_WIDTH = 80
COMPACT_HEIGHT = 24

# The app-wide look of the screens after home, read when the first one opens.
SCREENS_CSS = "screens.tcss"

# Actions that need an open workbook: while a problem screen decides what
# opens, they are off.
NEEDS_WORKBOOK = ("export", "save_now", "edit_in_editor", "lock", "search", "journey")


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
        self._theme_for_terminal = False
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
        self._read_screens_css()
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:
        self._read_screens_css()
        return super().switch_screen(screen)

    def _read_screens_css(self) -> None:
        """The app-wide look of every screen but home (`screens.tcss`), read as
        the first of them opens: a start parses only what home needs."""
        path = str(Path(__file__).with_name(SCREENS_CSS))
        if not self.stylesheet.has_source(path):
            # As app CSS, like workbook.tcss; only the new rules are parsed.
            self.stylesheet.add_source(Path(path).read_text(encoding="utf-8"),
                                       read_from=(path, ""), is_default_css=False)

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
        if not self.STEADY and (for_terminal := terminal_theme()) is not None:
            self._theme_for_terminal = True
            try:
                self.theme = for_terminal  # a theme the person saved replaces it at home
            finally:
                self._theme_for_terminal = False
        self._fit_layout()
        if self.startup_problem is not None:
            self.show_problem(self.startup_problem)
        else:
            self._open_home()

    def _open_home(self) -> None:
        self._fit_layout()
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
        self.set_class(theme.startswith("workbook-high-contrast"), "-high-contrast")
        if self._theme_for_terminal:
            return  # the console's theme, not the person's choice: never remembered
        if self.is_mounted and self.store.setting("theme") != theme:
            self.store.set_setting("theme", theme)
            self.schedule_save()

    def on_resize(self, event: events.Resize) -> None:
        # This runs before App's own handler updates `self.size`: use the event's.
        self._fit_layout(event.size.width, event.size.height)
        if event.size != self.size:  # the size the terminal had at start moves nothing
            self.focus_keeper.resized()

    async def on_event(self, event: events.Event) -> None:
        # Every key reaches the app first, wherever focus is: the idle clock.
        if isinstance(event, events.Key | events.MouseDown | events.Paste):
            self.idle_lock.touched()
        self.focus_keeper.arriving(event)  # a key never types into a field out of sight
        await super().on_event(event)

    def _fit_layout(self, width: int | None = None, height: int | None = None) -> None:
        if width is None or height is None:
            width, height = self.size
        compact = width < COMPACT_WIDTH or height < COMPACT_HEIGHT
        if compact == self.has_class("-compact"):
            return
        self.set_class(compact, "-compact")
        # Textual restyles only the screens in view: one underneath (home under
        # a step) would keep the old layout when it comes back. Restyle them all.
        for screen in self.screen_stack[:-1]:
            screen.update_node_styles(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer asks this for every binding while the first frame is drawn:
        # look classes up only once their modules are loaded (nothing can be
        # an instance before that), so asking imports nothing.
        hide = sys.modules.get("workbook.tui.screens.hide")
        if hide is not None and isinstance(self.screen, hide.HideScreen):
            return action == "quit"  # under the cover every key just lifts it
        if self.startup_problem is not None and action in NEEDS_WORKBOOK:
            return False  # nothing is open yet: the problem screen decides what opens
        if action == "edit_in_editor":
            # Only offered where it works: never in a browser, which keeps
            # ctrl+t for a new tab and has no terminal to lend an editor.
            return is_text_area(self.focused) and not self.is_web
        return True

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
        from workbook.core.earlier import record_answer

        record_answer(self.store, self.workbook, message.exercise_id, message.value,
                      message.before)
        self.schedule_save()

    def on_earlier_answer_removed(self, message: Any) -> None:
        from workbook.core.earlier import remove_earlier

        remove_earlier(self.store, self.workbook, message.exercise_id)
        self.schedule_save()

    def on_merged_answer_restored(self, message: Any) -> None:
        self.store.restore_earlier(message.version)
        self.schedule_save()
        self.call_later(self._show_restored)

    def on_merged_answer_let_go(self, message: Any) -> None:
        self.store.let_go(message.version)
        self.schedule_save()

    async def _show_restored(self) -> None:
        # The restored words replace what a widget shows: the step is drawn again.
        recompose = getattr(self.screen, "recompose", None)
        if recompose is not None:
            await recompose()

    def on_exercise_widget_draft_changed(self, message: ExerciseWidget.DraftChanged) -> None:
        self.store.set_draft(message.exercise_id, message.draft)
        self.schedule_save()

    def on_exercise_widget_ask_first(self, message: ExerciseWidget.AskFirst) -> None:
        from workbook.tui.screens.confirm import ask_then

        ask_then(self, message.question, message.then, yes=message.yes, no=message.no)

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
        from workbook.tui.screens.problems import problem_screen

        self.push_screen(problem_screen(problem, self.read_only_requested), self._problem_settled)

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
            if self.resume_at is not None:  # unlocked again: back where they were
                (number, scroll), self.resume_at = self.resume_at, None
                # Once home is up (the unlock screen is still leaving now).
                self.call_after_refresh(navigation.resume_step, self, number, scroll)

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
