"""Writes a workbook with the old app's own AnswerStore (run with PYTHONPATH=<old checkout>)."""
import sys
from pathlib import Path

from workbook.drafts import draft_key
from workbook.storage import AnswerStore

target, schema = Path(sys.argv[1]), int(sys.argv[2])
store = AnswerStore(target)
store.set_setting("welcomed", True)
store.set("grieve-losses", [
    {"loss": "our Sunday mornings", "shows-up": "the empty kitchen", "might-help": "a walk"},
    {"loss": "the future we planned", "shows-up": "at weddings", "might-help": "write it down"},
    {"loss": "", "shows-up": "", "might-help": ""},
])
store.set("reflect-patterns", ["I go quiet", "I say yes when I mean no", "I ignore early doubts"])
store.set("grieve-journal", [
    {"id": "7c1d2e3f40516273", "created": "2026-10-02T22:15:00+01:00",
     "updated": "2026-10-02T22:40:00+01:00", "text": "The first night alone. The flat is too quiet."},
    {"id": "8d2e3f4051627384", "created": "2026-10-05T07:30:00+01:00",
     "updated": "2026-10-05T07:30:00+01:00", "text": "Slept a little. Tea on the balcony."},
])
store.set("grieve-checkin", [
    {"id": "c0ffee0000000001", "at": "2026-10-03T09:00:00+01:00",
     "feelings": [{"name": "Sad", "intensity": 8}, {"name": "Numb", "intensity": 5}],
     "note": "heavy morning"},
])
if schema == 1:
    store.set("self-esteem-scale", 4)
else:
    store.set("self-esteem-scale", [
        {"id": "5ca1e00000000001", "at": "2026-10-01T09:00:00+01:00", "rating": 3},
        {"id": "5ca1e00000000002", "at": "2026-10-08T09:00:00+01:00", "rating": 5},
    ])
store.set("communicate-unsent-letter", {"to": "you", "body": "Dear you,\n\nI am letting go."})
store.set("grieve-today", {"signs": "I cried at the bus stop", "need": "sleep"})
store.set("grieve-where", {"selected": ["shock"], "other": ""})
store.set("grieve-outlets", {"checked": ["talk", "write"],
                             "own": [{"text": "swim on Fridays", "checked": True},
                                     {"text": "call my sister", "checked": False}]})
store.set("professional-help-safety-plan", {"warning-signs": ["not sleeping", "skipping meals"],
                                            "cope-alone": ["a long shower"]})
store.set(draft_key("grieve-checkin"), {"feelings": {"Tired": 6}, "note": "half a thought"})
if schema == 2:
    from workbook.earlier import earlier_key
    store.set(earlier_key("grieve-today"), {"now": "words from before the kind changed"})
store.save()
store.close()
