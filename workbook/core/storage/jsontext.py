"""Strict, safe JSON reading for the database and backups (no Textual).

Python's `json` accepts things a workbook must not hold or cannot write
back: NaN and Infinity, the same key twice (the last silently wins), lone
UTF-16 surrogates (valid JSON, but not encodable as UTF-8, so the next save
would fail), and nesting deep enough to raise `RecursionError`.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Real workbooks nest five levels (table, document, value, row, cell).
MAX_DEPTH = 64
REPLACEMENT = "\ufffd"
BOM = "\ufeff"

_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class JSONProblem(ValueError):
    """Valid-looking JSON a workbook cannot use; `str()` says why, naming the key."""


class _NotANumber:
    """Stands in for NaN or Infinity until the object holding it names its key."""

    def __init__(self, text: str) -> None:
        self.text = text


def _float(text: str) -> float | _NotANumber:
    number = float(text)
    return number if math.isfinite(number) else _NotANumber(text)


def _refuse_number(key: str | None, bad: _NotANumber) -> JSONProblem:
    where = f'"{scrub(key)}" holds' if key is not None else "the file holds"
    return JSONProblem(f"{where} {bad.text}, which is not a number a workbook can keep")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise JSONProblem(f'the key "{scrub(key)}" appears twice in one object')
            seen.add(key)
    return result


def _refuse_numbers(pairs: list[tuple[str, Any]]) -> None:
    for key, value in pairs:
        if isinstance(value, _NotANumber):
            raise _refuse_number(key, value)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, _NotANumber):
                    raise _refuse_number(key, item)


def scrub(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD (the rest untouched)."""
    return _SURROGATE.sub(REPLACEMENT, text)


def _walk(data: Any, fix_surrogates: bool) -> int:
    """Check depth (iteratively) and scrub surrogates in place; how many strings changed."""
    changed = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise JSONProblem(f"it is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, dict):
            for key in list(node):
                value = node[key]
                if fix_surrogates and isinstance(value, str) and _SURROGATE.search(value):
                    node[key] = value = scrub(value)
                    changed += 1
                if fix_surrogates and _SURROGATE.search(key):
                    node[scrub(key)] = node.pop(key)
                    changed += 1
                if isinstance(value, dict | list):
                    stack.append((value, depth + 1))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, _NotANumber):
                    raise _refuse_number(None, value)
                if fix_surrogates and isinstance(value, str) and _SURROGATE.search(value):
                    node[index] = value = scrub(value)
                    changed += 1
                if isinstance(value, dict | list):
                    stack.append((value, depth + 1))
    return changed


def loads(text: str, shallow: bool = False) -> tuple[Any, int]:
    """Parse `text` strictly: (data, how many strings had lone surrogates replaced).

    A leading BOM is accepted. Raises `json.JSONDecodeError` for text that is
    not JSON, `JSONProblem` for NaN, Infinity, a duplicate key, a number too
    long to read, or nesting deeper than `MAX_DEPTH`. `shallow`: the caller
    counted fewer brackets than `MAX_DEPTH` in `text`'s deepest part (its depth
    is not checked again).
    """
    text = text.removeprefix(BOM)
    # An object is checked for NaN and Infinity only once one was read (most
    # files have none: a workbook of ten thousand entries opens that much faster).
    odd: list[bool] = []

    def constant(found: str) -> _NotANumber:
        odd.append(True)
        return _NotANumber(found)

    def number(found: str) -> float | _NotANumber:
        value = _float(found)
        if isinstance(value, _NotANumber):
            odd.append(True)
        return value

    def checked(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        # Called for every object: `_object`'s usual case inline (one call, not two).
        if odd:
            _refuse_numbers(pairs)
        result = dict(pairs)
        return result if len(result) == len(pairs) else _object(pairs)

    try:
        data = json.loads(
            text, object_pairs_hook=checked, parse_constant=constant, parse_float=number
        )
    except RecursionError:
        raise JSONProblem(f"it is nested more than {MAX_DEPTH} levels deep") from None
    except json.JSONDecodeError:
        raise
    except ValueError as error:  # an integer of thousands of digits
        if isinstance(error, JSONProblem):
            raise
        raise JSONProblem("it holds a number too long to read") from None
    if isinstance(data, _NotANumber):
        raise _refuse_number(None, data)
    if isinstance(data, str):
        return scrub(data), int(bool(_SURROGATE.search(data)))
    # Lone surrogates can only arrive escaped (raw UTF-8 cannot hold them).
    fix_surrogates = "\\u" in text and bool(_SURROGATE_ESCAPE.search(text))
    if not fix_surrogates and not odd:
        if not shallow:
            _check_depth(data)  # the usual file: nothing to change, only the depth to check
        return data, 0
    return data, _walk(data, fix_surrogates=fix_surrogates)


def _check_depth(data: Any) -> None:
    """`JSONProblem` for data nested deeper than `MAX_DEPTH` (as `_walk` checks it, but
    a level at a time, looking only at containers: a large file opens that much faster)."""
    level, depth = ([data] if type(data) is dict or type(data) is list else []), 1
    while level:
        if depth > MAX_DEPTH:
            raise JSONProblem(f"it is nested more than {MAX_DEPTH} levels deep")
        inner: list[Any] = []
        for node in level:
            inner += [value for value in (node.values() if type(node) is dict else node)
                      if type(value) is dict or type(value) is list]
        level = inner
        depth += 1


def notice(changed: int, name: str) -> str:
    """The one line telling the person that unreadable characters became U+FFFD."""
    what = "a piece of text" if changed == 1 else f"{changed} pieces of text"
    return (f"{name}: {what} held broken characters, now shown as {REPLACEMENT}; "
            "everything else is as it was.")
