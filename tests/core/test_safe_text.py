"""The one gate for text going to a terminal (`workbook.core.safe_text.visible`)."""

from __future__ import annotations

import pytest

from workbook.core.safe_text import visible


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b]0;title\x07", "␛]0;title␇"),
    ("\x1b[2J", "␛[2J"),
    ("\x9b2J", "␦2J"),  # C1 CSI: one byte that some terminals obey like ESC [
    ("a\x7fb", "a␡b"),
    ("\x00", "␀"),
    ("evil\u202eexe.txt", "evil↔exe.txt"),
    ("\u2066isolated\u2069", "↔isolated↔"),
    ("lone \ud83d half", "lone \ufffd half"),
])
def test_controls_become_visible_symbols(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    assert len(visible(raw)) == len(raw)  # one symbol per character: spans stay valid


def test_ordinary_text_is_untouched() -> None:
    for text in ("Café crème 💔 ❤️‍🩹 أفتقدك 我很想你", "tabs\tand\nnewlines"):
        assert visible(text, multiline=True) == text


def test_a_single_line_shows_its_newlines_and_tabs() -> None:
    assert visible("one\ntwo\tthree") == "one␤two␉three"
    assert visible("one\r\ntwo", multiline=True) == "one␍\ntwo"
