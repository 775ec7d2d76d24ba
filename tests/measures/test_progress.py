"""A measure's progress as the public pages show it: a percentage per status, and a
parent's as the mean of its parts."""

import pytest

from ikz.measures.domain import STATUS_PROGRESS, mean_progress, status_progress
from ikz.measures.models import MeasureStatus


def test_status_progress_follows_the_way_from_idea_to_done():
    assert {status.value: status_progress(status) for status in MeasureStatus} == {
        "idea": 0,
        "under_review": 10,
        "decision_pending": 20,
        "decided": 40,
        "in_progress": 60,
        "done": 100,
        "not_pursued": None,
        "on_hold": None,
    }


def test_status_progress_names_every_status():
    assert set(STATUS_PROGRESS) == set(MeasureStatus)


def test_status_progress_before_the_first_status_is_zero():
    assert status_progress(None) == 0


def test_status_progress_of_an_unknown_status_is_refused():
    with pytest.raises(ValueError):
        status_progress("invented")


def test_mean_progress_of_parts_is_their_rounded_mean():
    assert mean_progress([100, 60, 40]) == 67


def test_mean_progress_leaves_out_parts_on_hold_or_not_pursued():
    assert mean_progress([100, None, 20]) == 60


def test_mean_progress_without_a_counted_part_is_none():
    assert mean_progress([None, None]) is None
    assert mean_progress([]) is None
