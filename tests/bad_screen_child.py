"""Child for tests/tui/test_storage_bad_files.py: open the app on DB, print what the
first screen says, quit. Used where the test must run as another user (a file
root may always read is unreadable only to someone else)."""

from __future__ import annotations

import asyncio
import sys

from textual.widgets import Static

from workbook.tui.app import make_app


async def main(db: str) -> None:
    app = make_app(db=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(type(app.screen).__name__)
        for selector in ("#bad-file", "#bad-problem", "#bad-reassure"):
            print(app.screen.query_one(selector, Static).render())
        await pilot.press("q")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
