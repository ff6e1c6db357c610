"""In-process measurements through Textual's pilot, one per child process.

`python -m tests.benchmarks.pilot_bench KIND ...` runs one measurement and prints
one line of JSON; `tests.benchmarks.run` starts a fresh interpreter for each so no
run inherits another's memory, caches or imports.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

# A sentence typed over and over; "enter" every so often, as a person would.
PHRASE = "i am allowed to feel this and i will be okay "


def typing_keys(count: int) -> list[str]:
    """`count` key names: letters, spaces and the odd enter."""
    keys: list[str] = []
    while len(keys) < count:
        for char in PHRASE:
            keys.append("space" if char == " " else char)
        keys.append("enter")
    return keys[:count]


def letter_text(kb: int) -> str:
    """The letter's existing body: `kb` KB of prose."""
    import random

    from tests.benchmarks.generate import prose

    return prose(random.Random(7), kb * 1000)[: kb * 1000]


def quicker_pilot() -> None:
    """Make the pilot's idle probe 2 ms instead of 20 ms.

    `Pilot.press` sleeps until the process looks idle after every key; at the
    stock 20 ms granularity 2,000 keys take minutes of sleeping. We measure
    the CPU time the process spends, which the probe's length does not change.
    """
    import textual._wait as wait

    wait.SLEEP_GRANULARITY = 0.002
    wait.SLEEP_IDLE = 0.0002


async def _type_into(app: Any, pilot: Any, area: Any, keys: list[str]) -> dict[str, float]:
    """Focus `area` at its end, press `keys`; CPU and wall seconds until all is drawn."""
    area.focus()
    area.move_cursor(area.document.end)
    await pilot.pause()
    quicker_pilot()
    wall, cpu = time.perf_counter(), time.process_time()
    await pilot.press(*keys)
    await pilot.pause()
    return {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}


async def typing_bare(kb: int, presses: int) -> dict[str, Any]:
    """The baseline: a bare app with one TextArea holding the same text."""
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    text = letter_text(kb)

    class BareTextArea(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea(text)

    app = BareTextArea()
    async with app.run_test(size=(80, 24)) as pilot:
        area = app.query_one(TextArea)
        times = await _type_into(app, pilot, area, typing_keys(presses))
        typed = len(area.text) - len(text)
    return {**times, "typed": typed}


async def typing_app(db: str, presses: int) -> dict[str, Any]:
    """The workbook: the first letter exercise, already holding a long body."""
    from textual.widgets import TextArea

    from tests.benchmarks.generate import first_letter
    from workbook.tui.app import make_app

    app = make_app(db=db)
    letter_id = first_letter(app.workbook)
    number = next(s.number for s in app.workbook.steps if any(e.id == letter_id for e in s.exercises))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(str(number % 10))
        await pilot.pause()
        card = app.screen.query_one(f"#exercise-{letter_id}")
        areas = list(card.query(TextArea))
        if not areas:
            raise SystemExit("the letter exercise shows no TextArea (is the letter widget written?)")
        area = max(areas, key=lambda a: len(a.text))
        before = len(area.text)
        times = await _type_into(app, pilot, area, typing_keys(presses))
        typed = len(area.text) - before
        stored = app.store.get(letter_id)
    body = stored.get("body", "") if isinstance(stored, dict) else ""
    return {**times, "typed": typed, "stored": len(body)}


async def _pilot_costs(app: Any, opener: str, tabs: int = 6) -> dict[str, float]:
    """CPU seconds the pilot's app spends to start, to open a screen with `opener`
    and, on average, for one tab: what every pilot test pays."""
    started = time.process_time()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        start = time.process_time() - started
        began = time.process_time()
        await pilot.press(opener)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        opened = time.process_time() - began
        began = time.process_time()
        for _ in range(tabs):
            await pilot.press("tab")
            await pilot.pause()
        tab = (time.process_time() - began) / tabs
    return {"start": start, "open": opened, "tab": tab}


async def pilot_app(db: str) -> dict[str, float]:
    """The workbook: start, open step 1 with its digit, tab through its first fields."""
    from workbook.tui.app import make_app

    return await _pilot_costs(make_app(db=db), "1")


async def pilot_bare(widgets: int) -> dict[str, float]:
    """The baseline: a bare app that opens a screen of `widgets` plain widgets in
    framed groups (labels and one-line fields), with a footer, on a key."""
    from textual.app import App, ComposeResult
    from textual.containers import Vertical, VerticalScroll
    from textual.screen import Screen
    from textual.widgets import Footer, Input, Static

    class Page(Screen[None]):
        def compose(self) -> ComposeResult:
            with VerticalScroll():
                for group in range(widgets // 4):
                    with Vertical(classes="group"):
                        yield Static(f"Group {group}")
                        yield Static("A sentence of introduction for the group.")
                        yield Input(placeholder="an answer")
            yield Footer()

    class Bare(App[None]):
        CSS = ".group { height: auto; border: round $primary; }"

        def compose(self) -> ComposeResult:
            yield Static("home")
            yield Footer()

        def key_1(self) -> None:
            self.push_screen(Page())

    return await _pilot_costs(Bare(), "1")


class Heartbeat:
    """A 1 ms asyncio task on the app's loop that records how late each tick is."""

    def __init__(self) -> None:
        self.ticks: list[tuple[float, float]] = []  # (time, gap beyond the 1 ms sleep)
        self.watch: Any = None  # called every tick; may record things
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            self.ticks.append((now, now - last))
            last = now
            if self.watch is not None:
                self.watch(now)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def max_gap(self, start: float, end: float) -> float:
        gaps = [gap for at, gap in self.ticks if start <= at <= end]
        return max(gaps, default=0.0)


def _note_saved(app: Any, before: int, done: dict[str, float], now: float) -> None:
    """Record when the save of the last key's change (the version moved past
    `before`) starts ("Saving…" shows) and when it is on disk."""
    store = app.store
    if store.version <= before:
        return
    if "start" not in done and app.save_state.startswith("Saving"):
        done["start"] = now
    if "at" not in done and not store.dirty:
        done["at"] = now


def _saved_text(db: str, app: Any) -> str:
    """The database as JSON text (decrypted with the open store's key when encrypted)."""
    raw = Path(db).read_bytes()
    key = getattr(app.store, "key", None)
    return (key.decrypt(Path(db), raw) if key is not None else raw).decode("utf-8")


async def _unlock(app: Any, pilot: Any, passphrase: str) -> float:
    """Type the passphrase on the unlock screen; seconds from enter until home shows."""
    from workbook.tui.screens.home import HomeScreen

    await pilot.press(*passphrase)
    pressed = time.perf_counter()
    await pilot.press("enter")
    while not isinstance(app.screen, HomeScreen):
        if time.perf_counter() - pressed > 60:
            raise SystemExit("the workbook did not unlock within 60 s")
        await asyncio.sleep(0.005)
    return time.perf_counter() - pressed


async def autosave(db: str, rounds: int, passphrase: str = "") -> dict[str, Any]:
    """Type a word into a text field; record loop stalls and time until it is on disk.

    With a passphrase (an encrypted workbook) it first unlocks, timing that too.
    """
    from textual.widgets import Input

    from workbook.tui.app import make_app

    app = make_app(db=db)
    exercise = next(ex for ex in app.workbook.exercises if ex.kind == "text")
    number = next(s.number for s in app.workbook.steps if exercise in s.exercises)
    idle_gaps: list[float] = []
    save_gaps: list[float] = []
    durable: list[float] = []
    unlocked: list[float] = []
    save_cpu: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        if passphrase:
            await pilot.pause()
            unlocked.append(await _unlock(app, pilot, passphrase))
        _time_saves(app.store, save_cpu)
        await pilot.press(str(number % 10))
        await pilot.pause()
        field = app.screen.query_one(f"#exercise-{exercise.id}").query_one(Input)
        heartbeat = Heartbeat()
        heartbeat.start()
        quicker_pilot()  # type at a brisk pace, well inside one save delay
        for round_ in range(rounds):
            field.focus()
            await pilot.pause()
            # The floor: how late the heartbeat runs when nothing is happening.
            start = time.perf_counter()
            await asyncio.sleep(0.6)
            idle_gaps.append(heartbeat.max_gap(start, time.perf_counter()))
            marker = f"durable{round_}x"
            *first, final = list(marker)
            await pilot.press(*first)
            done: dict[str, float] = {}
            heartbeat.watch = partial(_note_saved, app, app.store.version, done)
            pressed = time.perf_counter()
            await pilot.press(final)
            deadline = pressed + 10
            while "at" not in done and time.perf_counter() < deadline:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.05)  # let the save's completion run on the loop
            heartbeat.watch = None
            if "at" not in done:
                raise SystemExit("the answer was not saved within 10 s")
            durable.append(done["at"] - pressed)
            # From the save's start (not the key press: drawing the key is not
            # saving) until it is done and reported on screen.
            save_gaps.append(heartbeat.max_gap(done.get("start", pressed), time.perf_counter()))
            if marker not in _saved_text(db, app):
                raise SystemExit("the typed word is not in the saved file")
            field.value = ""
            await pilot.pause()
        heartbeat.stop()
    return {"idle_gaps": idle_gaps, "save_gaps": save_gaps, "durable": durable,
            "unlock": unlocked, "save_cpu": save_cpu}


def _time_saves(store: Any, cpu: list[float]) -> None:
    """Record the CPU time (of the thread that saves) of every save that wrote."""
    original = store.save

    def timed() -> bool:
        start = time.thread_time()
        wrote = original()
        if wrote:
            cpu.append(time.thread_time() - start)
        return wrote

    store.save = timed


def save_times(db: str, rounds: int, passphrase: str = "") -> dict[str, Any]:
    """One save of the whole workbook, and the bare floor: json.dumps, write, fsync."""
    import json as json_module
    import os

    from workbook.core.storage import AnswerStore
    from workbook.core.storage.encryption import unlock

    store = AnswerStore(Path(db), key=unlock(Path(db), passphrase) if passphrase else None)
    exercise_id = "benchmark-save"
    saves: list[float] = []
    cpu: list[float] = []
    for round_ in range(rounds + 1):
        store.set(exercise_id, {"answer": f"round {round_}"})
        start, thread = time.perf_counter(), time.thread_time()
        store.save()
        if round_:  # the session's first save also takes the backup: not a typical save
            saves.append(time.perf_counter() - start)
            cpu.append(time.thread_time() - thread)
    saved = _saved_text(db, type("App", (), {"store": store}))
    document = json_module.loads(saved)
    # The floor of an encrypted save: age encrypting the same bytes alone, in memory
    # (every save is one whole age file: a new file key and nonce each time).
    age_cpu: list[float] = []
    if store.key is not None:
        import pyrage

        plain = saved.encode("utf-8")
        for _ in range(rounds):
            thread = time.thread_time()
            pyrage.encrypt(plain, store.key.recipients)
            age_cpu.append(time.thread_time() - thread)
    store.close()
    bare: list[float] = []
    bare_cpu: list[float] = []
    target = Path(db).with_suffix(".bare")
    for _ in range(rounds):
        start, thread = time.perf_counter(), time.thread_time()
        data = json_module.dumps(document).encode()
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(fd, data)
        os.fsync(fd)
        os.close(fd)
        bare.append(time.perf_counter() - start)
        bare_cpu.append(time.thread_time() - thread)
    target.unlink()
    return {"save": saves, "bare": bare, "save_cpu": cpu, "bare_cpu": bare_cpu,
            "age_cpu": age_cpu}


def main(argv: list[str]) -> None:
    kind, *args = argv
    if kind == "typing-bare":
        result = asyncio.run(typing_bare(int(args[0]), int(args[1])))
    elif kind == "typing-app":
        result = asyncio.run(typing_app(args[0], int(args[1])))
    elif kind == "pilot-app":
        result = asyncio.run(pilot_app(args[0]))
    elif kind == "pilot-bare":
        result = asyncio.run(pilot_bare(int(args[0])))
    elif kind == "autosave":
        result = asyncio.run(autosave(args[0], int(args[1]), *args[2:]))
    elif kind == "save":
        result = save_times(args[0], int(args[1]), *args[2:])
    else:
        raise SystemExit(f"unknown measurement {kind!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
