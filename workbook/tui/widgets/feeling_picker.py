"""`FeelingPicker`: a list of feelings to tick, whose ticks show by shape, not colour alone."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist


class FeelingPicker(SelectionList[str]):
    """A `SelectionList` that draws an "x" in ticked boxes.

    Textual draws the same mark in every box and tells them apart by colour,
    which NO_COLOR and some 16-colour terminals lose.
    """

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 2:
            return line
        inner = segments[1]
        mark = "x" if selection.value in self.selected else " "
        segments[1] = Segment(mark * len(inner.text), inner.style, inner.control)
        return Strip(segments, line.cell_length)
