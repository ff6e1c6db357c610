"""Search latency and the journey screen's open time, each beside a baseline.

`python -m tests.benchmarks.journey_bench DB` prints one line of JSON for the
workbook in DB (made by `generate.generate(..., journey=True)`); the runner
starts a fresh interpreter for each size.

- search: the median time of one search over every answer (a word found
  often, a phrase found rarely, a word found nowhere), against the same
  plain `str.find` scans over the unfolded text: what any search must do.
- journey first paint: from opening the journey screen to its first frame
  (the words saying the charts are coming), against a bare screen holding
  one Static opened the same way: what a person waits before anything moves.
- journey: from opening the journey screen to its charts drawn, against the
  same bare screen.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

QUERIES = ("sister", "walk home after", "zebra crossing")


def search_figures(db: Path, runs: int = 5) -> dict[str, float]:
    from workbook.core.content import load_workbook
    from workbook.core.locations import default_content_dir
    from workbook.core.search import SearchIndex
    from workbook.core.storage import AnswerStore

    workbook = load_workbook(default_content_dir())
    answers = AnswerStore(db, read_only=True).answers()
    started = time.perf_counter()
    index = SearchIndex(workbook, answers)
    build = time.perf_counter() - started
    plain = "\0".join(field.text for field in index.fields)
    searches, bares = [], []
    for _ in range(runs):
        for query in QUERIES:
            started = time.perf_counter()
            index.search(query)
            searches.append(time.perf_counter() - started)
            started = time.perf_counter()
            found = plain.find(query)
            while found >= 0:  # the first match in each field, as search lists them
                following = plain.find("\0", found)
                found = plain.find(query, following + 1) if following >= 0 else -1
            bares.append(time.perf_counter() - started)
    return {"search": statistics.median(searches), "search_bare": statistics.median(bares),
            "search_worst": max(searches), "index": build, "fields": len(index.fields)}


async def journey_open(db: Path, runs: int = 3) -> dict[str, float]:
    from textual.screen import Screen
    from textual.widgets import Static

    from workbook.tui.app import make_app
    from workbook.tui.screens.journey import JourneyScreen

    class Bare(Screen):
        def compose(self):
            yield Static("bare")

    opens, bares, paints, bare_paints = [], [], [], []
    for _ in range(runs):
        app = make_app(db=db)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            # The first opening imports the chart library; a person pays that once.
            for screen, times, painted in ((JourneyScreen(), opens, paints),
                                           (Bare(), bares, bare_paints)):
                started = time.perf_counter()
                await app.push_screen(screen)
                await app.wait_for_refresh()  # its first frame is out
                painted.append(time.perf_counter() - started)
                if isinstance(screen, JourneyScreen):
                    await screen.ready.wait()
                await pilot.pause()  # drawn
                times.append(time.perf_counter() - started)
                await app.pop_screen()
                await pilot.pause()
    return {"journey": statistics.median(opens), "journey_bare": statistics.median(bares),
            "journey_paint": statistics.median(paints),
            "journey_paint_bare": statistics.median(bare_paints)}


def main() -> None:
    db = Path(sys.argv[1])
    figures = {**search_figures(db), **asyncio.run(journey_open(db))}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
