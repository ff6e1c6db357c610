"""The workbook's own themes: high contrast, for tired eyes and poor screens.

Textual's built-in themes stay available (ctrl+p, "Change theme"); the app
remembers whichever one the person picks.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from textual.theme import Theme

# Pure black and white with one strong accent: every pair used for text
# reaches a contrast ratio above 7:1 (WCAG AAA). Muted text is not faded,
# because faded grey is what becomes unreadable first on a poor screen.
HIGH_CONTRAST = Theme(
    name="workbook-high-contrast",
    primary="#FFD700",
    secondary="#00FFFF",
    accent="#FFD700",
    warning="#FFD700",
    error="#FF6B6B",
    success="#7CFC00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#FFFFFF",
    dark=True,
    text_alpha=1.0,
    variables={
        "text": "#FFFFFF",
        "text-muted": "#FFFFFF",
        "text-disabled": "#C0C0C0",
        "border": "#FFD700",
        "border-blurred": "#808080",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFD700",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-background": "#C0C0C0",
        "input-cursor-background": "#FFFFFF",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#FFD700 50%",
        "footer-key-foreground": "#FFD700",
        "footer-description-foreground": "#FFFFFF",
        "footer-background": "#1A1A1A",
        "scrollbar": "#808080",
        "scrollbar-hover": "#C0C0C0",
        "scrollbar-active": "#FFD700",
    },
)

# The same idea on white, for a bright room or a light terminal.
HIGH_CONTRAST_LIGHT = Theme(
    name="workbook-high-contrast-light",
    primary="#0000A0",
    secondary="#005050",
    accent="#0000A0",
    warning="#7A4A00",
    error="#A00000",
    success="#005A00",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E6E6E6",
    boost="#000000",
    dark=False,
    text_alpha=1.0,
    variables={
        "text": "#000000",
        "text-muted": "#000000",
        "text-disabled": "#404040",
        "border": "#0000A0",
        "border-blurred": "#707070",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-background": "#0000A0",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-background": "#C0C0C0",
        "input-cursor-background": "#000000",
        "input-cursor-foreground": "#FFFFFF",
        "input-selection-background": "#0000A0 35%",
        "footer-key-foreground": "#0000A0",
        "footer-description-foreground": "#000000",
        "footer-background": "#E6E6E6",
    },
)

THEMES: tuple[Theme, ...] = (HIGH_CONTRAST, HIGH_CONTRAST_LIGHT)


def terminal_theme(environ: Mapping[str, str] | None = None) -> str | None:
    """The theme to start with on a terminal whose colours the default theme can't use.

    The Linux console (`TERM=linux`) has 8 colours, 16 with bold: the default
    theme's dark blues and faded greys land on black there and can hardly be
    read. The high-contrast theme is made of colours the console has (black,
    white, yellow). A theme the person picked still wins; this one is not
    remembered, so the next start in another terminal looks as before.
    """
    environ = os.environ if environ is None else environ
    return HIGH_CONTRAST.name if environ.get("TERM") == "linux" else None


def use_terminal_theme(app: Any) -> None:
    """Start in `terminal_theme()` where there is one, without remembering it."""
    theme = terminal_theme()
    if theme is None:
        return
    app.theme_for_terminal = True
    try:
        app.theme = theme  # a theme the person saved replaces it at home
    finally:
        app.theme_for_terminal = False


def theme_changed(app: Any, theme: str) -> None:
    """Mark the high-contrast look, and remember a theme the person chose."""
    app.set_class(theme.startswith("workbook-high-contrast"), "-high-contrast")
    if app.theme_for_terminal:
        return  # the console's theme, not the person's choice: never remembered
    if app.is_mounted and app.store.setting("theme") != theme:
        app.store.set_setting("theme", theme)
        app.schedule_save()
