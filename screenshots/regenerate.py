"""Regenerate every screenshot in this folder: `python screenshots/regenerate.py`.

Uses the same scenes and sample answers as the snapshot tests, on a
throwaway database, through the app factory. It needs the test extras
(`pip install -e ".[test]"`), as the scenes live with the tests.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

try:
    from tests.conftest import CONTENT
    from tests.sample_data import fill_sample
    from tests.scenes import scenes, still_life
except ImportError as missing:
    sys.exit(f"regenerate.py needs the test extras ({missing.name} is missing): "
             'pip install -e ".[test]"')
from workbook.core.content import load_workbook  # noqa: E402
from workbook.tui.app import make_app  # noqa: E402

SIZE = (80, 24)


async def take(scene, folder: Path, workbook) -> Path:
    db = fill_sample(folder / f"{scene.name}.json", workbook)
    app = make_app(db=db)
    async with app.run_test(size=SIZE) as pilot:
        await scene.run_before(pilot)
        await pilot.pause()
        svg = app.export_screenshot(title=f"Heartbreak Workbook · {scene.name}")
    path = HERE / f"{scene.name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


async def main() -> None:
    workbook = load_workbook(CONTENT)
    with tempfile.TemporaryDirectory() as tmp, still_life():
        for scene in scenes(workbook):
            path = await take(scene, Path(tmp), workbook)
            print(f"wrote {path.relative_to(HERE.parent)}  ({scene.description})")


if __name__ == "__main__":
    asyncio.run(main())
