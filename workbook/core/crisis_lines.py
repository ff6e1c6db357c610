"""The helplines from the content, as Markdown grouped by kind (no Textual).

The Need help now screen, the urgent panel, the safety plan and every export
show lines only through here, so a number is always the one in
`helplines.toml` and the groups always come in the same order.
"""

from __future__ import annotations

from workbook.core.content.model import HELPLINE_KINDS, Care, Helpline

GROUP_TITLES = {
    "emergency": "In an emergency",
    "crisis": "Suicide and crisis",
    "abuse": "Domestic abuse: if someone hurt, frightened or controlled you",
    "directory": "Anywhere else",
}
# What the urgent panel and the safety plan show: the lines for a moment of
# danger, and the directory so a reader anywhere else finds theirs.
CRISIS_KINDS = ("emergency", "crisis", "directory")
# What the panel after an answer that tells of abuse shows: the same order,
# with the domestic abuse lines in place of the suicide and crisis ones.
ABUSE_KINDS = ("emergency", "abuse", "directory")


def _ways(line: Helpline) -> str:
    ways: list[str] = []
    if line.call and line.call == line.text:
        ways.append(f"call or text **{line.call}**")
    else:
        if line.call:
            ways.append(f"call **{line.call}**")
        if line.text:
            ways.append(f"text **{line.text}**")
    if line.web:
        ways.append(line.web)
    return ", ".join(ways)


def line_markdown(line: Helpline) -> str:
    """One line as a Markdown sentence: where, name, then how to reach it."""
    note = f" ({line.note})" if line.note else ""
    where = line.where[:1].upper() + line.where[1:]
    return f"**{where}:** {line.name}, {_ways(line)}{note}"


def group_markdown(kind: str, lines: tuple[Helpline, ...]) -> str:
    """A whole group as one bullet, for small spaces: "**In an emergency:** call 911 (US, Canada); ..."."""
    parts = []
    for line in lines:
        name = "" if kind == "emergency" else f"{line.name}, "
        # "Anywhere else" under "Anywhere else" says nothing new.
        place = "" if line.where.lower() == GROUP_TITLES[kind].lower() else line.where
        where = "; ".join(part for part in (place, line.note) if part)
        parts.append(f"{name}{_ways(line)} ({where})")
    return f"- **{GROUP_TITLES[kind]}:** " + "; ".join(parts)


def lines_markdown(care: Care, kinds: tuple[str, ...] = HELPLINE_KINDS, *,
                   heading: str = "###", compact: bool = False) -> str:
    """The lines of these kinds, one group each under a heading (empty when there are none);
    `compact`: one bullet per group, for a panel on a small screen.

    The domestic abuse group carries the quick hide note.
    """
    blocks: list[str] = []
    for kind in HELPLINE_KINDS:
        lines = care.lines(kind) if kind in kinds else ()
        if not lines:
            continue
        if compact:
            blocks.append(group_markdown(kind, lines))
            continue
        blocks.append(f"{heading} {GROUP_TITLES[kind]}")
        if kind == "abuse" and care.quick_hide_note:
            blocks.append(care.quick_hide_note)
        blocks.append("\n".join(f"- {line_markdown(line)}" for line in lines))
    return ("\n" if compact else "\n\n").join(blocks)


# Over the urgent steps where no urgent answer leads to them (Need help now).
STEPS_TITLE = "If you might hurt yourself, or already have: the next few minutes"


def steps_markdown(care: Care) -> str:
    """What to do in the next few minutes, as a numbered list (empty when there are none)."""
    return "\n".join(f"{number}. {step}" for number, step in enumerate(care.urgent_steps, start=1))


def steps_section(care: Care, heading: str = "###") -> list[str]:
    """The next few minutes under their title, numbered, as Markdown blocks (none when
    there are no steps): on Need help now. (On paper they are bullets: see
    `workbook.core.export.markdown`.)"""
    return [f"{heading} {STEPS_TITLE}", steps_markdown(care)] if care.urgent_steps else []
