"""`workbook export --safety-plan`: only the safety plan, in any format (no Textual).

Markdown and HTML lay the plan out to print; JSON holds the same plan as data
(each part's lines) with the crisis lines, for a phone or another app.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from workbook.core.content.model import Workbook
from workbook.core.crisis_lines import CRISIS_KINDS
from workbook.core.safety_plan import plan_lines

SAFETY_PLAN_FORMAT = "heartbreak-workbook-safety-plan"


def safety_plan_data(workbook: Workbook, answers: Mapping[str, Any], *,
                     blank: bool = False) -> dict[str, Any]:
    """Every plan with its parts' lines, and the crisis lines from the content.

    `in_order` is false for a part that is not a step to use in order
    (making surroundings safe: done now, on a calm day)."""
    workbook = workbook.on_paper()
    plans = [
        {
            "id": ex.id,
            "title": ex.title,
            "sections": [
                {"id": s.id, "label": s.label, "in_order": s.in_order,
                 "lines": [] if blank else [line for line in plan_lines(answers.get(ex.id), s.id)
                                            if line.strip()]}
                for s in ex.sections
            ],
        }
        for ex in workbook.safety_plans
    ]
    lines = [dataclasses.asdict(line) for line in workbook.care.lines(*CRISIS_KINDS)]
    return {"format": SAFETY_PLAN_FORMAT, "version": 1, "plans": plans, "helplines": lines}


def render_safety_plan(fmt: str, workbook: Workbook, answers: Mapping[str, Any], *,
                       blank: bool = False) -> str:
    """The safety plan as text in one of the export formats (md, html, json)."""
    if fmt == "json":
        data = safety_plan_data(workbook, answers, blank=blank)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt in ("html", "pdf"):  # a PDF is the HTML, printed by the caller
        from workbook.core.export.html import export_safety_plan_html

        return export_safety_plan_html(workbook, answers, blank=blank)
    from workbook.core.export.markdown import export_safety_plan

    return export_safety_plan(workbook, answers, blank=blank)
