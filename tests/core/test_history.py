"""Answers over time: a scale's dated ratings (merging histories is tests/core/test_merge*.py's)."""

from __future__ import annotations

from workbook.core.history import (
    current_rating,
    rate,
    scale_history,
    sparkline,
    unrate_today,
)

MONDAY = "2026-11-02T09:00:00+01:00"
MONDAY_LATER = "2026-11-02T21:30:00+01:00"
FRIDAY = "2026-11-06T08:00:00+01:00"


def test_every_shape_a_scale_ever_saved_reads_as_a_history() -> None:
    assert scale_history(None) == [] and current_rating(None) is None
    assert scale_history(7) == [{"id": "", "at": "", "rating": 7}] and current_rating(7) == 7
    for bad in (True, 11, -1, "7", 7.5, {"rating": 7}):
        assert scale_history(bad) == [] and current_rating(bad) is None
    mixed = [{"id": "a", "at": MONDAY, "rating": 3}, "junk", {"id": "b", "rating": 12}]
    assert scale_history(mixed) == [{"id": "a", "at": MONDAY, "rating": 3}]


def test_rating_again_the_same_day_changes_that_days_entry_and_another_day_adds_one() -> None:
    first = rate(None, 3, MONDAY)
    assert [e["rating"] for e in first] == [3] and first[0]["id"]
    same_day = rate(first, 5, MONDAY_LATER)
    assert same_day == [{"id": first[0]["id"], "at": MONDAY_LATER, "rating": 5}]
    assert rate(same_day, 5, MONDAY_LATER) == same_day, "the same number again is no change"
    later = rate(same_day, 6, FRIDAY)
    assert [e["rating"] for e in later] == [5, 6] and later[0] == same_day[0]
    assert later[1]["id"] != later[0]["id"]


def test_a_single_old_rating_becomes_the_first_entry_when_re_rated() -> None:
    history = rate(4, 9, FRIDAY)
    assert [(e["at"], e["rating"]) for e in history] == [("", 4), (FRIDAY, 9)]


def test_only_todays_rating_can_be_taken_back() -> None:
    history = rate(rate(None, 2, MONDAY), 6, FRIDAY)
    assert [e["rating"] for e in unrate_today(history, FRIDAY)] == [2]
    assert unrate_today(history, "2026-11-07T10:00:00+01:00") is None
    assert unrate_today(None, FRIDAY) is None


def test_a_sparkline_reads_without_colour() -> None:
    assert sparkline([0, 5, 10]) == "▁▅█"
    assert sparkline([]) == ""


def test_a_scale_history_stored_out_of_order_reads_by_date() -> None:
    """A merge or a clock put right can store ratings out of order: they read by date."""
    from workbook.core.history import current_rating, scale_history

    stored = [
        {"id": "c", "at": "2026-03-10T09:00:00+00:00", "rating": 7},
        {"id": "a", "at": "2026-01-05T09:00:00+00:00", "rating": 2},
        {"id": "b", "at": "2026-02-01T21:00:00+01:00", "rating": 5},
    ]
    assert [e["id"] for e in scale_history(stored)] == ["a", "b", "c"]
    assert current_rating(stored) == 7


def test_the_markdown_export_lists_a_scale_history_by_date(workbook) -> None:
    from tests.conftest import first_of_kind
    from workbook.core.export.markdown import export_markdown

    scale = first_of_kind(workbook, "scale")
    stored = [{"id": "c", "at": "2026-03-10T09:00:00", "rating": 7},
              {"id": "a", "at": "2026-01-05T09:00:00", "rating": 2}]
    text = export_markdown(workbook, {scale.id: stored})
    assert text.index("5 January 2026") < text.index("10 March 2026")
    assert "**7 / 10**" in text
