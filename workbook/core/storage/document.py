"""The workbook document: answers made of entries, each with an identity and a history (no Textual).

`Document` is the one owner of what the TinyDB file holds (schema 3). Its
tables, each a TinyDB table of numbered documents:

  answers     one per exercise written in: its kind and when it last changed
  entries     one per version of an entry (see `entries.py`): the exercise,
              the entry's id, its slot and position in the answer, its value,
              when it was written (`updated`) and a version clock
  tombstones  one per deleted entry: its id and when it was deleted, nothing
              else (the words of a deleted entry are gone from the file)
  drafts      one per form with a draft (a check-in not yet saved)
  earlier     one per answer kept from before its exercise changed kind
  settings    preferences; meta: the schema stamp

An entry usually has one version. Two versions of one entry are kept when
two copies of the workbook changed it without seeing each other's change
(their clocks say so): the later one is the answer, the other an earlier
answer the person can see, restore or let go. A version clock maps a
session (one opening of the store) to a count; a version whose clock is
below another's was seen by it and is dropped.

Every document keeps its line once written (`"N":{...}`, its TinyDB number and
JSON): a save encodes only the documents that changed and writes the others'
lines as they were, so it costs what changed, not the size of the workbook.
In a plain workbook a line is only where it lies in the file the store holds
open (an int: see `source.py`), copied from there by the next save; in an
encrypted one (whose file cannot be copied from) it is the bytes themselves.
"""

from __future__ import annotations

import itertools
import json
import operator
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from operator import is_not
from typing import Any

from workbook.core.entries import (
    AS_DATED,
    AS_ROWS,
    ELEMENT,
    GUESS,
    Piece,
    between,
    canonical,
    date_order,
    instant,
    join,
    moment,
    own_id,
    split,
)
from workbook.core.frozen import Frozen, frozen

Clock = tuple[tuple[str, int], ...]

# Tables, in the order they are written.
ANSWERS, DRAFTS, EARLIER, ENTRIES, META, SETTINGS, TOMBSTONES = (
    "answers", "drafts", "earlier", "entries", "meta", "settings", "tombstones")
TABLES = (ANSWERS, DRAFTS, EARLIER, ENTRIES, META, SETTINGS, TOMBSTONES)

# A value nested deeper than this could not be read back (see jsontext.MAX_DEPTH:
# the file, its table and the document come first).
MOST_VALUE_DEPTH = 56

MISSING: Any = object()


class Unsaveable(ValueError):
    """A value that cannot be written as JSON; `exercise` names where it is."""

    def __init__(self, exercise: str, reason: str) -> None:
        super().__init__(f"{exercise}: {reason}")
        self.exercise = exercise
        self.reason = reason


# The documents of the tables. Each is immutable once made (a change makes a
# new one), so a save on another thread can encode a snapshot without copying.

class Version:
    """One version of one entry."""

    __slots__ = ("exercise", "id", "slot", "pos", "updated", "_clock", "value", "line", "owner",
                 "fallback", "_when", "_rank")

    def __init__(self, exercise: str, entry_id: str, slot: str, pos: str, updated: str,
                 clock: Clock | str, value: Any) -> None:
        self.exercise = exercise
        self.id = entry_id
        self.slot = slot
        self.pos = pos
        self.updated = updated
        # A clock read from a file stays its text until first asked for (a merge,
        # a change): ten thousand entries open without a tuple or two each.
        self._clock = clock
        self.value = value
        self.line: Any = None  # `"N":{json}` as the document `owner` wrote it (see `encode_tables`)
        self.owner: Any = None
        # The last version of this entry that was saved, while this one is not
        # yet: written instead when this one cannot be (see `Unsaveable`).
        self.fallback: Version | None = None
        self._when: float | None = None
        self._rank: tuple[Any, ...] | None = None

    @property
    def clock(self) -> Clock:
        clock = self._clock
        if type(clock) is str:
            clock = self._clock = _clock(clock)
        return clock

    @property
    def when(self) -> float:
        if self._when is None:
            self._when = instant(self.updated)
        return self._when

    def rank(self) -> tuple[Any, ...]:
        """Which of two versions is the answer: the later, then a fixed tie-break."""
        if self._rank is None:
            self._rank = (self.when, self.updated, canonical(self.value), self.clock,
                          self.slot, self.pos, self.exercise)
        return self._rank

    def doc(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "id": self.id, "slot": self.slot, "pos": self.pos,
                "updated": self.updated, "clock": clock_text(self.clock), "value": self.value}

    def same(self, other: Version) -> bool:
        return self.doc() == other.doc()

    @property
    def key(self) -> str:
        return entry_key(self.exercise, self.id)

    def __repr__(self) -> str:
        return f"Version({self.exercise!r}, {self.id!r}, {self.updated!r}, {self.value!r})"


def entry_key(exercise: str, entry_id: str) -> str:
    """An entry's id in the document: its exercise's id, "/", its own id (two
    exercises' entries never share one, even when their own ids were copied)."""
    return f"{exercise}/{entry_id}"


class Tombstone:
    """A deleted entry: its id (`entry_key`) and when it was deleted; nothing else."""

    __slots__ = ("id", "deleted", "line", "owner", "fallback")

    def __init__(self, entry_id: str, deleted: str) -> None:
        self.id = entry_id
        self.deleted = deleted
        self.line: Any = None
        self.owner: Any = None
        self.fallback = None

    @property
    def when(self) -> float:
        return instant(self.deleted)

    def doc(self) -> dict[str, Any]:
        return {"id": self.id, "deleted": self.deleted}


class Header:
    """An answer: its exercise, its kind when last written, when it last changed."""

    __slots__ = ("exercise", "kind", "updated", "line", "owner", "fallback")

    def __init__(self, exercise: str, kind: str | None, updated: str | None) -> None:
        self.exercise = exercise
        self.kind = kind
        self.updated = updated
        self.line: Any = None
        self.owner: Any = None
        self.fallback = None

    def doc(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "kind": self.kind, "updated": self.updated}


class Register:
    """A draft, or an answer kept from before a kind change: one value per exercise,
    the later one winning (None once removed)."""

    __slots__ = ("exercise", "value", "updated", "line", "owner", "fallback")

    def __init__(self, exercise: str, value: Any, updated: str | None) -> None:
        self.exercise = exercise
        self.value = value
        self.updated = updated
        self.line: Any = None
        self.owner: Any = None
        self.fallback: Register | None = None

    def doc(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "value": self.value, "updated": self.updated}


# Clocks

def clock_below(low: Clock, high: Clock) -> bool:
    """True when `high` has seen `low` and more (each count at least as big, and not equal)."""
    if low == high:
        return False
    counts = dict(high)
    return all(count <= counts.get(session, 0) for session, count in low)


def joined_clock(*clocks: Clock) -> dict[str, int]:
    merged: dict[str, int] = {}
    for clock in clocks:
        for session, count in clock:
            if count > merged.get(session, 0):
                merged[session] = count
    return merged


def as_clock(counts: Mapping[str, int]) -> Clock:
    return tuple(sorted(counts.items()))


def clock_text(clock: Clock) -> str:
    """A clock as the file keeps it: "session:count,session:count" (a string costs
    the reader far less than an object, ten thousand times over)."""
    return ",".join(f"{session}:{count}" for session, count in clock)


def maximal(versions: Iterable[Version]) -> tuple[Version, ...]:
    """The versions no other one has seen, each once, the answer first."""
    found = list(versions)
    if len(found) <= 1:
        return tuple(found)
    kept: list[Version] = []
    for version in found:
        if any(clock_below(version.clock, other.clock) for other in found):
            continue
        if any(other.clock == version.clock and other.same(version) for other in kept):
            continue
        kept.append(version)
    kept.sort(key=Version.rank, reverse=True)
    return tuple(kept)


def later(first: Any, second: Any, rank: Callable[[Any], Any]) -> Any:
    """Whichever of two documents ranks higher (either may be None)."""
    if first is None:
        return second
    if second is None:
        return first
    return second if rank(second) > rank(first) else first


def tombstone_rank(stone: Tombstone) -> tuple[float, str]:
    return (stone.when, stone.deleted)


def header_rank(header: Header) -> tuple[float, str, str]:
    return (instant(header.updated), header.updated or "", header.kind or "")


def register_rank(register: Register) -> tuple[float, str, str]:
    return (instant(register.updated), register.updated or "", canonical(register.value))


class Replica:
    """What one copy of a workbook holds that merging joins: answers, entries,
    tombstones, drafts and earlier answers (settings and meta stay each copy's own)."""

    # A plain class, not a @dataclass (nor `Encoding` below): a dataclass's
    # methods are compiled at import, on every start-up.
    def __init__(
        self,
        headers: dict[str, Header] | None = None,
        versions: dict[str, tuple[Version, ...]] | None = None,
        tombstones: dict[str, Tombstone] | None = None,
        drafts: dict[str, Register] | None = None,
        earlier: dict[str, Register] | None = None,
    ) -> None:
        self.headers = {} if headers is None else headers
        self.versions = {} if versions is None else versions
        self.tombstones = {} if tombstones is None else tombstones
        self.drafts = {} if drafts is None else drafts
        self.earlier = {} if earlier is None else earlier

    def docs(self) -> dict[str, list[dict[str, Any]]]:
        """Every document, in a fixed order: two equal replicas give equal docs."""
        return {
            ANSWERS: [self.headers[k].doc() for k in sorted(self.headers)],
            ENTRIES: sorted((v.doc() for vs in self.versions.values() for v in vs),
                            key=canonical),
            TOMBSTONES: [self.tombstones[k].doc() for k in sorted(self.tombstones)],
            DRAFTS: [self.drafts[k].doc() for k in sorted(self.drafts)],
            EARLIER: [self.earlier[k].doc() for k in sorted(self.earlier)],
        }


@frozen
class EarlierVersion(Frozen):
    """A version of an entry that lost to a later one changed elsewhere: kept to see and restore."""

    exercise: str
    entry_id: str  # its own id within the exercise
    slot: str
    value: Any
    updated: str
    version: Version


def _stamp_after(floor: float, like: str) -> str:
    """A stamp one second after `floor`, in the zone of `like`."""
    zone = (moment(like) or datetime.now().astimezone()).tzinfo
    return (datetime.fromtimestamp(floor, zone) + timedelta(seconds=1)).isoformat(
        timespec="seconds")


class Document:
    """Every answer of one workbook, in memory, with the changes since the last save.

    Not thread-safe on its own: `AnswerStore` holds its lock around every call.
    """

    def __init__(self, session: str) -> None:
        self.session = session  # this opening's name in version clocks
        self._count = 0
        # Whose lines a document's `line` is: this document's numbering only.
        self.tag = object()
        # The plain file this session last read or wrote, held open: a line owned by
        # it is its place there (see `source.py`), copied by the next save.
        self.source: Any = None
        self.numbers: dict[str, int] = {}  # the last TinyDB number given, per table
        self.headers: dict[str, Header] = {}
        self.versions: dict[str, tuple[Version, ...]] = {}
        self.tombstones: dict[str, Tombstone] = {}
        self.drafts: dict[str, Register] = {}
        self.earlier: dict[str, Register] = {}
        self.settings: dict[str, Any] = {}
        self.meta: dict[str, Any] = {}
        self.extra: dict[str, dict[str, Any]] = {}  # tables of a later schema 3: kept as they are
        self._ids: dict[str, dict[str, None]] = {}  # exercise -> its live entries' keys
        self._values: dict[str, Any] = {}  # exercise -> its joined (or last given) value

    def saved(self, doc: Any) -> bool:
        """Whether this document wrote `doc` (or read it) as it is: it has a line here."""
        owner = doc.owner
        return owner is self.tag or (owner is not None and getattr(owner, "tag", None) is self.tag)

    # Reading

    def exercises(self) -> list[str]:
        """Every exercise with an answer, in the order they were first written."""
        return list(self.headers)

    def value(self, exercise: str) -> Any:
        """The answer to `exercise` as widgets and exports read it (None when there is none)."""
        value = self._values.get(exercise, MISSING)
        if value is MISSING:
            ids = self._ids.get(exercise, {})
            value = join((v.slot, v.pos, v.id, v.value)
                         for v in (self.versions[i][0] for i in ids))
            self._values[exercise] = value
        return value

    def updated(self, exercise: str) -> str | None:
        header = self.headers.get(exercise)
        return None if header is None else header.updated

    def kind(self, exercise: str) -> str | None:
        header = self.headers.get(exercise)
        return None if header is None else header.kind

    def entry_count(self) -> int:
        return sum(len(vs) for vs in self.versions.values())

    def earlier_versions(self, exercise: str) -> list[EarlierVersion]:
        """Versions of this answer's entries that lost to a later one (distinct words only)."""
        found = []
        for key in self._ids.get(exercise, {}):
            versions = self.versions[key]
            if len(versions) < 2:
                continue
            seen = {canonical(versions[0].value)}
            for version in versions[1:]:
                text = canonical(version.value)
                if text in seen:
                    continue
                seen.add(text)
                found.append(EarlierVersion(exercise, version.id, version.slot, version.value,
                                            version.updated, version))
        return found

    def live(self, exercise: str) -> dict[str, Version]:
        """The version shown of each live entry of an exercise, by the entry's own id."""
        return {(v := self.versions[key][0]).id: v for key in self._ids.get(exercise, {})}

    # Changing (each returns whether anything changed)

    def write(self, exercise: str, kind: str | None, how: str, value: Any, now: str,
              before: Any = MISSING) -> bool:
        """Record a new answer; only the entries that differ from `before` (what the
        person's widget had: by default the answer as stored) become new versions,
        and entries missing from `value` that `before` had are deleted."""
        # The value given is the answer from now on (the same object: widgets and
        # screens know their own by identity) only when it was made from the answer
        # as it is; made from an older one (a merge came in meanwhile), the answer
        # is joined again from its entries when next asked for.
        current = self._values.get(exercise, MISSING)
        up_to_date = before is MISSING or before is current
        if not up_to_date:
            current = self.value(exercise)
            up_to_date = before is current or before == current
        old = self.value(exercise) if before is MISSING else before
        changed = False
        if (how in (AS_ROWS, AS_DATED) and isinstance(old, list) and isinstance(value, list)):
            fast = self._write_list_quickly(exercise, how, old, value, now)
            changed = self._write_pieces(exercise, how, old, value, now) if fast is None else fast
        else:
            changed = self._write_pieces(exercise, how, old, value, now)
        header = self.headers.get(exercise)
        kind = kind if kind is not None else (header.kind if header else None)
        if changed or header is None or header.kind != kind:
            self._touch(exercise, now, kind)
            changed = True
        if up_to_date:
            self._values[exercise] = value
        else:
            self._values.pop(exercise, None)
        return changed

    def _write_list_quickly(self, exercise: str, how: str, old: list[Any], new: list[Any],
                            now: str) -> bool | None:
        """The common cases without splitting the whole list (ten thousand journal
        entries while typing in one): elements changed in place, or one added at the
        end. None for anything else."""
        if len(new) == len(old):
            changed = list(itertools.compress(range(len(new)), map(is_not, old, new)))
            pieces = []
            for index in changed:
                entry_id = own_id(new[index])
                if entry_id is None or entry_id != own_id(old[index]):
                    return None
                order = date_order(new[index]) if how == AS_DATED else None
                pieces.append((Piece(entry_id, ELEMENT, new[index], order), old[index]))
            return self._write_in_place(exercise, pieces, now)
        if len(new) == len(old) + 1 and not any(map(is_not, old, new)):
            entry_id = own_id(new[-1])
            if entry_id is None or entry_key(exercise, entry_id) in self._ids.get(exercise, {}):
                return None
            if how == AS_DATED:
                position = date_order(new[-1])
            else:
                positions = [v.pos for v in self.live(exercise).values() if v.slot == ELEMENT]
                position = between(max(positions, default=None), None)
            self._put(exercise, entry_id, ELEMENT, position, new[-1], now)
            return True
        return None

    def _write_in_place(self, exercise: str, pieces: list[tuple[Piece, Any]], now: str) -> bool:
        changed = False
        for piece, before in pieces:
            if before == piece.value:
                continue  # not changed by the person (whatever happened elsewhere)
            current = self._shown(entry_key(exercise, piece.id))
            if current is None:
                position = piece.order if piece.order is not None else ""
            else:
                position = piece.order if piece.order is not None else current.pos
                if current.value == piece.value and current.pos == position:
                    continue
            self._put(exercise, piece.id, piece.slot, position, piece.value, now,
                      based_on=before)
            changed = True
        return changed

    def _write_pieces(self, exercise: str, how: str, old: Any, new: Any, now: str) -> bool:
        how = how or GUESS
        olds = split(how, exercise, old)
        news = split(how, exercise, new)
        before = {piece.id: piece for piece in olds}
        now_ids = {piece.id for piece in news}
        changed = False
        for piece in olds:
            key = entry_key(exercise, piece.id)
            if piece.id not in now_ids and key in self.versions:
                self.delete_entry(key, now)
                changed = True
        moved = _moved(olds, news)
        positions = self._positions(exercise, news, moved)
        for piece in news:
            was = before.get(piece.id)
            if was is not None and was.value == piece.value and piece.id not in moved:
                continue  # left as it was by the person (whatever happened elsewhere)
            current = self._shown(entry_key(exercise, piece.id))
            position = piece.order if piece.order is not None else positions.get(piece.id)
            if position is None:
                position = current.pos if current is not None else ""
            if (current is not None and current.value == piece.value
                    and current.pos == position and current.slot == piece.slot):
                continue
            self._put(exercise, piece.id, piece.slot, position, piece.value, now,
                      based_on=was.value if was is not None else MISSING)
            changed = True
        return changed

    def _positions(self, exercise: str, news: list[Piece], moved: set[str]) -> dict[str, str]:
        """Positions for the elements the person added or moved: between their new neighbours."""
        live = self.live(exercise)
        positions: dict[str, str] = {}
        slots: dict[str, list[Piece]] = {}
        for piece in news:
            if piece.order is None and piece.slot.endswith(ELEMENT):
                slots.setdefault(piece.slot, []).append(piece)
        for pieces in slots.values():
            for index, piece in enumerate(pieces):
                current = live.get(piece.id)
                if current is not None and piece.id not in moved:
                    positions[piece.id] = current.pos
                    continue
                low = positions.get(pieces[index - 1].id) if index else None
                high = next((live[p.id].pos for p in pieces[index + 1:]
                             if p.id in live and p.id not in moved), None)
                if high is not None and low is not None and high <= low:
                    high = None  # merged rows out of order: after the one before, at least
                positions[piece.id] = between(low, high)
        return positions

    def _shown(self, key: str) -> Version | None:
        versions = self.versions.get(key)
        return versions[0] if versions else None

    def _put(self, exercise: str, entry_id: str, slot: str, pos: str, value: Any,
             now: str, bases: tuple[Version, ...] | None = None,
             based_on: Any = MISSING) -> Version:
        """A new version of an entry, written here. It has seen `bases`: by default
        the versions holding `based_on` (the words the person changed; the version
        shown when not given). A version it has not seen, changed elsewhere
        meanwhile, stays beside it as an earlier answer. It is later than each
        version and than the entry's deletion, so it is the answer."""
        key = entry_key(exercise, entry_id)
        versions = self.versions.get(key, ())
        if bases is None:
            if len(versions) < 2 and (based_on is MISSING or not versions
                                      or versions[0].value is based_on
                                      or versions[0].value == based_on):
                bases = versions
            else:
                if based_on is MISSING:
                    based_on = versions[0].value
                seen = canonical(based_on)
                bases = tuple(v for v in versions if canonical(v.value) == seen)
        self._count += 1
        clock = joined_clock(*(b.clock for b in bases))
        clock[self.session] = self._count
        floor = max((v.when for v in versions), default=float("-inf"))
        stone = self.tombstones.get(key)
        if stone is not None:
            floor = max(floor, stone.when)
        updated = now if instant(now) > floor else _stamp_after(floor, now)
        version = Version(exercise, entry_id, slot, pos, updated, as_clock(clock), value)
        replaced = [v for v in versions if any(v is b for b in bases)]
        for old in replaced:
            saved = old if self.saved(old) else old.fallback
            if saved is not None:
                version.fallback = saved
                break
        self.versions[key] = maximal(
            [version, *(v for v in versions if not any(v is b for b in bases))])
        self._ids.setdefault(exercise, {})[key] = None
        self._values.pop(exercise, None)
        return version

    def delete_entry(self, key: str, now: str) -> None:
        """Delete an entry (by `entry_key`): its words leave the file; a tombstone keeps
        its id and time."""
        versions = self.versions.pop(key, ())
        when = max([instant(now), *(v.when for v in versions)])
        stamp = now if instant(now) >= when else max(versions, key=lambda v: v.when).updated
        stone = later(self.tombstones.get(key), Tombstone(key, stamp), tombstone_rank)
        self.tombstones[key] = stone
        for version in versions:
            self._forget(version.exercise, key)

    def _forget(self, exercise: str, key: str) -> None:
        ids = self._ids.get(exercise)
        if ids is not None:
            ids.pop(key, None)
        self._values.pop(exercise, None)

    def restore(self, earlier: EarlierVersion, now: str) -> None:
        """Make an earlier version the answer again; the one it replaces stays as an earlier one."""
        self._put(earlier.exercise, earlier.entry_id, earlier.slot, earlier.version.pos,
                  earlier.value, now, bases=(earlier.version,))
        self._touch(earlier.exercise, now)

    def let_go(self, earlier: EarlierVersion, now: str) -> None:
        """The person does not need an earlier version: the answer as shown has now seen it."""
        shown = self._shown(earlier.version.key)
        if shown is None:
            return
        bases = tuple(v for v in self.versions[earlier.version.key]
                      if v is shown or canonical(v.value) == canonical(earlier.value))
        self._put(shown.exercise, shown.id, shown.slot, shown.pos, shown.value, now, bases=bases)
        self._touch(earlier.exercise, now)

    def _touch(self, exercise: str, now: str, kind: Any = MISSING) -> None:
        """The answer changed now (later than whatever changed it before, so a merge
        keeps this header: see `header_rank`)."""
        header = self.headers.get(exercise)
        if kind is MISSING:
            kind = header.kind if header else None
        if header is not None and instant(now) <= instant(header.updated):
            now = _stamp_after(instant(header.updated), now)
        self.headers[exercise] = Header(exercise, kind, now)

    def set_register(self, table: str, exercise: str, value: Any, now: str) -> bool:
        """Set a draft (DRAFTS) or an earlier answer (EARLIER); None removes it."""
        registers = self.drafts if table == DRAFTS else self.earlier
        old = registers.get(exercise)
        if old is None and value is None:
            return False
        if old is not None and (old.value is value or old.value == value):
            return False
        register = Register(exercise, value, now)
        if old is not None:
            floor = instant(old.updated)
            if instant(now) <= floor:
                register.updated = _stamp_after(floor, now)
            register.fallback = old if self.saved(old) else old.fallback
        registers[exercise] = register
        return True

    def register(self, table: str, exercise: str) -> Any:
        registers = self.drafts if table == DRAFTS else self.earlier
        found = registers.get(exercise)
        return None if found is None else found.value

    # Merging (see `workbook.core.merge`)

    def replica(self) -> Replica:
        """A snapshot of what merging joins (documents are shared, never changed)."""
        return Replica(dict(self.headers), dict(self.versions), dict(self.tombstones),
                       dict(self.drafts), dict(self.earlier))

    def adopt(self, replica: Replica) -> None:
        """Hold `replica` from now on (the result of a merge, or a restored backup)."""
        self.headers = dict(replica.headers)
        self.versions = dict(replica.versions)
        self.tombstones = dict(replica.tombstones)
        self.drafts = dict(replica.drafts)
        self.earlier = dict(replica.earlier)
        self._reindex()

    def _reindex(self) -> None:
        self._ids = {}
        self._values = {}
        for key, versions in self.versions.items():
            self._ids.setdefault(versions[0].exercise, {})[key] = None
        for exercise in self._ids:
            if exercise not in self.headers:
                self.headers[exercise] = Header(exercise, None, None)

    # The file

    def snapshot(self) -> dict[str, list[Any]]:
        """The documents to write, table by table (cheap: references only)."""
        return {
            ANSWERS: list(self.headers.values()),
            DRAFTS: list(self.drafts.values()),
            EARLIER: list(self.earlier.values()),
            ENTRIES: list(itertools.chain.from_iterable(self.versions.values())),
            META: [dict(self.meta)],
            SETTINGS: [dict(self.settings)] if self.settings else [],
            TOMBSTONES: list(self.tombstones.values()),
            **{name: list(docs.values()) for name, docs in self.extra.items()},
        }


def _moved(olds: list[Piece], news: list[Piece]) -> set[str]:
    """Elements the person moved: those outside the longest run kept in order."""
    import bisect

    place = {piece.id: index for index, piece in enumerate(olds) if piece.slot.endswith(ELEMENT)}
    sequence = [(place[p.id], p.id) for p in news if p.id in place and p.order is None]
    if len(sequence) < 2:
        return set()
    # Longest increasing subsequence of old places, in new order.
    tails: list[int] = []
    tails_at: list[int] = []
    previous = [-1] * len(sequence)
    for index, (old_place, _) in enumerate(sequence):
        at = bisect.bisect_left(tails, old_place)
        if at == len(tails):
            tails.append(old_place)
            tails_at.append(index)
        else:
            tails[at] = old_place
            tails_at[at] = index
        previous[index] = tails_at[at - 1] if at else -1
    kept = set()
    index = tails_at[-1] if tails_at else -1
    while index != -1:
        kept.add(sequence[index][1])
        index = previous[index]
    return {entry_id for _, entry_id in sequence if entry_id not in kept}


# Encoding

_dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                         allow_nan=False).encode


def _depth(value: Any) -> int:
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > MOST_VALUE_DEPTH:
                return deepest
        if isinstance(node, dict):
            stack.extend((inner, depth + 1) for inner in node.values())
        elif isinstance(node, list | tuple):
            stack.extend((inner, depth + 1) for inner in node)
    return deepest


def encode_doc(doc: Any) -> bytes:
    """A document's JSON, UTF-8 (a lone surrogate becomes U+FFFD). Raises
    `Unsaveable` for a value JSON cannot hold (or too deep to read back)."""
    from workbook.core.storage.jsontext import scrub

    data = doc.doc() if hasattr(doc, "doc") else doc
    exercise = getattr(doc, "exercise", None) or getattr(doc, "id", None) or "settings"
    value = getattr(doc, "value", None)
    if isinstance(value, dict | list) and _depth(value) > MOST_VALUE_DEPTH:
        raise Unsaveable(exercise, f"it is nested more than {MOST_VALUE_DEPTH} levels deep")
    try:
        text = _dump(data)
    except (TypeError, ValueError, RecursionError) as error:
        raise Unsaveable(exercise, _reason(error)) from None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return scrub(text).encode("utf-8")


def _reason(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "it refers to itself"
    text = str(error)
    if "not JSON serializable" in text:
        kind = text.split("Object of type ", 1)[-1].split(" is not", 1)[0]
        return f"it holds a {kind}, which cannot be written as text"
    if "Out of range float" in text:
        return "it holds a number that is not a number (NaN or infinity)"
    return text


class Encoding:
    """A save's making of the file: the values that could not be encoded, and the
    documents this save encoded (their lines are kept once it is done)."""

    def __init__(self) -> None:
        self.unsaveable: list[Unsaveable] = []
        self.encoded: list[tuple[Any, Any]] = []
        # Each written document's place in the new file (`source.pack`), when the
        # store holds the file it writes (a plain workbook); None: not noted.
        self.places: list[tuple[Any, int]] | None = None


_OPEN, _NEXT, _CLOSE = b"\n", b",\n", b"\n}"
_LEFT_OUT = object()  # a document that cannot be written and was never saved (see `_encode`)
_NONE = object()


def encode_tables(document: Document, tables: Mapping[str, list[Any]],
                  result: Encoding) -> list[Any]:
    """The file as a list of pieces (written with one `writev` per thousand):
    TinyDB's layout, one document a line, each table's closing brace on a line.

    A piece is bytes, or an int: a range of the file this document holds open
    (`document.source`, see `source.py`), copied as it is. A document this
    document numbered and wrote before is its line as it was (its range, when
    the held file is intact; else encoded again with its number); only new ones
    are encoded (and numbered). One that cannot be encoded is written as its
    last saved version (or left out when it never was saved) and named in
    `result.unsaveable`. With `result.places`, each document's place in the new
    file is noted (see `settle`).
    """
    tag = document.tag
    source = document.source
    usable = source if source is not None and source.intact() else _NONE
    places = result.places
    pieces: list[Any] = [b"{"]
    at_byte = 1
    for table_number, name in enumerate(sorted(tables)):
        head = (b",\n" if table_number else b"\n") + _dump(name).encode() + b":{"
        pieces.append(head)
        at_byte += len(head)
        docs = tables[name]
        try:
            lines = [doc.line if doc.owner is tag or doc.owner is usable else None
                     for doc in docs]
        except AttributeError:  # plain dicts (meta, settings): encoded every time
            lines = [None] * len(docs)
        # Few documents change between saves: find them with `list.index` (a scan
        # in C) rather than a second pass in Python over thousands of lines.
        at, left_out, stand_ins = 0, False, {}
        while True:
            try:
                at = lines.index(None, at)
            except ValueError:
                break
            problems = len(result.unsaveable)
            line = _encode(document, name, docs[at], at, result, usable)
            if line is not None and len(result.unsaveable) > problems:
                stand_ins[at] = docs[at].fallback  # its last saved version is written
            lines[at] = _LEFT_OUT if line is None else line
            left_out = left_out or line is None
            at += 1
        if stand_ins:
            docs = [stand_ins.get(index, doc) for index, doc in enumerate(docs)]
        if left_out:
            kept = [(doc, line) for doc, line in zip(docs, lines, strict=True)
                    if line is not _LEFT_OUT]
            docs = [doc for doc, _ in kept]
            lines = [line for _, line in kept]
        if lines and (places is None or not hasattr(docs[0], "owner")):
            joined = [_NEXT] * (2 * len(lines))
            joined[0] = _OPEN
            joined[1::2] = lines
            pieces += joined
            if places is not None:  # (plain dicts: bytes)
                at_byte += sum(map(len, lines)) + 2 * len(lines) - 1
        elif lines:
            at_byte = _placed(docs, lines, at_byte, pieces, places)
        pieces.append(_CLOSE)
        at_byte += len(_CLOSE)
    pieces.append(b"\n}\n")
    return pieces


def _placed(docs: list[Any], lines: list[Any], at_byte: int, pieces: list[Any],
            places: list[Any]) -> int:
    """Add a table's lines to `pieces` (runs of ranges that lie one after another
    in the held file as one range), note each document's place in the new file
    (its line starting at `at_byte` + 1), and return where the table's lines end.

    Ten thousand lines at every save: the arithmetic runs in C (`map`,
    `accumulate`), Python looking only at the few changed lines and the runs.
    """
    from workbook.core.storage.source import SHIFT, pack

    mask = (1 << SHIFT) - 1
    count = len(lines)
    encoded = list(itertools.compress(range(count), map(is_not, map(type, lines),
                                                        itertools.repeat(int))))
    places_old = lines.copy()
    for index in encoded:  # bytes: at 0 in no file, their length and number
        head = bytes(lines[index][:24])
        places_old[index] = pack(0, len(lines[index]), int(head[1:head.index(b'"', 1)]))
    lengths = list(map(operator.and_, map(operator.rshift, places_old, itertools.repeat(SHIFT)),
                       itertools.repeat(mask)))
    starts = list(map(operator.and_, places_old, itertools.repeat(mask)))
    new_starts = list(itertools.accumulate(map(operator.add, lengths, itertools.repeat(2)),
                                           initial=at_byte + 1))
    # How far each line moves. Two lines one after another in the held file (",\n"
    # between them) move alike and are copied as one range: a run breaks where
    # the move changes, and on each side of an encoded line.
    moves = list(map(operator.sub, new_starts, starts))
    if new_starts[count] < 1 << SHIFT:  # (a file of a terabyte is never held)
        places.append((docs, list(map(operator.add, places_old, moves))))
    breaks = set(itertools.compress(range(1, count), map(operator.ne, moves[1:], moves)))
    breaks.update(encoded)
    breaks.update(index + 1 for index in encoded)
    edges = sorted(breaks | {0, count})
    for first, stop in itertools.pairwise(edges):
        if first >= stop:
            continue
        pieces.append(_NEXT if first else _OPEN)
        line = lines[first]
        if type(line) is not int:
            pieces.append(line)
        else:
            pieces.append(pack(starts[first], starts[stop - 1] + lengths[stop - 1] - starts[first],
                               0))
    return new_starts[count] - 2


def _encode(document: Document, table: str, doc: Any, index: int, result: Encoding,
            usable: Any = _NONE) -> Any:
    from workbook.core.storage.source import number_of

    try:
        text = encode_doc(doc)
    except Unsaveable as problem:
        result.unsaveable.append(problem)
        fallback = getattr(doc, "fallback", None)
        if fallback is None or not document.saved(fallback):
            return None
        if fallback.owner is document.tag or fallback.owner is usable:
            return fallback.line
        # Its range is in a file no longer held as it was: the same words again.
        return _encode(document, table, fallback, index, result, usable)
    if not hasattr(doc, "owner"):  # settings, meta: a plain dict, written whole every time
        return b'"%d":%s' % (index + 1, text)
    if type(doc.line) is int and document.saved(doc):
        number = number_of(doc.line)  # saved before, its range not usable: its own number
    else:
        # A new number, never one another document of this table has had: a
        # document's line is written as it is from then on.
        number = document.numbers.get(table, 0) + 1
        document.numbers[table] = number
    line = b'"%d":%s' % (number, text)
    result.encoded.append((doc, line))
    return line


def settle(document: Document, result: Encoding, source: Any = None) -> None:
    """Keep each document's new line (under the store's lock: a change on another
    thread reads `owner` to find the last saved version): with `source` (the
    new file, held open), every written document's place in it; else the lines
    this save encoded, in memory."""
    if source is not None and result.places is not None:
        source.tag = document.tag
        for docs, places in result.places:
            for doc, place in zip(docs, places, strict=True):
                doc.line = place
                doc.owner = source
        for doc, _line in result.encoded:
            doc.fallback = None
        old, document.source = document.source, source
        if old is not None and old is not source:
            old.close()
        return
    for doc, line in result.encoded:
        doc.line = line
        doc.owner = document.tag
        doc.fallback = None


# Reading a file

_TABLE_LINE = re.compile(rb'"([a-z][a-z0-9_-]*)":\{\Z')
_DOC_LINE = re.compile(rb'"([0-9]{1,18})":(?=\{)')


def read_lines(raw: bytes, places: bool = False) -> dict[str, dict[str, Any]] | None:
    """Each document's line in a file laid out as `encode_tables` writes it (one
    document a line), by table and TinyDB number: slices of `raw`, not copies
    (with `places`, where each lies in `raw` instead: see `source.pack`).
    None for a file laid out any other way: its documents are then encoded
    again at the first save. The file itself is read as a whole by the strict
    reader (`atomic.decode`); this only finds where each document's text is.
    """
    from workbook.core.storage.source import SHIFT

    if not raw.startswith(b"{\n"):
        return None
    view = memoryview(raw)
    lines: dict[str, dict[str, Any]] = {}
    kept: dict[str, Any] | None = None
    pos, size, closed = 2, len(raw), False
    find, match_doc = raw.find, _DOC_LINE.match
    while pos < size:
        stop = find(b"\n", pos)
        if stop < 0:
            stop = size
        if closed:
            if raw[pos:stop].strip():
                return None  # something after the end
        elif kept is None:
            line = raw[pos:stop] if stop - pos < 80 else b""
            if line == b"}":
                closed = True
            else:
                match = _TABLE_LINE.match(line)
                if match is None or match.group(1).decode() in lines:
                    return None
                kept = lines.setdefault(match.group(1).decode(), {})
        elif stop - pos <= 2 and raw[pos:stop] in (b"}", b"},"):
            kept = None
        else:
            end = stop - 1 if raw[stop - 1] == 44 else stop  # 44: ","
            match = match_doc(raw, pos, end)
            if match is None or raw[end - 1] != 125:  # 125: "}"
                return None
            number = match.group(1).decode()
            if number in kept:
                return None  # a number twice: the strict reader names it
            kept[number] = (pos | (end - pos) << SHIFT | int(number) << 2 * SHIFT if places
                            else view[pos:end])
        pos = stop + 1
    return lines if closed else None


LINES_PER_PARSE = 500
# Brackets a line may hold and still surely be nested less than `jsontext.MAX_DEPTH`
# (the table around it adds a level).
SHALLOW = 60


def parse_lines(raw: bytes, lines: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | None:
    """The tables of a file in our layout, parsed a few hundred documents at a time
    by the strict reader: never a second copy of the whole file as text. None when
    anything is unusual (a NUL byte, broken characters, a duplicate, a document
    that is not an object): the whole file is then read by `atomic.decode`, which
    says plainly what is wrong."""
    from workbook.core.storage.jsontext import JSONProblem, loads
    from workbook.core.storage.source import length_of, start_of

    if b"\x00" in raw:
        return None
    tables: dict[str, Any] = {}
    for name, numbered in lines.items():
        table: dict[str, Any] = {}
        view = memoryview(raw)
        found = [view[start_of(line):start_of(line) + length_of(line)] if type(line) is int
                 else line for line in numbered.values()]
        for start in range(0, len(found), LINES_PER_PARSE):
            batch = b"{" + b",".join(found[start:start + LINES_PER_PARSE]) + b"}"
            try:
                docs, replaced = loads(batch.decode("utf-8"))
            except (UnicodeDecodeError, ValueError, JSONProblem):
                return None
            if replaced or not all(type(doc) is dict for doc in docs.values()):
                return None
            table.update(docs)
        if len(table) != len(numbered):
            return None  # a number twice
        tables[name] = table
    return tables


def stream_tables(file: Any) -> tuple[dict[str, Any], dict[str, dict[str, int]], int] | None:
    """A plain file in our layout read from `file` (binary, at its start) a line at a
    time: its tables, each document's place in it (see `source.pack`) and its
    CRC-32, never the whole file in memory at once. None for anything unusual
    (another layout, a NUL byte, broken characters, a duplicate, a document that
    is not an object): the file is then read whole by the strict reader, which
    says plainly what is wrong (see `parse_lines`)."""
    import zlib

    from workbook.core.storage.jsontext import JSONProblem, loads
    from workbook.core.storage.source import SHIFT

    first = file.readline()
    if first != b"{\n":
        return None
    crc, pos = zlib.crc32(first), len(first)
    tables: dict[str, Any] = {}
    places: dict[str, dict[str, int]] = {}
    table: dict[str, Any] | None = None
    kept: dict[str, int] = {}
    batch: list[bytes] = []
    closed, count = False, 0
    match_doc = _DOC_LINE.match
    name, stamps = "", {}

    def parse() -> bool:
        if not batch:
            return True
        # A line's depth is at most its brackets (and the batch's one more): a batch
        # none of whose lines has many is not walked to check it (counted in C).
        deep = max(map(operator.add, map(bytes.count, batch, itertools.repeat(b"{")),
                       map(bytes.count, batch, itertools.repeat(b"[")))) >= SHALLOW
        # The lines as they are, their ",\n" between them (JSON allows the newline).
        batch[-1] = batch[-1].rstrip(b",\n")
        text = b"".join([b"{", *batch, b"}"])
        batch.clear()
        if b"\x00" in text:
            return False
        try:
            docs, replaced = loads(text.decode("utf-8"), shallow=not deep)
        except (UnicodeDecodeError, ValueError, JSONProblem):
            return False
        if replaced or not all(type(doc) is dict for doc in docs.values()):
            return False
        assert table is not None
        # Entries become versions a batch at a time: the documents read are let go
        # as the file is read, never ten thousand of them at once.
        table.update(as_versions(docs, stamps) if name == ENTRIES else docs)
        return True

    for line in file:
        crc = zlib.crc32(line, crc)
        start, pos = pos, pos + len(line)
        size = len(line) - 1 if line[-1] == 10 else len(line)  # 10: "\n"
        if table is not None and size > 2:
            end = size - 1 if line[size - 1] == 44 else size  # 44: ","
            match = match_doc(line, 0, end)
            if match is None or line[end - 1] != 125:  # 125: "}"
                return None
            number = match.group(1).decode()
            kept[number] = start | end << SHIFT | int(number) << 2 * SHIFT
            count += 1
            batch.append(line)
            if len(batch) >= LINES_PER_PARSE and not parse():
                return None
            continue
        body = line[:size]
        if closed:
            if body.strip():
                return None  # something after the end
        elif table is None:
            if body == b"}":
                closed = True
                continue
            match = _TABLE_LINE.match(body) if len(body) < 80 else None
            if match is None or match.group(1).decode() in tables:
                return None
            name = match.group(1).decode()
            table, kept = tables.setdefault(name, {}), places.setdefault(name, {})
        elif body in (b"}", b"},"):
            if not parse() or not len(table) == len(kept) == count:
                return None  # a number twice
            table, count = None, 0
        else:
            return None
    return (tables, places, crc) if closed else None


def read_document(path: Any, data: dict[str, Any], session: str = "",
                  lines: Mapping[str, Mapping[str, Any]] | None = None,
                  source: Any = None) -> Document:
    """The document a parsed file holds, of any schema up to this one: checked,
    migrated, read (`lines`: see `load_tables`; used for a schema 3 file only).
    Raises `BadDatabase` (naming the document and what is wrong) for a file that
    is not a workbook or is newer than this app."""
    from workbook.core.storage.errors import BadDatabase
    from workbook.core.storage.schema import check_document, migrate, version_of

    document = Document(session)
    if source is not None:
        source.tag = document.tag
        document.source = source
    if lines is not None and (version_of(data) != 3 or any(
            len(lines.get(name, ())) != len(table) for name, table in data.items())):
        lines = None  # an older file (every document changes as it migrates), or not ours
    try:
        load_tables(document, migrate(check_document(path, data)), lines)
    except Malformed as problem:
        raise BadDatabase(path, f"{problem}, so it is not a workbook database") from None
    return document


class Malformed(ValueError):
    """A document of the file that is not what its table holds; `str()` names it."""


def _text(doc: Mapping[str, Any], key: str, where: str, *, empty: bool = False) -> str:
    found = doc.get(key)
    if not isinstance(found, str) or not (found or empty):
        raise Malformed(f'{where} has no "{key}"')
    return sys.intern(found) if len(found) < 64 else found


def _stamp(doc: Mapping[str, Any], key: str) -> str | None:
    found = doc.get(key)
    return found if isinstance(found, str) else None


def _clock(found: Any) -> Clock:
    """A clock from the file ("session:count,..."); anything unreadable counts as none."""
    if not isinstance(found, str) or not found:
        return ()
    if "," not in found:  # the usual clock: one session's count
        session, _, count = found.rpartition(":")
        if session and count.isdigit() and count.isascii() and len(count) < 19 and int(count):
            return ((sys.intern(session), int(count)),)
        return ()
    counts = []
    for part in found.split(","):
        session, _, count = part.rpartition(":")
        if session and count.isascii() and count.isdigit() and len(count) < 19 and int(count):
            counts.append((sys.intern(session), int(count)))
    return tuple(sorted(counts)) if len(counts) > 1 else tuple(counts)


def as_version(doc: dict[str, Any], stamps: dict[str, str]) -> Version | None:
    """The version of an entry a document of the "entries" table holds (schema 3),
    or None when it lacks what every entry has (`load_tables` says what).
    `stamps`: the stamps seen so far, so entries saved together share one."""
    exercise, entry_id, slot = doc.get("exercise"), doc.get("id"), doc.get("slot")
    if (type(exercise) is not str or type(entry_id) is not str or type(slot) is not str
            or not exercise or not entry_id or "value" not in doc):
        return None
    pos, updated, clock, value = doc.get("pos"), doc.get("updated"), doc.get("clock"), doc["value"]
    if type(value) is dict:
        entry_id = _share_strings(value, entry_id)
    updated = stamps.setdefault(updated, updated) if type(updated) is str else ""
    return Version(sys.intern(exercise), entry_id, sys.intern(slot) if len(slot) < 64 else slot,
                   pos if type(pos) is str else "", updated,
                   clock if type(clock) is str else (), value)


def _share_strings(value: dict[str, Any], entry_id: str) -> str:
    """One string, not two, where an entry's words repeat what is beside them
    (its id; when it was written, if it was never edited since): the id to keep."""
    if value.get("id") == entry_id:
        entry_id = value["id"]
    created = value.get("created")
    if created is not None and value.get("updated") == created:
        value["updated"] = created
    return entry_id


def as_versions(docs: dict[str, Any], stamps: dict[str, str]) -> dict[str, Any]:
    """`as_version` of each of a batch of entry documents read (one lacking what an
    entry has stays as it is, for `load_tables` to name). Ten thousand entries
    open here: `as_version` written out inline, its usual case only."""
    found = {}
    intern, setdefault = sys.intern, stamps.setdefault
    for number, doc in docs.items():
        try:
            exercise, entry_id, slot, value = doc["exercise"], doc["id"], doc["slot"], doc["value"]
            pos, updated, clock = doc["pos"], doc["updated"], doc["clock"]
        except KeyError:
            found[number] = as_version(doc, stamps) or doc
            continue
        if (type(exercise) is not str or type(entry_id) is not str or type(slot) is not str
                or type(pos) is not str or type(updated) is not str or type(clock) is not str
                or not exercise or not entry_id or len(slot) >= 64):
            found[number] = as_version(doc, stamps) or doc
            continue
        if type(value) is dict:
            entry_id = _share_strings(value, entry_id)
        found[number] = Version(intern(exercise), entry_id, intern(slot), pos,
                                setdefault(updated, updated), clock, value)
    return found


def load_tables(document: Document, tables: Mapping[str, Mapping[str, Any]],
                lines: Mapping[str, Mapping[str, Any]] | None = None) -> None:
    """Fill `document` from a schema 3 file's tables; `Malformed` names what is wrong.

    With `lines` (each document's line in the file, by table and number: see
    `read_lines`), each document keeps its line, so a save writes it as it is.
    """
    if lines:
        for name, numbered in lines.items():
            document.numbers[name] = max((int(n) for n in numbered), default=0)

    source = document.source

    def keep(obj: Any, table: str, number: str) -> Any:
        line = lines.get(table, {}).get(number) if lines else None
        if line is not None:
            obj.line = line
            obj.owner = source if type(line) is int else document.tag
        return obj

    for name, table in tables.items():
        if name in (ANSWERS, DRAFTS, EARLIER, ENTRIES, TOMBSTONES):
            continue
        if name == SETTINGS:
            for doc in table.values():
                for key, value in doc.items():
                    document.settings.setdefault(key, value)
        elif name == META:
            document.meta = dict(next(iter(table.values()), {}))
        else:
            document.extra[name] = dict(table)
    for number, doc in tables.get(ANSWERS, {}).items():
        where = f'answer {number} in "answers"'
        exercise = _text(doc, "exercise", where)
        kind = doc.get("kind") if isinstance(doc.get("kind"), str) else None
        document.headers[exercise] = keep(Header(exercise, kind, _stamp(doc, "updated")),
                                          ANSWERS, number)
    # Ten thousand journal entries open here: one quick pass, the checks inline.
    found: dict[str, Any] = {}
    entry_lines = lines.get(ENTRIES, {}) if lines else {}
    tag = document.tag
    stamps: dict[str, str] = {}
    for number, doc in tables.get(ENTRIES, {}).items():
        version = doc if type(doc) is Version else as_version(doc, stamps)
        if version is None:
            where = f'entry {number} in "entries"'
            for key in ("exercise", "id"):
                _text(doc, key, where)
            _text(doc, "slot", where, empty=True)
            raise Malformed(f'{where} has no "value"')
        exercise, entry_id = version.exercise, version.id
        line = entry_lines.get(number)
        if line is not None:
            version.line = line
            version.owner = source if type(line) is int else tag
        key = f"{exercise}/{entry_id}"
        other = found.get(key)
        found[key] = version if other is None else (
            [*other, version] if isinstance(other, list) else [other, version])
    for number, doc in tables.get(TOMBSTONES, {}).items():
        where = f'tombstone {number} in "tombstones"'
        stone = keep(Tombstone(_text(doc, "id", where), _stamp(doc, "deleted") or ""),
                     TOMBSTONES, number)
        document.tombstones[stone.id] = later(document.tombstones.get(stone.id), stone,
                                              tombstone_rank)
    for table, registers in ((DRAFTS, document.drafts), (EARLIER, document.earlier)):
        for number, doc in tables.get(table, {}).items():
            where = f'document {number} in "{table}"'
            register = keep(Register(_text(doc, "exercise", where), doc.get("value"),
                                     _stamp(doc, "updated")), table, number)
            registers[register.exercise] = later(registers.get(register.exercise), register,
                                                 register_rank)
    for key, versions in found.items():
        kept = maximal(versions) if isinstance(versions, list) else (versions,)
        stone = document.tombstones.get(key)
        if stone is not None:
            kept = tuple(v for v in kept if v.when > stone.when)
        if kept:
            document.versions[key] = kept
    document._reindex()
