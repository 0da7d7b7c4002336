"""Every generator kind, distribution, sizing kind and effect of the spec, on a synthetic schema."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from factory.generate import generate_tables, make_plan
from factory.llm.offline.build import (
    choice,
    col,
    date,
    date_dimension,
    dist,
    expr,
    faker,
    fk,
    lookup,
    rel,
    seq,
)
from factory.spec.generators import CalendarGen
from factory.spec.models import (
    Challenge,
    FixedSize,
    Insight,
    MainSize,
    RatioSize,
    ScaleEffect,
    Schema,
    ShiftEffect,
    Table,
    Window,
)
from tests.unit.generate.helpers import quick_commerce

W = Window(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
DISTS = {
    "uniform": dict(low=10, high=20), "normal": dict(mean=50, sd=5), "lognormal": dict(mean=3, sigma=0.5),
    "poisson": dict(lam=3), "zipf": dict(a=2.0), "exponential": dict(scale=4), "gamma": dict(shape=2, scale=3),
    "pareto": dict(a=3, scale=100), "triangular": dict(left=1, mode=2, right=9), "binomial": dict(n=10, p=0.3),
}


def synthetic() -> Challenge:
    agents = Table(name="dim_agent", kind="dimension", primary_key="agent_code", size=FixedSize(rows=40), columns=[
        col("agent_code", "string", "", seq("AG", 3, start=7)),
        col("agent_name", "string", "", faker("name", unique=True)),
        col("team", "category", "", choice(["North", "South", "East", "West"], cycle=True)),
        col("capacity", "decimal", "", dist("uniform", 1, 10, 1, low=1, high=10)),
    ])
    tickets = Table(name="fact_ticket", kind="fact", primary_key="ticket_id", size=MainSize(), columns=[
        col("ticket_id", "id", "", seq(start=1000)),
        col("opened_at", "timestamp", "", date(hour_weights=[0] * 9 + [5] * 9 + [0] * 6, weekday_weights=[1] * 5 + [0, 0])),
        col("closed_at", "timestamp", "", date(after="opened_at", lag_min=30, lag_max=600)),
        col("open_day", "date", "", expr("CAST(opened_at AS DATE)")),
        col("follow_up", "date", "", date(after="open_day", lag_min=1, lag_max=3)),
        col("agent_code", "string", "", fk(0.0, weight_column="capacity")),
        col("agent_team", "category", "", lookup("agent_code", "team")),
        col("is_weekend_day", "boolean", "", lookup("open_day", "is_weekend")),
        col("priority", "category", "", choice(["low", "high"], [0.9, 0.1])),
        col("minutes", "integer", "", dist("normal", 1, 500, 0, mean=60, sd=10)),
        *[col(f"d_{name}", "integer" if name in ("poisson", "zipf", "binomial") else "decimal", "",
              dist(name, 0, 1000, 2 if name not in ("poisson", "zipf", "binomial") else 0, **params))
          for name, params in DISTS.items()],
    ])
    notes = Table(name="fact_note", kind="fact", primary_key="note_id", size=RatioSize(ratio=0.5, min_rows=10, max_rows=900),
                  columns=[col("note_id", "id", "", seq()), col("ticket_id", "id", "", fk(1.0))])
    schema = Schema(
        window=W, main_table="fact_ticket", tables=[date_dimension(), agents, tickets, notes],
        relationships=[rel("dim_date", "date", "fact_ticket", "open_day"), rel("dim_agent", "agent_code", "fact_ticket", "agent_code"),
                       rel("fact_ticket", "ticket_id", "fact_note", "ticket_id")],
        insights=[
            Insight(id="slow_south", title="t", statement="s", detect_sql="SELECT true",
                    effect=ScaleEffect(table="fact_ticket", column="minutes", where="agent_team = 'South'", factor=2.0)),
            Insight(id="urgent_weekdays", title="t", statement="s", detect_sql="SELECT true",
                    effect=ShiftEffect(table="fact_ticket", column="priority", where="agent_team = 'North'", value="high", probability=0.8)),
        ])
    schema.relationships[2].max_children = 1
    base = quick_commerce("beginner")
    return Challenge(id="synthetic-1", seed=5, problem=base.problem, schema=schema)


@pytest.fixture(scope="module")
def tables() -> dict[str, pa.Table]:
    ch = synthetic()
    return generate_tables(make_plan(ch, 20_000, seed=None, max_rows=20_000))


def test_sizes_keys_and_unique_faker(tables: dict[str, pa.Table]) -> None:
    assert tables["dim_date"].num_rows == 366 and tables["fact_ticket"].num_rows == 20_000
    assert tables["fact_note"].num_rows == 900  # ratio 0.5 capped by max_rows
    agents = tables["dim_agent"].to_pydict()
    assert agents["agent_code"][:2] == ["AG007", "AG008"]
    assert len(set(agents["agent_name"])) == 40
    assert agents["team"][:5] == ["North", "South", "East", "West", "North"]
    assert tables["fact_ticket"].column("ticket_id").to_pylist()[:2] == [1000, 1001]


def test_timestamps_hours_weekdays_and_event_order(tables: dict[str, pa.Table]) -> None:
    t = tables["fact_ticket"].to_pandas()
    assert t.opened_at.dt.hour.between(9, 17).all() and (t.opened_at.dt.weekday < 5).all()
    lag = (t.closed_at - t.opened_at).dt.total_seconds() / 60
    assert lag.between(30, 600).all() and lag.std() > 50
    follow = (pd.to_datetime(t.follow_up) - pd.to_datetime(t.open_day)).dt.days
    assert (pd.to_datetime(t.open_day) == t.opened_at.dt.normalize()).all()
    assert set(follow.unique()) == {1, 2, 3}


def test_foreign_keys_weights_lookups_and_max_children(tables: dict[str, pa.Table]) -> None:
    t, a = tables["fact_ticket"].to_pandas(), tables["dim_agent"].to_pandas().set_index("agent_code")
    assert (t.agent_team == a.loc[t.agent_code, "team"].to_numpy()).all()
    assert not t.is_weekend_day.any()
    counts = t.agent_code.value_counts().reindex(a.index, fill_value=0)
    assert np.corrcoef(counts, a.capacity)[0, 1] > 0.8
    notes = tables["fact_note"].to_pandas()
    assert notes.ticket_id.is_unique and notes.ticket_id.isin(t.ticket_id).all()


def test_distributions_are_clipped_rounded_and_shaped(tables: dict[str, pa.Table]) -> None:
    t = tables["fact_ticket"].to_pandas()
    for name in DISTS:
        x = t[f"d_{name}"]
        assert x.between(0, 1000).all(), name
        assert (x.round(2) == x).all(), name
    assert t.d_uniform.between(10, 20).all() and abs(t.d_normal.mean() - 50) < 0.5
    assert abs(t.d_poisson.mean() - 3) < 0.1 and abs(t.d_binomial.mean() - 3) < 0.1
    assert t.d_pareto.min() >= 100 and t.d_triangular.between(1, 9).all()
    assert abs(t.d_gamma.mean() - 6) < 0.3 and abs(t.d_exponential.mean() - 4) < 0.3
    assert t.d_zipf.min() >= 1 and (t.d_zipf == 1).mean() > 0.5


def test_effects_scale_and_shift_matching_rows(tables: dict[str, pa.Table]) -> None:
    t = tables["fact_ticket"].to_pandas()
    south = t[t.agent_team == "South"].minutes.mean() / t[t.agent_team != "South"].minutes.mean()
    assert 1.9 < south < 2.1
    north = (t[t.agent_team == "North"].priority == "high").mean()
    other = (t[t.agent_team != "North"].priority == "high").mean()
    assert abs(north - 0.8) < 0.03 and abs(other - 0.1) < 0.02


def test_event_date_referencing_the_calendar_stays_in_the_window() -> None:
    ch = quick_commerce("beginner")
    returns = ch.schema_.table("fact_returns")
    returns.column("return_date").generator = date(after="order_date", lag_min=0, lag_max=30)
    ch.schema_.relationships.append(rel("dim_date", "date", "fact_returns", "return_date"))
    t = generate_tables(make_plan(ch, 20_000, seed=None, max_rows=20_000))["fact_returns"].to_pandas()
    end = ch.schema_.window.end
    assert (t.return_date <= end).all() and (t.return_date >= t.order_date).all()
    assert (t.return_date == end).sum() < 0.05 * len(t)


def test_calendar_generator_is_consecutive(tables: dict[str, pa.Table]) -> None:
    d = tables["dim_date"].column("date").to_pylist()
    assert d[0] == W.start and d[-1] == W.end and isinstance(date_dimension().columns[0].generator, CalendarGen)
