"""Remember the parsed content between starts (no Textual).

Parsing the content means importing markdown-it-py and TOML and reading every
file: about a fifth of the app's start-up. The parsed `Workbook` is kept as
JSON in the user's cache folder, keyed by the content files' names, sizes and
modification times (and the loader's own files), so an edited file is parsed
again and a missing or unreadable cache only costs the parse.

What the cache says is shown as the workbook's own words (its crisis lines
among them), so it is trusted only when no one else could have written it:
its folders are made 0700 whatever the umask, and a cache file that is not
the user's own, or that others may write, is parsed again instead.
"""

from __future__ import annotations

import builtins
import dataclasses
import json
import os
import stat
import sys
import tempfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from workbook import __version__
from workbook.core.content.model import Workbook
from workbook.core.frozen import Frozen

# Bump when the cached shape changes in a way file stamps cannot see.
CACHE_FORMAT = 2
_CODE = [Path(__file__).with_name(name)
         for name in ("loader.py", "model.py", "kinds.py", "care.py", "numbers.py", "paper.py",
                      "files.py")]


def fingerprint(root: Path) -> list[Any]:
    """What the cached copy depends on: every content file and the loader's code."""
    stamps: list[Any] = [CACHE_FORMAT, __version__, str(root)]
    for path in [*sorted(root.iterdir()), *_CODE]:
        if path.suffix in (".md", ".toml", ".py"):
            stat = path.stat()
            stamps.append([path.name, stat.st_size, stat.st_mtime_ns])
    return stamps


def load_workbook_cached(root: Path, cache_dir: Path | None) -> Workbook:
    """The workbook in `root`, from the cache when nothing changed since it was parsed.

    Raises `ContentError` exactly as `load_workbook` does (bad content is never cached).
    """
    root = Path(root)
    try:
        key = fingerprint(root)
    except OSError:
        key = None  # no such folder or an unreadable file: the loader says which
    # One file per content folder, so switching folders does not evict the other.
    name = f"content-{zlib.crc32(str(root.absolute()).encode()):08x}.json"
    cached = cache_dir / name if cache_dir is not None and key else None
    if cached is not None:
        workbook = _read(cached, key)
        if workbook is not None:
            return workbook
    from workbook.core.content.loader import load_workbook

    workbook = load_workbook(root)
    if cached is not None:
        _write(cached, key, workbook)
    return workbook


def _read(path: Path, key: list[Any]) -> Workbook | None:
    try:
        raw = _trusted_bytes(path)
        if raw is None:
            return None  # parsed again, and written afresh as the user's own
        data = json.loads(raw)
        if data.get("key") != key:
            return None
        return _decode(Workbook, data["workbook"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # stale, cut off or from another version: parse again


def _trusted_bytes(path: Path) -> bytes | None:
    """The cache file's bytes, or None when someone else could have written it
    (not the user's own, writable by others, or not a plain file)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid()
                or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
            return None
        return file.read()


def _write(path: Path, key: list[Any], workbook: Workbook) -> None:
    from workbook.core.storage.files import private_dir  # (only on a miss: start-up skips it)

    tmp: str | None = None
    try:
        private_dir(path.parent)  # and any missing parent, 0700 whatever the umask
        data = {"key": key, "workbook": _encode(workbook)}
        # A random name made exclusively: nothing planted beside it is followed.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(json.dumps(data, ensure_ascii=False))
        os.replace(tmp, path)
    except OSError:
        try:
            if tmp is not None:
                os.unlink(tmp)
        except OSError:
            pass  # a cache we cannot write only costs speed


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, Path):
        return str(value)
    return value


def _decode(cls: type, data: dict[str, Any]) -> Any:
    values = {name: data[name] if convert is None else convert(data[name])
              for name, convert in _plan(cls)}
    if not issubclass(cls, Frozen):
        return cls(**values)
    # Every field is in the cache: its values are the object's, as `Frozen.__init__`
    # would set them, without checking each name again (hundreds at every start).
    made = object.__new__(cls)
    made.__dict__.update(values)
    return made


@cache
def _plan(cls: type) -> list[tuple[str, Callable[[Any], Any] | None]]:
    """Each field of a model class with what turns its JSON back into it (None: as is)."""
    hints = _field_types(cls)
    return [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls)]


def _field_types(cls: type) -> dict[str, Any]:
    """The type of each field of `cls`, as `get_type_hints` gives it, read without
    compiling each annotation.

    The model's annotations are strings (`from __future__ import annotations`)
    of a few plain shapes: a name, `tuple[X, ...]`, `dict[K, V]`. Those are
    looked up here; `get_type_hints` compiles every one of them, which took a
    tenth of the app's own start-up. Any other shape gets `get_type_hints`.
    """
    names = {**vars(builtins), **vars(sys.modules[cls.__module__])}
    hints: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        hint = _plain_hint(f.type, names) if isinstance(f.type, str) else f.type
        if hint is None:
            return get_type_hints(cls)
        hints[f.name] = hint
    return hints


def _plain_hint(annotation: str, names: dict[str, Any]) -> Any:
    """The type an annotation string names, for the shapes `_type_hints` reads; else None."""
    if annotation.isidentifier():
        return names.get(annotation)
    if annotation.startswith(("tuple[", "dict[")) and annotation.endswith("]"):
        outer, _, inner = annotation[:-1].partition("[")
        args = [part.strip() for part in inner.split(",")]
        if outer == "tuple" and len(args) == 2 and args[1] == "...":
            item = _plain_hint(args[0], names)
            return None if item is None else tuple[item, ...]  # type: ignore[valid-type]
        if outer == "dict" and len(args) == 2:
            key, value = (_plain_hint(arg, names) for arg in args)
            return None if key is None or value is None else dict[key, value]  # type: ignore[valid-type]
    return None


def _converter(hint: Any) -> Callable[[Any], Any] | None:
    origin = get_origin(hint)
    if origin is tuple:
        item = _converter(get_args(hint)[0])
        return tuple if item is None else lambda value: tuple(map(item, value))
    if origin is dict:
        item = _converter(get_args(hint)[1])
        return dict if item is None else lambda value: {k: item(v) for k, v in value.items()}
    if dataclasses.is_dataclass(hint):
        return lambda value: _decode(hint, value)
    if hint is Path:
        return Path
    return None
