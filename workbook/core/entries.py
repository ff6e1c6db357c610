"""Entries: how an answer is made of pieces that each have an identity (no Textual).

Every piece a person can add, edit, move or delete on its own is an *entry*
with a stable id: a journal entry, a grid row, a list item, a check-in, a
scale rating, a tick, a safety-plan section, or a letter or text answer as a
whole. The store keeps, merges and deletes entries one by one (see
`storage/document.py` and `merge.py`); this module only says how a value
splits into entries and how entries join back into the value the widgets,
exports and search read.

An entry sits in a *slot* of the answer's value:
  ""        the whole value (a letter, a text answer, a choice)
  "[]"      an element of the value, a list (rows, items, entries)
  "KEY"     the value under KEY of a dict (a safety-plan section)
  "KEY[]"   an element of the list under KEY (a tick, one's own checklist item)
Elements of a list are ordered by a *position*: the date for dated entries
(journal entries, check-ins, ratings), otherwise a key the store keeps (see
`between`), so moving one row changes that row alone.

How a kind splits is one of the `SPLITS` below, named in the per-kind rules
(`answer_rules.py`); `GUESS` reads the shape alone, for answers whose kind is
unknown (old files being migrated, exercises no longer in the content).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from workbook.core.digest import sha256_hex
from workbook.core.frozen import Frozen

WHOLE = ""
ELEMENT = "[]"

# How a value splits into entries.
AS_WHOLE = "whole"        # one entry: the answer as a whole
AS_ROWS = "rows"          # a list; each element an entry, in the order the person gave
AS_DATED = "dated"        # a list; each element an entry, in the order of its date
AS_SECTIONS = "sections"  # a dict; each key an entry (a safety plan's sections)
AS_CHECKLIST = "checklist"  # ticks and one's own items, each an entry
GUESS = "guess"           # by shape alone
SPLITS = (AS_WHOLE, AS_ROWS, AS_DATED, AS_SECTIONS, AS_CHECKLIST, GUESS)


class Piece:
    """One entry of an answer as a value carries it (immutable)."""

    # A `@dataclass(frozen=True, slots=True)` written out, its methods `Frozen`'s:
    # the decorator compiles them and makes the class twice, at every start.
    __slots__ = ("id", "slot", "value", "order")
    _names = __slots__

    id: str
    slot: str
    value: Any
    # Where it goes among the other elements of its list: the date for dated
    # entries; None where the store keeps the position (rows and items).
    order: str | None

    def __init__(self, id: str, slot: str, value: Any, order: str | None = None) -> None:
        put = object.__setattr__
        put(self, "id", id)
        put(self, "slot", slot)
        put(self, "value", value)
        put(self, "order", order)

    def _values(self) -> tuple[Any, ...]:
        return (self.id, self.slot, self.value, self.order)

    __eq__ = Frozen.__eq__
    __hash__ = Frozen.__hash__
    __repr__ = Frozen.__repr__
    __setattr__ = Frozen.__setattr__
    __delattr__ = Frozen.__delattr__


# Ids

def _hashed(*parts: str) -> str:
    return sha256_hex("\x1f".join(parts).encode("utf-8", "surrogatepass"))[:16]


def canonical(value: Any) -> str:
    """A value as one stable string: equal values, equal strings (for ids and ties)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=repr)


def whole_id(exercise_id: str) -> str:
    """The id of an answer kept as one entry (the same on every copy of a workbook)."""
    return _hashed("whole", exercise_id)


def key_id(exercise_id: str, key: str) -> str:
    """The id of the entry under `key` of an answer (a safety-plan section)."""
    return _hashed("key", exercise_id, key)


def tick_id(exercise_id: str, option: str) -> str:
    """The id of a tick: ticking an item on two machines is one entry, not two."""
    return _hashed("tick", exercise_id, option)


def element_id(exercise_id: str, where: str, position: int, element: Any) -> str:
    """The id of an element that came without one (a row or item from before ids):
    from the exercise, the position and the text, so two copies of one old
    workbook give their rows the same ids and merge as one."""
    return _hashed("element", exercise_id, where, str(position), canonical(element))


def new_id() -> str:
    """A fresh random id for a new entry."""
    import secrets  # on first use: start-up never needs it

    return secrets.token_hex(8)


def own_id(element: Any) -> str | None:
    """The id an element carries itself, if it has one."""
    if isinstance(element, dict):
        found = element.get("id")
        if isinstance(found, str) and found:
            return found
    return None


# Time

def moment(stamp: Any) -> datetime | None:
    """An ISO stamp as an aware datetime (local when it has no offset), or None."""
    if not isinstance(stamp, str) or not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    try:
        return when if when.tzinfo else when.astimezone()
    except (OverflowError, OSError, ValueError):
        return None


def instant(stamp: Any) -> float:
    """A stamp as seconds since 1970, for comparing (an unreadable one is the earliest)."""
    when = moment(stamp)
    if when is None:
        return float("-inf")
    try:
        return when.timestamp()
    except (OverflowError, OSError, ValueError):
        return float("-inf")


def date_order(element: Any) -> str:
    """A dated entry's position: its date in UTC, so positions sort as time does.

    A journal entry is dated by `created`, a check-in and a rating by `at`;
    an entry without a readable date sorts first, as it did before.
    """
    if isinstance(element, dict):
        when = moment(element.get("created")) or moment(element.get("at"))
        if when is not None:
            try:
                return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
            except (OverflowError, OSError, ValueError):
                return ""
    return ""


# Positions: strings that sort in the order of the rows, with room between any two.

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_BASE = len(DIGITS)


def between(before: str | None, after: str | None) -> str:
    """A position after `before` and before `after` (None: no bound on that side).

    Positions are base-36 fractions written without the "0." and never end in
    "0", so there is always room for another between two of them.
    """
    low = before or ""
    if after is not None and after <= low:
        raise ValueError(f"no position between {before!r} and {after!r}")
    return _midpoint(low, after)


def _midpoint(low: str, high: str | None) -> str:
    if high is not None:
        shared = 0
        while shared < len(high) and (low[shared] if shared < len(low) else "0") == high[shared]:
            shared += 1
        if shared:
            return high[:shared] + _midpoint(low[shared:], high[shared:])
    digit_low = DIGITS.index(low[0]) if low else 0
    digit_high = DIGITS.index(high[0]) if high is not None else _BASE
    if digit_high - digit_low > 1:
        return DIGITS[(digit_low + digit_high + 1) // 2]
    if high is not None and len(high) > 1:
        return high[:1]
    return DIGITS[digit_low] + _midpoint(low[1:], None)


def spread(count: int) -> list[str]:
    """`count` positions in order, evenly apart (for rows that had none)."""
    width = 1
    while _BASE**width <= count + 1:
        width += 1
    keys = []
    for index in range(count):
        number = (index + 1) * _BASE**width // (count + 1)
        digits = []
        for _ in range(width):
            number, digit = divmod(number, _BASE)
            digits.append(DIGITS[digit])
        keys.append("".join(reversed(digits)).rstrip("0") or "1")
    return keys


# Splitting a value into entries, and joining them again

def _elements(exercise_id: str, where: str, elements: list[Any], dated: bool) -> list[Piece]:
    slot = f"{where}{ELEMENT}"
    pieces = []
    for position, element in enumerate(elements):
        entry_id = own_id(element) or element_id(exercise_id, where, position, element)
        pieces.append(Piece(entry_id, slot, element, date_order(element) if dated else None))
    return pieces


def _is_dated(elements: list[Any]) -> bool:
    return bool(elements) and all(
        isinstance(e, dict) and (isinstance(e.get("created"), str) or isinstance(e.get("at"), str))
        for e in elements)


def _guess(value: Any) -> str:
    """How an answer of unknown kind splits, from its shape."""
    if isinstance(value, list):
        return AS_DATED if _is_dated(value) else AS_ROWS
    if isinstance(value, dict):
        if "own" in value or "checked" in value:
            return AS_CHECKLIST
        if value and "selected" not in value and all(
                isinstance(v, list) and all(isinstance(line, str) for line in v)
                for v in value.values()):
            return AS_SECTIONS
    return AS_WHOLE


def split(how: str, exercise_id: str, value: Any) -> list[Piece]:
    """The entries of an answer, split as `how` says (one of `SPLITS`)."""
    if value is None:
        return []
    if how == GUESS:
        how = _guess(value)
    if how in (AS_ROWS, AS_DATED) and isinstance(value, list):
        return _elements(exercise_id, "", value, how == AS_DATED)
    if how == AS_SECTIONS and isinstance(value, dict):
        return [Piece(key_id(exercise_id, key), key, inner) for key, inner in value.items()]
    if how == AS_CHECKLIST and isinstance(value, dict):
        pieces: list[Piece] = []
        for key, inner in value.items():
            if key == "checked" and isinstance(inner, list) and all(isinstance(o, str) for o in inner):
                pieces += [Piece(tick_id(exercise_id, o), "checked[]", o) for o in dict.fromkeys(inner)]
            elif key == "own" and isinstance(inner, list):
                pieces += _elements(exercise_id, "own", inner, dated=False)
            else:
                pieces.append(Piece(key_id(exercise_id, key), key, inner))
        return pieces
    return [Piece(whole_id(exercise_id), WHOLE, value)]


_MISSING = object()
_position = itemgetter(0, 1)


def join(entries: Iterable[tuple[str, str, str, Any]]) -> Any:
    """The value made of `(slot, position, id, value)` entries; None when there are none.

    Elements of a list are ordered by position, then id. Whatever the kind, so
    an answer joins the same way on every machine.
    """
    whole: Any = _MISSING
    lists: dict[str, list[tuple[str, str, Any]]] = {}
    keyed: dict[str, Any] = {}
    for slot, position, entry_id, value in entries:
        if slot == WHOLE:
            whole = value
        elif slot.endswith(ELEMENT):
            lists.setdefault(slot[: -len(ELEMENT)], []).append((position, entry_id, value))
        else:
            keyed[slot] = value
    ordered = {}
    for where, items in lists.items():
        items.sort(key=_position)  # by position, then id (each id is once in a list)
        ordered[where] = [item[2] for item in items]
    if "" in ordered:
        return ordered[""]
    if keyed or ordered:
        # Keys keep the order the person's answers have them in: dict order is
        # the file's, lists after.
        return {**keyed, **ordered}
    return None if whole is _MISSING else whole
