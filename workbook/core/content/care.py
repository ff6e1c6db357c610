"""Read `helplines.toml` and `care.toml` into a `Care` (no Textual).

TOML parsers keep no line numbers, so each problem is placed at the line of
its `[[line]]` table or its `key =` line, found in the file's text.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from workbook.core.content.errors import Problem
from workbook.core.content.files import read_or_report
from workbook.core.content.model import HELPLINE_KINDS, Care, Helpline
from workbook.core.content.numbers import phone_like

HELPLINES_FILE = "helplines.toml"
CARE_FILE = "care.toml"

CARE_KEYS = ("involves_ex_note", "urgent_note", "quick_hide_note", "writing_note",
             "letter_after_note", "not_therapy_note", "recall_note", "abuse_note")
# Keys that hold a list of sentences rather than one paragraph.
CARE_LISTS = ("urgent_steps",)
HELPLINE_REQUIRED = ("id", "name", "kind", "where", "source", "checked")
HELPLINE_OPTIONAL = ("call", "text", "web", "note")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOML_LINE = re.compile(r"at line (\d+)")


class _TomlFile:
    """One TOML file's text, its parsed data and the problems found in it."""

    def __init__(self, path: Path, shown: str, problems: list[Problem]) -> None:
        self.shown = shown
        self.problems = problems
        self.lines: list[str] = []
        self.data: dict[str, Any] | None = None
        text = read_or_report(path, self.problem)
        if text is None:
            return
        self.lines = text.splitlines()
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            found = TOML_LINE.search(str(error))
            reason = TOML_LINE.sub("", str(error)).rstrip(" ()")
            self.problem(int(found.group(1)) if found else 1,
                         f"this file is not valid TOML: {reason} (fix the syntax)")

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))

    def line_of(self, pattern: str, start: int = 0) -> int:
        """The 1-based number of the first line from `start` matching `pattern` (else `start`)."""
        compiled = re.compile(pattern)
        for number in range(start, len(self.lines)):
            if compiled.match(self.lines[number]):
                return number + 1
        return max(start, 1)

    def key_line(self, key: str, start: int = 0) -> int:
        return self.line_of(rf"\s*{re.escape(key)}\s*=", start)


def read_care(root: Path, shown: Any, problems: list[Problem]) -> Care:
    """The care words and helplines in a content folder (either file may be absent).

    `shown(path)` is how a file is named in a problem.
    """
    words: dict[str, Any] = {}
    path = root / CARE_FILE
    if path.exists():
        words = _read_words(_TomlFile(path, shown(path), problems))
    lines: tuple[Helpline, ...] = ()
    path = root / HELPLINES_FILE
    if path.exists():
        lines = _read_helplines(_TomlFile(path, shown(path), problems))
    return Care(**words, helplines=lines)


def _read_words(file: _TomlFile) -> dict[str, Any]:
    words: dict[str, Any] = {}
    for key, value in (file.data or {}).items():
        line = file.key_line(key)
        if key in CARE_LISTS:
            if not isinstance(value, list) or not value or not all(
                    isinstance(item, str) and item.strip() for item in value):
                file.problem(line, f'"{key}" should be a list of sentences in quotes, '
                                   'like ["First.", "Second."]')
            else:
                words[key] = tuple(" ".join(item.split()) for item in value)
        elif key not in CARE_KEYS:
            known = ", ".join((*CARE_KEYS, *CARE_LISTS))
            file.problem(line, f'unknown key "{key}" (known keys: {known})')
        elif not isinstance(value, str) or not value.strip():
            file.problem(line, f'"{key}" should be words in quotes (use """ for several lines)')
        else:
            words[key] = " ".join(value.split())
    return words


def _read_helplines(file: _TomlFile) -> tuple[Helpline, ...]:
    data = file.data
    if data is None:
        return ()
    for key in data:
        if key != "line":
            file.problem(file.key_line(key), f'unknown key "{key}" (each helpline is a [[line]] table)')
    tables = data.get("line", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        file.problem(file.key_line("line"), "helplines are [[line]] tables (see exercises/README.md)")
        return ()
    lines: list[Helpline] = []
    seen: dict[str, int] = {}
    start = 0
    for table in tables:
        header = file.line_of(r"\s*\[\[\s*line\s*\]\]", start)
        start = header
        line = _read_helpline(file, table, header)
        if line is None:
            continue
        if line.id in seen:
            file.problem(header, f'duplicate helpline id "{line.id}" (also at line {seen[line.id]})')
            continue
        seen[line.id] = header
        lines.append(line)
    return tuple(lines)


def _read_helpline(file: _TomlFile, table: dict[str, Any], header: int) -> Helpline | None:
    what = f'helpline "{table.get("id", "?")}"'
    fine = True

    def bad(key: str, message: str) -> None:
        nonlocal fine
        fine = False
        file.problem(file.key_line(key, header) if key in table else header, message)

    values: dict[str, str] = {}
    for key, value in table.items():
        if key not in (*HELPLINE_REQUIRED, *HELPLINE_OPTIONAL):
            known = ", ".join((*HELPLINE_REQUIRED, *HELPLINE_OPTIONAL))
            bad(key, f'unknown key "{key}" in {what} (known keys: {known})')
        elif key == "checked":
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                values[key] = value.isoformat()
            else:
                bad(key, f'"checked" in {what} should be the date it was checked, '
                         "unquoted, like 2026-11-30")
        elif not isinstance(value, str) or not value.strip():
            bad(key, f'"{key}" in {what} should be words in quotes')
        else:
            values[key] = " ".join(value.split())
    for key in HELPLINE_REQUIRED:
        if key not in table:
            bad(key, f'{what} is missing the required key "{key}"')
    if "id" in values and not ID_PATTERN.match(values["id"]):
        bad("id", f'helpline id "{values["id"]}" should use lowercase letters, digits and -')
    if "kind" in values and values["kind"] not in HELPLINE_KINDS:
        bad("kind", f'unknown kind "{values["kind"]}" in {what} '
                    f'(use one of: {", ".join(HELPLINE_KINDS)})')
    if not any(values.get(key) for key in ("call", "text", "web")):
        bad("id", f'{what} needs at least one way to reach it: "call", "text" or "web"')
    for key in ("call", "text"):
        if values.get(key) and not any(phone_like(values[key])):
            bad(key, f'"{key}" in {what} should hold the number, as written (e.g. "116 123")')
    return Helpline(**values) if fine else None
