"""Merging two copies of a workbook entry by entry, for `import --merge` (no Textual).

Answers that are lists (journal entries, check-ins, a scale's ratings, grid
rows, list items) are merged entry by entry: an entry on either side is kept,
and one both sides hold (the same id, or equal where entries have no id)
keeps the copy changed last (see `history.merge_histories`). Any other answer
is one piece: the one updated last wins. Nothing from the older side is lost:
the import keeps the database as it was in a backup first, and the imported
file itself is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from workbook.core.answer_rules import entry_names
from workbook.core.history import merge_histories


@dataclass
class MergeReport:
    """How many entries of each kind the merge added or updated."""

    added: dict[tuple[str, str], int] = field(default_factory=dict)
    updated: dict[tuple[str, str], int] = field(default_factory=dict)

    def count(self, names: tuple[str, str], added: int, updated: int) -> None:
        if added:
            self.added[names] = self.added.get(names, 0) + added
        if updated:
            self.updated[names] = self.updated.get(names, 0) + updated

    def lines(self) -> list[str]:
        """One line per kind: "3 journal entries added, 1 updated"."""
        lines = []
        for names in [*dict.fromkeys([*self.added, *self.updated])]:
            parts = []
            for number, verb in ((self.added.get(names, 0), "added"),
                                 (self.updated.get(names, 0), "updated")):
                if number:
                    noun = names[0] if number == 1 else names[1]
                    parts.append(f"{number} {noun} {verb}" if not parts else f"{number} {verb}")
            lines.append(", ".join(parts))
        return lines or ["Nothing new: every entry in the backup was already here."]


def _moment(stamp: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.astimezone()


def is_newer(theirs: Mapping[str, Any], ours: Mapping[str, Any]) -> bool:
    """True when `theirs` was updated after `ours` (an unreadable stamp never wins)."""
    mine, other = _moment(ours.get("updated")), _moment(theirs.get("updated"))
    if other is None:
        return False
    return mine is None or other > mine


def _identity(entry: Any) -> str:
    # The same entry on both sides: by id where it has one, else by being equal.
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
        return "id:" + entry["id"]
    return "same:" + repr(entry)


def merge_entries(ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Both lists with each entry once; dated dicts in time order, items in order."""
    if all(isinstance(entry, dict) for entry in [*ours, *theirs]):
        return merge_histories(ours, theirs)
    seen = {_identity(entry) for entry in ours}
    return [*ours, *(entry for entry in theirs if _identity(entry) not in seen)]


def merge_answers(
    ours: Mapping[str, Mapping[str, Any]],
    theirs: Mapping[str, Mapping[str, Any]],
    kinds: Mapping[str, str] | None = None,
) -> tuple[dict[str, dict[str, Any]], MergeReport]:
    """Merge two `{exercise id: {"updated", "value"}}` maps; the result and what changed."""
    kinds = kinds or {}
    report = MergeReport()
    merged: dict[str, dict[str, Any]] = {key: dict(doc) for key, doc in ours.items()}
    for key, doc in theirs.items():
        names = entry_names(kinds.get(key, ""))
        mine = merged.get(key)
        value = doc["value"]
        if mine is None:
            merged[key] = {"updated": doc.get("updated"), "value": value}
            report.count(names, len(value) if isinstance(value, list) else 1, 0)
            continue
        if isinstance(value, list) and isinstance(mine["value"], list):
            before = {_identity(entry): entry for entry in mine["value"]}
            entries = merge_entries(mine["value"], value)
            added = sum(1 for e in entries if _identity(e) not in before)
            updated = sum(1 for e in entries
                          if _identity(e) in before and before[_identity(e)] != e)
            if added or updated:
                newest = doc if is_newer(doc, mine) else mine
                merged[key] = {"updated": newest.get("updated"), "value": entries}
            report.count(names, added, updated)
        elif is_newer(doc, mine) and value != mine["value"]:
            merged[key] = {"updated": doc.get("updated"), "value": value}
            report.count(names, 0, 1)
    return merged, report
