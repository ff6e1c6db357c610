"""`@frozen` classes behave as `@dataclass(frozen=True)` ones would, for every caller."""

from __future__ import annotations

import dataclasses
from dataclasses import field

import pytest

from workbook.core.frozen import Frozen, frozen


@frozen
class Made(Frozen):
    """A class as the content model writes them."""

    id: str
    label: str
    hint: str = ""
    tags: dict[str, str] = field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Written:
    """The same, as `@dataclass` writes it."""

    id: str
    label: str
    hint: str = ""
    tags: dict[str, str] = field(default_factory=dict)


@pytest.mark.parametrize("cls", [Made, Written])
def test_made_in_order_or_by_name_with_defaults(cls: type) -> None:
    one = cls("a", "Label")
    assert (one.id, one.label, one.hint, one.tags) == ("a", "Label", "", {})
    assert cls(label="Label", id="a", hint="h").hint == "h"
    assert one == cls("a", label="Label")
    assert one != cls("b", "Label")
    assert cls("a", "Label").tags is not cls("a", "Label").tags  # a fresh dict for each


@pytest.mark.parametrize("cls", [Made, Written])
def test_wrong_arguments_are_refused(cls: type) -> None:
    for wrong in (lambda: cls("a"), lambda: cls("a", "b", label="c"),
                  lambda: cls("a", "b", colour="red"), lambda: cls("a", "b", "c", {}, "e")):
        with pytest.raises(TypeError):
            wrong()


@pytest.mark.parametrize("cls", [Made, Written])
def test_immutable_hashable_and_a_dataclass(cls: type) -> None:
    one = cls("a", "Label", "hint")
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.id = "b"
    with pytest.raises(dataclasses.FrozenInstanceError):
        del one.label
    plain = cls("a", "Label", "hint", None)  # hashed by its values, as a dataclass is
    assert hash(plain) == hash(cls("a", "Label", "hint", None))
    assert dataclasses.is_dataclass(one)
    assert [f.name for f in dataclasses.fields(one)] == ["id", "label", "hint", "tags"]
    assert dataclasses.replace(one, hint="other") == cls("a", "Label", "other")
    assert dataclasses.asdict(one) == {"id": "a", "label": "Label", "hint": "hint", "tags": {}}


def test_shown_as_a_dataclass_is() -> None:
    assert repr(Made("a", "Label")).removeprefix("Made") == repr(
        Written("a", "Label")).removeprefix("Written")
