"""Merging is commutative, associative and idempotent, and never loses or resurrects an entry.

Each example is two or three copies of one workbook (replicas), each with
its own clock (minutes of skew either way), living through a random history:
rows, journal entries, a letter, safety-plan sections and ticks are added,
edited, moved, deleted and brought back, and copies are merged into each
other now and then (sync), so they share some history and not the rest.
The edits go through `Document.write` exactly as the app's go through the
store. Then `merge` must give the same copy whatever the order and grouping,
change nothing when merged again, keep every change nobody had seen yet (the
later one as the answer, the other as an earlier answer), and keep deleted
entries deleted unless they were written again later.

The number of examples comes from the lane's hypothesis profile
(tests/conftest.py): a few hundred every day, many more at night.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.core.entries import AS_CHECKLIST, AS_DATED, AS_ROWS, AS_SECTIONS, AS_WHOLE
from workbook.core.merge import merge, report
from workbook.core.storage.document import Document, Replica, clock_below

START = datetime(2026, 11, 1, 21, 0, tzinfo=UTC)

# The exercises every replica has: (id, kind, how it splits).
GRID = ("reflect-grid", "grid", AS_ROWS)
JOURNAL = ("journal", "journal", AS_DATED)
LETTER = ("letter", "letter", AS_WHOLE)
PLAN = ("plan", "plan", AS_SECTIONS)
TICKS = ("ticks", "checklist", AS_CHECKLIST)
SECTIONS = ("signs", "people", "places")
OPTIONS = ("walk", "call", "sleep")

words = st.sampled_from(["tea", "the flat", "our friends", "a walk", "rain", "Dear you", "é", ""])


@dataclass
class Copy:
    """One replica: its document and its clock (skewed by minutes)."""

    document: Document
    skew: timedelta
    serial: int = 0

    def now(self, tick: int) -> str:
        return (START + timedelta(seconds=tick) + self.skew).isoformat(timespec="seconds")

    def new_id(self, label: str) -> str:
        self.serial += 1
        return f"{label}-{self.document.session}-{self.serial}"

    def write(self, exercise: tuple[str, str, str], value: Any, tick: int) -> None:
        ex_id, kind, how = exercise
        before = self.document.value(ex_id)
        self.document.write(ex_id, kind, how, value, self.now(tick), before)


def rows(copy: Copy, ex_id: str) -> list[dict[str, Any]]:
    value = copy.document.value(ex_id)
    return list(value) if isinstance(value, list) else []


# One step of a history. Choices are numbers, read modulo what exists then;
# rows and syncs come up most, so copies share rows and change them apart.
row_steps = st.one_of(
    st.tuples(st.just("add row"), st.integers(0, 2), words),
    st.tuples(st.just("edit row"), st.integers(0, 2), st.integers(0, 9), words),
    st.tuples(st.just("move row"), st.integers(0, 2), st.integers(0, 9), st.sampled_from([-1, 1])),
    st.tuples(st.just("delete row"), st.integers(0, 2), st.integers(0, 9)),
    st.tuples(st.just("bring back"), st.integers(0, 2), st.integers(0, 9), words),
)
steps = st.one_of(
    row_steps, row_steps,
    st.tuples(st.just("sync"), st.integers(0, 2), st.integers(0, 2)),
    st.tuples(st.just("add entry"), st.integers(0, 2), words),
    st.tuples(st.just("edit entry"), st.integers(0, 2), st.integers(0, 9), words),
    st.tuples(st.just("delete entry"), st.integers(0, 2), st.integers(0, 9)),
    st.tuples(st.just("letter"), st.integers(0, 2), words),
    st.tuples(st.just("plan"), st.integers(0, 2), st.sampled_from(SECTIONS), words),
    st.tuples(st.just("tick"), st.integers(0, 2), st.sampled_from(OPTIONS)),
    st.tuples(st.just("restore"), st.integers(0, 2), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("sync"), st.integers(0, 2), st.integers(0, 2)),
)


def apply(copies: list[Copy], step: tuple[Any, ...], tick: int) -> None:
    what, who, *rest = step
    copy = copies[who % len(copies)]
    if what == "sync":
        source = copies[rest[0] % len(copies)]
        if source is not copy:
            copy.document.adopt(merge(copy.document.replica(), source.document.replica()))
        return
    if what in ("add row", "edit row", "move row", "delete row", "bring back"):
        ex_id = GRID[0]
        current = rows(copy, ex_id)
        if what == "add row":
            entry_id = copy.new_id("row")
            copy.write(GRID, [*current, {"id": entry_id, "c": rest[0]}], tick)
        elif what == "bring back":
            gone = sorted(key for key in copy.document.tombstones
                          if key.startswith(f"{ex_id}/") and key not in copy.document.versions)
            if gone:
                entry_id = gone[rest[0] % len(gone)].split("/", 1)[1]
                copy.write(GRID, [*current, {"id": entry_id, "c": rest[1]}], tick)
        elif current:
            index = rest[0] % len(current)
            if what == "edit row":
                current[index] = {**current[index], "c": rest[1]}
            elif what == "delete row":
                del current[index]
            else:
                target = index + rest[1]
                if not 0 <= target < len(current):
                    return
                current[index], current[target] = current[target], current[index]
            copy.write(GRID, current, tick)
    elif what in ("add entry", "edit entry", "delete entry"):
        ex_id = JOURNAL[0]
        current = rows(copy, ex_id)
        stamp = copy.now(tick)
        if what == "add entry":
            entry_id = copy.new_id("entry")
            copy.write(JOURNAL, [*current, {"id": entry_id, "created": stamp, "updated": stamp,
                                            "text": rest[0]}], tick)
        elif current:
            index = rest[0] % len(current)
            if what == "edit entry":
                current[index] = {**current[index], "text": rest[1], "updated": stamp}
            else:
                del current[index]
            copy.write(JOURNAL, current, tick)
    elif what == "letter":
        copy.write(LETTER, {"to": "", "body": rest[0]}, tick)
    elif what == "plan":
        value = copy.document.value(PLAN[0])
        plan = dict(value) if isinstance(value, dict) else {}
        plan[rest[0]] = [*plan.get(rest[0], []), rest[1]][-2:]
        copy.write(PLAN, plan, tick)
    elif what == "tick":
        value = copy.document.value(TICKS[0])
        ticked = list(value.get("checked", [])) if isinstance(value, dict) else []
        ticked = [o for o in ticked if o != rest[0]] if rest[0] in ticked else [*ticked, rest[0]]
        copy.write(TICKS, {"checked": ticked}, tick)
    elif what == "restore":
        earlier = [e for ex in copy.document.exercises()
                   for e in copy.document.earlier_versions(ex)]
        if earlier:
            chosen = earlier[rest[0] % len(earlier)]
            if rest[1]:
                copy.document.restore(chosen, copy.now(tick))
            else:
                copy.document.let_go(chosen, copy.now(tick))


def live_history(count: int) -> st.SearchStrategy[list[Copy]]:
    """`count` replicas of one workbook after a random shared and separate history."""

    @st.composite
    def build(draw: st.DrawFn) -> list[Copy]:
        skews = draw(st.lists(st.integers(-10, 10), min_size=count, max_size=count))
        copies = [Copy(Document(f"s{n}"), timedelta(minutes=m)) for n, m in enumerate(skews)]
        tick = 0
        for step in draw(st.lists(steps, min_size=4, max_size=40)):
            tick += draw(st.integers(1, 90))
            apply(copies, step, tick)
        return copies

    return build()


def docs(replica: Replica) -> dict[str, list[dict[str, Any]]]:
    return replica.docs()


def replicas(copies: list[Copy]) -> list[Replica]:
    return [copy.document.replica() for copy in copies]


# A few hundred histories a property on every run; the nightly profile's many more.
PROPERTY = settings(max_examples=max(300, settings().max_examples),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PROPERTY
@given(live_history(2))
def test_merge_is_commutative(copies: list[Copy]) -> None:
    a, b = replicas(copies)
    assert docs(merge(a, b)) == docs(merge(b, a))


@PROPERTY
@given(live_history(3))
def test_merge_is_associative(copies: list[Copy]) -> None:
    a, b, c = replicas(copies)
    assert docs(merge(merge(a, b), c)) == docs(merge(a, merge(b, c)))
    assert docs(merge(merge(a, b), c)) == docs(merge(merge(c, a), b))


@PROPERTY
@given(live_history(2))
def test_merge_is_idempotent(copies: list[Copy]) -> None:
    a, b = replicas(copies)
    assert docs(merge(a, a)) == docs(a)
    both = merge(a, b)
    assert docs(merge(both, b)) == docs(both), "merging the same copy again changes nothing"
    assert docs(merge(a, both)) == docs(both)
    again = report(both, merge(both, b))
    assert again.empty, again.lines()


@PROPERTY
@given(live_history(3))
def test_merge_loses_nothing_and_resurrects_nothing(copies: list[Copy]) -> None:
    """Every version nobody has seen past is kept, unless deleted later; a deleted
    entry comes back only when it was written after its deletion."""
    states = replicas(copies)
    merged = merge(merge(states[0], states[1]), states[2])
    every = [v for state in states for vs in state.versions.values() for v in vs]
    deleted: dict[str, float] = {}
    for state in states:
        for entry_id, stone in state.tombstones.items():
            deleted[entry_id] = max(deleted.get(entry_id, float("-inf")), stone.when)
    kept = {(v.key, v.clock) for vs in merged.versions.values() for v in vs}
    for version in every:
        seen_past = any(clock_below(version.clock, other.clock)
                        for other in every if other.key == version.key)
        after_deletion = version.when > deleted.get(version.key, float("-inf"))
        assert ((version.key, version.clock) in kept) == (after_deletion and not seen_past), (
            version, deleted.get(version.key))
    for entry_id, when in deleted.items():
        for version in merged.versions.get(entry_id, ()):
            assert version.when > when, "a deleted entry is back only if written again later"


@PROPERTY
@given(live_history(2))
def test_both_sides_of_one_entry_changed_are_kept_the_later_as_the_answer(
        copies: list[Copy]) -> None:
    a, b = replicas(copies)
    merged = merge(a, b)
    for entry_id in set(a.versions) & set(b.versions):
        ours, theirs = a.versions[entry_id][0], b.versions[entry_id][0]
        if ours.value == theirs.value or entry_id not in merged.versions:
            continue
        if clock_below(ours.clock, theirs.clock) or clock_below(theirs.clock, ours.clock):
            continue
        values = [v.value for v in merged.versions[entry_id]]
        assert ours.value in values and theirs.value in values, "neither side's words dropped"
        later = max((ours, theirs), key=lambda v: v.rank())
        assert merged.versions[entry_id][0].value == later.value, "the later one is the answer"


@PROPERTY
@given(live_history(2))
def test_a_merged_copy_reads_the_same_after_a_save_and_a_reopen(copies: list[Copy]) -> None:
    """The file keeps everything merging needs: ids, versions, positions, tombstones."""
    import json

    from workbook.core.storage.document import Encoding, encode_tables, load_tables, read_lines

    merged = Document("after")
    merged.adopt(merge(*replicas(copies)))
    merged.meta = {"schema": 3}
    raw = b"".join(encode_tables(merged, merged.snapshot(), Encoding()))
    data = json.loads(raw)
    lines = read_lines(raw)  # the file's own layout: each document a line
    assert {name: set(found) for name, found in lines.items()} == {
        name: set(found) for name, found in data.items()}
    for name, found in lines.items():
        assert all(json.loads(bytes(line).split(b":", 1)[1]) == data[name][number]
                   for number, line in found.items())
    reopened = Document("reopened")
    load_tables(reopened, data, lines)
    assert docs(reopened.replica()) == docs(merged.replica())
    for exercise in merged.exercises():
        assert reopened.value(exercise) == merged.value(exercise)
