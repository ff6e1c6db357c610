"""Every place the shell reaches into Textual's private parts, and nowhere else.

Textual is pinned to its 8 series (pyproject.toml) because of what is here.
Each touch point has its own test in `tests/tui/test_textual_compat.py`, so a
Textual upgrade that moves one fails there, loudly and first, instead of
quietly breaking a screen.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

# --- Output: what Textual draws ---------------------------------------------


def filter_control_codes(visible_text: Callable[..., str]) -> None:
    """Route Textual `Content`'s own control-code filter through `visible_text`.

    `textual.content._strip_control_codes` is what Static, Label and titles
    pass their text through before measuring it, so a symbol put there keeps
    the layout right.
    """
    from textual import content

    content._strip_control_codes = visible_text  # type: ignore[attr-defined]


def gate_strip_output(visible: Callable[[str], str]) -> None:
    """Make `Strip.render` (the one door to the terminal) pass text that is
    not printable through `visible`, whichever widget drew it (Rich `Text` in
    Input and TextArea bypasses `Content`)."""
    from rich.color import ColorSystem
    from textual.strip import Strip

    drawn = Strip.render

    def render(self: Strip, console: Any) -> str:
        if self._render_cache is None and not all(
            text.isprintable() for text, _, _ in self._segments
        ):
            color_system = console._color_system or ColorSystem.TRUECOLOR
            self._render_cache = "".join(
                visible(text) if style is None
                else self.render_style(style, visible(text), color_system=color_system)
                for text, style, _ in self._segments
            )
        return drawn(self, console)

    Strip.render = render  # type: ignore[method-assign]


# --- Input: what Textual reads ----------------------------------------------


def set_input_decoders(factory: Callable[[str], Any]) -> None:
    """Give the terminal and browser drivers `factory` in place of
    `codecs.getincrementaldecoder`, which they look up at module level.

    The browser's driver is patched only when it is loaded: an app chooses its
    driver (`App.get_driver_class`, from `$TEXTUAL_DRIVER` under textual-serve)
    before this runs, so start-up in a terminal never imports it.
    """
    from textual.drivers import linux_driver

    linux_driver.getincrementaldecoder = factory  # type: ignore[attr-defined]
    web_driver = sys.modules.get("textual.drivers.web_driver")
    if web_driver is not None:
        web_driver.getincrementaldecoder = factory  # type: ignore[attr-defined]


# --- Widgets ------------------------------------------------------------------


def footer_key_class() -> type:
    """The footer's key widget (not exported by `textual.widgets`)."""
    from textual.widgets._footer import FooterKey

    return FooterKey


def footer_keys_at_once(footer: Any) -> None:
    """Make Textual's footer list the screen's keys from its first compose.

    It otherwise composes empty and waits to be told the keys, then composes
    again: a second mount and layout of the screen for every screen shown.
    """
    from textual.widgets import Footer

    footer.set_reactive(Footer._bindings_ready, True)


def born_compact(key: Any, compact: bool) -> None:
    """Give a footer key, before it is mounted, the look it would end up with.

    Textual's keys start with `compact` True and are then bound to the
    footer's: on mount each is restyled once for the default and once more
    for the footer's value. Set beforehand, neither watcher call changes it.
    """
    key.set_reactive(type(key).compact, compact)
    key.set_class(compact, "-compact", update=False)


def is_text_area(widget: object) -> bool:
    """True when `widget` is a TextArea, without importing TextArea's module
    (the footer asks on the first frame, before any TextArea exists)."""
    module = sys.modules.get("textual.widgets._text_area")
    return module is not None and isinstance(widget, module.TextArea)


def is_leaving(widget: Any) -> bool:
    """True when `widget` is being removed: its children may already be gone
    when its own `on_mount` runs (a step taken down by the lock while it was
    still being drawn). Textual's own `mount` asks the same two flags."""
    return bool(widget._closing or widget._pruning)


# --- Screens ------------------------------------------------------------------


def replaceable_first_screen(screen: Any, app: Any) -> Any:
    """`screen`, ready to be the app's first screen (`App.get_default_screen`) that
    `switch_screen` can later replace: Textual pushes no result callback for its
    first screen, and `switch_screen` pops one from the screen it replaces."""
    screen._push_result_callback(app, None)
    return screen


def keep_first_styles(event: Any) -> None:
    """Let a screen's first `ScreenResume` leave its styles be.

    Textual restyles every widget of a screen each time it is shown
    (`Screen._on_screen_resume`, when `refresh_styles`), and the first time
    all of them were styled a moment before, as they mounted: a sixth of
    the CPU of opening a step. Call it from the screen's own
    `on_screen_resume`, which Textual runs before `Screen`'s; later resumes
    restyle as ever.
    """
    event.refresh_styles = False


# --- Memory: what Textual keeps of drawn lines ---------------------------------


def forget_drawn_lines() -> None:
    """Let go of the lines Textual drew for widgets that are gone.

    `StylesCache.get_inner_outer` is an `lru_cache` on a method, so each of
    its up to 1,024 entries keeps a widget's `StylesCache` alive, and with it
    the lines that widget last drew, long after the widget was removed.
    Those lines can be someone's words: on lock they go with the answers.
    """
    from textual._styles_cache import StylesCache

    StylesCache.get_inner_outer.cache_clear()


# --- The driver: leaving fast on a hang-up --------------------------------------


def stop_reading_keys(app: Any) -> None:
    """Stop the driver's input thread (a hung-up terminal reads as ready forever)."""
    exit_event = getattr(app._driver, "exit_event", None)
    if exit_event is not None and not app.is_headless:
        exit_event.set()


def terminal_driver(app: Any) -> Any | None:
    """The app's driver when it is a real terminal's (not tests, not the browser)."""
    driver = app._driver
    if app.is_headless or type(driver).__name__ != "LinuxDriver":
        return None
    return driver


def give_terminal_back(driver: Any) -> None:
    """Leave the alternate screen and restore the terminal's modes (may block on a dead one)."""
    try:
        # Stop reading keys without waiting for the input thread (its select
        # wakes every 0.1 s); the mouse is switched off here instead.
        driver.exit_event.set()
        driver._disable_mouse_support()
        driver.stop_application_mode()
        driver.close()  # flushes what is queued for the terminal
        sys.__stdout__.flush()
    except Exception:
        pass  # a hung-up terminal: nothing left to restore
