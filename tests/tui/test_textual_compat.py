"""Each private Textual touch point in `workbook/tui/textual_compat.py` still exists and works.

A Textual upgrade that renames or moves one fails here first, by name,
instead of quietly letting hostile text through or a hang-up hang.
"""

from __future__ import annotations

import codecs
import inspect
import threading

import pytest
from rich.console import Console
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.widgets import Static, TextArea

from tests.pilot import drawn_lines_holding
from workbook.tui import textual_compat
from workbook.tui.terminal import install


@pytest.fixture(autouse=True)
def gates():
    install()  # the real use of filter_control_codes, gate_strip_output and set_input_decoders


def test_content_filter_hook_is_the_one_textual_calls():
    from textual import content

    # Textual calls the module-level name at run time, so replacing it takes effect.
    source = inspect.getsource(content.Content.__init__)
    assert "_strip_control_codes(" in source
    assert content._strip_control_codes("a\x1b]0;x\x07b") != "a\x1b]0;x\x07b"


def test_strip_render_gate_makes_controls_visible():
    from textual.strip import Strip

    strip = Strip([Segment("title\x1b[2J"), Segment("ok")])
    drawn = strip.render(Console(color_system="truecolor", force_terminal=True))
    assert "\x1b[2J" not in drawn
    assert "title" in drawn and "ok" in drawn
    for name in ("_segments", "_render_cache", "render_style"):
        assert hasattr(strip, name), name


def test_drivers_look_their_decoder_up_at_module_level():
    from textual.drivers import linux_driver, web_driver

    from workbook.tui.terminal import _replacing_decoder

    textual_compat.set_input_decoders(_replacing_decoder)  # as install() does, once loaded
    for module in (linux_driver, web_driver):
        decoder = module.getincrementaldecoder("utf-8")()
        assert decoder.decode(b"caf\xe9 ok") == "caf\ufffd ok", module.__name__
        assert "getincrementaldecoder(" in inspect.getsource(module)
    assert codecs.getincrementaldecoder("utf-8") is not linux_driver.getincrementaldecoder


def test_footer_key_class_is_what_the_footer_yields():
    from textual.widgets import Footer

    footer_key = textual_compat.footer_key_class()
    assert footer_key.__name__ == "FooterKey"
    assert "FooterKey(" in inspect.getsource(Footer.compose)
    for name in ("key_display", "description"):
        assert name in inspect.signature(footer_key.__init__).parameters


async def test_is_text_area_sees_a_text_area_and_nothing_else():
    class Two(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea(id="area")
            yield Static("words", id="words")

    app = Two()
    async with app.run_test():
        assert textual_compat.is_text_area(app.query_one("#area"))
        assert not textual_compat.is_text_area(app.query_one("#words"))
        assert not textual_compat.is_text_area(None)


async def test_a_headless_app_has_no_terminal_driver_and_stopping_keys_is_harmless():
    app = App[None]()
    async with app.run_test():
        assert app._driver is not None
        assert textual_compat.terminal_driver(app) is None
        textual_compat.stop_reading_keys(app)  # a no-op headless, never an error


async def test_a_replaceable_first_screen_can_be_switched_away():
    from textual.screen import Screen

    class First(App[None]):
        def get_default_screen(self) -> Screen:
            return textual_compat.replaceable_first_screen(Screen(id="first"), self)

    app = First()
    async with app.run_test() as pilot:
        await app.switch_screen(Screen(id="second"))
        await pilot.pause()
        assert [screen.id for screen in app.screen_stack] == ["second"]


def test_the_linux_driver_has_what_leaving_uses():
    from textual.drivers.linux_driver import LinuxDriver

    for name in ("_disable_mouse_support", "stop_application_mode", "close"):
        assert callable(getattr(LinuxDriver, name, None)), name
    assert "self.exit_event = Event()" in inspect.getsource(LinuxDriver.__init__)


def test_giving_a_dead_terminal_back_never_raises():
    class Dead:
        exit_event = threading.Event()

        def _disable_mouse_support(self) -> None:
            raise OSError("hung up")

    textual_compat.give_terminal_back(Dead())
    assert Dead.exit_event.is_set()


async def test_footer_keys_at_once_lists_the_keys_from_the_first_compose():
    from textual.widgets import Footer

    footer_key = textual_compat.footer_key_class()
    first: list[int] = []

    class Counted(Footer):
        def compose(self) -> ComposeResult:
            keys = list(super().compose())
            first.append(len(keys))
            yield from keys

    class WithFooter(App[None]):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            footer = Counted()
            textual_compat.footer_keys_at_once(footer)
            yield footer

    app = WithFooter()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert first[0] >= 1
        assert "Quit" in {key.description for key in app.query(footer_key)}


async def test_born_compact_keys_mount_with_that_look_and_still_follow_their_reactive():
    from textual.widgets import Footer

    footer_key = textual_compat.footer_key_class()
    restyled: list[object] = []

    class Keys(App[None]):
        def compose(self) -> ComposeResult:
            for compact in (False, True):
                key = footer_key("q", "q", "Quit", "quit")
                textual_compat.born_compact(key, compact)
                yield key

    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        watched = app.stylesheet.update_nodes

        def update_nodes(nodes, animate=False):
            nodes = list(nodes)
            restyled.extend(nodes)
            watched(nodes, animate=animate)

        plain, compact = app.query(footer_key)
        assert not plain.compact and not plain.has_class("-compact")
        assert compact.compact and compact.has_class("-compact")
        # The reactive still drives the class afterwards, as Textual's own.
        app.stylesheet.update_nodes = update_nodes
        plain.compact = True
        assert plain.has_class("-compact") and plain in restyled
    assert "data_bind(compact=Footer.compact)" in inspect.getsource(Footer.compose)


async def test_a_widget_being_removed_is_seen_leaving():
    """`is_leaving` reads the flags Textual's own `mount` reads: set on removal only."""

    class Two(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("stays", id="stays")
            yield Static("goes", id="goes")

    app = Two()
    async with app.run_test() as pilot:
        stays, goes = app.query_one("#stays"), app.query_one("#goes")
        assert not textual_compat.is_leaving(stays) and not textual_compat.is_leaving(goes)
        removing = goes.remove()
        assert textual_compat.is_leaving(goes) and not textual_compat.is_leaving(stays)
        await removing
        await pilot.pause()


@pytest.mark.parametrize("keep", [False, True], ids=["textual", "kept"])
async def test_a_screen_first_shown_keeps_the_styles_it_mounted_with(keep: bool):
    """Textual restyles a whole screen at its first resume; `keep_first_styles`
    skips that, and its widgets still wear their rules."""
    from textual.screen import Screen

    class Shown(Screen[None]):
        DEFAULT_CSS = "Shown Static { color: red; }"

        def compose(self) -> ComposeResult:
            yield Static("one")
            yield Static("two")

        def on_screen_resume(self, event) -> None:
            if keep:
                textual_compat.keep_first_styles(event)

    restyled: list[object] = []

    class Host(App[None]):
        def update_styles(self, node, animate: bool = True) -> None:
            restyled.append(node)
            super().update_styles(node, animate=animate)

    app = Host()
    async with app.run_test() as pilot:
        shown = Shown()
        await app.push_screen(shown)
        await pilot.pause()
        assert (shown in restyled) is not keep
        assert all(s.styles.color.rgb == (255, 0, 0) for s in shown.query(Static))


async def test_forgetting_drawn_lines_frees_those_of_a_closed_screen():
    """Textual's `StylesCache.get_inner_outer` cache keeps the last lines of a closed
    screen's widgets alive; `forget_drawn_lines` lets them go."""
    from textual.screen import Screen

    class Page(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Static("the quince tree")

    app = App[None]()
    async with app.run_test() as pilot:
        await app.push_screen(Page())
        await pilot.pause()
        await app.pop_screen()
        await pilot.pause()
        assert drawn_lines_holding("quince"), "kept by the cache, or the hook is moot"
        textual_compat.forget_drawn_lines()
        assert not drawn_lines_holding("quince")
