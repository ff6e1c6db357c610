"""Which workbook a file is: an id made once, with the workbook (no Textual).

Two copies of one workbook (this machine's and a sync tool's conflict copy)
carry the same id, so a merge can tell them from a different workbook that
only has the same file name. A workbook made before ids is given one from
when it was created, which both copies of it share, so they stay one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from workbook.core.digest import sha256_hex

IDENTITY = "workbook"  # the key in the meta table


def new_identity() -> str:
    """A fresh workbook's id: random, so two workbooks never share one."""
    return os.urandom(8).hex()  # what `secrets.token_hex` does, without loading it


def identity_of(meta: Mapping[str, Any]) -> str | None:
    """The workbook's id from its meta stamp; for an older file, one made from when it
    was created (the same on every copy of it); None when neither is there."""
    found = meta.get(IDENTITY)
    if isinstance(found, str) and found:
        return found
    created = meta.get("created")
    if isinstance(created, str) and created:
        return "c" + sha256_hex(created.encode("utf-8", "surrogatepass"))[:15]
    return None


def same_workbook(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    """False only when both stamps name a workbook and the names differ."""
    mine, other = identity_of(ours), identity_of(theirs)
    return mine is None or other is None or mine == other
