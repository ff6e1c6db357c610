"""Where the focus is shows at a glance: the card and the row holding the field light up.

The card's frame brightens (heavier in the high-contrast theme) and a list
item's or grid row's line is tinted while a field inside it has the focus, and
only then. Done with a class set on that container alone (`FocusWithin`), so a
tab restyles one card, not all of its widgets; and the keys line is left as it
is when the keys stay the same.
"""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget
from textual.widgets import Input

from tests.conftest import first_of_kind
from tests.widget_story import with_answer
from workbook.tui.widgets.exercise_card import ExerciseCard
from workbook.tui.widgets.footer import WorkbookFooter
from workbook.tui.widgets.item_list import ItemList, ListItem
from workbook.tui.widgets.reflection_grid import GridRow


def card_of(widget: Widget) -> ExerciseCard:
    return next(node for node in widget.ancestors if isinstance(node, ExerciseCard))


def lit_cards(screen) -> list[ExerciseCard]:
    """The cards whose frame is drawn at full strength (unfocused ones are faded)."""
    return [card for card in screen.query(ExerciseCard) if card.styles.border_top[1].a == 1]


def tinted(rows: list[Widget]) -> list[Widget]:
    return [row for row in rows if row.styles.background.a > 0]


async def test_the_card_holding_the_focus_is_framed_brighter_and_only_it(app_at) -> None:
    async with app_at(step=2) as (app, pilot, _):
        assert lit_cards(app.screen) == [], "nothing is focused when a step opens"
        await pilot.press("tab")
        first = card_of(app.focused)
        assert lit_cards(app.screen) == [first]
        while card_of(app.focused) is first:
            await pilot.press("tab")
        assert lit_cards(app.screen) == [card_of(app.focused)]
        await pilot.press("escape")  # leaves the field
        assert app.focused is None
        assert lit_cards(app.screen) == []


async def test_high_contrast_gives_the_focused_card_a_heavy_frame(app_at) -> None:
    async with app_at(step=2) as (app, pilot, _):
        app.theme = "workbook-high-contrast"
        await pilot.press("tab")
        await pilot.pause()
        frames = {card: card.styles.border_top[0] for card in app.screen.query(ExerciseCard)}
        focused = card_of(app.focused)
        assert frames.pop(focused) == "heavy"
        assert set(frames.values()) == {"round"}


async def test_the_list_item_being_edited_is_tinted_and_the_tint_follows_the_focus(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "list")
    with_answer(db, exercise.id, ["one", "two", ""])
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert isinstance(widget, ItemList)
        rows = list(widget.query(ListItem))
        rows[1].input.focus()
        await pilot.pause()
        assert tinted(rows) == [rows[1]]
        # The empty item goes without asking, taking its focused field with it.
        rows[2].input.focus()
        await pilot.press("ctrl+r")
        await pilot.pause()
        rows = list(widget.query(ListItem))
        assert len(rows) == 2
        holding = [row for row in rows if app.focused in row.query(Input)]
        assert tinted(rows) == holding
        widget.query_one("#add", Input).focus()
        await pilot.pause()
        assert tinted(rows) == []
        assert lit_cards(app.screen) == [card_of(widget)]


async def test_the_grid_row_being_edited_is_tinted(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "grid")
    columns = [column.id for column in exercise.columns]
    with_answer(db, exercise.id, [{columns[0]: "first"}, {columns[0]: "second"}])
    async with app_at(exercise=exercise) as (app, pilot, widget):
        app.screen.set_focus(None)
        await pilot.pause()
        unfocused = widget.query_one(GridRow).styles.background
        rows = list(widget.query(GridRow))
        assert len(rows) == 2
        for row in rows:
            row.query(Input).last().focus()
            await pilot.pause()
            # Rows have a shade of their own; the one being edited has another.
            (other,) = (each for each in rows if each is not row)
            assert row.styles.background != other.styles.background
            assert other.styles.background == unfocused
        app.screen.set_focus(None)
        await pilot.pause()
        assert {row.styles.background for row in rows} == {unfocused}


async def test_tab_between_fields_with_the_same_keys_leaves_the_keys_line_as_it_is(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "list")
    with_answer(db, exercise.id, ["one", "two"])
    async with app_at(exercise=exercise) as (app, pilot, widget):
        rows = list(widget.query(ListItem))
        rows[0].input.focus()
        await pilot.pause()
        footer = app.screen.query_one(WorkbookFooter)
        keys = list(footer.children)
        assert "Move up" in {getattr(key, "description", "") for key in keys}
        await pilot.press("tab")
        assert app.focused is rows[1].input
        assert list(footer.children) == keys, "the same keys were drawn again"
        await pilot.press("escape")  # no field: the list's keys go
        descriptions = {getattr(key, "description", "") for key in footer.children}
        assert "Move up" not in descriptions
        assert "Need help" in " ".join(descriptions)
