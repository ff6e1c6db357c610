"""`BadDatabaseScreen`: the answers file cannot be opened; a backup, a fresh start, or quit."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from workbook.core.storage import AnswerStore, BadDatabase, StorageError, WorkbookLocked
from workbook.core.storage.backups import human_size, list_backups, move_aside, restore_backup
from workbook.core.storage.encryption import NeedsPassphrase
from workbook.core.storage.store import describe_os_error
from workbook.tui.widgets.footer import WorkbookFooter

ENCRYPTED_BACKUP = ("That backup is encrypted: quit (q), then run 'workbook restore {name}', "
                    "which asks for your passphrase.")


class BadDatabaseScreen(Screen[AnswerStore | StorageError | None]):
    """Names the file and its problem; never changes the file unless asked.

    "Open a backup" restores the chosen backup (the unusable file is moved
    aside first, never deleted); "Move it aside" renames the file with a
    timestamp and starts an empty workbook. Read-only (the person asked for
    it), nothing is written: a backup opens read-only to look at, and moving
    aside is not offered. Dismisses with the store to use, a new problem, or
    None to quit.
    """

    DEFAULT_CSS = """
    BadDatabaseScreen {
        #bad { padding: 1 2; }
        #bad-title { text-style: bold; color: $text-error; }
        #bad-file, #bad-problem, #bad-reassure { margin: 1 0 0 0; }
        #bad-reassure { color: $text-muted; }
        #bad-buttons { height: auto; margin: 1 0 0 0; }
        #bad-buttons Button { margin: 0 2 0 0; }
        #bad-note { margin: 1 0 0 0; color: $text-warning; }
        #backup-list { display: none; height: auto; max-height: 12; margin: 1 0 0 0; }
        #backup-list.-shown { display: block; }
    }
    """

    BINDINGS = [
        Binding("b", "show_backups", "Open a backup"),
        Binding("m", "move_aside", "Move aside, start fresh"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, problem: BadDatabase, *, read_only: bool = False) -> None:
        super().__init__()
        self.problem = problem
        self.db = Path(problem.path)
        self.read_only = read_only
        self.backups = list_backups(self.db)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="bad"):
            yield Static("Your workbook file can't be opened", id="bad-title")
            yield Static(f"File: {self.db}", id="bad-file", markup=False)
            yield Static(f"Problem: {self.problem.problem}", id="bad-problem", markup=False)
            count = len(self.backups)
            backups = (
                f"There {'is' if count == 1 else 'are'} {count} backup{'s' if count != 1 else ''} "
                "to choose from."
                if count
                else "There are no backups of it yet."
            )
            fresh = (
                "You opened the workbook read-only, so a backup opens to read, and nothing "
                "is changed. To start fresh, run workbook without --read-only."
                if self.read_only
                else "You can also set the file aside (it is renamed, never deleted) and "
                "start a fresh workbook."
            )
            yield Static(
                f"Nothing in the file has been changed. {backups} {fresh}",
                id="bad-reassure",
                markup=False,
            )
            with Horizontal(id="bad-buttons"):
                if count:  # never offered when there is none to open
                    yield Button("Open a backup", id="backups", variant="primary")
                if not self.read_only:
                    yield Button("Move it aside and start fresh", id="aside")
                yield Button("Quit", id="quit")
            yield Static("", id="bad-note", markup=False)
            yield OptionList(
                *(
                    Option(f"{b.taken:%a %d %b %Y, %H:%M:%S}   {human_size(b.size)}", id=b.name)
                    for b in self.backups
                ),
                id="backup-list",
            )
        yield WorkbookFooter()

    def on_mount(self) -> None:
        first = "#backups" if self.backups else "#quit" if self.read_only else "#aside"
        self.query_one(first, Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"backups": self.action_show_backups, "aside": self.action_move_aside}
        actions.get(event.button.id or "", self.action_quit)()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        backup = self.backups[event.option_index]
        if self.read_only:
            self._look_at(backup.path)
            return
        try:
            kept = restore_backup(self.db, backup.path)
        except NeedsPassphrase:
            self._note(ENCRYPTED_BACKUP.format(name=backup.name))
            return
        except BadDatabase as error:
            self._note(f"That backup can't be opened either: {error.problem}. Try an older one.")
            return
        except WorkbookLocked:
            self._note("The workbook is open in another session; quit it there first.")
            return
        except OSError as error:
            self._note(f"Could not restore it: {describe_os_error(error)}. Nothing was changed.")
            return
        where = f" The file that could not be opened is kept as {kept}." if kept else ""
        self._open(f"Restored your workbook from {backup.taken:%a %d %b, %H:%M}.{where}")

    def _look_at(self, backup: Path) -> None:
        try:
            store = AnswerStore(backup, read_only=True)
        except NeedsPassphrase:
            self._note(ENCRYPTED_BACKUP.format(name=backup.name))
            return
        except BadDatabase as error:
            self._note(f"That backup can't be opened either: {error.problem}. Try an older one.")
            return
        self.app.notify(f"This is the backup from {backup.name}, read-only.", timeout=10)
        self.dismiss(store)

    def _note(self, text: str) -> None:
        self.query_one("#bad-note", Static).update(text)

    def _open(self, message: str) -> None:
        try:
            store = AnswerStore(self.db)
        except StorageError as error:
            self.dismiss(error)
            return
        self.app.notify(message, timeout=10)
        self.dismiss(store)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_backups":
            return bool(self.backups)  # not in the footer when there are none
        return True

    def action_show_backups(self) -> None:
        if not self.backups:
            self._note("There are no backups yet.")
            return
        backups = self.query_one("#backup-list", OptionList)
        backups.add_class("-shown")
        backups.highlighted = 0
        backups.focus()
        self._note("Choose a backup (newest first) and press enter.")

    def action_move_aside(self) -> None:
        if self.read_only:
            self._note("Read-only: nothing is changed. Run workbook without --read-only "
                       "to set the file aside.")
            return
        try:
            moved = move_aside(self.db)
        except WorkbookLocked:
            self._note("The workbook is open in another session; quit it there first.")
            return
        except OSError as error:
            self._note(f"Could not move it: {describe_os_error(error)}. Nothing was changed.")
            return
        self._open(f"The old file is kept as {moved}. This is a fresh workbook.")

    def action_quit(self) -> None:
        self.dismiss(None)
