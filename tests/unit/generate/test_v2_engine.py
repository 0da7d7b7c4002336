"""The engine pieces of spec v2 on their own: grid layouts, count layouts, bounded dates, popularity caps, match
draws, numbering across chunks, person names; and the errors a contradiction gives at generation time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from factory.errors import GenerationError
from factory.generate import generate_dataset
from factory.generate.columns import day_number
from factory.generate.dates import DayCdf, bounded_days
from factory.generate.layout import CountRows, GridRows, RowNumbers
from factory.generate.names import PersonNames, gender_codes, name_pools
from factory.generate.popularity import MatchedDraw, cap_shares
from factory.generate.randomness import BLOCK_ROWS, stream_key
from factory.spec.generators import DateGen
from factory.spec.models import Challenge
from tests.unit.generate.helpers import load_run
from tests.unit.generate.v2_helpers import failures, generate_and_check
from tests.unit.generate.v2_specs import challenge, column, hotel, relationship, story


@pytest.mark.parametrize("density", [1.0, 0.35, 0.999])
def test_grid_rows_are_distinct_ordered_combinations_at_any_split(density: float) -> None:
    sizes = [37, 1200, 30]  # 1.3M combinations: two segments
    product = 37 * 1200 * 30
    rows = product if density == 1 else round(density * product)
    grid = GridRows(7, "t", sizes, rows)
    whole = grid.combinations(0, rows)
    assert len(whole) == rows and (np.diff(whole) > 0).all() and whole[-1] < product
    pieces = np.concatenate([GridRows(7, "t", sizes, rows).combinations(a, min(a + 99_999, rows))
                             for a in range(0, rows, 99_999)])
    assert (pieces == whole).all()
    p0, p1, p2 = grid.parent_indices(0, rows)
    assert ((p0 * 1200 + p1) * 30 + p2 == whole).all() and p0.max() < 37 and p2.max() < 30
    assert not (GridRows(8, "t", sizes, rows).combinations(0, rows) == whole).all() or density == 1


def test_grid_denser_than_its_parents_is_refused() -> None:
    with pytest.raises(GenerationError, match="denser"):
        GridRows(1, "fact_cells", [3, 4], 13)


def test_count_rows_give_each_parent_exactly_its_children() -> None:
    counts = np.array([2, 0, 3, 1, 0, 0, 4])
    layout = CountRows(counts)
    assert layout.rows == 10
    assert layout.parent_indices(0, 10).tolist() == [0, 0, 2, 2, 2, 3, 6, 6, 6, 6]
    assert layout.parent_indices(3, 7).tolist() == [2, 2, 3, 6]


def test_row_numbers_continue_across_chunks() -> None:
    groups = np.array([0, 1, 0, 2, 1, 0, 2, 2, 0])
    whole = RowNumbers(1).number([groups], 0, dense_size=3)
    split = RowNumbers(1)
    parts = [split.number([groups[:4]], 0, dense_size=3), split.number([groups[4:]], 4, dense_size=3)]
    assert whole.tolist() == [1, 1, 2, 1, 2, 3, 2, 3, 4] == np.concatenate(parts).tolist()
    text = RowNumbers(10)
    keys = pa.array(["a", "b", None, "a", None])
    assert text.number([keys], 0).tolist() == [10, 10, 10, 11, 11]
    with pytest.raises(GenerationError):
        text.number([keys], 99)


def test_bounded_dates_stay_inside_each_row_interval_and_keep_the_seasonality() -> None:
    g = DateGen(month_weights=[1] * 11 + [6])  # December six times as busy
    first, last = day_number(dt.date(2024, 1, 1)), day_number(dt.date(2024, 12, 31))
    cdf = DayCdf(g, first, last)
    rng = np.random.default_rng(3)
    n = 200_000
    lo = first + rng.integers(0, 300, n)
    hi = np.minimum(lo + rng.integers(0, 200, n), last)
    days = bounded_days(cdf, rng.random(n), lo, hi, "t.c")
    assert ((days >= lo) & (days <= hi)).all()
    wide = bounded_days(cdf, rng.random(n), np.full(n, first), np.full(n, last), "t.c")
    december = (wide >= day_number(dt.date(2024, 12, 1))).mean()
    assert 6 * 31 / (335 + 6 * 31) - 0.01 < december < 6 * 31 / (335 + 6 * 31) + 0.01
    outside = bounded_days(cdf, rng.random(5), np.full(5, last + 3), np.full(5, last + 9), "t.c")
    assert ((outside >= last + 3) & (outside <= last + 9)).all()  # an interval past the window still holds
    with pytest.raises(GenerationError, match="no valid date"):
        bounded_days(cdf, rng.random(3), np.array([first + 5] * 3), np.array([first + 4] * 3), "t.c")


def test_capped_shares_never_exceed_the_bound_and_keep_the_order() -> None:
    w = 1.0 / np.arange(1, 501) ** 1.2
    capped = cap_shares(w, 0.03, 1_000_000)
    shares = capped / capped.sum()
    assert shares.max() <= 0.03 and (np.diff(shares) <= 1e-15).all()
    assert np.allclose(cap_shares(w, None, 10), w)


def test_match_draws_a_parent_with_the_same_value_except_the_seeded_share() -> None:
    parent_city = pa.array([1, 2, 1, 3, 2, 1])
    draw = MatchedDraw(parent_city, np.ones(6), exceptions=0.1)
    n = 50_000
    rng = np.random.default_rng(0)
    rows = pa.array(rng.choice([1, 2, 3, 4], n))  # no parent has city 4
    fallback = rng.integers(0, 6, n)
    idx = draw.draw(rows, rng.random(n), rng.random(n), fallback)
    same = np.asarray(parent_city)[idx] == np.asarray(rows)
    known = np.asarray(rows) != 4
    assert 0.055 < 1 - same[known].mean() < 0.08  # 10% drawn from any parent; a third of those match anyway
    assert (idx[~known] == fallback[~known]).all()


def test_person_names_agree_with_gender_and_repeat_near_the_rate() -> None:
    male, female, last = name_pools("en_IN")
    assert not set(male) & set(female) and len(last) > 100
    n = 60_000
    names = PersonNames("en_IN", "full", 0.03, n, tuple(stream_key(1, "t", "n", k) for k in "abc"))
    genders = gender_codes(pa.array(["Male", "female", None, "x"] * (n // 4)), n)
    assert genders[:4].tolist() == [0, 1, 2, 2]
    out = names.values(genders, 0, n).to_pylist()
    firsts = [s.split(" ")[0] for s in out]
    assert all(f in male for f, g in zip(firsts, genders, strict=True) if g == 0)
    assert all(f in female for f, g in zip(firsts, genders, strict=True) if g == 1)
    repeats = 1 - len(set(out)) / n
    assert 0.015 < repeats < 0.035
    again = names.values(genders[BLOCK_ROWS:], BLOCK_ROWS, n).to_pylist()
    assert again == out[BLOCK_ROWS:]


def test_contradicting_time_order_is_refused_naming_the_column(tmp_path: Path) -> None:
    ch = hotel(1)
    bookings = ch.schema_.table("fact_bookings")
    booked = bookings.column("booking_date").generator
    booked.start, booked.after, booked.lag_min = None, "check_in_date", 3  # after check-in and before it
    with pytest.raises(GenerationError, match="fact_bookings.booking_date") as info:
        generate_dataset(ch, tmp_path / "run")
    assert "no valid date" in str(info.value)
    assert not (tmp_path / "run").exists()


def _subscriptions() -> Challenge:
    """Viewing sessions inside an active subscription of the viewer; many subscriptions lie outside the year."""
    tables = [
        {"name": "dim_subscription", "kind": "dimension", "primary_key": "subscription_id",
         "size": {"kind": "fixed", "rows": 300},
         "columns": [column("subscription_id", "integer", {"kind": "sequence"}),
                     column("start_date", "date", {"kind": "date", "start": "2022-06-01", "end": "2025-06-30"}),
                     column("end_date", "date", {"kind": "date", "after": "start_date", "lag_min": 30, "lag_max": 240})]},
        {"name": "fact_sessions", "kind": "fact", "primary_key": "session_id", "size": {"kind": "main"},
         "columns": [column("session_id", "integer", {"kind": "sequence"}),
                     column("subscription_id", "integer", {"kind": "foreign_key", "skew": 0.5}),
                     column("session_date", "date", {"kind": "date", "after": "subscription_id.start_date",
                                                 "before": "subscription_id.end_date"})]},
    ]
    schema = {"window": {"start": "2024-01-01", "end": "2024-12-31"}, "main_table": "fact_sessions",
              "tables": tables, "relationships": [relationship("dim_subscription", "subscription_id", "fact_sessions",
                                                       "subscription_id")]}
    problem = story("Streamly", "streaming", "fact_sessions",
                       [("session_id", "sessions"), ("subscription_id", "subscriptions"), ("session_date", "days"),
                        ("session_id", "views"), ("subscription_id", "viewers")])
    return challenge("v2-sessions", problem, schema)


def test_parents_are_chosen_so_every_row_has_a_valid_date(tmp_path: Path) -> None:
    ch = _subscriptions()
    results = generate_and_check(ch, tmp_path / "run", rows=20_000)
    assert not failures(results), failures(results)
    con = load_run(tmp_path / "run", ch)
    outside = con.execute("""SELECT count(*) FROM fact_sessions f JOIN dim_subscription s USING (subscription_id)
        WHERE f.session_date NOT BETWEEN s.start_date AND s.end_date
           OR f.session_date NOT BETWEEN DATE '2024-01-01' AND DATE '2024-12-31'""").fetchone()[0]
    never = con.execute("""SELECT count(*) FROM dim_subscription WHERE end_date < DATE '2024-01-01'
        OR start_date > DATE '2024-12-31'""").fetchone()[0]
    assert outside == 0 and never > 50  # subscriptions outside the year exist but get no sessions
