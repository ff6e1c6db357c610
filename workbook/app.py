"""`WorkbookApp`, and `make_app`: the one factory the CLI, tests and scripts use."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from workbook.commands import WorkbookCommands
from workbook.content.model import Workbook
from workbook.storage import AnswerStore, SaveFailed
from workbook.widgets.base import ExerciseWidget

# Saves start this long after the first unsaved change, so typing is durable
# within about half a second however long the person keeps typing.
SAVE_DELAY = 0.5


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
        Binding("ctrl+b", "hide", "Hide", priority=True, show=False),
        Binding("ctrl+o", "export", "Export", priority=True, show=False),
        Binding("ctrl+s", "save_now", "Save", priority=True, show=False),
    ]

    save_state: reactive[str] = reactive("")

    def __init__(self, workbook: Workbook, store: AnswerStore) -> None:
        super().__init__()
        self.workbook = workbook
        self.store = store
        self._save_pending = False
        if store.read_only:
            self.save_state = "Read-only: changes are not saved"

    def on_mount(self) -> None:
        from workbook.screens.home import HomeScreen

        theme = self.store.setting("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.push_screen(HomeScreen())
        if not self.store.setting("welcomed") and "welcome" in self.workbook.pages:
            self.show_page("welcome")
            self.store.set_setting("welcomed", True)
            self.schedule_save()

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted and self.store.setting("theme") != theme:
            self.store.set_setting("theme", theme)
            self.schedule_save()

    # Navigation

    def go_home(self) -> None:
        """Back to the list of steps, closing whatever is open."""
        from workbook.screens.home import HomeScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def open_step(self, number: int) -> None:
        """Show step `number` (1-based), replacing any open step."""
        from workbook.screens.home import HomeScreen
        from workbook.screens.step import StepScreen

        step = self.workbook.step(number)
        screen = StepScreen(step, len(self.workbook.steps))
        if isinstance(self.screen, HomeScreen):
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def show_page(self, page_id: str) -> None:
        """Show a prose page (welcome, closing) over the current screen."""
        from workbook.screens.page import PageScreen

        page = self.workbook.pages.get(page_id)
        if page is not None:
            self.push_screen(PageScreen(page))

    # Saving

    def on_exercise_widget_answer_changed(self, message: ExerciseWidget.AnswerChanged) -> None:
        self.store.set(message.exercise_id, message.value)
        self.schedule_save()

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
        elif self.store.last_saved is not None:
            self.save_state = f"Saved {self.store.last_saved:%H:%M}"

    def save_now(self) -> str | None:
        """Save on this thread; return the failure message, if any."""
        try:
            self.store.save()
        except SaveFailed as error:
            self.save_state = str(error)
            return str(error)
        if self.store.last_saved is not None:
            self.save_state = f"Saved {self.store.last_saved:%H:%M}"
        return None

    # Actions

    def action_save_now(self) -> None:
        failure = self.save_now()
        self.notify(failure or "Everything is saved.", severity="error" if failure else "information")

    async def action_quit(self) -> None:
        if self.save_now() is None or self.store.read_only:
            self.exit()
            return
        from workbook.screens.confirm import ConfirmScreen

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

    def action_need_help(self) -> None:
        from workbook.screens.need_help import NeedHelpScreen

        if not isinstance(self.screen, NeedHelpScreen):
            self.push_screen(NeedHelpScreen())

    def action_keys(self) -> None:
        from workbook.screens.keys_help import KeysHelpScreen

        if not isinstance(self.screen, KeysHelpScreen):
            self.push_screen(KeysHelpScreen())

    def action_hide(self) -> None:
        from workbook.screens.hide import HideScreen

        if not isinstance(self.screen, HideScreen):
            self.push_screen(HideScreen())

    def action_export(self) -> None:
        try:
            from workbook.screens.export import ExportScreen
        except ImportError:
            self.notify("Export is not available yet.")
            return
        if not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen())


def make_app(
    db: str | os.PathLike[str] | None = None,
    content: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    **options: Any,
) -> WorkbookApp:
    """Build the app from paths: the one way the CLI, tests and scripts make it.

    Raises `ContentError` for bad content and storage errors for a bad database.
    """
    from workbook.content import load_workbook
    from workbook.locations import content_dir, db_path

    workbook = load_workbook(Path(content_dir(content)))
    store = AnswerStore(db_path(db), read_only=read_only)
    return WorkbookApp(workbook, store, **options)
