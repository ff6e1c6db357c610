"""The terminal's two doors, made safe: what Textual draws and what it reads.

Out: every line Textual draws passes `Strip.render`, the one place where a
widget's text becomes terminal output. Text that would carry a control
character (an answer or title holding `ESC ] 0 ;`, `ESC [ 2 J`, OSC 52, a
bidi override) goes through `safe_text.visible` there, so the terminal shows
a symbol and never obeys it, whichever widget drew it. What is stored is
never touched: only the drawn copy changes.

In: Textual decodes the terminal's bytes as strict UTF-8 in its input
thread, so one invalid byte (a Latin-1 terminal typing é) raised there and
ended the app. The decoders here replace such bytes with U+FFFD.

Both rely on Textual internals (`content._strip_control_codes`, `Strip.render`, `Strip._segments`,
`Strip._render_cache`, `Strip.render_style`, and the drivers' module-level
`getincrementaldecoder`): see the pin in pyproject.toml. A test in tmux
(tests/e2e/test_privacy_terminal.py) fails if a Textual upgrade moves them.
"""

from __future__ import annotations

import codecs
from typing import Any

from workbook.core.safe_text import visible

_installed = False


def install() -> None:
    """Gate the output and make the input lenient, once per process."""
    global _installed
    if _installed:
        return
    _installed = True
    _gate_output()
    _lenient_input()


def _gate_output() -> None:
    from rich.color import ColorSystem
    from textual import content
    from textual.strip import Strip

    # Textual's `Content` (what Static, Label, titles and most widgets draw)
    # already passes its text through this hook to drop a few controls: here
    # every control becomes a one-cell symbol *before* the text is measured,
    # so the layout stays right.
    content._strip_control_codes = _visible_text  # type: ignore[attr-defined]

    # The last door: text that reaches the screen another way (Rich `Text`,
    # as Input and TextArea draw) is made safe as it is written.

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


def _visible_text(text: str, *_: object) -> str:
    return visible(text, multiline=True)


def _replacing_decoder(encoding: str) -> Any:
    strict = codecs.getincrementaldecoder(encoding)

    def make(errors: str = "replace") -> codecs.IncrementalDecoder:
        return strict(errors="replace")

    return make


def _lenient_input() -> None:
    from textual.drivers import linux_driver

    linux_driver.getincrementaldecoder = _replacing_decoder  # type: ignore[attr-defined]
    try:
        from textual.drivers import web_driver
    except ImportError:  # pragma: no cover - every Textual we support has it
        return
    web_driver.getincrementaldecoder = _replacing_decoder  # type: ignore[attr-defined]
