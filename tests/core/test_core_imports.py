"""The core (content, storage, export) imports nothing from Textual."""

from __future__ import annotations

import subprocess
import sys

CORE = (
    "workbook.core.content", "workbook.core.storage", "workbook.core.export", "workbook.core.locations",
    "workbook.core.progress", "workbook.core.history", "workbook.core.trends", "workbook.core.clock",
    "workbook.core.search",
)

PROBE = """
import importlib, pkgutil, sys
import workbook
names = []
for root in {core!r}:
    module = importlib.import_module(root)
    names.append(root)
    for info in pkgutil.walk_packages(getattr(module, "__path__", []), root + "."):
        importlib.import_module(info.name)
        names.append(info.name)
leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(len(names), ",".join(leaked))
"""


def test_core_modules_import_no_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(core=CORE)], capture_output=True, text=True, check=True
    )
    count, leaked = result.stdout.split()[0], result.stdout.strip().partition(" ")[2]
    assert int(count) >= len(CORE)
    assert leaked == "", f"core modules pulled in: {leaked}"


def test_status_command_stays_free_of_textual(tmp_path) -> None:
    """`workbook status` runs at every login: it must not pay for importing Textual."""
    code = (
        "import sys, runpy; sys.argv=['workbook','status','--short','--db',{!r}];"
        "from workbook.cli import main; main();"
        "print('LEAK' if 'textual' in sys.modules else 'CLEAN')".format(str(tmp_path / "db.json"))
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("CLEAN"), result.stdout


def test_the_charts_library_loads_only_when_the_journey_opens() -> None:
    """textual-plotext is heavy: building the app (what start-up does) must not import it."""
    code = (
        "import sys; from workbook.tui.app import WorkbookApp; import workbook.tui.screens.home;"
        "print('LEAK' if any(m.startswith(('plotext', 'textual_plotext')) for m in sys.modules) else 'CLEAN')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "CLEAN"
