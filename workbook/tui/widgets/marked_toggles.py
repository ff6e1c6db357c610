"""`TickBox` and `RingButton`: tick boxes and one-of-several choices whose
state shows by the shape of the mark, [x] / [ ] and (•) / ( ).

Textual draws the same X or dot whether on or off and tells them apart by
colour alone, which NO_COLOR, TERM=linux and 16-colour terminals lose.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton

from workbook.tui.widgets.tick_list import BOX, RING


class TickBox(Checkbox):
    """A tick box: [x] when ticked, [ ] when not."""

    @property
    def _button(self) -> Content:
        return Content.styled(BOX[self.value], self.get_visual_style("toggle--button"))


class RingButton(RadioButton):
    """One choice of several: (•) when chosen, ( ) when not."""

    @property
    def _button(self) -> Content:
        return Content.styled(RING[self.value], self.get_visual_style("toggle--button"))
