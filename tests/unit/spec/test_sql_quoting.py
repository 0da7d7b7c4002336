"""SQL the factory writes quotes every spec name (spaces, capitals) for DuckDB, MySQL and PostgreSQL, declares
composite keys, decimal(p,s) and year, and never ships hidden columns."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from factory.reports.base import ReportContext
from factory.reports.run_data import RunData
from factory.reports.sql_scripts import DIALECTS, collect_facts
from factory.settings import get_settings
from factory.spec import validate_challenge
from factory.spec.models import Challenge
from tests.unit.constraints.world import connection, world
from tests.unit.spec.v2_spec import challenge_dict, column, composite_capacity

HIDDEN = {("dim_customer", "segment_code")}


@pytest.fixture()
def ctx(tmp_path: Path) -> ReportContext:
    spec = composite_capacity(challenge_dict())
    column(spec, "fact_main", "nights").update(type="decimal", precision=6, scale=2)
    ch: Challenge = validate_challenge(spec)
    data = world()
    data["fact_main"]["nights"] = [float(n) + 0.25 for n in data["fact_main"]["nights"]]
    folder = tmp_path / "datasets"
    folder.mkdir()
    for name, cols in data.items():
        names = [k for k in cols if (name, k) not in HIDDEN]
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(names)
            w.writerows(zip(*(["" if v is None else v for v in cols[k]] for k in names), strict=True))
    run = RunData(run_dir=tmp_path, challenge=ch, qa={}, answers={}, messiness={},
                  con=connection(data, hidden=HIDDEN), duckdb_path=None)
    return ReportContext(run=run, profile=None, settings=get_settings())


def _scripts(ctx: ReportContext, name: str) -> tuple[str, str]:
    d = next(x for x in DIALECTS if x.name == name)
    facts = collect_facts(ctx.run)
    return d.schema_sql(ctx, facts), d.load_sql(ctx, facts)


def test_duckdb_scripts_load_names_with_spaces(ctx: ReportContext, monkeypatch: pytest.MonkeyPatch) -> None:
    schema_sql, load_sql = _scripts(ctx, "duckdb")
    monkeypatch.chdir(ctx.run.run_dir)
    con = duckdb.connect()
    con.execute(schema_sql)
    con.execute(load_sql)
    assert con.execute('SELECT count(*) FROM "Room Class" WHERE "room class id" = 2').fetchone()[0] == 1
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_name IN ('fact_main', 'dim_date')").fetchall())
    assert types["nights"] == "DECIMAL(6,2)" and types["fiscal year"] == "INTEGER"
    cols = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_name = 'dim_customer'").fetchall()]
    assert "segment_code" not in cols and "signup_date" in cols
    with pytest.raises(duckdb.ConstraintException):  # the composite primary key is declared
        con.execute("INSERT INTO fact_capacity SELECT * FROM fact_capacity LIMIT 1")


def test_mysql_and_postgres_quote_every_name(ctx: ReportContext) -> None:
    my_schema, my_load = _scripts(ctx, "mysql")
    pg_schema, pg_load = _scripts(ctx, "postgresql")
    assert "CREATE TABLE `Room Class` (" in my_schema and "`room class id` BIGINT NOT NULL" in my_schema
    assert "PRIMARY KEY (`hotel_id`, `room class id`, `date`)" in my_schema
    assert "`fiscal year` YEAR" in my_schema and "`nights` DECIMAL(6, 2)" in my_schema
    assert "INTO TABLE `Room Class`" in my_load and "`room class id` = NULLIF(@v0, '')" in my_load
    assert 'CREATE TABLE "Room Class" (' in pg_schema and '"fiscal year" SMALLINT' in pg_schema
    assert 'PRIMARY KEY ("hotel_id", "room class id", "date")' in pg_schema
    assert '\\copy "Room Class" ("room class id", "class name") FROM \'datasets/Room Class.csv\'' in pg_load
    for text in (my_schema, my_load, pg_schema, pg_load):
        assert "segment_code" not in text
