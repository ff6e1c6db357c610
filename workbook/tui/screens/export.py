"""`ExportScreen`: save the workbook as Markdown, HTML, PDF or a JSON backup.

The person picks the format, the steps and the file; the export is written
in a thread (a long journal takes a moment) and the full path is shown. An
existing file is only replaced after asking. With someone's public key in
"For", the copy is encrypted for them in memory and only the `.age` file is
written; a name given in "Name" remembers that key for next time.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Select, Static

from workbook.core.export.common import (
    ExportError,
    default_filename,
    default_folder,
    parse_steps,
    target_problem,
    write_export,
)
from workbook.core.export.recipients import (
    REMEMBERED,
    Recipient,
    RecipientProblem,
    for_recipients,
    looks_private,
    parse_recipient,
    remember,
    remembered,
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
    ("pdf", "PDF: a booklet to print or pass on"),
)
FIELD = "For"  # names the field in messages about the key typed there
PRIVATE_REFUSED = ("That was a private key, so it was cleared and not kept. Ask for their "
                   "public key: it starts with age1, ssh-ed25519 or ssh-rsa.")


def upper_first(message: str) -> str:
    return f"{message[:1].upper()}{message[1:]}"


def saved_label(entry: dict[str, str]) -> str:
    """A saved name with the start of its key (or its key file's name), so a key
    swapped under a familiar name can be noticed."""
    to = entry["to"]
    key = f"{to[:14]}…" if to.startswith(("age1", "ssh-")) else Path(to).name
    return f"{entry['name']} ({key})"


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
        #export-steps-hint, #export-path, #export-to-hint, #export-name-hint { color: $text-muted; }
        #export-steps-hint, #export-to-hint, #export-name-hint { margin: 0 0 0 9; }
        .export-row Select { width: 1fr; }
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
        self.shared_to = ""
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
                saved = self.saved_recipients()
                with Horizontal(classes="export-row", id="export-saved-row") as row:
                    row.display = bool(saved)
                    yield Label("Saved", classes="export-label")
                    yield Select([(saved_label(entry), entry["name"]) for entry in saved],
                                 prompt="Someone you saved before", id="export-saved")
                with Horizontal(classes="export-row"):
                    yield Label("For", classes="export-label")
                    yield Input("", id="export-to",
                                placeholder="optional: their age1… or ssh-… key, or a key file")
                yield Static("Encrypts the copy so only they can open it. Once sent it can't be "
                             "taken back: share only with someone you feel safe with.",
                             id="export-to-hint")
                with Horizontal(classes="export-row"):
                    yield Label("Name", classes="export-label")
                    yield Input("", id="export-to-name", max_length=60,
                                placeholder="optional: remember them as, e.g. my counsellor")
                # A saved name ("my lawyer") can say a lot: say where it is kept.
                yield Static("Names are kept in your workbook, encrypted only if it is.",
                             id="export-name-hint")
            with Horizontal(id="export-buttons"):
                yield Button("Back", id="export-back")
                yield Button("Export", id="export-go", variant="primary")
            yield Static("", id="export-status", markup=False)

    def on_mount(self) -> None:
        self.show_target()
        self.query_one("#export-format", RadioSet).focus()

    # Reading the form

    def saved_recipients(self) -> list[dict[str, str]]:
        return remembered(self.app.store.setting(REMEMBERED))

    @property
    def sharing(self) -> str:
        """What "For" holds (a key or a key file), or "" for a plain copy."""
        return self.query_one("#export-to", Input).value.strip()

    @property
    def target(self) -> Path:
        """The full path the export will be written to (`.age` added when encrypted for someone)."""
        name = self.query_one("#export-file", Input).value.strip() or default_filename(self.format)
        if self.sharing:
            name = for_recipients(name)
        path = Path(name).expanduser()
        return plain_path(path if path.is_absolute() else self.folder / path)

    def show_target(self) -> None:
        sealed = ", encrypted for them" if self.sharing else ""
        self.query_one("#export-path", Static).update(f"Saves to {homely(self.target)}{sealed}")

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
        if new == "pdf":
            from workbook.core.export.pdf import how_to_add, pdf_available

            if not pdf_available():
                self.say(f"{how_to_add()}.", "error")

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
        if event.input.id in ("export-to", "export-to-name") and looks_private(event.value):
            # A private key pasted by mistake leaves the screen at once, unsaved.
            event.input.value = ""
            self.say(PRIVATE_REFUSED, "error")
            return
        if event.input.id in ("export-file", "export-to"):
            self.show_target()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        chosen = next((entry for entry in self.saved_recipients()
                       if entry["name"] == event.value), None)
        if chosen is not None:
            self.query_one("#export-to", Input).value = chosen["to"]
            self.query_one("#export-to-name", Input).value = chosen["name"]

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
            self.say(f"{upper_first(str(error))}.", "error")
            self.query_one("#export-steps", Input).focus()
            return
        recipients: list[Recipient] = []
        if self.sharing:
            try:
                recipients = parse_recipient(self.sharing, FIELD, self.folder)
            except RecipientProblem as error:
                to = self.query_one("#export-to", Input)
                if looks_private(to.value) or "private key" in str(error):
                    to.value = ""  # a key file holding a private key: its name goes too
                self.say(f"Nothing was written. {error}.", "error")  # starts with a name
                to.focus()
                return
        path = self.target
        problem = target_problem(path, force=True, protected=self.app.store.path)
        if problem:
            self.say(f"Nothing was written: {problem}.", "error")
            self.query_one("#export-file", Input).focus()
            return
        if not path.exists():
            self.write(path, steps, recipients)
            return
        from workbook.tui.screens.confirm import ConfirmScreen

        def answer(replace: bool | None) -> None:
            if replace:
                self.write(path, steps, recipients)
            else:
                self.say("Nothing was written. You can choose another file name.")
                self.query_one("#export-file", Input).focus()

        self.app.push_screen(
            ConfirmScreen(f"{path}\n\nThis file already exists. Replace it?",
                          yes="Replace it", no="Keep it"),
            answer,
        )

    def write(self, path: Path, steps: list[int] | None, recipients: list[Recipient]) -> None:
        """Snapshot the answers here, on the UI thread, and write them in a thread."""
        store = self.app.store
        include_unanswered = self.query_one("#export-all", Checkbox).value
        blank = self.query_one("#export-blank", Checkbox).value
        earlier: list = []
        updated: dict[str, str | None] = {}
        include_urgent = self.query_one("#export-urgent", Checkbox).value
        if self.format == "json":
            from workbook.core.export.backup import backup_data

            snapshot = backup_data(store)
        else:
            from workbook.core.earlier import earlier_in
            from workbook.core.export.urgent import with_dates

            snapshot = {} if blank else with_dates(self.app.workbook, store.answers(),
                                                    store.updated)
            earlier = [] if blank else earlier_in(self.app.workbook, store)
            # Each answer's last change: the journey's words per week, as in the app.
            updated = {ex_id: store.updated(ex_id) for ex_id in snapshot}
        # The button stays enabled (and focused): disabling it would move the
        # focus to "Back", where the next enter would close the screen.
        self.writing = True
        # Remembered once written, whatever is typed meanwhile; a key file by its
        # full path, so it is found again from another folder.
        self.shared_to = self.sharing
        if recipients and recipients[0].source != FIELD:
            self.shared_to = str((self.folder / Path(self.sharing).expanduser()).resolve())
        self.say("Saving…")
        self.write_in_thread(path, self.format, snapshot, steps, include_unanswered, blank,
                             include_urgent, earlier, updated, recipients)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def write_in_thread(self, path: Path, fmt: str, snapshot: dict, steps: list[int] | None,
                        include_unanswered: bool, blank: bool, include_urgent: bool,
                        earlier: list, updated: dict[str, str | None],
                        recipients: list[Recipient]) -> None:
        problem: str | None = "it stopped before the file was written"
        try:
            if fmt == "json":
                from workbook.core.export.backup import encode_backup

                text = encode_backup(snapshot)
            else:
                if fmt in ("html", "pdf"):
                    from workbook.core.export.html import export_html as export
                else:
                    from workbook.core.export.markdown import export_markdown as export
                text = export(self.app.workbook, snapshot, steps=steps,
                              include_unanswered=include_unanswered, blank=blank,
                              include_urgent=include_urgent, earlier=earlier,
                              updated=updated)
            data = text.encode("utf-8")
            if fmt == "pdf":
                from workbook.core.export.pdf import print_pdf

                # The first PDF on a machine can take a while (fonts): say so.
                data = print_pdf(text, progress=lambda line: self.app.call_from_thread(
                    self.say, line))
            if recipients:  # sealed in memory: only the encrypted copy is written
                from workbook.core.export.recipients import encrypt_for

                data = encrypt_for(data, recipients)
            problem = write_export(path, data)
        except ExportError as error:
            problem = str(error)
        except Exception as error:  # never end the app over an export: say it
            problem = f"the export failed ({type(error).__name__}: {error})"
        finally:
            # The progress line always closes: "Saving…" never stays on screen.
            self.app.call_from_thread(self.finished, path, problem, len(recipients))

    def finished(self, path: Path, problem: str | None, sealed_for: int = 0) -> None:
        self.writing = False
        if problem:
            self.say(f"Nothing was written: {problem}.", "error")
            return
        self.last_written = path
        if sealed_for:
            keys = "their key" if sealed_for == 1 else f"their {sealed_for} keys"
            self.say(f"Saved to {path}, encrypted for {keys}: only they can open it.", "done")
            self.remember_recipient()
        else:
            # An encrypted workbook's export is still plain text: say so, once.
            plain = ". It is not encrypted: keep it safe." if self.app.store.encrypted else ""
            self.say(f"Saved to {path}{plain}", "done")

    def remember_recipient(self) -> None:
        """Keep the key under the name given in "Name" (nothing without a name)."""
        name = self.query_one("#export-to-name", Input).value.strip()
        if not name:
            return
        store = self.app.store
        saved = remember(store.setting(REMEMBERED), name, self.shared_to)
        if saved != self.saved_recipients():
            store.set_setting(REMEMBERED, saved)
            self.app.schedule_save()
        self.query_one("#export-saved", Select).set_options(
            [(saved_label(entry), entry["name"]) for entry in saved])
        self.query_one("#export-saved-row").display = bool(saved)

    def action_close(self) -> None:
        self.dismiss(None)
