"""The app's own keys, and why each is bound the way it is."""

from __future__ import annotations

import sys
from typing import Any

from textual.binding import Binding

from workbook.tui.textual_compat import is_text_area

APP_BINDINGS = [
    Binding("ctrl+q", "quit", "Quit", priority=True),
    Binding("ctrl+g", "need_help", "Need help", priority=True),
    Binding("f1", "keys", "Keys", priority=True),
    Binding("question_mark", "keys", "Keys", show=False),
    # f9 too: inside tmux, ctrl+b is the prefix key and never reaches us.
    Binding("ctrl+b,f9", "hide", "Quick hide", priority=True, show=False),
    Binding("ctrl+o", "export", "Export workbook", priority=True, show=False),
    Binding("ctrl+s", "save_now", "Save now", priority=True, show=False),
    # Priority, so the app takes tab itself: the keys typed before it land
    # in the field they were typed in, then the focus moves, and the keys
    # after it follow. (Handed to the field like any key, a fast "ccc tab
    # ddd" over SSH put "ddd" in the first field: it was queued there
    # before the field handled the tab.)
    Binding("tab", "move_focus(1)", show=False, priority=True),
    Binding("shift+tab", "move_focus(-1)", show=False, priority=True),
    Binding("ctrl+l", "lock", "Lock now", priority=True, show=False),
    # Priority: text fields bind ctrl+f to deleting a word.
    Binding("ctrl+f", "search", "Search", priority=True, show=False),
    # Not a priority binding: it then runs after the keys typed before it
    # reach the text (a priority one can overtake them on a laggy link).
    Binding("ctrl+t", "edit_in_editor", "Own editor",
            tooltip="Write this text in your $VISUAL / $EDITOR"),
]

# Actions that need an open workbook: while a problem screen decides what
# opens, they are off.
NEEDS_WORKBOOK = ("export", "save_now", "edit_in_editor", "lock", "search", "journey")


def action_allowed(app: Any, action: str) -> bool:
    """Whether `action` works now (the footer and the palette ask, for every key)."""
    # Asked while the first frame is drawn: classes are looked up only once
    # their modules are loaded (nothing can be an instance before), so asking
    # imports nothing.
    hide = sys.modules.get("workbook.tui.screens.hide")
    if hide is not None and isinstance(app.screen, hide.HideScreen):
        return action == "quit"  # under the cover every key just lifts it
    if app.startup_problem is not None and action in NEEDS_WORKBOOK:
        return False  # nothing is open yet: the problem screen decides what opens
    if action == "edit_in_editor":
        # Only offered where it works: never in a browser, which keeps
        # ctrl+t for a new tab and has no terminal to lend an editor.
        return is_text_area(app.focused) and not app.is_web
    return True
