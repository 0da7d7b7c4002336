"""SDV evidence: metadata built from the spec, and samples that keep every sampled child's parent."""

from __future__ import annotations

from pathlib import Path

from factory.answers import load_run
from factory.quality.sdv_checks import parents_first, sdv_frames, sdv_metadata_dict


def test_metadata_from_the_spec(clean_run: Path) -> None:
    data = load_run(clean_run)
    meta = sdv_metadata_dict(data.challenge.schema_, {n: t.column_names for n, t in data.tables.items()})
    fact = meta["tables"]["fact_order_lines"]
    assert fact["primary_key"] == "line_id"
    assert fact["columns"]["customer_id"]["sdtype"] == "id"
    assert fact["columns"]["quantity"]["sdtype"] == "numerical"
    assert fact["columns"]["payment_method"]["sdtype"] == "categorical"
    assert fact["columns"]["is_late"]["sdtype"] == "boolean"
    assert len(meta["relationships"]) == len(data.challenge.schema_.relationships)


def test_samples_keep_references_inside_the_sample(clean_run: Path) -> None:
    data = load_run(clean_run)
    schema = data.challenge.schema_
    frames = sdv_frames(data, max_rows=100, seed=3)
    assert len(frames["fact_order_lines"]) == 100 and len(frames["dim_customer"]) == 100
    for r in schema.relationships:
        child = frames[r.child_table_name][r.child_foreign_key].dropna().astype(str)
        parent = set(frames[r.parent_table_name][r.parent_primary_key].astype(str))
        assert set(child) <= parent, f"{r.child_table_name}.{r.child_foreign_key} points outside the sample"
    assert parents_first(schema).index("dim_customer") < parents_first(schema).index("fact_order_lines")
