"""`FocusWithin`: a container shows it holds the focused field, restyling only itself.

Textual's `:focus-within` restyles the whole subtree of the outermost container
that uses it on every focus change: an exercise card of forty widgets, twice per
tab. Here the container gets the class `-focus-within` instead, and only its own
style is worked out again. So a rule may use `.-focus-within` for the
container's own look only (its frame, its background), never for what is inside
it: those would not be restyled.
"""

from __future__ import annotations

from textual import events
from textual.dom import DOMNode
from textual.widget import Widget

FOCUS_WITHIN = "-focus-within"


class FocusWithin:
    """Mixin for a container: `-focus-within` is set while a field inside it has the focus.

    Put it before the container's class (`class Card(FocusWithin, Vertical)`):
    not a widget itself, so the container keeps its own base's CSS.
    """

    screen: DOMNode
    is_attached: bool

    def _on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_focus_within()

    def _on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._show_focus_within()

    def _show_focus_within(self) -> None:
        # A blur can arrive after the container left its screen (a step taken
        # down by the lock): nothing is shown there any more.
        if self.is_attached:
            show_focus_within(self.screen)


def _mark(node: Widget, within: bool) -> None:
    if node.has_class(FOCUS_WITHIN) != within:
        node.set_class(within, FOCUS_WITHIN, update=False)
        # The node alone: what is inside it looks the same either way.
        node.app.stylesheet.update_nodes([node], animate=True)


def show_focus_within(screen: DOMNode) -> None:
    """Mark the containers around the screen's focused field, and only those.

    Worked out from the screen each time, not from the event alone: a field
    removed while focused sends no blur to the container it was in.
    """
    focused = getattr(screen, "focused", None)
    holding = [node for node in (focused.ancestors_with_self if focused else ())
               if isinstance(node, FocusWithin)]
    for node in screen.query(f".{FOCUS_WITHIN}"):
        if node not in holding and isinstance(node, Widget):
            _mark(node, False)
    for node in holding:
        _mark(node, True)
