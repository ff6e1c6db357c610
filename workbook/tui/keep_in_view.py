"""`keep_in_view`: the field being typed in never stays scrolled off screen."""

from __future__ import annotations

from textual.errors import NoWidget
from textual.widget import Widget

ScrollPositions = tuple[tuple[float, float], ...]


def scroll_positions(widget: Widget) -> ScrollPositions:
    """Where each container around `widget` is scrolled to, or heading."""
    return tuple((node.scroll_target_x, node.scroll_target_y)
                 for node in widget.ancestors if isinstance(node, Widget))


def keep_in_view(widget: Widget, before: ScrollPositions | None = None) -> None:
    """Scroll just enough that `widget`, if it still has the focus, is wholly on screen.

    Textual scrolls a field into view when it gains the focus, but not when a
    resize moves it, nor when a key types or moves the cursor in it later.
    `before`: the scroll positions before a key; if the key itself scrolled
    the view (page down while reading), it is left where the person put it.
    """
    if not widget.is_attached or widget is not widget.app.focused:
        return
    if before is not None and scroll_positions(widget) != before:
        return
    try:
        geometry = widget.screen.find_widget(widget)
    except NoWidget:
        return
    if not geometry.clip.contains_region(geometry.region):
        widget.scroll_visible(animate=False, immediate=True)
