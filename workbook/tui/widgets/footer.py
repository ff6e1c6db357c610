"""`WorkbookFooter`: the keys line, with Need help always first and no key cut in half."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer

from workbook.tui.textual_compat import born_compact, footer_key_class, footer_keys_at_once

FooterKey = footer_key_class()

# Always shown, and first: a person in crisis must find it on every screen.
FIRST = ("need_help",)


def _width(key: Widget) -> int:
    """The columns a key takes: its key and description, a space around each
    (the command palette key adds its divider)."""
    if not isinstance(key, FooterKey):
        return 0
    divider = 1 if key.has_class("-command-palette") else 0
    return cell_len(key.key_display) + cell_len(key.description) + 3 + divider


class WorkbookFooter(Footer):
    """Textual's footer, with its keys in order of need and only whole ones.

    Textual lists the focused field's keys first and the app's last, and at
    60 or 80 columns the last ones run off the edge cut mid-word ("f1 K"),
    Need help among them. Here Need help comes first, then the others as
    long as each fits whole; the command palette key keeps its place at the
    right when there is room left for it.

    Textual rebuilds the footer when a screen is shown and whenever the focus
    moves; most times (tab from one field to the next) the keys are the same,
    so then it is left as it is: remounting a dozen keys made every tab and
    every screen cost another layout.
    """

    def __init__(self, *args: Any, keys_at_once: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the keys were drawn from (see `_keys_wanted`); None until drawn.
        self._drawn_from: Any = None
        if keys_at_once:
            # Drawn with the screen, not once it is shown (then mostly the same again).
            footer_keys_at_once(self)

    def _keys_wanted(self) -> tuple[Any, ...]:
        """Everything the keys shown depend on: the width, the look and each binding."""
        app = self.app
        return (
            app.size.width, self.compact, self.show_command_palette,
            tuple((binding.key, app.get_key_display(binding), binding.description,
                   binding.action, binding.show, binding.group, enabled, tooltip,
                   binding.tooltip)
                  for _, binding, enabled, tooltip in self.screen.active_bindings.values()),
        )

    async def recompose(self) -> None:
        if self.is_attached and self._drawn_from == self._keys_wanted():
            return
        await super().recompose()

    def compose(self) -> ComposeResult:
        self._drawn_from = self._keys_wanted()
        keys = list(super().compose())
        for key in keys:
            # The palette's key is not bound to the footer's look: it stays compact.
            born_compact(key, True if key.has_class("-command-palette") else self.compact)
        palette = [key for key in keys if key.has_class("-command-palette")]
        keys = sorted((key for key in keys if key not in palette),
                      key=lambda key: getattr(key, "action", "") not in FIRST)
        room = self._composed_width = self.app.size.width
        shown = []
        for key in keys:
            if _width(key) <= room:
                shown.append(key)
                room -= _width(key)
        self.styles.grid_size_columns = len(shown)
        yield from shown
        # The palette's key last, where there is room (f1 lists it too).
        yield from (key for key in palette if _width(key) <= room)

    def on_resize(self, event: events.Resize) -> None:
        # Only a new width changes which keys fit (a height change, or the
        # resize every widget gets when first laid out, does not).
        if getattr(self, "_composed_width", None) != self.app.size.width:
            self.call_after_refresh(self.recompose)
