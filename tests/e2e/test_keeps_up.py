"""A real terminal that gets keys faster than a person types (a paste, a
laggy SSH link): every key lands in the field it was meant for."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button

from tests.e2e.focus import inside, tabs_to
from tests.e2e.test_terminal import answers, open_step, saved, started, step_of  # noqa: F401
from workbook.core.content import Workbook

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("add", ["Enter", "C-n"], ids=["enter", "ctrl+n"])
def test_a_burst_into_a_new_grid_row_fills_each_cell_it_was_typed_for(
    started, book: Workbook, db: Path, content: Path, add: str  # noqa: F811
) -> None:
    grid = next(e for e in book.exercises if e.kind == "grid")
    first, second = grid.columns[0].id, grid.columns[1].id
    number = step_of(book, grid)
    term = started()  # on a welcomed workbook, which the count below copies
    tabs = tabs_to(db, content, number, inside(grid.id, Button, "add-row"))
    open_step(term, book, number)
    term.send(*["Tab"] * tabs)
    term.settle()
    # Three sends with no gap between them: a new row, then "ccc", tab, "ddd".
    term.tmux("send-keys", "-t", "main", add)
    term.tmux("send-keys", "-t", "main", "-l", "ccc")
    term.tmux("send-keys", "-t", "main", "Tab")
    term.tmux("send-keys", "-t", "main", "-l", "ddd")
    saved(term, db, grid, lambda rows, _: len(rows) == 1 and rows[0][first] == "ccc"
          and rows[0][second] == "ddd")
