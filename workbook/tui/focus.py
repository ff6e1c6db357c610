"""`FocusKeeper`: the field being typed in stays on screen, and tab lands where it was typed."""

from __future__ import annotations

import asyncio
from typing import Any

from textual import events
from textual.screen import Screen


class FocusKeeper:
    """Keeps the focused field in view after keys and new layouts; moves focus after keys land."""

    def __init__(self, app: Any) -> None:  # the WorkbookApp (never imported: no circle)
        self.app = app
        self._refit = False

    def arriving(self, event: events.Event) -> tuple[bool, Any, Any]:
        """Before the app hands `event` on: whether the person acted, and for a
        key the focused field with its scroll positions."""
        # Read before handing it on: forwarding the key marks it as forwarded.
        # (A mouse merely passing over the window is not the person acting.)
        arrived = (isinstance(event, events.InputEvent) and not event.is_forwarded
                   and not isinstance(event, events.MouseMove))
        field = self.app.focused if arrived and isinstance(event, events.Key) else None
        if field is None:
            return arrived, None, None
        from workbook.tui.keep_in_view import scroll_positions

        return arrived, field, scroll_positions(field)

    def handled(self, arrived: bool, field: Any, before: Any) -> None:
        """After the app handed the event on (see `arriving`)."""
        if arrived:
            self._refit = False  # from now on the person moves the view
        if field is not None:
            from workbook.tui.keep_in_view import keep_in_view

            # Queued behind the key, so this runs once the field has handled
            # it: typing or moving the cursor brings the field into view.
            field.call_later(keep_in_view, field, before)

    def resized(self) -> None:
        # The screens are laid out again later (more than once, as the compact
        # look comes and goes): until the person next acts, each new layout
        # keeps the field they are typing in on screen.
        self._refit = True
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
