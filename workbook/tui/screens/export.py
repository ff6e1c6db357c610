"""`ExportScreen`: save the workbook as Markdown, HTML or a JSON backup.

The person picks the format, the steps and the file; the export is written
in a thread (a long journal takes a moment) and the full path is shown. An
existing file is only replaced after asking.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Static

from workbook.core.export.common import (
    ExportError,
    default_filename,
    default_folder,
    parse_steps,
    target_problem,
    write_export,
)
from workbook.core.locations import plain_path
from workbook.tui.widgets.marked_toggles import RingButton, TickBox


def homely(path: Path) -> str:
    """A path as a person reads it: their home folder as `~`, shorter on a small screen."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


CHOICES = (
    ("md", "Markdown: a readable copy to keep"),
    ("html", "HTML: to read, or print as a booklet"),
    ("json", "JSON: a full backup, to restore or move"),
)


class ExportScreen(ModalScreen[None]):
    """Choose what to export and where; escape goes back."""

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
        #export {
            width: 78; max-width: 100%; height: auto; max-height: 100%;
            border: round $primary; background: $surface; padding: 0 1;
        }
        #export-title { text-style: bold; color: $text-primary; }
        /* Room for the frame, title and buttons below it even at 60x20. */
        #export-form { height: auto; max-height: 70vh; }
        RadioSet { border: none; padding: 0; width: 1fr; background: $surface; }
        Checkbox { border: none; padding: 0; margin: 0 0 0 7; background: $surface; }
        .export-row { height: auto; }
        .export-label { width: 8; padding: 1 0 0 0; color: $text-muted; }
        .export-row Input { width: 1fr; }
        #export-format-label { padding: 0; }
        #export-steps-hint, #export-path { color: $text-muted; }
        #export-steps-hint { margin: 0 0 0 9; }
        #export-buttons { height: auto; align: right middle; }
        #export-buttons Button { margin: 0 0 0 2; }
        #export-status { height: auto; }
        #export-status.-error { color: $text-error; }
        #export-status.-done { color: $text-success; }
    }
    """

    BINDINGS = [Binding("escape", "close", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.format = "md"
        self.folder = default_folder()
        self.last_written: Path | None = None
        self.updated: dict[str, str | None] = {}
        self.writing = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static("Export your workbook", id="export-title")
            # Not a tab stop of its own (an invisible one): tab scrolls each field in.
            with VerticalScroll(id="export-form", can_focus=False):
                with Horizontal(classes="export-row"):
                    yield Label("Format", classes="export-label", id="export-format-label")
                    with RadioSet(id="export-format"):
                        for fmt, label in CHOICES:
                            yield RingButton(label, value=fmt == self.format, id=f"format-{fmt}")
                with Horizontal(classes="export-row"):
                    yield Label("Steps", classes="export-label")
                    yield Input("all", id="export-steps", placeholder="all, or e.g. 1,2,9")
                yield Static("'all', or step numbers such as 1,2,9 or 1-3", id="export-steps-hint")
                # Where it goes before the choices seldom changed: at 60x20 the
                # file and its full path are in view without scrolling.
                with Horizontal(classes="export-row"):
                    yield Label("File", classes="export-label")
                    yield Input(default_filename(self.format), id="export-file")
                yield Static("", id="export-path", markup=False)
                yield TickBox("Include exercises not answered yet", id="export-all")
                yield TickBox("A blank workbook, to fill in by hand", id="export-blank")
                # Left out unless chosen: an old "Yes, right now" must not read as today.
                yield TickBox("Include my answers about suicide and self-harm, dated",
                              id="export-urgent")
            with Horizontal(id="export-buttons"):
                yield Button("Back", id="export-back")
                yield Button("Export", id="export-go", variant="primary")
            yield Static("", id="export-status", markup=False)

    def on_mount(self) -> None:
        self.show_target()
        self.query_one("#export-format", RadioSet).focus()

    # Reading the form

    @property
    def target(self) -> Path:
        """The full path the export will be written to."""
        name = self.query_one("#export-file", Input).value.strip() or default_filename(self.format)
        path = Path(name).expanduser()
        return plain_path(path if path.is_absolute() else self.folder / path)

    def show_target(self) -> None:
        self.query_one("#export-path", Static).update(f"Saves to {homely(self.target)}")

    def say(self, message: str, kind: str = "") -> None:
        status = self.query_one("#export-status", Static)
        status.update(message)
        status.set_class(kind == "error", "-error")
        status.set_class(kind == "done", "-done")

    # Handlers

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        new = (event.pressed.id or "format-md").removeprefix("format-")
        old, self.format = self.format, new
        file_input = self.query_one("#export-file", Input)
        # Keep the name the person typed, but give it the new format's ending.
        if file_input.value.endswith(f".{old}"):
            file_input.value = file_input.value.removesuffix(f".{old}") + f".{new}"
        backup = new == "json"
        for widget_id in ("#export-steps", "#export-all", "#export-blank", "#export-urgent"):
            self.query_one(widget_id).disabled = backup
        self.show_target()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.checkbox.id != "export-blank":
            return
        file_input = self.query_one("#export-file", Input)
        blank = event.value
        # Only a name we suggested follows the box; a typed one is the person's.
        if file_input.value == default_filename(self.format, blank=not blank):
            file_input.value = default_filename(self.format, blank=blank)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "export-file":
            self.show_target()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-go":
            self.start_export()
        else:
            self.dismiss(None)

    # Exporting

    def start_export(self) -> None:
        """Check the form, ask before replacing a file, then write."""
        if self.writing:
            return  # one export at a time; the status line says "Saving…"
        try:
            steps = parse_steps(self.query_one("#export-steps", Input).value, self.app.workbook)
        except ExportError as error:
            message = str(error)
            self.say(f"{message[:1].upper()}{message[1:]}.", "error")
            self.query_one("#export-steps", Input).focus()
            return
        path = self.target
        problem = target_problem(path, force=True, protected=self.app.store.path)
        if problem:
            self.say(f"Nothing was written: {problem}.", "error")
            self.query_one("#export-file", Input).focus()
            return
        if not path.exists():
            self.write(path, steps)
            return
        from workbook.tui.screens.confirm import ConfirmScreen

        def answer(replace: bool | None) -> None:
            if replace:
                self.write(path, steps)
            else:
                self.say("Nothing was written. You can choose another file name.")
                self.query_one("#export-file", Input).focus()

        self.app.push_screen(
            ConfirmScreen(f"{path}\n\nThis file already exists. Replace it?",
                          yes="Replace it", no="Keep it"),
            answer,
        )

    def write(self, path: Path, steps: list[int] | None) -> None:
        """Snapshot the answers here, on the UI thread, and write them in a thread."""
        store = self.app.store
        include_unanswered = self.query_one("#export-all", Checkbox).value
        blank = self.query_one("#export-blank", Checkbox).value
        include_urgent = self.query_one("#export-urgent", Checkbox).value
        if self.format == "json":
            from workbook.core.export.backup import backup_data

            snapshot = backup_data(store)
        else:
            from workbook.core.export.urgent import with_dates

            snapshot = {} if blank else with_dates(self.app.workbook, store.answers(),
                                                    store.updated)
            # Each answer's last change: the journey's words per week, as in the app.
            self.updated = {ex_id: store.updated(ex_id) for ex_id in snapshot}
        # The button stays enabled (and focused): disabling it would move the
        # focus to "Back", where the next enter would close the screen.
        self.writing = True
        self.say("Saving…")
        self.write_in_thread(path, self.format, snapshot, steps, include_unanswered, blank,
                             include_urgent)

    @work(thread=True, exclusive=True, group="export")
    def write_in_thread(self, path: Path, fmt: str, snapshot: dict, steps: list[int] | None,
                        include_unanswered: bool, blank: bool, include_urgent: bool) -> None:
        if fmt == "json":
            from workbook.core.export.backup import encode_backup

            text = encode_backup(snapshot)
        else:
            if fmt == "html":
                from workbook.core.export.html import export_html as export
            else:
                from workbook.core.export.markdown import export_markdown as export
            text = export(self.app.workbook, snapshot, steps=steps,
                          include_unanswered=include_unanswered, blank=blank,
                          include_urgent=include_urgent, updated=self.updated)
        problem = write_export(path, text)
        self.app.call_from_thread(self.finished, path, problem)

    def finished(self, path: Path, problem: str | None) -> None:
        self.writing = False
        if problem:
            self.say(f"Nothing was written: {problem}.", "error")
            return
        self.last_written = path
        # An encrypted workbook's export is still plain text: say so, once.
        plain = ". It is not encrypted: keep it safe." if self.app.store.encrypted else ""
        # Said here, not in a toast: a toast would sit over this very line.
        self.say(f"Saved to {path}{plain}", "done")

    def action_close(self) -> None:
        self.dismiss(None)
