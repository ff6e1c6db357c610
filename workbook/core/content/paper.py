"""Words for the screen and words for paper (no Textual).

A printed copy cannot be pressed: "ctrl+g" or "further down" mean nothing
on paper. The content says both at once with `{{screen words|paper words}}`:
the app shows the first, every export the second. `workbook check` refuses
a badly written pair, and a key named in words that are printed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

OPEN, CLOSE, BETWEEN = "{{", "}}", "|"
PAIR = re.compile(r"\{\{(.*?)\}\}", re.S)
# ctrl+g, alt+up, shift+tab, f1 ... f12: keys, which a printed copy cannot press.
# And places on a screen, which paper does not have.
KEY = re.compile(r"(?<![\w+])(?:ctrl|alt|shift)\+\w+|(?<![\w+-])f(?:[1-9]|1[0-2])(?![\w-])"
                 r"|\bfurther (?:down|up)\b|\bscroll", re.IGNORECASE)
HOW = "write {{screen words|paper words}}"


def pair_problem(text: str) -> tuple[int, str] | None:
    """(where in `text`, what is wrong) for the first badly written pair, else None."""
    position = 0
    while True:
        start, end = text.find(OPEN, position), text.find(CLOSE, position)
        if start == -1 and end == -1:
            return None
        if start == -1 or (end != -1 and end < start):
            return end, f'"}}}}" without a "{{{{" before it ({HOW})'
        end = text.find(CLOSE, start + 2)
        if end == -1:
            return start, f'"{{{{" is never closed with "}}}}" ({HOW})'
        inner = text[start + 2:end]
        if OPEN in inner:
            return start + 2 + inner.index(OPEN), f'a "{{{{" inside another pair ({HOW})'
        if inner.count(BETWEEN) != 1:
            shown = " ".join(inner.split())[:40]
            return start, (f'"{{{{{shown}}}}}" needs exactly one "|" between the screen words '
                           f"and the paper words ({HOW})")
        position = end + 2


def on_screen(text: str) -> str:
    """`text` as the app shows it."""
    return PAIR.sub(lambda pair: pair.group(1).split(BETWEEN, 1)[0], text)


def on_paper(text: str) -> str:
    """`text` as every export prints it."""
    return PAIR.sub(lambda pair: pair.group(1).split(BETWEEN, 1)[1], text)


def screen_only(text: str) -> str | None:
    """The first key or screen place named in `text` (which is printed), else None."""
    found = KEY.search(text)
    return found.group() if found else None


def split_words(value: Any, paper: dict[str, str],
                bad: Callable[[str, int, str], None]) -> Any:
    """`value` (a model object, a tuple or a string) with every pair resolved for the
    screen. Each screen string whose paper words differ goes into `paper`;
    `bad(text, where, message)` hears of each badly written pair (its text stays as it is)."""
    if isinstance(value, str):
        if OPEN not in value and CLOSE not in value:
            return value
        problem = pair_problem(value)
        if problem is not None:
            bad(value, *problem)
            return value
        screen = on_screen(value)
        printed = on_paper(value)
        if paper.get(screen, printed) != printed:
            bad(value, value.find(OPEN), "the same screen words have other paper words "
                "elsewhere (make the screen words differ)")
        paper[screen] = printed
        return screen
    if isinstance(value, tuple):
        return tuple(split_words(item, paper, bad) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: split_words(getattr(value, f.name), paper, bad)
                   for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changed)
    return value


def swap_words(value: Any, paper: dict[str, str]) -> Any:
    """`value` with each screen string in `paper` replaced by its paper words."""
    if isinstance(value, str):
        return paper.get(value, value)
    if isinstance(value, tuple):
        return tuple(swap_words(item, paper) for item in value)
    if isinstance(value, dict):
        return {key: swap_words(item, paper) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: swap_words(getattr(value, f.name), paper)
                   for f in dataclasses.fields(value) if f.name != "paper"}
        return dataclasses.replace(value, **changed)
    return value
