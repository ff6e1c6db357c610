"""Moving between screens: home and what greets the person there, steps, pages, search matches.

Screens are imported when first opened, so start-up pays only for home.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any


def open_home(app: Any) -> None:
    """The home screen, with what the person must hear first (notices, words left
    in their editor last time, the welcome page on the first start)."""
    from workbook.tui.screens.home import HomeScreen

    theme = app.store.setting("theme")
    if isinstance(theme, str) and theme in app.available_themes:
        app.theme = theme
    app.idle_lock.watch()
    if not isinstance(app.screen, HomeScreen):  # the app's first screen is home itself
        app.push_screen(HomeScreen())
    for notice in app.store.notices:
        app.notify(notice, severity="warning", timeout=15)
    if not app.store.read_only:
        # After the first frame: start-up never waits for the editor's folders.
        app.call_after_refresh(_offer_editor_leftovers, app)
    if not app.store.setting("welcomed") and "welcome" in app.workbook.pages:
        show_page(app, "welcome")
        app.store.set_setting("welcomed", True)
        app.schedule_save()


def go_home(app: Any) -> None:
    """Back to the list of steps, closing whatever is open."""
    from workbook.tui.screens.home import HomeScreen

    while len(app.screen_stack) > 2 and not isinstance(app.screen, HomeScreen):
        app.pop_screen()
    if not isinstance(app.screen, HomeScreen):
        app.pop_screen()


def open_step(app: Any, number: int) -> None:
    """Show step `number` (1-based), replacing any open step."""
    from workbook.tui.screens.home import HomeScreen
    from workbook.tui.screens.step import StepScreen

    screen = StepScreen(app.workbook.step(number), len(app.workbook.steps))
    if isinstance(app.screen, HomeScreen):
        app.push_screen(screen)
    else:
        app.switch_screen(screen)


def resume_step(app: Any, number: int, scroll: float, tries: int = 20) -> None:
    """Open step `number` again, scrolled as it was (after an unlock)."""
    from workbook.tui.screens.home import HomeScreen
    from workbook.tui.screens.unlock import UnlockScreen

    if isinstance(app.screen, UnlockScreen) and tries:  # still on its way out
        app.call_after_refresh(resume_step, app, number, scroll, tries - 1)
        return
    if not 1 <= number <= len(app.workbook.steps) or not isinstance(app.screen, HomeScreen):
        return  # the content changed meanwhile, or something must be heard first: home
    open_step(app, number)
    screen = app.screen

    def scroll_back() -> None:
        screen.query_one("#step-body").scroll_to(y=scroll, animate=False)

    screen.call_after_refresh(scroll_back)


def show_page(app: Any, page_id: str, lead: str = "") -> None:
    """Show a prose page (welcome, closing) over the current screen, `lead` first."""
    from workbook.tui.screens.page import PageScreen

    page = app.workbook.pages.get(page_id)
    if page is not None:
        app.push_screen(PageScreen(page, lead=lead))


def push_once(app: Any, module: str, name: str, *callback: Any) -> None:
    """Open screen `name` of `tui/screens/MODULE.py` unless it is already on top."""
    screen_class = getattr(import_module(f"workbook.tui.screens.{module}"), name)
    if not isinstance(app.screen, screen_class):
        app.push_screen(screen_class(), *callback)


def open_found(app: Any, hit: Any) -> None:
    """Open the step of a search match, its field focused and the match in view."""
    if hit is not None:
        field = hit.field
        open_step(app, field.step)
        app.screen.run_worker(app.screen.reveal_answer(
            field.exercise.id, field.path, field.text, hit.start, hit.end))


def _offer_editor_leftovers(app: Any) -> None:
    from workbook.tui.editor_leftovers import offer_editor_leftovers

    offer_editor_leftovers(app)
