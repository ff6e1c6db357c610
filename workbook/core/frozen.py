"""`@frozen`: what `@dataclass(frozen=True)` gives, without compiling methods at import.

`@dataclass(frozen=True)` writes six methods for each class, compiled from
source every time the app starts: for the content model alone some 6 ms before
the first frame. `@frozen` makes the class a dataclass too (`dataclasses.fields`,
`replace`, `asdict` and `is_dataclass` work on it), but its methods are the
ones `Frozen` shares, and they behave as the written ones would: made from the
fields, in order or by name, equal and hashed by their values, immutable.
(No `__post_init__`, `slots`, `InitVar` or per-field `init=False`: use
`@dataclass` for a class that needs them.)
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


class Frozen:
    """The methods every `@frozen` class shares (see the module's docstring)."""

    # Set by `frozen` for each class: its field names in order (and as a set), the
    # defaults of those that have one, the factories of those made afresh for each object.
    _names: tuple[str, ...] = ()
    _fields: frozenset[str] = frozenset()
    _defaults: dict[str, Any] = {}
    _factories: tuple[tuple[str, Any], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Every step in C where it can be: the cached content makes hundreds at start-up.
        values = self.__dict__
        values.update(self._defaults)
        for name, factory in self._factories:
            values[name] = factory()
        if args:
            names = self._names
            if len(args) > len(names) or kwargs.keys() & names[:len(args)]:
                raise TypeError(f"{type(self).__name__}() takes {len(names)} values, each "
                                f"once: {len(args)} were given in order, and {sorted(kwargs)}")
            values.update(zip(names, args, strict=False))  # (fewer values than names)
        if not kwargs.keys() <= self._fields:
            unexpected = ", ".join(sorted(kwargs.keys() - self._fields))
            raise TypeError(f"{type(self).__name__}() got an unexpected argument: {unexpected}")
        values.update(kwargs)
        if len(values) < len(self._names):
            missing = ", ".join(name for name in self._names if name not in values)
            raise TypeError(f"{type(self).__name__}() is missing {missing}")

    def _values(self) -> tuple[Any, ...]:
        values = self.__dict__
        return tuple(values[name] for name in self._names)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._names, self._values(), strict=True))
        return f"{type(self).__name__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


# Type checkers read a `@frozen` class as a frozen dataclass: its fields are its
# constructor's arguments, checked as `@dataclass(frozen=True)`'s would be.
@dataclass_transform(frozen_default=True)
def frozen(cls: type[T]) -> type[T]:
    """Make `cls` (a `Frozen`) a dataclass whose methods are `Frozen`'s."""
    dataclass(init=False, repr=False, eq=False)(cls)
    every = fields(cls)  # type: ignore[arg-type]
    cls._names = tuple(f.name for f in every)  # type: ignore[attr-defined]
    cls._fields = frozenset(cls._names)  # type: ignore[attr-defined]
    cls._defaults = {f.name: f.default for f in every  # type: ignore[attr-defined]
                     if f.default is not MISSING}
    cls._factories = tuple((f.name, f.default_factory) for f in every  # type: ignore[attr-defined]
                           if f.default_factory is not MISSING)
    return cls
