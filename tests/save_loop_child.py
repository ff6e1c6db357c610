"""Child for tests/core/test_storage_kill.py: saves in a loop until it is killed.

Usage: python save_loop_child.py DB [UMASK]. Each save adds a new answer
`save-N` and sets `counter` to N; N is printed (flushed) only after the save
returned, so every printed number must be on disk whatever happens next.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from workbook.core.storage import AnswerStore

# Up to about 40 KB of words, so that a kill often lands in the middle of a
# write; the size changes every time, so a file rewritten in place (as
# TinyDB's own JSONStorage does) would show a cut-off or a mixed tail.
WORDS = "the words I could not say out loud, "


def main() -> None:
    db = Path(sys.argv[1])
    if len(sys.argv) > 2:
        os.umask(int(sys.argv[2], 8))
    store = AnswerStore(db)
    n = store.get("counter", 0)
    while True:
        n += 1
        store.set(f"save-{n}", n)
        store.set("words", {"n": n, "text": f"{n}: {WORDS * random.randint(1, 1100)}"})
        store.set("counter", n)
        store.save()
        print(n, flush=True)


if __name__ == "__main__":
    main()
