"""What every export format shares: picking steps, naming files (no Textual)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from workbook.core import clock
from workbook.core.content.model import Step, Workbook

FORMATS = {"md": "Markdown", "html": "HTML", "json": "JSON backup", "pdf": "PDF"}


class ExportError(ValueError):
    """A request the export cannot fulfil; `str()` is one plain sentence."""


def parse_steps(text: str, workbook: Workbook) -> list[int] | None:
    """Step numbers from "1,2,9" or "1-3,9"; None for "" or "all".

    Raises `ExportError` naming the part that is not a step of this workbook.
    """
    text = text.strip()
    if not text or text.lower() == "all":
        return None
    total = len(workbook.steps)
    numbers: list[int] = []
    for part in text.replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise ExportError(
                f"'{part}' is not a step number: use numbers like 1,2,9 or a range like 1-3"
            )
        for number in range(int(first), int(last if dash else first) + 1):
            if not 1 <= number <= total:
                raise ExportError(f"there is no step {number}: this workbook has steps 1 to {total}")
            if number not in numbers:
                numbers.append(number)
        if dash and int(last) < int(first):
            raise ExportError(f"'{part}' is an empty range: write the smaller number first")
    return sorted(numbers)


def chosen_steps(workbook: Workbook, steps: list[int] | None) -> list[Step]:
    """The steps to export, in workbook order."""
    if steps is None:
        return list(workbook.steps)
    total = len(workbook.steps)
    for number in steps:
        if not 1 <= number <= total:
            raise ExportError(f"there is no step {number}: this workbook has steps 1 to {total}")
    return [step for step in workbook.steps if step.number in set(steps)]


def default_filename(fmt: str, *, blank: bool = False, when: date | None = None,
                     what: str = "") -> str:
    """e.g. heartbreak-workbook-2025-03-01.md (a blank one, or a part such as
    "safety-plan", says so)."""
    day = (when or clock.now()).strftime("%Y-%m-%d")
    kind = "".join(f"{part}-" for part in (what, "blank" if blank else "") if part)
    return f"heartbreak-workbook-{kind}{day}.{fmt}"


def default_folder() -> Path:
    """Where the app's export goes unless told: the documents folder (XDG's, e.g.
    ~/Documents), else home. Never the current folder: started from a project
    (a git repository, say), a copy of the answers would land among its files."""
    from platformdirs import user_documents_path

    documents = user_documents_path()
    if documents.is_dir() and os.access(documents, os.W_OK | os.X_OK):
        return documents
    return Path.home()


def workbook_files_problem(path: Path, db: Path) -> str | None:
    """Why `path` must never receive an export: it is the workbook, its lock or a backup."""
    from workbook.core.locations import backups_dir, lock_path, state_dir

    target = Path(os.path.realpath(path))
    real_db = Path(os.path.realpath(db))
    try:
        lock = lock_path(real_db)
    except OSError:
        lock = None  # no folder, so no lock yet
    locks = Path(os.path.realpath(state_dir() / "locks"))
    if (target in (real_db, lock) or target.is_relative_to(backups_dir(real_db))
            or target.is_relative_to(locks)):
        return (f"{path} is your workbook's own file (the answers, their lock or a backup): "
                "an export there would replace your words. Choose another name with --output")
    return None


def target_problem(path: Path, *, force: bool, protected: Path | None = None) -> str | None:
    """Why an export cannot be written to `path`, or None when it can.

    `protected` is the workbook database: never written over, even with `force`.
    """
    if protected is not None and (problem := workbook_files_problem(path, protected)):
        return problem
    if path.is_dir():
        return f"{path} is a folder: give a file name, e.g. {path / default_filename('md')}"
    if path.exists() and not force:
        return f"{path} already exists: add --force to replace it, or choose another name with --output"
    folder = path.parent
    if not folder.is_dir():
        return f"cannot write {path}: the folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"cannot write {path}: you may not write in {folder}"
    return None


def write_export(path: Path, text: str | bytes) -> str | None:
    """Write `text` atomically, readable only by its owner (0600); the failure, if any."""
    from workbook.core.storage.atomic import write_atomic
    from workbook.core.storage.store import describe_os_error

    try:
        write_atomic(path, text.encode("utf-8") if isinstance(text, str) else text)
    except OSError as error:
        return f"cannot write {path}: {describe_os_error(error)}"
    return None
