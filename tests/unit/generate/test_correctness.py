"""Every library domain generates clean, consistent data: unique keys, no orphans, rules hold, insights show."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from factory.generate import generate_dataset
from factory.llm.offline.domains import all_domains
from factory.sandbox import quote_ident
from factory.spec.models import Challenge
from tests.unit.generate.helpers import library_challenge, load_run, quick_commerce
from tests.unit.generate.v2_helpers import failures, generate_and_check


def assert_consistent(con: duckdb.DuckDBPyConnection, ch: Challenge, rows: dict[str, int], *,
                      insights: bool = True) -> None:
    """PKs unique and complete, FKs without orphans, every rule returns no rows, insights detectable."""
    schema = ch.schema_
    for t in schema.tables:
        key = ", ".join(quote_ident(k) for k in t.key_columns)
        missing = " OR ".join(f"{quote_ident(k)} IS NULL" for k in t.key_columns)
        n, distinct, nulls = con.execute(
            f"SELECT count(*), count(DISTINCT ({key})), count(*) FILTER (WHERE {missing}) FROM {quote_ident(t.name)}"
        ).fetchone()
        assert n == rows[t.name], f"{t.name}: {n} rows written, {rows[t.name]} asked"
        assert distinct == n and nulls == 0, f"{t.name}.{t.primary_key} is not a unique key"
    for r in schema.relationships:
        if schema.table(r.child_table_name).column(r.child_foreign_key).hidden:
            continue  # a helper key, never shipped (its compiled check runs on the full tables)
        orphans = con.execute(
            f'SELECT count(*) FROM "{r.child_table_name}" c LEFT JOIN "{r.parent_table_name}" p '
            f'ON c."{r.child_foreign_key}" = p."{r.parent_primary_key}" '
            f'WHERE c."{r.child_foreign_key}" IS NOT NULL AND p."{r.parent_primary_key}" IS NULL'
        ).fetchone()[0]
        assert orphans == 0, f"{r.child_table_name}.{r.child_foreign_key}: {orphans} orphans"
        if r.min_children:
            short = con.execute(
                f'SELECT count(*) FROM "{r.parent_table_name}" p WHERE (SELECT count(*) FROM "{r.child_table_name}" c '
                f'WHERE c."{r.child_foreign_key}" = p."{r.parent_primary_key}") < {r.min_children}').fetchone()[0]
            assert short == 0, f"{short} {r.parent_table_name} rows below min_children"
    for rule in schema.rules:
        bad = con.execute(f"SELECT count(*) FROM ({rule.sql.strip().rstrip(';')})").fetchone()[0]
        assert bad == 0, f"rule {rule.id} fails on {bad} rows"
    for ins in schema.insights:
        detected = con.execute(ins.detect_sql).fetchone()[0]
        assert detected is True or (not insights and detected in (False, None)), f"insight {ins.id}: {detected}"


@pytest.mark.parametrize("key", sorted(all_domains()))
def test_library_domain_at_1k_rows_is_consistent(key: str, tmp_path: Path) -> None:
    ch = library_challenge(key, "beginner")
    results = generate_and_check(ch, tmp_path, rows=1000)
    assert not failures(results), failures(results)  # every compiled check of the spec holds
    written = json.loads((tmp_path / "generation.json").read_text())["rows"]
    if ch.schema_.table(ch.schema_.main_table).size.kind == "main":  # else sized by a grid or a parent's counts
        assert written[ch.schema_.main_table] == 1000
    con = load_run(tmp_path, ch)
    # at 1K rows a planted effect may rest on a few dozen rows: detect_sql must run; detection is tested at 20K
    assert_consistent(con, ch, written, insights=False)


@pytest.mark.parametrize("key", sorted(all_domains()))
def test_library_domain_insights_are_detectable_at_20k_rows(key: str, tmp_path: Path) -> None:
    ch = library_challenge(key, "beginner")
    generate_dataset(ch, tmp_path, rows=20_000)
    con = load_run(tmp_path, ch)
    for ins in ch.schema_.insights:
        assert con.execute(ins.detect_sql).fetchone()[0] is True, f"insight {ins.id} not detectable"


def test_quick_commerce_at_100k_rows_is_consistent(tmp_path: Path) -> None:
    ch = quick_commerce("beginner")
    result = generate_dataset(ch, tmp_path, rows=100_000, chunk_rows=40_000)
    assert result.tables["fact_order_lines"].rows == 100_000
    assert result.tables["fact_returns"].rows == 4000
    con = load_run(tmp_path, ch)
    assert_consistent(con, ch, {n: t.rows for n, t in result.tables.items()})
    # lookups and expressions recompute exactly from the written files
    assert con.execute("SELECT count(*) FROM fact_returns r JOIN fact_order_lines l USING (line_id) "
                       "WHERE r.refund_amount <> l.line_amount OR r.order_date <> l.order_date").fetchone()[0] == 0


def test_csv_format_iso_dates_booleans_header(tmp_path: Path) -> None:
    ch = quick_commerce("beginner")
    generate_dataset(ch, tmp_path, rows=200)
    lines = (tmp_path / "datasets" / "fact_order_lines.csv").read_text().splitlines()
    assert lines[0].replace('"', "").split(",") == [c.name for c in ch.schema_.table("fact_order_lines").columns]
    first = lines[1].split(",")
    assert first[1].count("-") == 2 and len(first[1]) == 10  # ISO date
    assert first[-1] in ("true", "false")
    assert len(lines) == 201


@pytest.mark.slow
def test_quick_commerce_at_1m_rows_is_consistent(tmp_path: Path) -> None:
    ch = quick_commerce("beginner")
    result = generate_dataset(ch, tmp_path, rows=1_000_000)
    con = load_run(tmp_path, ch)
    assert_consistent(con, ch, {n: t.rows for n, t in result.tables.items()})


@pytest.mark.slow
@pytest.mark.parametrize("rows", [100_000, 1_000_000])
@pytest.mark.parametrize("key", sorted(all_domains()))
def test_library_domain_at_scale_is_consistent(key: str, rows: int, tmp_path: Path) -> None:
    ch = library_challenge(key, "beginner")
    result = generate_dataset(ch, tmp_path, rows=rows, chunk_rows=250_000)
    con = load_run(tmp_path, ch)
    assert_consistent(con, ch, {n: t.rows for n, t in result.tables.items()})
