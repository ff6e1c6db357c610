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

Both rely on Textual internals, reached only through `textual_compat` (see
the pin in pyproject.toml); tests/tui/test_textual_compat.py and a test in tmux
(tests/e2e/test_privacy_terminal.py) fail if a Textual upgrade moves them.
"""

from __future__ import annotations

import codecs
from typing import Any

from workbook.core.safe_text import visible
from workbook.tui import textual_compat

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
    # Textual's `Content` already passes its text through a hook to drop a few
    # controls: here every control becomes a one-cell symbol *before* the text
    # is measured, so the layout stays right. The last door catches text that
    # reaches the screen another way (Rich `Text`, as Input and TextArea draw).
    textual_compat.filter_control_codes(_visible_text)
    textual_compat.gate_strip_output(visible)


def _visible_text(text: str, *_: object) -> str:
    return visible(text, multiline=True)


def _replacing_decoder(encoding: str) -> Any:
    strict = codecs.getincrementaldecoder(encoding)

    def make(errors: str = "replace") -> codecs.IncrementalDecoder:
        return strict(errors="replace")

    return make


def _lenient_input() -> None:
    textual_compat.set_input_decoders(_replacing_decoder)
