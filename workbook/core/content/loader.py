"""Turn the Markdown files of a content folder into a `Workbook`.

A step file is Markdown whose fenced blocks with the info string `step` or
`exercise` hold TOML; all other prose is the step's guidance. Every problem is
collected with its file and line so an author sees them all at once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from workbook.core.content.care import CARE_FILE, HELPLINES_FILE, read_care
from workbook.core.content.errors import ContentError, Problem
from workbook.core.content.files import read_content, read_or_report
from workbook.core.content.kinds import COMMON_KEYS, KIND_KEYS, KINDS, STEP_KEYS
from workbook.core.content.model import (
    Care,
    Exercise,
    Field,
    Option,
    Page,
    Section,
    Step,
    Workbook,
)
from workbook.core.content.numbers import known_numbers, unknown_numbers
from workbook.core.content.paper import on_paper, pair_problem, screen_only, split_words

STEP_FILE = re.compile(r"^(\d{2})-[a-z0-9-]+\.md$")
PAGE_IDS = ("welcome", "closing", "help-now")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOML_LINE = re.compile(r"at line (\d+)")


def slug(text: str) -> str:
    """An id made from words: "Trust was broken" -> "trust-was-broken"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


class _FileReader:
    """Collects problems for one file while converting its blocks."""

    def __init__(self, path: Path, shown: str, problems: list[Problem]) -> None:
        self.path = path
        self.shown = shown
        self.problems = problems

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))

    def toml(self, text: str, line: int) -> dict[str, Any] | None:
        """Parse a fenced block's TOML; `line` is the fence's first line."""
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            found = TOML_LINE.search(str(error))
            at = line + int(found.group(1)) if found else line
            reason = TOML_LINE.sub("", str(error)).rstrip(" ()")
            self.problem(at, f"this block is not valid TOML: {reason} (fix the syntax)")
            return None

    def check_keys(
        self, data: dict[str, Any], allowed: dict[str, tuple[str, bool]], line: int, what: str
    ) -> dict[str, Any]:
        """Check presence and shape of each key; return the converted values."""
        values: dict[str, Any] = {}
        for key in data:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.problem(line, f'unknown key "{key}" in {what} (known keys: {known})')
        for key, (shape, required) in allowed.items():
            if key not in data:
                if required:
                    self.problem(line, f'{what} is missing the required key "{key}"')
                continue
            converted = self.convert(data[key], shape, key, line, what)
            if converted is not None:
                values[key] = converted
        return values

    def convert(self, value: Any, shape: str, key: str, line: int, what: str) -> Any:
        def bad(expected: str) -> None:
            self.problem(line, f'"{key}" in {what} should be {expected}')

        if shape == "str":
            if not isinstance(value, str):
                return bad("a string in quotes")
            return value.strip()
        if shape == "bool":
            if not isinstance(value, bool):
                return bad("true or false")
            return value
        if shape == "strs":
            if not isinstance(value, list) or not value or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                return bad("a non-empty list of strings")
            return tuple(v.strip() for v in value)
        if shape in ("fields", "sections"):
            extras = ("placeholder",) if shape == "fields" else ("hint", "placeholder", "in_order")
            tables = self.tables(value, key, line, what, extras)
            if tables is None:
                return None
            make = Field if shape == "fields" else Section
            return self.unique(tuple(make(**table) for table in tables), key, line, what)
        if shape == "options":
            if not isinstance(value, list) or not value:
                return bad('a non-empty list of strings or tables with "id" and "label"')
            options = []
            for item in value:
                if isinstance(item, str):
                    options.append(Option(slug(item), item))
                    continue
                table = self.tables([item], key, line, what, ("urgent", "abuse"))
                if table is None:
                    return None
                options.append(Option(**table[0]))
            return self.unique(tuple(options), key, line, what)
        raise AssertionError(shape)

    def tables(
        self, value: Any, key: str, line: int, what: str, extras: tuple[str, ...]
    ) -> list[dict[str, Any]] | None:
        """An array of tables with a string "id" and "label", and these optional keys
        (strings, or true/false for "urgent" and "in_order"); None after reporting what is wrong."""
        if not isinstance(value, list) or not value or not all(
            isinstance(item, dict) and isinstance(item.get("id"), str)
            and isinstance(item.get("label"), str) for item in value
        ):
            self.problem(line, f'"{key}" in {what} should be a non-empty array of tables '
                               'with "id" and "label"')
            return None
        tables = []
        for item in value:
            extra = set(item) - {"id", "label", *extras}
            if extra:
                known = ", ".join(("id", "label", *extras))
                self.problem(line, f'unknown key "{sorted(extra)[0]}" in "{key}" of {what} '
                                   f"(known keys: {known})")
            table = {"id": item["id"], "label": item["label"]}
            for name in extras:
                if name not in item:
                    continue
                shape = bool if name in ("urgent", "abuse", "in_order") else str
                if not isinstance(item[name], shape):
                    expected = "true or false" if shape is bool else "a string in quotes"
                    self.problem(line, f'"{name}" in "{key}" of {what} should be {expected}')
                    return None
                table[name] = item[name]
            tables.append(table)
        return tables

    def unique(self, things: tuple, key: str, line: int, what: str) -> tuple | None:
        seen: set[str] = set()
        for thing in things:
            if not ID_PATTERN.match(thing.id):
                self.problem(line, f'id "{thing.id}" in "{key}" of {what} should use a-z, 0-9, -')
                return None
            if thing.id in seen:
                self.problem(line, f'duplicate id "{thing.id}" in "{key}" of {what}')
                return None
            seen.add(thing.id)
        return things


def _blocks_and_prose(text: str) -> tuple[str, list[tuple[str, str, int]], list[tuple[int, str]]]:
    """Split Markdown into (title, fenced blocks, prose lines)."""
    md = MarkdownIt("commonmark")
    tokens = md.parse(text)
    lines = text.splitlines()
    cut: set[int] = set()
    blocks: list[tuple[str, str, int]] = []
    title = ""
    for i, token in enumerate(tokens):
        if token.type == "fence" and token.info.strip() in ("step", "exercise") and token.map:
            start, end = token.map
            blocks.append((token.info.strip(), token.content, start + 1))
            cut.update(range(start, end))
        elif token.type == "heading_open" and token.tag == "h1" and not title and token.map:
            title = tokens[i + 1].content.strip()
            cut.update(range(*token.map))
    prose = [(n + 1, line) for n, line in enumerate(lines) if n not in cut]
    return title, blocks, prose


def _prose_text(prose: list[tuple[int, str]]) -> str:
    text = "\n".join(line for _, line in prose)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _read_step(
    path: Path, shown: str, number: int, problems: list[Problem], seen_ids: dict[str, str]
) -> Step | None:
    reader = _FileReader(path, shown, problems)
    text = read_or_report(path, reader.problem)
    if text is None:
        return None
    title, blocks, prose = _blocks_and_prose(text)
    if not title:
        reader.problem(1, 'a step file needs a "# Title" heading')
    step_blocks = [b for b in blocks if b[0] == "step"]
    if len(step_blocks) != 1:
        line = step_blocks[1][2] if len(step_blocks) > 1 else 1
        reader.problem(line, "a step file needs exactly one ```step block (id, short, summary)")
        return None
    _, body, line = step_blocks[0]
    data = reader.toml(body, line)
    if data is None:
        return None
    meta = reader.check_keys(data, STEP_KEYS, line, "the step block")
    step_id = meta.get("id", "")
    if step_id and not ID_PATTERN.match(step_id):
        reader.problem(line, f'step id "{step_id}" should use lowercase letters, digits and -')
    exercises = []
    for kind_name, body, line in blocks:
        if kind_name != "exercise":
            continue
        exercise = _read_exercise(reader, body, line, step_id, seen_ids)
        if exercise is not None:
            exercises.append(exercise)
    if not exercises and not any(b[0] == "exercise" for b in blocks):
        reader.problem(1, "a step needs at least one ```exercise block")
    return Step(
        number=number,
        id=step_id,
        title=title,
        short=meta.get("short", title),
        summary=meta.get("summary", ""),
        guidance=_prose_text(prose),
        exercises=tuple(exercises),
        source=shown,
    )


def _read_exercise(
    reader: _FileReader, body: str, line: int, step_id: str, seen_ids: dict[str, str]
) -> Exercise | None:
    data = reader.toml(body, line)
    if data is None:
        return None
    kind = data.get("kind")
    if kind is not None and kind not in KINDS:
        reader.problem(line, f'unknown kind "{kind}" (use one of: {", ".join(KINDS)})')
        return None
    what = f'exercise "{data.get("id", "?")}"'
    allowed = {**COMMON_KEYS, **KIND_KEYS.get(kind, {})}
    values = reader.check_keys(data, allowed, line, what)
    ex_id = values.get("id")
    if not ex_id or "kind" not in values or "title" not in values:
        return None
    if not ID_PATTERN.match(ex_id):
        reader.problem(line, f'exercise id "{ex_id}" should use lowercase letters, digits and -')
        return None
    place = f"{reader.shown}:{line}"
    if ex_id in seen_ids:
        reader.problem(line, f'duplicate exercise id "{ex_id}" (also at {seen_ids[ex_id]})')
        return None
    seen_ids[ex_id] = place
    if any(required and key not in values for key, (_, required) in allowed.items()):
        return None  # a required key was missing or malformed: already reported
    return Exercise(step_id=step_id, source=reader.shown, line=line, **values)


def _read_page(path: Path, shown: str, problems: list[Problem]) -> Page | None:
    reader = _FileReader(path, shown, problems)
    text = read_or_report(path, reader.problem)
    if text is None:
        return None
    title, blocks, prose = _blocks_and_prose(text)
    if blocks:
        reader.problem(blocks[0][2], "pages hold prose only: move exercises into a step file")
    if not title:
        reader.problem(1, 'a page needs a "# Title" heading')
    return Page(path.stem, title, _prose_text(prose))


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_workbook(root: Path) -> Workbook:
    """Load and validate a content folder; raise `ContentError` listing every problem."""
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise ContentError([Problem(str(root), 0, "no such content folder (check the path)")])
    step_files = sorted(p for p in root.iterdir() if STEP_FILE.match(p.name))
    if not step_files:
        shown = _display_path(root)
        problems.append(Problem(shown, 0, "no step files (name them 01-name.md, 02-name.md, ...)"))
    steps: list[Step] = []
    seen_ids: dict[str, str] = {}
    step_ids: dict[str, str] = {}
    for number, path in enumerate(step_files, start=1):
        shown = _display_path(path)
        step = _read_step(path, shown, number, problems, seen_ids)
        if step is None:
            continue
        if step.id in step_ids:
            problems.append(Problem(shown, 1, f'duplicate step id "{step.id}" (also in {step_ids[step.id]})'))
        step_ids[step.id] = shown
        steps.append(step)
    pages: dict[str, Page] = {}
    for page_id in PAGE_IDS:
        path = root / f"{page_id}.md"
        if path.exists():
            page = _read_page(path, _display_path(path), problems)
            if page is not None:
                pages[page_id] = page
    care = read_care(root, _display_path, problems)
    _check_care_words(care, steps, problems)
    _check_numbers(root, care, problems)
    paper: dict[str, str] = {}
    steps, pages, care = _split_screen_and_paper(root, steps, pages, care, paper, problems)
    if problems:
        raise ContentError(problems)
    return Workbook(root=root, steps=tuple(steps), pages=pages, care=care, paper=paper)


# Care words shown only in the app (the urgent panel): never printed. The
# urgent steps are printed too (after the lines in every export), so they are
# checked like any printed words.
SCREEN_ONLY_CARE = ("urgent_note", "abuse_note")


def _split_screen_and_paper(root: Path, steps: list[Step], pages: dict[str, Page], care: Care,
                            paper: dict[str, str], problems: list[Problem]
                            ) -> tuple[list[Step], dict[str, Page], Care]:
    """Resolve each {{screen words|paper words}} for the app, keeping the paper words in
    `paper`; report a bad pair, and a key named in words that are printed, by file and line."""

    def words_of(file: str, line: int, printed: bool) -> Any:
        """The checks for strings from one place (a block's line, or the whole file's lines)."""
        text: list[str] = []

        def line_of(value: str, where: int) -> int:
            """The file's line holding the line of `value` around `where`, else the block's."""
            if not text:
                try:
                    text.extend(Path(file).read_text(encoding="utf-8").splitlines() or [""])
                except (OSError, UnicodeDecodeError):
                    text.append("")
            start = value.rfind("\n", 0, where) + 1
            end = value.find("\n", where)
            wanted = value[start:end if end != -1 else len(value)].strip()
            found = [n for n, words in enumerate(text, 1) if wanted and wanted in words]
            return found[0] if len(found) == 1 else line

        def bad(value: str, where: int, message: str) -> None:
            problems.append(Problem(file, line_of(value, where), message))

        def check(value: Any) -> Any:
            resolved = split_words(value, paper, bad)
            for words in _strings(value) if printed else []:
                if pair_problem(words) is not None:
                    continue  # already reported
                printed_words = on_paper(words)
                key = screen_only(printed_words)
                if key is not None:
                    where = _raw_place(words, printed_words.find(key))
                    problems.append(Problem(file, line_of(words, where),
                        f'"{key}" is printed in every export, where it means nothing '
                        "(write {{" + key + "|words for paper}})"))
            return resolved

        return check

    new_steps = []
    for step in steps:
        exercises = tuple(words_of(ex.source, ex.line, True)(ex) for ex in step.exercises)
        own = words_of(step.source, 1, True)(replace(step, exercises=()))
        new_steps.append(replace(own, exercises=exercises))
    new_pages = {page_id: words_of(_display_path(root / f"{page_id}.md"), 1, False)(page)
                 for page_id, page in pages.items()}
    shown = _display_path(root / CARE_FILE)
    changed = {}
    for name in (f.name for f in fields(Care) if f.name != "helplines"):
        changed[name] = words_of(shown, 1, name not in SCREEN_ONLY_CARE)(getattr(care, name))
    return new_steps, new_pages, replace(care, **changed)


def _raw_place(raw: str, printed_at: int) -> int:
    """Where in `raw` (with its pairs) the character at `printed_at` of its paper words is."""
    from workbook.core.content.paper import PAIR

    shift = 0
    for pair in PAIR.finditer(raw):
        paper_words = pair.group(1).split("|", 1)[1]
        if pair.start() - shift > printed_at:
            break
        if pair.start() - shift + len(paper_words) > printed_at:
            return pair.start()
        shift += len(pair.group()) - len(paper_words)
    return printed_at + shift


def _strings(value: Any) -> list[str]:
    """Every string in a model object, tuple or string."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [words for item in value for words in _strings(item)]
    if is_dataclass(value):
        return [words for f in fields(value) for words in _strings(getattr(value, f.name))]
    return []


def _check_care_words(care: Care, steps: list[Step], problems: list[Problem]) -> None:
    """Content that asks for a shared note needs its words in care.toml."""
    needs = {
        "involves_ex_note": lambda ex: ex.involves_ex,
        "recall_note": lambda ex: ex.recall,
        "urgent_note": lambda ex: bool(ex.urgent_ids),
        "abuse_note": lambda ex: bool(ex.abuse_ids),
    }
    for key, wants in needs.items():
        if getattr(care, key):
            continue
        for ex in (ex for step in steps for ex in step.exercises if wants(ex)):
            problems.append(Problem(ex.source, ex.line, f'exercise "{ex.id}" needs the words of '
                                    f'"{key}" (add it to {CARE_FILE})'))


def _check_numbers(root: Path, care: Care, problems: list[Problem]) -> None:
    """Every phone-number-like text a reader can see must be a number in helplines.toml."""
    known = known_numbers(
        text for line in care.helplines for text in (line.call, line.text, line.name, line.note)
    )
    files = [p for p in sorted(root.iterdir()) if STEP_FILE.match(p.name)]
    files += [root / f"{page_id}.md" for page_id in PAGE_IDS] + [root / CARE_FILE]
    for path in files:
        try:
            text = read_content(path)
        except (OSError, UnicodeDecodeError):
            continue  # absent, or already reported as unreadable
        for line, number in unknown_numbers(text, known):
            problems.append(Problem(
                _display_path(path), line,
                f'"{number}" looks like a phone number but is not in {HELPLINES_FILE} '
                "(name only checked helplines: add it there with its source, or remove it)",
            ))


def check_content(root: Path) -> list[Problem]:
    """Every problem in a content folder (empty when it is fine)."""
    try:
        load_workbook(root)
    except ContentError as error:
        return error.problems
    return []
