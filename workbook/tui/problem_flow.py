"""A locked or unusable database: its screen first, then whatever it decided
(quit, another problem, or a store to open home with)."""

from __future__ import annotations

from typing import Any

from workbook.core.storage import StorageError


def show_problem(app: Any, problem: StorageError) -> None:
    """Show the screen for `problem`; it decides what opens."""
    from workbook.tui.screens.problems import problem_screen

    app.push_screen(problem_screen(problem, app.read_only_requested),
                    lambda result: settled(app, result))


def settled(app: Any, result: Any) -> None:
    from workbook.tui import navigation

    if result is None:
        app.exit()
    elif isinstance(result, StorageError):
        show_problem(app, result)
    else:
        app.store.close()
        app.store = result
        app.startup_problem = None
        app.save_state = "Read-only: changes are not saved" if result.read_only else ""
        app.open_home()
        if app.resume_at is not None:  # unlocked again: back where they were
            (number, scroll), app.resume_at = app.resume_at, None
            # Once home is up (the unlock screen is still leaving now).
            app.call_after_refresh(navigation.resume_step, app, number, scroll)
