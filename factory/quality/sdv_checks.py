"""SDV evidence: metadata built from the spec, `run_diagnostic` over the data (keys, references, structure)
and `evaluate_quality` of the full data against the approved preview. SDV is imported lazily; large tables
are sampled (children follow their sampled parents) so the reports stay fast."""

from __future__ import annotations

import logging
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from factory.answers.tables import RunData
from factory.quality.context import CheckContext
from factory.quality.context import key_columns as table_keys
from factory.spec.models import Schema

DIAGNOSTIC_ROWS = 5_000
QUALITY_ROWS = 3_000
MIN_QUALITY = 0.6
#: properties comparable between a ~30-row preview and the full data (cardinality per parent is not)
COMPARABLE = ("Column Shapes", "Column Pair Trends")


def key_columns(schema: Schema) -> dict[str, set[str]]:
    """Primary and foreign key columns of every table."""
    keys = {t.name: set(table_keys(t)) for t in schema.tables}
    for r in schema.relationships:
        keys.setdefault(r.child_table_name, set()).add(r.child_foreign_key)
    return keys


def parents_first(schema: Schema) -> list[str]:
    """Table names in foreign-key order (parents before children)."""
    done: list[str] = []
    todo = [t.name for t in schema.tables]
    while todo:
        ready = [n for n in todo if all(r.parent_table_name in done or r.parent_table_name == n
                                        for r in schema.relationships if r.child_table_name == n)]
        ready = ready or todo[:1]  # a cycle (invalid spec): keep going
        done += ready
        todo = [n for n in todo if n not in ready]
    return done


def sdv_metadata_dict(schema: Schema, present: dict[str, list[str]]) -> dict[str, Any]:
    """SDV (V1) metadata for the loaded tables and columns: keys are ids, measures numerical, etc."""
    keys = key_columns(schema)
    tables: dict[str, Any] = {}
    for t in schema.tables:
        if t.name not in present:
            continue
        cols: dict[str, Any] = {}
        for c in t.columns:
            if c.name not in present[t.name]:
                continue
            if c.name in keys[t.name] or c.generator.kind == "sequence":
                cols[c.name] = {"sdtype": "id"}
            elif c.type in ("integer", "decimal"):
                cols[c.name] = {"sdtype": "numerical"}
            elif c.type == "boolean":
                cols[c.name] = {"sdtype": "boolean"}
            elif c.type in ("date", "timestamp"):
                cols[c.name] = {"sdtype": "datetime"}
            elif c.generator.kind == "faker":
                cols[c.name] = {"sdtype": "unknown"}
            else:
                cols[c.name] = {"sdtype": "categorical"}
        entry: dict[str, Any] = {"columns": cols}
        if t.primary_key in cols:
            entry["primary_key"] = t.primary_key
        tables[t.name] = entry
    rels = [r.model_dump(include={"parent_table_name", "parent_primary_key", "child_table_name", "child_foreign_key"})
            for r in schema.relationships
            if r.parent_table_name in tables and r.child_table_name in tables
            and r.child_foreign_key in tables[r.child_table_name]["columns"]
            and tables[r.parent_table_name].get("primary_key") == r.parent_primary_key]
    return {"METADATA_SPEC_VERSION": "V1", "tables": tables, "relationships": rels}


def sdv_frames(data: RunData, max_rows: int, seed: int) -> dict[str, pd.DataFrame]:
    """Loaded tables as pandas for SDV: keys as text, recorded duplicate rows dropped, big tables sampled."""
    schema = data.challenge.schema_
    keys = key_columns(schema)
    sampled: dict[str, pa.Array] = {}
    frames: dict[str, pd.DataFrame] = {}
    for name in parents_first(schema):
        tbl = data.tables.get(name)
        if tbl is None:
            continue
        for r in schema.relationships:
            if r.child_table_name == name and r.parent_table_name in sampled and r.child_foreign_key in tbl.column_names:
                fk = pc.cast(tbl[r.child_foreign_key], pa.string())
                tbl = tbl.filter(pc.fill_null(pc.is_in(fk, value_set=sampled[r.parent_table_name]), False))
        t = schema.table(name)
        if tbl.num_rows > max_rows:  # sample in Arrow: only the sample becomes pandas
            rng = np.random.default_rng(seed % 2**32)
            tbl = tbl.take(pa.array(np.sort(rng.choice(tbl.num_rows, size=max_rows, replace=False))))
        if tbl.num_rows < data.tables[name].num_rows and t is not None and t.primary_key in tbl.column_names:
            # sampled, or filtered to sampled parents: its own children must follow
            sampled[name] = pc.unique(pc.cast(tbl.column(t.primary_key), pa.string()))
        df = tbl.to_pandas(date_as_object=False)
        if any(f.get("kind") == "duplicates" and f.get("table") == name for f in data.faults):
            df = df.drop_duplicates()
        for col in keys.get(name, ()):
            if col in df.columns and not pd.api.types.is_numeric_dtype(df[col]):
                df[col] = df[col].astype(str).where(df[col].notna(), None)
        frames[name] = df.reset_index(drop=True)
    return frames


def _quiet() -> None:
    for name in ("sdv", "sdmetrics", "rdt", "copulas"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="sdmetrics")
    warnings.filterwarnings("ignore", module="sdv")


def _metadata(frames: dict[str, pd.DataFrame], schema: Schema) -> Any:
    from sdv.metadata import Metadata  # noqa: PLC0415  (heavy import)

    return Metadata.load_from_dict(sdv_metadata_dict(schema, {k: list(v.columns) for k, v in frames.items()}))


def check_sdv_diagnostic(ctx: CheckContext) -> None:
    """SDV run_diagnostic over the data itself: key uniqueness, referential integrity, table structure."""
    cid, exp = "sdv_diagnostic", "sdv_run_diagnostic"
    try:
        _quiet()
        from sdv.evaluation import run_diagnostic  # noqa: PLC0415

        frames = sdv_frames(ctx.data, DIAGNOSTIC_ROWS, ctx.challenge.seed)
        report = run_diagnostic(frames, frames, _metadata(frames, ctx.schema), verbose=False)
        props = {row["Property"]: round(float(row["Score"]), 4) for _, row in report.get_properties().iterrows()}
        score = float(report.get_score())
    except Exception as exc:  # noqa: BLE001  (SDV raises many types; the check reports it)
        ctx.add("referential_integrity", cid, exp, False, severity="minor",
                message=f"SDV diagnostic could not run: {type(exc).__name__}: {str(exc)[:200]}")
        return
    ok = score >= 0.999
    weak = [k for k, v in props.items() if v < 0.999]
    ctx.add("referential_integrity", cid, exp, ok, severity="major", observed={"score": round(score, 4), **props},
            examples=weak, message="" if ok else f"SDV diagnostic {score:.3f}: {', '.join(weak)} below 1.0")


def check_sdv_quality(ctx: CheckContext, preview: RunData | None) -> None:
    """SDV evaluate_quality of the full data against the approved preview (what the approver saw)."""
    cid, exp = "sdv_quality_vs_preview", "sdv_evaluate_quality"
    if preview is None or not preview.tables:
        return
    try:
        _quiet()
        from sdv.evaluation import evaluate_quality  # noqa: PLC0415

        full = sdv_frames(ctx.data, QUALITY_ROWS, ctx.challenge.seed)
        seen = sdv_frames(preview, QUALITY_ROWS, ctx.challenge.seed)
        common = [n for n in full if n in seen]
        full = {n: full[n][[c for c in full[n].columns if c in seen[n].columns]] for n in common}
        seen = {n: seen[n][list(full[n].columns)] for n in common}
        report = evaluate_quality(seen, full, _metadata(full, ctx.schema), verbose=False)
        props = {row["Property"]: round(float(row["Score"]), 4) for _, row in report.get_properties().iterrows()}
        shape_props = [props[k] for k in COMPARABLE if props.get(k) == props.get(k) and props.get(k) is not None]
        score = sum(shape_props) / len(shape_props) if shape_props else float(report.get_score())
    except Exception as exc:  # noqa: BLE001
        ctx.add("distributions", cid, exp, False, severity="minor",
                message=f"SDV quality report could not run: {type(exc).__name__}: {str(exc)[:200]}")
        return
    ok = score >= MIN_QUALITY
    ctx.add("distributions", cid, exp, ok, severity="minor", observed={"score": round(score, 4), **props},
            message="" if ok else f"full data resembles the approved preview at {score:.0%} only (< {MIN_QUALITY:.0%})")

