"""Make large, deterministic workbooks for the benchmarks.

`python -m tests.benchmarks.generate PATH --entries 10000` writes a real workbook
database (through `AnswerStore`, so the format is the one the app reads) with
that many journal entries of about 1 KB in the first journal exercise of the
shipped content, every grid filled with a few rows and every letter written.
The same seed always gives the same file contents (apart from save stamps).
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from workbook.core.content import Workbook, load_workbook
from workbook.core.locations import default_content_dir
from workbook.core.storage import AnswerStore

SEED = 20240214
ENTRY_CHARS = 1000
GRID_ROWS = 8
LETTER_CHARS = 2000
# A fixed "now" so every run writes the same dates.
LAST_ENTRY = datetime(2024, 6, 30, 22, 15, tzinfo=timezone(timedelta(hours=2)))

WORDS = (
    "I keep thinking about the way we used to walk home after dinner and how quiet "
    "the street felt today missed you again but a little less than yesterday maybe "
    "that is what healing looks like slow and uneven my sister called and we laughed "
    "about nothing for an hour which I needed more than I knew tonight the flat feels "
    "too big still I made tea read two chapters and went to bed before midnight "
    "small wins count I am allowed to be sad and also hopeful the same day work was "
    "hard focus came and went I noticed the song on the radio and did not change it "
    "proud of that tomorrow I will go to the park early and breathe before the day "
    "starts it is strange how a smell can bring back a whole summer I wrote down three "
    "things I like about myself kind patient funny even when I do not feel it"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    return " ".join(words).capitalize() + rng.choice(".!.?.")


def prose(rng: random.Random, chars: int) -> str:
    """About `chars` characters of diary-like sentences in short paragraphs."""
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    text = "\n\n".join(paragraphs)
    limit = chars + chars // 10
    if len(text) > limit:  # the last paragraph overshot: end it at a word
        text = text[: text.rfind(" ", 0, limit)].rstrip(".!?") + "."
    return text


def journal_entries(rng: random.Random, count: int) -> list[dict[str, str]]:
    """`count` entries, one a day, oldest first, ending on LAST_ENTRY."""
    entries = []
    for index in range(count):
        created = LAST_ENTRY - timedelta(days=count - 1 - index, minutes=rng.randint(0, 600))
        stamp = created.isoformat(timespec="seconds")
        entries.append(
            {"id": f"{rng.getrandbits(64):016x}", "created": stamp, "updated": stamp,
             "text": prose(rng, ENTRY_CHARS)}
        )
    return entries


def fill(workbook: Workbook, entries: int, *, letter_chars: int = LETTER_CHARS,
         seed: int = SEED) -> dict[str, Any]:
    """Answers by exercise id: the journal, every grid and every letter."""
    rng = random.Random(seed)
    answers: dict[str, Any] = {}
    journal = first_journal(workbook)
    if entries:
        answers[journal] = journal_entries(rng, entries)
    for exercise in workbook.exercises:
        if exercise.kind == "grid":
            answers[exercise.id] = [
                {"id": f"{rng.getrandbits(64):016x}",
                 **{column.id: prose(rng, 60)[:60] for column in exercise.columns}}
                for _ in range(GRID_ROWS)
            ]
        elif exercise.kind == "letter":
            answers[exercise.id] = {"to": "You", "body": prose(rng, letter_chars)[:letter_chars]}
    return answers


def journey_answers(workbook: Workbook, count: int, *, seed: int = SEED) -> dict[str, Any]:
    """`count` check-ins (a few feelings each, easing and growing over time) in the
    first check-in exercise, and a rating a week in every scale: what the journey draws."""
    rng = random.Random(seed)
    checkin = next(ex for ex in workbook.exercises if ex.kind == "checkin")
    feelings = list(checkin.emotions)
    answers: dict[str, Any] = {}
    checkins = []
    for index in range(count):
        when = LAST_ENTRY - timedelta(days=count - 1 - index, minutes=rng.randint(0, 600))
        progress = index / max(count - 1, 1)  # heavy feelings ease, light ones grow
        named = rng.sample(feelings[:6], 3)
        checkins.append({
            "id": f"{rng.getrandbits(64):016x}", "at": when.isoformat(timespec="seconds"),
            "feelings": [
                {"name": name, "intensity": max(0, min(10, round(
                    (9 - 6 * progress if feelings.index(name) < 4 else 2 + 6 * progress)
                    + rng.uniform(-1.5, 1.5))))}
                for name in named
            ],
            "note": _sentence(rng) if rng.random() < 0.3 else "",
        })
    if checkins:
        answers[checkin.id] = checkins
    weeks = max(count // 7, 2 if count else 0)
    for scale in (ex for ex in workbook.exercises if ex.kind == "scale"):
        answers[scale.id] = [
            {"id": f"{rng.getrandbits(64):016x}",
             "at": (LAST_ENTRY - timedelta(weeks=weeks - 1 - week)).isoformat(timespec="seconds"),
             "rating": max(0, min(10, round(3 + 5 * week / max(weeks - 1, 1) + rng.uniform(-1, 1))))}
            for week in range(weeks)
        ]
    return answers


def first_journal(workbook: Workbook) -> str:
    """The id of the content's first journal exercise."""
    return next(ex.id for ex in workbook.exercises if ex.kind == "journal")


def first_letter(workbook: Workbook) -> str:
    """The id of the content's first letter exercise."""
    return next(ex.id for ex in workbook.exercises if ex.kind == "letter")


def write_db(path: Path, answers: dict[str, Any], kinds: dict[str, str] | None = None) -> Path:
    """A database holding `answers` (written as the app writes them, each of its
    exercise's kind), with the first-run welcome already seen."""
    path = Path(path)
    if path.exists():
        path.unlink()
    kinds = kinds or {}
    store = AnswerStore(path)
    try:
        for exercise_id, value in answers.items():
            store.set(exercise_id, value, kind=kinds.get(exercise_id))
        store.set_setting("welcomed", True)
        store.save()
    finally:
        store.close()
    return path


def generate(path: Path, entries: int, *, letter_chars: int = LETTER_CHARS,
             filled: bool = True, journey: bool = False, content: Path | None = None) -> Path:
    """Write a workbook with `entries` journal entries (and grids and letters if `filled`;
    as many check-ins and a weekly rating of every scale if `journey`)."""
    workbook = load_workbook(content or default_content_dir())
    answers = fill(workbook, entries, letter_chars=letter_chars) if filled else {}
    if journey:
        answers.update(journey_answers(workbook, entries))
    return write_db(path, answers, {ex.id: ex.kind for ex in workbook.exercises})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="the database file to (over)write")
    parser.add_argument("--entries", type=int, default=1000, help="journal entries (default 1000)")
    parser.add_argument("--letter-kb", type=int, default=LETTER_CHARS // 1000,
                        help="size of each letter in KB (default 2)")
    parser.add_argument("--empty", action="store_true", help="only the 'welcomed' setting")
    args = parser.parse_args()
    path = generate(args.path, args.entries, letter_chars=args.letter_kb * 1000,
                    filled=not args.empty)
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
