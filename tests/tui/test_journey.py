"""Your journey: each feeling, each re-rated scale and the words of each week, over time."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.benchmarks.generate import (
    SEED,
    first_journal,
    journal_entries,
    journey_answers,
    write_db,
)
from tests.pilot import app_for, from_palette, screen_text
from workbook.core.trends import journey, squeeze, thin, trend_lines
from workbook.tui.app import make_app
from workbook.tui.screens.home import HomeScreen
from workbook.tui.screens.journey import JourneyScreen
from workbook.tui.widgets.trend_chart import TrendChart


def journey_db(path: Path, workbook, count: int) -> Path:
    """A workbook with `count` check-ins and journal entries and a weekly rating of
    every scale, all on fixed dates (so pictures of it never change)."""
    rng = random.Random(SEED)
    answers = {first_journal(workbook): journal_entries(rng, count), **journey_answers(workbook, count)}
    return write_db(path, answers)


async def open_journey(pilot, key: str = "j") -> JourneyScreen:
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, JourneyScreen)
    await screen.ready.wait()
    await pilot.pause()
    return screen


async def test_j_on_home_opens_the_journey_and_escape_comes_back(db: Path, workbook) -> None:
    app = app_for(journey_db(db, workbook, 60))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journey(pilot)
        shown = screen_text(app)
        assert "Each feeling, check-in by check-in" in shown
        names = list(screen.journey.feelings)
        for name in names[:3]:
            assert name in shown, "the three feelings named most often are drawn"
        chart = screen.query_one("#feelings-chart", TrendChart)
        assert list(chart.series) == names[:3]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_ticking_a_feeling_adds_it_to_the_chart(db: Path, workbook) -> None:
    app = app_for(journey_db(db, workbook, 60))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journey(pilot)
        names = list(screen.journey.feelings)
        chart = screen.query_one("#feelings-chart", TrendChart)
        await pilot.press("down", "down", "down", "space")  # the fourth feeling
        await pilot.pause()
        assert list(chart.series) == names[:4]
        await pilot.press("up", "up", "up", "space")  # untick the first
        await pilot.pause()
        assert list(chart.series) == names[1:4]
        legend = str(chart.query_one(".legend").render())
        assert names[3] in legend and names[0] not in legend, "the legend names what is drawn"


async def test_the_palette_opens_your_journey(db: Path, workbook) -> None:
    app = app_for(journey_db(db, workbook, 10))
    async with app.run_test(size=(80, 24)) as pilot:
        await from_palette(pilot, "journey")
        assert isinstance(app.screen, JourneyScreen)


async def test_with_nothing_yet_it_says_what_will_appear_and_how(db: Path, workbook) -> None:
    app = app_for(write_db(db, {}))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journey(pilot)
        shown = " ".join(screen_text(app).split())
        assert "Nothing to draw yet" in shown
        checkin_steps = [s.number for s in workbook.steps if any(e.kind == "checkin" for e in s.exercises)]
        assert f"check-in you save (step{'s' if len(checkin_steps) > 1 else ''} {checkin_steps[0]}" in shown
        assert "Rate a scale again on another day" in shown and "word count" in shown
        assert not app.query(TrendChart)


def test_the_journey_reads_feelings_scales_and_weeks(workbook) -> None:
    checkin = next(e for e in workbook.exercises if e.kind == "checkin")
    scale = next(e for e in workbook.exercises if e.kind == "scale")
    journal = next(e for e in workbook.exercises if e.kind == "journal")
    raw = {
        checkin.id: {"value": [
            {"at": "2026-11-02T21:00:00+00:00", "feelings": [{"name": "Sad", "intensity": 8}], "note": "one two"},
            {"at": "2026-11-20T21:00:00+00:00", "feelings": [{"name": "sad", "intensity": 3},
                                                            {"name": "calm", "intensity": 6}]},
        ]},
        scale.id: {"value": [{"id": "a", "at": "2026-11-01T09:00:00+00:00", "rating": 2},
                             {"id": "b", "at": "2026-11-15T09:00:00+00:00", "rating": 7}]},
        journal.id: {"value": [{"id": "e", "created": "2026-11-18T08:00:00+00:00", "text": "three  more\nwords"}]},
    }
    trip = journey(workbook, raw)
    assert {name: [v for _, v in points] for name, points in trip.feelings.items()} == {
        "Sad": [8, 3], "calm": [6]}
    assert [(ex.id, [v for _, v in points]) for ex, points in trip.scales] == [(scale.id, [2, 7])]
    assert [(str(week), words) for week, words in trip.weeks] == [
        ("2026-11-02", 2), ("2026-11-09", 0), ("2026-11-16", 3)]


def test_long_series_are_squeezed_by_averaging_neighbours() -> None:
    assert squeeze([1, 3, 5, 7], 2) == [2, 6]
    assert squeeze([1, 2], 5) == [1, 2]
    assert trend_lines({"sad": [10, 10, 0, 0]}, 26) == ["sad █▁  first 10, latest 0"]
    from datetime import datetime, timedelta
    start = datetime(2026, 1, 1)
    points = [(start + timedelta(days=d), d % 2 * 10) for d in range(100)]
    thinned = thin(points, 10)
    assert len(thinned) == 10 and all(4 <= v <= 6 for _, v in thinned)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_journey_picture(snap_compare, size, tmp_path: Path, workbook, monkeypatch) -> None:
    """NO_COLOR. At 80x24: the feeling picker with the three most named feelings ticked
    ("x" in their boxes) beside a chart of them, each with its own letter and a legend,
    dates under it. At 60x20: the same picker beside one line of plain bars per
    feeling, then each scale's ratings as bars."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(db=journey_db(tmp_path / "db.json", workbook, 120))

    async def run_before(pilot) -> None:
        await open_journey(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def checkins_db(path: Path, workbook, once_at: int) -> Path:
    """Thirty daily check-ins naming "sad" and "angry", and "numb" once, at full
    strength, on check-in `once_at`."""
    from datetime import UTC, datetime, timedelta

    checkin = next(e for e in workbook.exercises if e.kind == "checkin")
    start = datetime(2026, 10, 1, 21, tzinfo=UTC)
    checkins = []
    for day in range(30):
        feelings = [{"name": "sad", "intensity": 3 + day % 6}, {"name": "angry", "intensity": 2 + day % 4}]
        if day == once_at:
            feelings.append({"name": "numb", "intensity": 10})
        checkins.append({"at": (start + timedelta(days=day)).isoformat(), "feelings": feelings})
    return write_db(path, {checkin.id: checkins})


@pytest.mark.parametrize("once_at", [0, 12, 29])
async def test_a_feeling_named_once_is_drawn_and_the_legend_covers_no_data(
        db: Path, workbook, once_at: int) -> None:
    app = app_for(checkins_db(db, workbook, once_at))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journey(pilot)
        assert "numb (1)" in screen_text(app)
        chart = screen.query_one("#feelings-chart", TrendChart)
        assert list(chart.series) == ["sad", "angry", "numb"]
        drawn = chart.query_one("PlotextPlot").render().plain.splitlines()
        inside = [line for line in drawn if line.rstrip().endswith("│")]  # the plot's rows
        assert any("+" in line for line in inside), "numb's one check-in has its mark"
        assert not any(name in line for line in inside for name in ("sad", "angry", "numb")), \
            "no legend inside the plot, over the data"
        legend = str(chart.query_one(".legend").render())
        assert "o sad" in legend and "x angry" in legend and "+ numb" in legend


async def test_the_screen_is_painted_before_the_counting_starts(db: Path, workbook, monkeypatch) -> None:
    """Counting 10,000 entries shares the interpreter with the UI: it waits for the first frame."""
    from workbook.tui.screens import journey as journey_screen

    seen: list[bool] = []
    counting = journey_screen.journey

    def watched(*args):
        waiting = pilot.app.screen.query_one("#journey-wait")
        seen.append(bool(waiting.region))  # laid out and drawn already
        return counting(*args)

    monkeypatch.setattr(journey_screen, "journey", watched)
    monkeypatch.setattr(journey_screen, "_last", None)
    app = app_for(journey_db(db, workbook, 60))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journey(pilot)
        assert seen == [True]
        await pilot.press("escape", "j")  # again, nothing changed: shown from memory
        await pilot.pause()
        await app.screen.ready.wait()
        assert seen == [True]
        assert "Each feeling, check-in by check-in" in screen_text(app)
