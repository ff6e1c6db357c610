"""One clock for every time the app shows or stores, which tests and pictures can stop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from workbook.core import clock
from workbook.core.export.common import default_filename
from workbook.core.storage import AnswerStore

MOMENT = datetime(2026, 11, 27, 14, 2, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def pinned():
    clock.pin(MOMENT)
    yield MOMENT
    clock.pin(None)


def test_a_pinned_clock_stamps_answers_saves_and_export_names(pinned, db: Path) -> None:
    store = AnswerStore(db)
    store.set("grieve-today", {"now": "tired"})
    store.save()
    assert store.updated("grieve-today") == "2026-11-27T14:02:00+01:00"
    assert store.last_saved == pinned
    store.close()
    assert default_filename("md") == "heartbreak-workbook-2026-11-27.md"


def test_unpinned_it_runs_and_knows_its_zone() -> None:
    before = datetime.now(UTC)
    now = clock.now()
    assert now.tzinfo is not None and before <= now <= datetime.now(UTC)


def test_only_an_aware_moment_can_be_pinned() -> None:
    with pytest.raises(ValueError, match="aware"):
        clock.pin(datetime(2026, 11, 27, 14, 2))
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(minutes=1)  # still running
