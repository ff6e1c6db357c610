"""How the app looks at its size: the compact layout, and the app-wide look of
every screen but home (`screens.tcss`), read when the first of them opens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Below this many columns or rows the app switches to its compact layout
# (the `-compact` class on the App: thinner margins and borders).
COMPACT_WIDTH = 80
COMPACT_HEIGHT = 24

# The app-wide look of the screens after home.
SCREENS_CSS = Path(__file__).with_name("screens.tcss")


def fit_layout(app: Any, width: int | None = None, height: int | None = None) -> None:
    """Compact below 80x24, roomy above (the size given, or the app's own)."""
    if width is None or height is None:
        width, height = app.size
    compact = width < COMPACT_WIDTH or height < COMPACT_HEIGHT
    if compact == app.has_class("-compact"):
        return
    app.set_class(compact, "-compact")
    # Textual restyles only the screens in view: one underneath (home under
    # a step) would keep the old layout when it comes back. Restyle them all.
    for screen in app.screen_stack[:-1]:
        screen.update_node_styles(animate=False)


def read_screens_css(app: Any) -> None:
    """Add `screens.tcss` once: a start parses only what home needs."""
    path = str(SCREENS_CSS)
    if not app.stylesheet.has_source(path):
        # As app CSS, like workbook.tcss; only the new rules are parsed.
        app.stylesheet.add_source(SCREENS_CSS.read_text(encoding="utf-8"),
                                  read_from=(path, ""), is_default_css=False)
