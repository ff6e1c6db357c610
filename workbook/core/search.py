"""Finding words again across every answer (no Textual).

`SearchIndex` takes every piece of text a person wrote (letters, journal
entries, grid cells, list items, notes, check-in notes, text fields), folded
once for matching: case-insensitive and accent-insensitive ("café" finds
"CAFE" and the other way round), by Unicode NFKD with the combining marks
dropped, then `casefold`. A search is then a plain substring scan of the
folded texts, fast enough to run on every key at 10,000 journal entries.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from workbook.core.answer_rules import where
from workbook.core.content.model import Exercise, Workbook

# Keys whose strings are stamps, ids or the content's own option ids, not words.
NOT_WORDS = frozenset({"id", "at", "created", "updated", "selected", "checked", "name"})
SNIPPET = 64
MOST_HITS = 200
# Control characters would drive the terminal: a snippet shows a space instead.
_CONTROLS = {c: " " for c in (*range(0x20), 0x7F)}

Path = tuple[str | int, ...]


def fold_char(char: str) -> str:
    """One character as matching sees it: no accents, no case."""
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """`text` as matching sees it ("Café" and "CAFE" both give "cafe")."""
    if text.isascii():
        return text.lower()
    return "".join(fold_char(c) for c in text)


def _fold_with_positions(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, where folding moved characters, each one's place in `text`."""
    if text.isascii():
        return text.lower(), None  # folding ASCII keeps every place
    pieces: list[str] = []
    places: list[int] = []
    for place, char in enumerate(text):
        folded = fold_char(char)
        pieces.append(folded)
        places.extend([place] * len(folded))
    folded_text = "".join(pieces)
    return folded_text, (None if len(folded_text) == len(text) and places == list(range(len(text)))
                         else places)


@dataclass(frozen=True)
class Field:
    """One piece of text in one answer, and where it lives."""

    step: int
    exercise: Exercise
    path: Path  # keys and positions inside the answer's value
    text: str
    value: Any  # the whole answer, to say where in it the text is

    @property
    def where(self) -> str:
        """Where in the exercise the text is, e.g. "row 2 · What I lost"."""
        return where(self.exercise, self.value, self.path)


@dataclass(frozen=True)
class Hit:
    """A match: its field, its place in the text, and a one-line snippet around it."""

    field: Field
    start: int
    end: int
    snippet: str
    snippet_start: int
    snippet_end: int


def _strings(value: Any) -> Iterator[tuple[Path, str]]:
    """Every string a person wrote inside an answer, with its path, in order.

    A loop with its own stack rather than recursion: ten thousand journal
    entries are a lot of generator frames.
    """
    stack: list[tuple[Path, Any]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if item.strip():
                yield path, item
        elif isinstance(item, dict):
            stack.extend(((*path, key), inner) for key, inner in reversed(item.items())
                         if key not in NOT_WORDS)
        elif isinstance(item, list):
            stack.extend(((*path, index), inner) for index, inner in reversed(list(enumerate(item))))


def snippet(text: str, start: int, end: int, width: int = SNIPPET) -> tuple[str, int, int]:
    """One line of `text` around [start, end), and where the match sits in it."""
    before = max(0, start - (width - (end - start)) // 3)
    after = min(len(text), max(end, before + width))
    line = text[before:after]
    lead = "…" if before > 0 else ""
    tail = "…" if after < len(text) else ""
    line = lead + " ".join(line.splitlines()).translate(_CONTROLS) + tail
    # Joining lines can only shorten what comes before the match by the
    # line breaks in it; count them to keep the match's place.
    shift = len(lead) - text[before:start].count("\r\n")
    return line, start - before + shift, end - before + shift


class SearchIndex:
    """Every answer's text, folded once, ready to be searched as the person types."""

    def __init__(self, workbook: Workbook, answers: Mapping[str, Any]) -> None:
        self.fields: list[Field] = []
        folded_texts: list[str] = []
        self._places: list[list[int] | None] = []
        for step in workbook.steps:
            for exercise in step.exercises:
                value = answers.get(exercise.id)
                if value is None:
                    continue
                for path, text in _strings(value):
                    folded, places = _fold_with_positions(text)
                    self.fields.append(Field(step.number, exercise, path, text, value))
                    folded_texts.append(folded)
                    self._places.append(places)
        # One long string, fields apart by NUL (never in a query): one scan in
        # C finds every match, instead of a Python loop over every field.
        self._all = "\0".join(folded_texts)
        self._starts: list[int] = []
        offset = 0
        for folded in folded_texts:
            self._starts.append(offset)
            offset += len(folded) + 1

    def search(self, query: str, most: int = MOST_HITS) -> list[Hit]:
        """Matches of `query` in workbook order, at most `most` (the first in each field)."""
        needle = fold(query.strip()).replace("\0", "")
        if not needle:
            return []
        hits: list[Hit] = []
        found = self._all.find(needle)
        while found >= 0 and len(hits) < most:
            index = bisect_right(self._starts, found) - 1
            field = self.fields[index]
            local = found - self._starts[index]
            places = self._places[index]
            if places is None:
                start, end = local, local + len(needle)
            else:
                start, end = places[local], places[local + len(needle) - 1] + 1
            line, line_start, line_end = snippet(field.text, start, end)
            hits.append(Hit(field, start, end, line, line_start, line_end))
            following = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._all)
            found = self._all.find(needle, following)
        return hits
