"""`TickList`: a keyboard-first list whose entries tick on and off.

Shared by `ChoicePicker` (rings for one choice, boxes for several) and
`Checklist`. It only shows ticks and reports presses; its owner decides what a
press means and calls `show_ticked` with the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

# Plain characters so the marks read the same over any terminal and font.
BOX = ("[ ]", "[x]")
RING = ("( )", "(•)")


class TickList(OptionList):
    """Entries with a tick mark; enter, space or a click presses one."""

    DEFAULT_CSS = """
    TickList {
        height: auto;
        max-height: 100vh;
        width: 1fr;
        padding: 0;
    }
    """

    BINDINGS = [
        Binding("space", "select", "Tick", show=False),
    ]

    def __init__(
        self,
        entries: Sequence[tuple[str, str]],
        ticked: Iterable[str] = (),
        *,
        single: bool = False,
        id: str | None = None,
        disabled: bool = False,
    ) -> None:
        self.single = single
        self.ticked: frozenset[str] = frozenset(ticked)
        self.entries: tuple[tuple[str, str], ...] = tuple(entries)
        super().__init__(*self._build_options(), id=id, disabled=disabled)

    def _mark(self, entry_id: str, label: str) -> Content:
        on = entry_id in self.ticked
        mark = (RING if self.single else BOX)[on]
        return Content.assemble(
            (mark, "bold $text-success" if on else "$text-muted"),
            " ",
            Content(label),
        )

    def _build_options(self) -> list[Option]:
        return [
            Option(self._mark(entry_id, label), id=entry_id) for entry_id, label in self.entries
        ]

    def show_ticked(self, ticked: Iterable[str]) -> None:
        """Redraw the marks of the entries whose tick changed."""
        ticked = frozenset(ticked)
        changed = ticked ^ self.ticked
        self.ticked = ticked
        for index, (entry_id, label) in enumerate(self.entries):
            if entry_id in changed:
                self.replace_option_prompt_at_index(index, self._mark(entry_id, label))

    def show_entries(self, entries: Sequence[tuple[str, str]], ticked: Iterable[str]) -> None:
        """Replace every entry (after one was added or removed), keeping the cursor near."""
        highlighted = self.highlighted
        self.entries = tuple(entries)
        self.ticked = frozenset(ticked)
        self.set_options(self._build_options())
        if self.entries:
            self.highlighted = min(highlighted or 0, len(self.entries) - 1)

    def on_focus(self) -> None:
        # Land on an entry so the first space or enter does something visible.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0
