"""`keep_in_view`: the field being typed in never stays scrolled off screen."""

from __future__ import annotations

from textual.errors import NoWidget
from textual.widget import Widget


def keep_in_view(widget: Widget) -> None:
    """Scroll just enough that `widget`, if it still has the focus, is wholly on screen.

    Textual scrolls a field into view when it gains the focus, but not when a
    resize moves it, nor when a key types or moves the cursor in it later.
    """
    if not widget.is_attached or widget is not widget.app.focused:
        return
    try:
        geometry = widget.screen.find_widget(widget)
    except NoWidget:
        return
    if not geometry.clip.contains_region(geometry.region):
        widget.scroll_visible(animate=False, immediate=True)
