"""Finding phone-number-like text, so the content names only checked helplines (no Textual).

A wrong or invented number can cost a life: every number a reader sees must
be one in `helplines.toml`. "Phone-number-like" is three or more digits in a
run, the groups joined by single spaces (or no-break spaces), dashes or dots ("116 123",
"1-800-799-7233", "13 11 14", "000", "988"), standing apart from words.
Years ("2023"), dates ("2026-11-30"), times ("10.30") and short ranges
("0-10", "0-100") are not numbers anyone would dial.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_RUN = re.compile(r"(?<![\w-])\d(?:[ \u00a0.-]?\d)*(?!\w)")
_GROUP_SEPARATOR = re.compile(r"[ \u00a0.-]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE = re.compile(r"\d{4}-\d\d-\d\d|\d\d?[.-]\d\d?[.-](?:\d\d)?\d\d")
_TIME = re.compile(r"\d\d?[.]\d\d")


def digits(text: str) -> str:
    """Only the digits: how two ways of writing a number are compared."""
    return re.sub(r"\D", "", text)


def _is_number_to_dial(run: str) -> bool:
    if len(digits(run)) < 3:
        return False
    if _YEAR.fullmatch(run) or _DATE.fullmatch(run) or _TIME.fullmatch(run):
        return False
    groups = _GROUP_SEPARATOR.split(run)
    return not (len(groups) == 2 and len(groups[0]) <= 2)  # a range: "0-10", "0-100"


def phone_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each phone-number-like run in `text`."""
    for match in _RUN.finditer(text):
        if _is_number_to_dial(match.group()):
            yield match.span()


def phone_like(text: str) -> Iterator[str]:
    """Each phone-number-like run in `text`, as written."""
    for start, end in phone_spans(text):
        yield text[start:end]


NO_BREAK_SPACE = "\u00a0"


def whole_numbers(text: str) -> str:
    """`text` with the spaces inside each phone number made non-breaking, so a page
    never splits "13 11 14" across two lines (a browser or PDF does not break
    between a hyphen and a digit, so "1-800-799-7233" stays whole as it is)."""
    for start, end in reversed(list(phone_spans(text))):
        text = text[:start] + text[start:end].replace(" ", NO_BREAK_SPACE) + text[end:]
    return text


def known_numbers(texts: Iterable[str]) -> frozenset[str]:
    """The digits of every number in these texts (a helpline's call, text, name...)."""
    return frozenset(digits(run) for text in texts for run in phone_like(text))


def unknown_numbers(text: str, known: frozenset[str]) -> Iterator[tuple[int, str]]:
    """(line number from 1, number) for each number in `text` that is not `known`."""
    for number, line in enumerate(text.splitlines(), start=1):
        for run in phone_like(line):
            if digits(run) not in known:
                yield number, run
