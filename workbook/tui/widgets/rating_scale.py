"""`RatingScale`: a 0 to 10 rating with labelled ends, re-rated over time (kind `scale`).

Every rating is kept with its date (see `workbook.core.history`); the widget shows
the latest and, once there are several, a small trend of the earlier ones.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding
from textual.content import Content

from workbook.core.history import (
    POINTS,
    current_rating,
    rate,
    scale_history,
    sparkline,
    unrate_today,
)
from workbook.tui.widgets.base import ExerciseWidget
from workbook.tui.widgets.dates import describe_day, now_local

# The trend shows at most this many of the latest ratings.
TREND_LENGTH = 30


class RatingScale(ExerciseWidget, can_focus=True):
    """Eleven points in a row; the chosen one is bracketed and highlighted."""

    DEFAULT_CSS = """
    RatingScale {
        height: auto;
        padding: 0 1;
        border: tall $surface-lighten-1;
        &:focus { border: tall $primary; }
        &:disabled { opacity: 80%; }
    }
    """

    BINDINGS = [
        Binding("left", "step(-1)", "Lower", show=False),
        Binding("right", "step(1)", "Higher", show=False),
        Binding("home", "choose(0)", "0", show=False),
        Binding("end", "choose(10)", "10", show=False),
        *(Binding(str(n), f"choose({n})", str(n), show=False) for n in range(10)),
        Binding("backspace,delete", "clear", "Clear", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rating = current_rating(self.value)
        self.disabled = self.read_only

    def _cell_width(self) -> int:
        # Wide enough for "[10]" when there is room; a little wider on big screens.
        return max(3, min(7, self.content_size.width // len(POINTS) or 6))

    def render(self) -> Content:
        width = self.content_size.width or 60
        cell = self._cell_width()
        numbers: list[Content | tuple[str, str] | str] = []
        for point in POINTS:
            if point == self.rating:
                numbers.append((f"[{point}]".center(cell), "bold $foreground on $primary"))
            else:
                numbers.append(str(point).center(cell))
        low = f"0 = {self.exercise.low}"
        high = f"10 = {self.exercise.high}"
        # The ends sit under 0 and 10 when they fit there, else under each other.
        span = max(cell * len(POINTS), min(width, len(low) + len(high) + 2))
        if len(low) + len(high) + 2 <= span:
            ends = Content(low + " " * (span - len(low) - len(high)) + high)
        else:
            ends = Content(f"{low}\n{high}")
        if self.rating is None:
            status = "Not answered yet."
            keys = " Choose with ← →, 0-9, or End for 10."
        else:
            status = f"You chose {self.rating} out of 10."
            keys = " ← →, 0-9 or End change it; Backspace clears."
        if self.has_focus:
            status += keys
        lines = [Content.assemble(*numbers), ends, Content.styled(status, "$text-muted")]
        trend = self._trend()
        if trend:
            lines.append(Content.styled(trend, "$text-muted"))
        return Content("\n").join(lines)

    def _trend(self) -> str:
        """Earlier ratings, oldest first, as bars and numbers, once there are two."""
        history = scale_history(self.value)
        if len(history) < 2:
            return ""
        ratings = [entry["rating"] for entry in history[-TREND_LENGTH:]]
        numbers = " ".join(str(r) for r in ratings[-8:])
        since = describe_day(history[0].get("at"))
        return f"Over time: {sparkline(ratings)}  latest {numbers}  ({len(history)} since {since})"

    def focus_first(self) -> None:
        self.focus()

    def on_focus(self) -> None:
        self.refresh(layout=True)

    def on_blur(self) -> None:
        self.refresh(layout=True)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y != 0 or self.read_only:
            return
        point = offset.x // self._cell_width()
        if point in POINTS:
            self.action_choose(point)

    def action_choose(self, point: int) -> None:
        if self.read_only:
            return
        history = rate(self.value, point, now_local())
        if history == scale_history(self.value):
            return
        self.rating = point
        self.refresh(layout=True)
        self.changed(history)

    def action_step(self, delta: int) -> None:
        # From unanswered, either arrow starts in the middle rather than at an extreme.
        point = 5 if self.rating is None else min(10, max(0, self.rating + delta))
        self.action_choose(point)

    def action_clear(self) -> None:
        if self.read_only or self.rating is None:
            return
        history = unrate_today(self.value, now_local())
        if history is None:
            self.notify(
                "Earlier ratings stay as they were, for your journey. "
                "Choose a number to rate how it is today."
            )
            return
        self.rating = current_rating(history)
        self.refresh(layout=True)
        self.changed(history)
