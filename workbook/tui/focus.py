"""`FocusKeeper`: a key never types into a field out of sight, and tab lands where it was typed.

Scrolling is the person's choice: the focused field is brought into view when
it gains the focus (Textual does that) and when the terminal is resized (a
new layout can move it away), never after other keys. A key that arrives
while the focused field is wholly out of sight leaves the field first, so it
acts on the screen instead (`]` opens the next step) and never changes an
answer the person cannot see.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import events
from textual.screen import Screen


class FocusKeeper:
    """Keeps keys out of hidden fields, the focused field in view after a resize, and tab in order."""

    def __init__(self, app: Any) -> None:  # the WorkbookApp (never imported: no circle)
        self.app = app
        self._refit = False
        # True once the person scrolled the view after the field took the focus.
        self._away = False

    def arriving(self, event: events.Event) -> None:
        """Before the app hands `event` on."""
        # Forwarded keys were seen here already; a mouse merely passing over
        # the window is not the person acting.
        if not isinstance(event, events.InputEvent) or event.is_forwarded:
            return
        if isinstance(event, events.MouseMove):
            return
        self._refit = False  # from now on the person moves the view
        if isinstance(event, events.MouseScrollDown | events.MouseScrollUp):
            self._away = True
        if not isinstance(event, events.Key) or event.key in ("tab", "shift+tab"):
            return  # tab moves the focus, and Textual brings the new field into view
        from workbook.tui.keep_in_view import out_of_sight, scroll_positions

        field = self.app.focused
        if field is None:
            return
        # Only once the person has scrolled since the field took the focus: a
        # field just focused (by tab, keys right behind it) is still on its way
        # into view, and those keys are meant for it.
        if self._away and out_of_sight(field):
            field.screen.set_focus(None, scroll_visible=False)
            return
        before = scroll_positions(field)
        field.call_later(self._after_key, field, before)  # once the field has handled it

    def _after_key(self, field: Any, before: Any) -> None:
        from workbook.tui.keep_in_view import scroll_positions

        if field is self.app.focused and scroll_positions(field) != before:
            self._away = True  # the key scrolled the view (page down on the step)

    def focus_moved(self) -> None:
        """The focus went to another field: Textual brings it into view."""
        self._away = False

    def resized(self) -> None:
        # The screens are laid out again later (more than once, as the compact
        # look comes and goes): until the person next acts, each new layout
        # keeps the field they are typing in on screen.
        self._refit = True
        self._away = False  # the new layouts bring the field back into view
        for screen in self.app.screen_stack:
            screen.screen_layout_refresh_signal.unsubscribe(self.app)
            screen.screen_layout_refresh_signal.subscribe(self.app, self._laid_out)

    def _laid_out(self, screen: Screen[Any]) -> None:
        if self._refit and screen is self.app.screen and self.app.focused is not None:
            from workbook.tui.keep_in_view import keep_in_view

            keep_in_view(self.app.focused)

    async def move(self, step: int) -> None:
        """Tab: once the keys typed before it have landed in their field, move on."""
        focused = self.app.focused
        if focused is not None:
            landed = asyncio.get_running_loop().create_future()
            if focused.call_later(landed.set_result, None):
                await asyncio.wait([landed], timeout=1.0)  # a safety net only
        if step > 0:
            self.app.screen.focus_next()
        else:
            self.app.screen.focus_previous()
