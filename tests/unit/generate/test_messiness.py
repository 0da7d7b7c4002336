"""messiness.json is a faithful cleaning answer key: every fault, its rows and examples match the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factory.generate import generate_dataset, generate_tables, make_plan
from factory.generate.messiness import fault_count
from factory.spec.models import Fault
from tests.unit.generate.helpers import load_run, quick_commerce

ROWS = 20_000


@pytest.fixture(scope="module")
def messy_run(tmp_path_factory: pytest.TempPathFactory):
    ch = quick_commerce("advanced")
    faults = list(ch.schema_.messiness.faults) + [
        Fault(kind="spelling", table="dim_customer", column="customer_name", rate=0.05),
        Fault(kind="date_format", table="fact_returns", column="return_date", rate=0.1),
    ]
    ch.schema_.messiness.faults = faults
    ch.schema_.messiness.level = 3
    out = tmp_path_factory.mktemp("messy")
    result = generate_dataset(ch, out, rows=ROWS, formats=("csv", "parquet", "duckdb"))
    clean = generate_tables(make_plan(ch, ROWS, seed=None, max_rows=ROWS))
    return ch, out, result, clean


def test_every_fault_is_recorded_with_its_count(messy_run) -> None:
    ch, out, result, clean = messy_run
    key = json.loads((out / "messiness.json").read_text())
    assert key["level"] == 3
    assert [(f["kind"], f["table"], f["column"]) for f in key["faults"]] == \
        [(f.kind, f.table, f.column) for f in ch.schema_.messiness.faults]
    for f in key["faults"]:
        n = clean[f["table"]].num_rows
        assert f["count"] == fault_count(f["rate"], n) == len(f["rows"]) == len(set(f["rows"]))
        assert f["examples"], f


def test_fault_rows_match_the_written_data(messy_run) -> None:
    ch, out, result, clean = messy_run
    con = load_run(out, ch)
    key = json.loads((out / "messiness.json").read_text())
    for f in key["faults"]:
        t = ch.schema_.table(f["table"])
        pk, col = t.primary_key, f["column"]
        clean_df = clean[t.name].to_pandas().set_index(pk)
        written = con.execute(f'SELECT * FROM "{t.name}"').df()
        if f["kind"] == "duplicates":
            counts = written[pk].value_counts()
            assert sorted(counts[counts > 1].index) == sorted(f["rows"])
            assert len(written) == len(clean_df) + f["count"]
            continue
        written = written.drop_duplicates(subset=pk).set_index(pk)
        changed = [k for k in clean_df.index if str(written.at[k, col]) != str(clean_df.at[k, col])]
        if f["kind"] == "date_format":
            iso = written[col].astype(str).str.fullmatch(r"\d{4}-\d{2}-\d{2}")
            changed = list(written.index[~iso])
        same_column = {k for g in key["faults"] if (g["table"], g["column"]) == (f["table"], col) for k in g["rows"]}
        assert set(f["rows"]) <= set(changed) and set(changed) <= same_column, f["kind"]
        if f["kind"] == "nulls":
            assert written.loc[f["rows"], col].isna().all()
        if f["kind"] == "outliers":
            assert (written.loc[f["rows"], col] > 5 * clean_df.loc[f["rows"], col]).all()
        for ex in f["examples"]:
            assert ex["key"] in f["rows"] and ex["original"] != ex["injected"]


def test_other_formats_hold_the_same_rows(messy_run) -> None:
    import duckdb
    import pyarrow.parquet as pq

    ch, out, result, clean = messy_run
    db = duckdb.connect(str(out / f"{ch.id}.duckdb"), read_only=True)
    for name, t in result.tables.items():
        assert pq.read_metadata(t.files["parquet"]).num_rows == t.rows
        assert db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == t.rows
    assert db.execute("SELECT typeof(return_date) FROM fact_returns LIMIT 1").fetchone()[0] == "VARCHAR"


def test_level_zero_is_clean(tmp_path: Path) -> None:
    ch = quick_commerce("beginner")
    result = generate_dataset(ch, tmp_path, rows=3000)
    recorded = json.loads((tmp_path / "messiness.json").read_text())
    recorded.pop("generation_id", None)  # which generation the folder holds, stamped on every run
    assert recorded == {"level": 0, "faults": []}
    assert result.tables["fact_order_lines"].rows == 3000


def test_overlapping_faults_record_only_rows_they_changed(tmp_path: Path) -> None:
    ch = quick_commerce("advanced")
    ch.schema_.messiness.faults = [Fault(kind="nulls", table="dim_customer", column="customer_name", rate=0.5),
                                   Fault(kind="casing", table="dim_customer", column="customer_name", rate=0.5)]
    generate_dataset(ch, tmp_path, rows=5000)
    nulls, casing = json.loads((tmp_path / "messiness.json").read_text())["faults"]
    assert nulls["count"] == len(nulls["rows"]) == fault_count(0.5, 400)
    assert casing["count"] == len(casing["rows"]) < fault_count(0.5, 400)  # rows already blanked are not claimed
    assert not set(nulls["rows"]) & set(casing["rows"])
