"""`FeelingsCheckin`: name feelings and how strong each is, dated and repeatable (kind `checkin`).

The person ticks feelings (the content's words plus their own), sets a 0-10
strength for each, adds a note if they like and saves the check-in. Saved
check-ins are listed newest first, under a small trend of each feeling
(the journey screen draws them in full).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Click, Key, Resize
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static

from workbook.core.content.model import Exercise
from workbook.core.history import new_id
from workbook.core.trends import checkin_feelings, clean_checkins, feeling_series, trend_lines
from workbook.tui.textual_compat import is_leaving
from workbook.tui.widgets.base import ExerciseWidget, one_line
from workbook.tui.widgets.dates import describe_time, now_local
from workbook.tui.widgets.field import Field
from workbook.tui.widgets.marked_toggles import TickBox

DEFAULT_INTENSITY = 5
SHOWN_CHECKINS = 8
MAX_OWN_WORD = 40
# The trend shows the feelings named most often.
TREND_FEELINGS = 5


def _clean_draft(draft: Any) -> dict[str, Any]:
    """A stored draft's parts, each of the right type (an odd one is left out)."""
    draft = draft if isinstance(draft, dict) else {}
    pairs = checkin_feelings(draft)
    own = draft.get("own")
    words = [w[:MAX_OWN_WORD] for w in own if isinstance(w, str) and w.strip()] if isinstance(
        own, list) else []
    note, typing = draft.get("note"), draft.get("typing")
    return {
        "feelings": pairs,
        "own": words,
        "note": note if isinstance(note, str) else "",
        "typing": typing if isinstance(typing, str) else "",
    }


def describe_checkin(checkin: dict[str, Any]) -> str:
    """One line: when, then each feeling and its strength."""
    feelings = ", ".join(f"{name} {intensity}" for name, intensity in checkin_feelings(checkin))
    line = f"{describe_time(checkin.get('at'))} · {feelings or 'no feelings named'}"
    note = checkin.get("note")
    if isinstance(note, str) and note.strip():
        line += f" · “{note.strip()}”"
    return line


def feeling_trends(checkins: list[dict[str, Any]], width: int) -> list[str]:
    """A line per feeling named more than once: its strength at each check-in, as bars.

    Each feeling on its own line, so "sad" easing and "relieved" growing both
    show, instead of an average that mixes them into nothing.
    """
    series = {name: [strength for _, strength in points]
              for name, points in feeling_series(checkins).items() if len(points) > 1}
    return trend_lines(dict(list(series.items())[:TREND_FEELINGS]), width)


class FeelingBox(TickBox):
    """A feeling's tick box, the content's words and the person's own alike.

    Not a tab stop of its own: the grid around it makes one box at a time
    focusable (see `FeelingGrid`), so tab crosses every feeling at once.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.can_focus = False


class FeelingGrid(Widget):
    """The feelings' tick boxes: one tab stop; the arrows move between the boxes."""

    BINDINGS = [
        Binding("left", "move(-1, 0)", show=False),
        Binding("right", "move(1, 0)", show=False),
        Binding("up", "move(0, -1)", show=False),
        Binding("down", "move(0, 1)", show=False),
    ]

    def on_mount(self) -> None:
        self.rove(0)

    def boxes(self) -> list[FeelingBox]:
        return list(self.query(FeelingBox))

    def rove(self, index: int) -> FeelingBox | None:
        """Make box `index` the one tab stop of the grid (and return it)."""
        boxes = self.boxes()
        if not boxes:
            return None
        index = max(0, min(index, len(boxes) - 1))
        for number, box in enumerate(boxes):
            box.can_focus = number == index
        return boxes[index]

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Focused another way (a click, search): that box is the tab stop now.
        if isinstance(event.widget, FeelingBox) and event.widget in self.boxes():
            self.rove(self.boxes().index(event.widget))

    def action_move(self, across: int, down: int) -> None:
        boxes = self.boxes()
        focused = self.screen.focused
        if focused not in boxes:
            return
        columns = int(self.styles.grid_size_columns or 1)
        index = boxes.index(focused) + across + down * columns
        if 0 <= index < len(boxes):
            box = self.rove(index)
            if box is not None:
                box.focus()


class IntensityPicker(Widget, can_focus=True):
    """A feeling's strength from 0 to 10: arrows, a digit, or a click on the bar."""

    DEFAULT_CSS = """
    IntensityPicker {
        height: 1;
        width: 1fr;
        &:focus { background: $primary 25%; }
        &:hover { background: $primary 10%; }
    }
    """

    BINDINGS = [
        Binding("left,minus", "change(-1)", "Weaker", key_display="←"),
        Binding("right,plus,equals_sign", "change(1)", "Stronger", key_display="→"),
        Binding("home", "set(0)", "0", show=False),
        Binding("end", "set(10)", "10", show=False),
        Binding(
            "delete,backspace", "remove", "Remove", tooltip="Take this feeling out of the check-in"
        ),
    ]

    LABEL_WIDTH = 16

    intensity: reactive[int] = reactive(DEFAULT_INTENSITY)

    class Removed(Message):
        """The person took this feeling out."""

        def __init__(self, picker: IntensityPicker) -> None:
            super().__init__()
            self.picker = picker

    class Changed(Message):
        """The person made this feeling stronger or weaker."""

    def __init__(self, feeling: str, intensity: int = DEFAULT_INTENSITY) -> None:
        super().__init__(classes="intensity")
        self.feeling = feeling
        self.set_reactive(IntensityPicker.intensity, intensity)
        self.tooltip = "←/→ or a digit to set how strong; click the bar"

    def render(self) -> Text:
        name = (
            self.feeling
            if len(self.feeling) < self.LABEL_WIDTH
            else self.feeling[: self.LABEL_WIDTH - 2] + "…"
        )
        text = Text(name.ljust(self.LABEL_WIDTH))
        text.append("■" * self.intensity, style="bold")
        text.append("·" * (10 - self.intensity), style="dim")
        text.append(f" {self.intensity:>2}/10")
        return text

    def watch_intensity(self) -> None:
        self.post_message(self.Changed())

    def on_key(self, event: Key) -> None:
        # A digit sets the strength directly (0 means "barely").
        if event.character and event.character.isdigit():
            event.stop()
            self.intensity = int(event.character)

    def on_click(self, event: Click) -> None:
        position = event.x - self.LABEL_WIDTH
        if 0 <= position < 10:
            self.intensity = position + 1

    def action_change(self, step: int) -> None:
        self.intensity = max(0, min(10, self.intensity + step))

    def action_set(self, intensity: int) -> None:
        self.intensity = intensity

    def action_remove(self) -> None:
        self.post_message(self.Removed(self))


class FeelingsCheckin(ExerciseWidget):
    """Pick feelings, rate each 0-10, save the check-in; earlier ones are listed."""

    DEFAULT_CSS = """
    FeelingsCheckin {
        height: auto;
        .section { color: $text-muted; margin: 1 0 0 0; }
        .section.first { margin: 0; }
        #emotions {
            height: auto;
            layout: grid;
            grid-size: 4;
            grid-rows: 1;
            grid-gutter: 0 1;
        }
        #emotions Checkbox { width: 100%; background: transparent; }
        .field-line { height: 1; margin: 1 0 0 0; }
        .field-label { width: 21; color: $text-muted; }
        Input { width: 1fr; background: $surface; }
        Input:focus { background: $primary 25%; }
        #intensities { height: auto; }
        #no-feelings { color: $text-muted; text-style: italic; }
        #save-line { height: auto; margin: 1 0 0 0; }
        #save { margin: 0 2 0 0; }
        #history { height: auto; margin: 1 0 0 0; }
        #history.read-only { margin: 0; }
        #history-title { text-style: bold; }
        #trend-title { color: $text-muted; }
        #trend { color: $text-primary; }
        .past { color: $text; }
        #older { color: $text-muted; }
    }
    """

    # Priority, so the word is added before the keys after it are handed on;
    # the action first waits for the keys before it to land (`keys_landed`):
    # over a slow link keys arrive in bursts.
    BINDINGS = [Binding("enter", "add_own", "Add", show=False, priority=True)]

    def __init__(
        self,
        exercise: Exercise,
        value: Any = None,
        **options: Any,
    ) -> None:
        super().__init__(exercise, value, **options)
        self._own_count = 0
        # The unsaved check-in from last time, if any, comes back as it was left.
        self._start = _clean_draft(self.draft)

    def compose(self) -> ComposeResult:
        if not self.read_only:
            yield Label(
                "What are you feeling? (arrows move, space ticks, tab moves on)",
                classes="section first",
            )
            start = self._start
            ticked = {name.casefold() for name, _ in start["feelings"]}
            with FeelingGrid(id="emotions"):
                for index, emotion in enumerate(self.exercise.emotions):
                    yield FeelingBox(
                        emotion,
                        emotion.casefold() in ticked,
                        compact=True,
                        name=emotion,
                        id=f"emotion-{index}",
                    )
                for word in start["own"]:
                    yield self._own_box(word, word.casefold() in ticked)
            with Horizontal(id="own-line", classes="field-line"):
                yield Label("In your own words:", classes="field-label")
                yield one_line(
                    Field(
                        start["typing"],
                        placeholder="another feeling, then enter",
                        id="own",
                        max_length=MAX_OWN_WORD,
                        compact=True,
                    )
                )
            yield Label("How strong is each, 0 to 10? (← → or a digit)", classes="section")
            with Vertical(id="intensities"):
                yield Static("Tick a feeling above and it appears here.", id="no-feelings")
                for name, intensity in start["feelings"]:
                    yield IntensityPicker(name, intensity)
            with Horizontal(id="note-line", classes="field-line"):
                yield Label("A note, if you like:", classes="field-label")
                yield one_line(
                    Field(
                        start["note"],
                        placeholder="what happened, what helped",
                        id="note",
                        compact=True,
                        select_on_focus=False,
                    )
                )
            with Horizontal(id="save-line"):
                yield Button("Save this check-in", id="save", variant="primary", compact=True)
        with Vertical(id="history", classes="read-only" if self.read_only else ""):
            yield from self._history_widgets()

    def on_mount(self) -> None:
        # A query, not query_one: a step taken down while it was drawn (the
        # lock, under load) may already have taken the note away.
        if not self.read_only and not is_leaving(self):
            for note in self.query("#no-feelings"):
                note.display = not self._pickers()

    def _own_box(self, word: str, ticked: bool) -> Checkbox:
        """A tick box for a feeling in the person's own words."""
        self._own_count += 1
        return FeelingBox(
            word, ticked, compact=True, name=word, id=f"own-{self._own_count}", classes="own-word"
        )

    def _history_widgets(self) -> list[Widget]:
        checkins = clean_checkins(self.value)
        if not checkins:
            return [Static("No check-ins yet. Each one you save is listed here.", classes="past")]
        widgets: list[Widget] = [Label(f"Earlier check-ins ({len(checkins)})", id="history-title")]
        lines = feeling_trends(checkins, 60)
        if lines:
            widgets.append(Label("Each feeling over time, oldest → newest:", id="trend-title"))
            widgets.append(Static("\n".join(lines), id="trend", markup=False))
        for checkin in reversed(checkins[-SHOWN_CHECKINS:]):
            widgets.append(Static(describe_checkin(checkin), classes="past", markup=False))
        if len(checkins) > SHOWN_CHECKINS:
            earlier = len(checkins) - SHOWN_CHECKINS
            widgets.append(
                Static(f"…and {earlier} earlier (all are kept and exported).", id="older")
            )
        return widgets

    # Draft state lives in the widgets (which boxes are ticked, each picker's
    # value, the fields) and is stored as the exercise's draft on every change.

    def _draft(self) -> dict[str, Any] | None:
        """The unsaved check-in as stored data, or None when there is nothing in it."""
        draft = {
            "feelings": [{"name": p.feeling, "intensity": p.intensity} for p in self._pickers()],
            "own": [box.name or "" for box in self.query(".own-word").results(Checkbox)],
            "note": self.query_one("#note", Input).value,
            "typing": self.query_one("#own", Input).value,
        }
        return draft if any(draft.values()) else None

    def _draft_moved(self) -> None:
        if not self.read_only and self.is_mounted:
            self.draft_changed(self._draft())

    def _pickers(self) -> list[IntensityPicker]:
        return list(self.query(IntensityPicker))

    def _picker_for(self, feeling: str) -> IntensityPicker | None:
        for picker in self._pickers():
            if picker.feeling.casefold() == feeling.casefold():
                return picker
        return None

    async def _add_feeling(self, feeling: str) -> None:
        if self._picker_for(feeling) is None:
            self.query_one("#no-feelings").display = False
            await self.query_one("#intensities").mount(IntensityPicker(feeling))

    async def _remove_feeling(self, feeling: str) -> None:
        picker = self._picker_for(feeling)
        if picker is not None:
            await picker.remove()
        self.query_one("#no-feelings").display = not self._pickers()

    # Handlers

    def on_resize(self, event: Resize) -> None:
        self._fit_columns(event.size.width)

    def _fit_columns(self, width: int) -> None:
        if not self.read_only:
            # As many columns as the longest feeling fits whole ("[x] " and a
            # space of padding each side, then the gutter): none cut to "understandin…".
            longest = max((len(box.name or "") for box in self.query(FeelingBox)), default=10)
            self.query_one("#emotions").styles.grid_size_columns = max(
                1, min(6, width // (longest + 6))
            )

    async def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        feeling = event.checkbox.name or ""
        if event.value:
            await self._add_feeling(feeling)
        else:
            await self._remove_feeling(feeling)
        self._draft_moved()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # the draft is not an answer until it is saved: it is a draft
        self._draft_moved()

    def on_intensity_picker_changed(self, event: IntensityPicker.Changed) -> None:
        event.stop()
        self._draft_moved()

    async def on_intensity_picker_removed(self, event: IntensityPicker.Removed) -> None:
        event.stop()
        feeling = event.picker.feeling
        for box in self.query(Checkbox):
            if (box.name or "").casefold() == feeling.casefold() and box.value:
                box.value = False  # its Changed handler removes the picker
                self.screen.set_focus(box)
                return
        await self._remove_feeling(feeling)
        self._draft_moved()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            await self.save_checkin()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_own":
            return getattr(self.screen.focused, "id", None) == "own"
        return True

    async def action_add_own(self) -> None:
        """Their own word for a feeling joins the ticked ones."""
        await self.keys_landed()
        own = self.query_one("#own", Input)
        feeling = " ".join(own.value.split())[:MAX_OWN_WORD]
        if not feeling:
            return
        own.clear()
        for box in self.query(Checkbox):
            if (box.name or "").casefold() == feeling.casefold():
                box.value = True
                return
        # Their own word joins the ticked boxes, so it can be unticked like any other.
        box = self._own_box(feeling, True)
        await self._add_feeling(feeling)
        await self.query_one("#emotions").mount(box)
        self._fit_columns(self.size.width)
        self._draft_moved()

    async def save_checkin(self) -> None:
        """Append the draft as a dated check-in, then start a fresh draft."""
        if self.read_only:
            return
        pickers = self._pickers()
        if not pickers:
            self.notify(
                "Tick at least one feeling first, or write your own.", title="Nothing to save yet"
            )
            self.focus_first()
            return
        note = self.query_one("#note", Input).value.strip()
        checkin = {
            "id": new_id(),
            "at": now_local(),
            "feelings": [{"name": p.feeling, "intensity": p.intensity} for p in pickers],
            "note": note,
        }
        self.changed([*clean_checkins(self.value), checkin])
        self.draft_changed(None)  # the draft is the dated entry now
        # A fresh draft: the content's words unticked, own words gone.
        with self.prevent(Checkbox.Changed):
            for box in self.query(Checkbox):
                box.value = False
        await self.query(".own-word").remove()
        await self.query(IntensityPicker).remove()
        self.query_one("#no-feelings").display = True
        self.query_one("#note", Input).clear()
        history = self.query_one("#history")
        await history.remove_children()
        await history.mount_all(self._history_widgets())
        self.notify("Check-in saved. Thank you for noticing how you feel.")
        self.focus_first()

    def reveal(self, path: tuple[str | int, ...], text: str, start: int, end: int) -> Widget:
        # A saved check-in's note is a line of the history, not a field.
        if path and isinstance(path[0], int):
            # Focus the feelings, but bring the history into view, not them.
            box = self.query_one(FeelingGrid).rove(0) if not self.read_only else None
            if box is not None:
                self.screen.set_focus(box, scroll_visible=False)
            return self.query_one("#history")
        return super().reveal(path, text, start, end)

    def focus_first(self) -> None:
        """The first feeling's tick box."""
        box = self.query_one(FeelingGrid).rove(0) if not self.read_only else None
        if box is not None:
            self.screen.set_focus(box)
