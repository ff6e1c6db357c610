"""Two real Syncthing instances keep one workbook in step; a conflict is merged, nothing lost.

The story: the workbook lives in a folder Syncthing shares between a laptop
and a desktop (here two instances on loopback, each with its own home and
folder). The link drops (paused through the REST API); each machine writes a
journal entry; the link comes back, and Syncthing keeps one version as the
file and the other as a conflict copy. `workbook sync` merges it; Syncthing
carries the merged file back, and both machines end with the same entries.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import first_of_kind, need_tool
from tests.core.test_sync import texts, write
from tests.e2e.syncthing import FOLDER_ID, Syncthing, wait_for
from workbook.core.content import Exercise, Workbook
from workbook.core.storage.backups import list_backups
from workbook.core.sync import conflict_copies


@pytest.fixture
def machines(tmp_path: Path) -> Iterator[tuple[Syncthing, Syncthing]]:
    need_tool("syncthing")
    laptop = Syncthing(tmp_path / "laptop-home", tmp_path / "laptop" / "Workbook", "laptop")
    desktop = Syncthing(tmp_path / "desktop-home", tmp_path / "desktop" / "Workbook", "desktop")
    laptop.introduce(desktop)
    desktop.introduce(laptop)
    try:
        laptop.start()
        desktop.start()
        yield laptop, desktop
    except BaseException:
        print("laptop's log:\n", laptop.log()[-3000:], "\ndesktop's log:\n",
              desktop.log()[-3000:])
        raise
    finally:
        laptop.stop()
        desktop.stop()


def workbook_sync(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbook", "sync", "--db", str(db)],
                          capture_output=True, text=True, env=dict(os.environ), timeout=120)


def in_step(a: Syncthing, b: Syncthing, name: str = "workbook.json") -> bool:
    first, second = a.folder / name, b.folder / name
    return (first.exists() and second.exists() and first.read_bytes() == second.read_bytes()
            and a.in_step() and b.in_step())


def state(machine: Syncthing) -> str:
    """What a failed wait shows of one machine: its files and Syncthing's own count."""
    status = machine.rest("GET", f"/rest/db/status?folder={FOLDER_ID}")
    files = {p.name: p.stat().st_size for p in machine.folder.iterdir() if p.is_file()}
    return (f"{machine.name}: {files}, state {status.get('state')!r}, "
            f"needs {status.get('needTotalItems')}, errors {status.get('errors')}")


def test_both_machines_write_while_apart_and_end_with_every_entry(
        machines: tuple[Syncthing, Syncthing], workbook: Workbook) -> None:
    laptop, desktop = machines
    journal: Exercise = first_of_kind(workbook, "journal")
    on_laptop, on_desktop = laptop.folder / "workbook.json", desktop.folder / "workbook.json"
    wait_for(lambda: laptop.connected(desktop) and desktop.connected(laptop),
             "the two machines to connect")

    write(on_laptop, journal, {"shared": "the first night"})
    laptop.scan()
    wait_for(lambda: (on_desktop.exists() and desktop.holds_as(laptop)),
             "the workbook to reach the desktop")

    laptop.pause(desktop)
    desktop.pause(laptop)
    wait_for(lambda: not laptop.connected(desktop) and not desktop.connected(laptop),
             "the link to drop")
    write(on_desktop, journal, {"desk": "at my desk, written while apart"})
    write(on_laptop, journal, {"train": "on the train, written while apart"})
    laptop.scan()
    desktop.scan()
    wait_for(lambda: laptop.scanned_own_change() and desktop.scanned_own_change(),
             "each machine to see its own change")

    laptop.resume(desktop)
    desktop.resume(laptop)
    copies = wait_for(lambda: conflict_copies(on_laptop) or conflict_copies(on_desktop),
                      "Syncthing's conflict copy")
    assert copies[0].tool == "Syncthing" and ".sync-conflict-" in copies[0].name

    # Run `workbook sync` where a copy is, until neither machine has one.
    def merged_everywhere() -> bool:
        for db in (on_laptop, on_desktop):
            if conflict_copies(db):
                done = workbook_sync(db)
                assert done.returncode == 0, done.stdout + done.stderr
                assert "Merged a copy from another machine (Syncthing" in done.stdout
                (laptop if db == on_laptop else desktop).scan()
                return False
        # Syncthing may still be carrying a copy across: once it lands it is a
        # copy to merge. Each machine's own count of what it still needs says
        # when none is on its way (`in_step`). Its half-fetched file
        # (".syncthing.….tmp") does not: when the copy was merged and deleted
        # before it arrived, Syncthing leaves that file for a day.
        return in_step(laptop, desktop)

    try:
        wait_for(merged_everywhere, "both machines to hold the merged workbook", 240)
    except AssertionError as error:
        raise AssertionError(f"{error}; {state(laptop)}; {state(desktop)}") from None

    everything = {"shared": "the first night", "desk": "at my desk, written while apart",
                  "train": "on the train, written while apart"}
    assert texts(on_laptop, journal) == everything
    assert texts(on_desktop, journal) == everything, "both converge, nothing lost"
    kept = [b for db in (on_laptop, on_desktop) for b in list_backups(db)
            if b.label == "conflict-copy"]
    assert kept, "the conflict copy is kept in a backups folder"
    for folder in (laptop.folder, desktop.folder):
        names = {p.name for p in folder.iterdir() if not p.name.startswith(".syncthing.")}
        assert not [n for n in names if "sync-conflict" in n or n.endswith(".lock")], names
    again = workbook_sync(on_laptop)
    assert again.returncode == 0 and "Nothing to merge" in again.stdout
