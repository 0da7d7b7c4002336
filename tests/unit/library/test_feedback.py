"""Feedback parsing: year ranges, counts, place, difficulty, extras; what is not understood changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from factory.library import DraftOptions, get_pack
from factory.library.feedback import apply_feedback

THIS_YEAR = dt.date.today().year


@pytest.mark.parametrize(("feedback", "expected"), [
    ("Set the story in 2023 and 2024", {"year_start": 2023, "years": 2}),
    ("use data from 2022 to 2024", {"year_start": 2022, "years": 3}),
    ("use 2023-2024", {"year_start": 2023, "years": 2}),
    ("only 2024", {"year_start": 2024, "years": 1}),
    ("the last two years", {"year_start": THIS_YEAR - 2, "years": 2}),
    ("use 6 cities", {"n_cities": 6}),
    ("2 more cities", {"n_cities": 8}),
    ("12 questions please", {"question_count": 12}),
    ("make it harder", {"difficulty": "advanced"}),
    ("beginner level", {"difficulty": "beginner"}),
    ("add a loyalty program", {"extras": ("loyalty",)}),
    ("set it in Pune", {"place": "Pune"}),
])
def test_understood_feedback_is_applied(feedback: str, expected: dict) -> None:
    res = apply_feedback(feedback, DraftOptions(), get_pack("quick_commerce"))
    assert {k: getattr(res.options, k) for k in expected} == expected
    assert res.applied and not res.not_applied


@pytest.mark.parametrize("feedback", ["rename the company to Acme", "use 40 cities", "from 2010 to 2024",
                                      "30 questions", "add a drone fleet"])
def test_what_cannot_be_applied_is_listed_and_changes_nothing(feedback: str) -> None:
    res = apply_feedback(feedback, DraftOptions(), get_pack("quick_commerce"))
    assert res.options == DraftOptions() and res.not_applied and not res.applied
