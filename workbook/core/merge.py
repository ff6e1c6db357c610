"""Merging two copies of a workbook, entry by entry: the one merge (no Textual).

`import --merge`, a save that finds the file changed by another program, and
sync all call `merge`. Per entry (see `entries.py`):

- an entry on one side only is kept (unless the other side deleted it later);
- the later edit wins; a version the other side had already seen is dropped;
- the same entry changed on both sides without either seeing the other's
  change: the later is the answer, the other is kept as an earlier answer the
  person can see and restore (never dropped silently);
- edit against delete: the later wins (a deletion keeps only the entry's id
  and time: a later edit brings the entry back, an earlier one stays deleted);
- rows and items keep their positions, so their order survives.

`merge(a, b)` is commutative, associative and idempotent (proven by the
property tests in tests/core/test_merge_properties.py), so two copies merged
in any order, any number of times, end up the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from workbook.core.answer_rules import entry_names
from workbook.core.entries import canonical
from workbook.core.storage.document import (
    Replica,
    Version,
    header_rank,
    later,
    maximal,
    register_rank,
    tombstone_rank,
)


def merge(ours: Replica, theirs: Replica) -> Replica:
    """Both copies joined, entry by entry (see the module's docstring)."""
    tombstones = dict(ours.tombstones)
    for entry_id, stone in theirs.tombstones.items():
        tombstones[entry_id] = later(tombstones.get(entry_id), stone, tombstone_rank)
    versions: dict[str, tuple[Version, ...]] = {}
    for entry_id in {**ours.versions, **theirs.versions}:
        mine, other = ours.versions.get(entry_id, ()), theirs.versions.get(entry_id, ())
        if mine == other or not other:
            kept = mine
        elif not mine:
            kept = other
        else:
            kept = maximal([*mine, *other])
        stone = tombstones.get(entry_id)
        if stone is not None:
            kept = tuple(v for v in kept if v.when > stone.when)
        if kept:
            versions[entry_id] = kept
    return Replica(
        headers=_registers(ours.headers, theirs.headers, header_rank),
        versions=versions,
        tombstones=tombstones,
        drafts=_registers(ours.drafts, theirs.drafts, register_rank),
        earlier=_registers(ours.earlier, theirs.earlier, register_rank),
    )


def _registers(ours: Mapping, theirs: Mapping, rank) -> dict:
    merged = dict(ours)
    for key, doc in theirs.items():
        merged[key] = later(merged.get(key), doc, rank)
    return merged


# What a merge did, in words

VERBS = ("added", "updated", "deleted", "kept as an earlier answer")


@dataclass
class MergeReport:
    """How many entries of each kind the merge added, updated, deleted or kept aside."""

    counts: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)

    def count(self, names: tuple[str, str], verb: str, number: int = 1) -> None:
        if number:
            tally = self.counts.setdefault(names, {})
            tally[verb] = tally.get(verb, 0) + number

    @property
    def empty(self) -> bool:
        return not self.counts

    def lines(self) -> list[str]:
        """One line per kind: "3 journal entries added, 1 updated, 1 kept as an earlier answer"."""
        lines = []
        for names, tally in self.counts.items():
            parts = []
            for verb in VERBS:
                number = tally.get(verb, 0)
                if not number:
                    continue
                if not parts:
                    noun = names[0] if number == 1 else names[1]
                    parts.append(f"{number} {noun} {verb}")
                elif verb == VERBS[3]:
                    parts.append(f"{number} kept as {'an earlier answer' if number == 1 else 'earlier answers'}")
                else:
                    parts.append(f"{number} {verb}")
            lines.append(", ".join(parts))
        return lines or ["Nothing new: every entry in the backup was already here."]


def report(before: Replica, after: Replica, kinds: Mapping[str, str] | None = None) -> MergeReport:
    """What changed from `before` to `after`, per kind of entry, in the person's words."""
    kinds = kinds or {}
    result = MergeReport()

    def names(version: Version) -> tuple[str, str]:
        header = after.headers.get(version.exercise) or before.headers.get(version.exercise)
        return entry_names(kinds.get(version.exercise) or (header.kind if header else None))

    for entry_id, versions in after.versions.items():
        old = before.versions.get(entry_id, ())
        shown = versions[0]
        if not old:
            result.count(names(shown), "added")
        elif _differs(old[0], shown):
            result.count(names(shown), "updated")
        # Kept aside now and not before: words that are no longer the answer here
        # (ours, when theirs is later) or never were (theirs, when ours is later).
        known = {canonical(v.value) for v in old[1:]}
        known.add(canonical(shown.value))
        aside = {canonical(v.value) for v in versions[1:]} - known
        result.count(names(shown), VERBS[3], len(aside))
    for entry_id, versions in before.versions.items():
        if entry_id not in after.versions:
            result.count(names(versions[0]), "deleted")
    for exercise, register in after.earlier.items():
        old = before.earlier.get(exercise)
        if register.value is not None and (old is None or old.value != register.value):
            result.count(entry_names(kinds.get(exercise, "")), VERBS[3])
    return result


def _differs(first: Version, second: Version) -> bool:
    return first.value != second.value or first.pos != second.pos or first.slot != second.slot
