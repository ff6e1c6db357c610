"""The exercise kinds the engine knows, and the TOML keys each one takes."""

from __future__ import annotations

# Value shapes, checked by the loader: "str", "bool", "strs" (list of strings),
# "fields" (array of tables with id, label and optional placeholder) and
# "options" (list of strings or tables with id, label and optional urgent) and
# "sections" (array of tables with id, label and optional hint, placeholder and in_order).
COMMON_KEYS: dict[str, tuple[str, bool]] = {
    "id": ("str", True),
    "kind": ("str", True),
    "title": ("str", True),
    "intro": ("str", False),
    "crisis": ("bool", False),
    "involves_ex": ("bool", False),
    "recall": ("bool", False),
    "optional": ("bool", False),
}

KIND_KEYS: dict[str, dict[str, tuple[str, bool]]] = {
    "text": {"fields": ("fields", True)},
    "letter": {"prompts": ("strs", True), "addressee": ("str", False), "note": ("str", False)},
    "grid": {"columns": ("fields", True)},
    "checkin": {"emotions": ("strs", True)},
    "scale": {"low": ("str", True), "high": ("str", True)},
    "choice": {"options": ("options", True), "multiple": ("bool", False), "other": ("bool", False)},
    "checklist": {"items": ("options", True), "own": ("bool", False)},
    "journal": {"prompt": ("str", False)},
    "list": {"placeholder": ("str", False)},
    "plan": {"sections": ("sections", True)},
}

KINDS: tuple[str, ...] = tuple(KIND_KEYS)

STEP_KEYS: dict[str, tuple[str, bool]] = {
    "id": ("str", True),
    "short": ("str", True),
    "summary": ("str", False),
}
