"""Guidance prose: paragraphs, lists, quotes and emphasis read as the author wrote them."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tests.pilot import screen_text
from workbook.tui.widgets.guidance import Guidance

PROSE = """\
First paragraph with **bold** and *soft* words, and [square brackets] too.

- one
- two [b]not markup[/b]

1. first
2. second

> A quote to sit with.

Visit [the directory](https://findahelpline.com).
"""


class GuidanceApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Guidance(PROSE)


async def test_guidance_renders_blocks_and_keeps_literal_text() -> None:
    app = GuidanceApp()
    async with app.run_test(size=(80, 24)):
        text = screen_text(app)
    assert "First paragraph with bold and soft words, and [square brackets] too." in text
    assert "•  one" in text and "•  two [b]not markup[/b]" in text
    assert "1. first" in text and "2. second" in text
    assert "A quote to sit with." in text
    assert "the directory (https://findahelpline.com)" in text
    assert "**" not in text and "> A quote" not in text


async def test_opening_a_step_does_not_load_syntax_highlighting(tmp_path) -> None:
    """Pygments costs ~20 MB; plain guidance must not pull it in."""
    from tests.pilot import in_fresh_interpreter

    printed = in_fresh_interpreter(tmp_path / "db.json", """
        await pilot.press('1'); await pilot.pause()
        await pilot.press('ctrl+g'); await pilot.pause()
        print('pygments' in sys.modules)
    """)
    assert printed.strip().endswith("False"), printed
