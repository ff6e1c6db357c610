"""`Field`: Textual's one-line `Input`, without a layout of the whole screen on every key.

An Input keeps its virtual size as wide as its text (so it can scroll
sideways), and a change of any widget's virtual size lays the whole screen
out again: on a step of a hundred widgets every key typed cost a full layout.
A field's own size never follows its text (none is `width: auto`; Input asks
for a layout itself when one is), and Input scrolls itself from its virtual
size, so a repaint is all a new width needs.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class Field(Input):
    """A one-line text field; everything as Textual's `Input`, cheaper to type in."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
