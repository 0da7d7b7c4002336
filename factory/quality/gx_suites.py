"""Great Expectations 1.x suites built from the spec: one suite and one validation definition per table.

Each table is validated on its own DataFrame (a checkpoint would send one DataFrame to every definition).
Rows whose key has a recorded messiness fault are left out (the answer key checks them separately). Parent
keys never enter an expectation's config (foreign keys are DuckDB anti-joins in factory.quality.structure).
Expectations that return numpy booleans are wrapped so result storage does not crash.
"""

from __future__ import annotations

import itertools
import logging
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from factory.answers.tables import drop_keys
from factory.quality.context import CheckContext, comparable, key_columns, shipped
from factory.quality.reference import reference_sample
from factory.spec.generators import ChoiceGen, DistributionGen
from factory.spec.models import Table

PANDAS_TYPES: dict[str, list[str]] = {
    "id": ["int64", "Int64", "float64"],
    "integer": ["int64", "Int64", "float64"],
    "decimal": ["float64", "Float64", "int64"],
    "string": ["object", "str", "string", "category"],
    "category": ["object", "str", "string", "category"],
    "boolean": ["bool", "boolean", "object"],
    "date": ["datetime64[ms]", "datetime64[ns]", "datetime64[s]", "datetime64[us]"],
    "timestamp": ["datetime64[us]", "datetime64[ns]", "datetime64[ms]", "datetime64[s]"],
    "year": ["int64", "Int64", "int32", "Int32", "int16", "Int16", "float64"],
}
QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9]


def _gx() -> Any:
    import great_expectations as gx  # noqa: PLC0415  (slow import, only when validating)

    return gx


def new_context() -> Any:
    """An ephemeral GX context without progress bars or analytics (one per validation run)."""
    gx = _gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: PLC0415

    for name in ["great_expectations", *logging.Logger.manager.loggerDict]:
        if name.split(".")[0] == "great_expectations":  # GX sets INFO on some of its own loggers
            logging.getLogger(name).setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.data_sources.add_pandas("run")
    return context


def _plain(value: Any) -> Any:
    """numpy scalars (bool_, float64, int64) inside a result as plain Python values."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def safe_expectations() -> dict[str, type]:
    """Quantile and KL expectations whose results hold plain Python values (GX returns numpy bools)."""
    import great_expectations.expectations as gxe  # noqa: PLC0415

    if not _SAFE:
        class ExpectColumnQuantileValuesToBeBetweenSafe(gxe.ExpectColumnQuantileValuesToBeBetween):
            """Quantile ranges with a JSON-safe result."""

            def _validate(self, metrics: dict, runtime_configuration: dict | None = None,
                          execution_engine: Any = None) -> dict:
                return _plain(super()._validate(metrics, runtime_configuration, execution_engine))

        class ExpectColumnKlDivergenceToBeLessThanSafe(gxe.ExpectColumnKLDivergenceToBeLessThan):
            """KL divergence from the spec's weights with a JSON-safe result."""

            def _validate(self, metrics: dict, runtime_configuration: dict | None = None,
                          execution_engine: Any = None) -> dict:
                return _plain(super()._validate(metrics, runtime_configuration, execution_engine))

        _SAFE.update(quantiles=ExpectColumnQuantileValuesToBeBetweenSafe, kl=ExpectColumnKlDivergenceToBeLessThanSafe)
    return _SAFE


_SAFE: dict[str, type] = {}
_RUNS = itertools.count(1)


def clean_frame(ctx: CheckContext, table: Table) -> pd.DataFrame:
    """The loaded table as pandas, without rows whose key has a recorded fault."""
    keys = key_columns(table)
    tbl = ctx.data.tables[table.name]
    faults = ctx.data.fault_keys(table.name)
    if len(keys) == 1:
        tbl = drop_keys(tbl, keys[0], faults)
    elif faults and all(k in tbl.column_names for k in keys):  # a composite key is recorded as 'a|b'
        text = pc.binary_join_element_wise(*[pc.cast(tbl[k], pa.string()) for k in keys], "|")
        hit = pc.is_in(text, value_set=pa.array(sorted(faults), pa.string()))
        tbl = tbl.filter(pc.invert(pc.fill_null(hit, False)))
    # non-key text as pandas categoricals: GX copies the frame for every map expectation, codes copy cheaply
    cols = {n: pc.dictionary_encode(tbl[n]) if pa.types.is_string(tbl[n].type) and n not in keys else tbl[n]
            for n in tbl.column_names}
    return pa.table(cols).to_pandas(date_as_object=False)


def _expectations(ctx: CheckContext, table: Table, df: pd.DataFrame) -> list[tuple[Any, dict[str, str]]]:
    """(expectation, meta) pairs for one table, all derived from the spec."""
    import great_expectations.expectations as gxe  # noqa: PLC0415

    t = table.name
    spec_cols = [c.name for c in shipped(table)]
    keys = key_columns(table)
    out: list[tuple[Any, dict[str, str]]] = [
        (gxe.ExpectTableColumnsToMatchOrderedList(column_list=spec_cols),
         {"id": f"columns.{t}", "category": "schema_conformance", "severity": "critical", "column": ""}),
    ]
    for c in table.columns:
        meta = {"category": "schema_conformance", "column": c.name}
        if c.name not in df.columns:
            continue
        if c.type not in ("string", "category") and str(df[c.name].dtype) not in ("object", "category"):
            # column-level dtype check (text columns would be checked value by value: slow, and text is text)
            out.append((gxe.ExpectColumnValuesToBeInTypeList(column=c.name, type_list=PANDAS_TYPES[c.type]),
                        {**meta, "id": f"dtype.{t}.{c.name}", "severity": "major"}))
        is_pk = c.name in keys
        if not c.nullable or is_pk:
            out.append((gxe.ExpectColumnValuesToNotBeNull(column=c.name),
                        {**meta, "id": f"not_null.{t}.{c.name}", "severity": "critical" if is_pk else "major"}))
        if is_pk and len(keys) == 1:
            out.append((gxe.ExpectColumnValuesToBeUnique(column=c.name),
                        {**meta, "id": f"pk_unique.{t}.{c.name}", "severity": "critical"}))
        g = comparable(c)
        if isinstance(g, ChoiceGen) and c.type != "boolean" and not _has_effect(ctx, t, c.name):
            out.append((gxe.ExpectColumnValuesToBeInSet(column=c.name, value_set=[v for v in g.values if v is not None]),
                        {"category": "diversity", "column": c.name, "id": f"in_set.{t}.{c.name}", "severity": "major"}))
        if isinstance(g, ChoiceGen) and not g.cycle and not _has_effect(ctx, t, c.name) and len(df) >= 30:
            weights = g.weights or [1.0] * len(g.values)
            merged: dict[Any, float] = {}
            for v, w in zip(g.values, weights, strict=False):
                merged[v] = merged.get(v, 0.0) + w / sum(weights)
            if len(merged) > 1:
                limit = max(0.05, 2.0 * (len(merged) - 1) / len(df))  # sampling noise of KL ~ (k - 1) / 2n
                out.append((safe_expectations()["kl"](column=c.name, threshold=limit, partition_object={
                    "values": list(merged), "weights": list(merged.values())}),
                    {"category": "distributions", "column": c.name, "id": f"kl.{t}.{c.name}", "severity": "minor"}))
        if isinstance(g, DistributionGen):
            lo, hi = _bounds(ctx, t, c.name, g)
            if lo is not None or hi is not None:
                out.append((gxe.ExpectColumnValuesToBeBetween(column=c.name, min_value=lo, max_value=hi),
                            {"category": "distributions", "column": c.name, "id": f"range.{t}.{c.name}", "severity": "major"}))
            if not _has_effect(ctx, t, c.name) and len(df) >= 200:
                ranges = _quantile_ranges(ctx, g, c.type, len(df))
                out.append((safe_expectations()["quantiles"](column=c.name, quantile_ranges={"quantiles": QUANTILES, "value_ranges": ranges}),
                            {"category": "distributions", "column": c.name, "id": f"quantiles.{t}.{c.name}", "severity": "minor"}))
    if len(keys) > 1 and all(k in df.columns for k in keys):
        out.append((gxe.ExpectCompoundColumnsToBeUnique(column_list=keys),
                    {"category": "schema_conformance", "column": "|".join(keys), "id": f"pk_unique.{t}.{'|'.join(keys)}",
                     "severity": "critical"}))
    return out


def _has_effect(ctx: CheckContext, table: str, column: str) -> bool:
    return any(i.effect.table == table and i.effect.column == column for i in ctx.schema.insights)


def _bounds(ctx: CheckContext, table: str, column: str, g: DistributionGen) -> tuple[float | None, float | None]:
    """[min, max] of a distribution, widened by scale effects (they multiply after clipping)."""
    lo, hi = g.min, g.max
    for ins in ctx.schema.insights:
        e = ins.effect
        if e.kind == "scale" and e.table == table and e.column == column:
            lo = None if lo is None else min(lo, lo * e.factor)
            hi = None if hi is None else max(hi, hi * e.factor)
    if g.round is not None and g.round >= 0:
        pad = 0.5 * 10 ** (-g.round)
        lo, hi = (None if lo is None else lo - pad), (None if hi is None else hi + pad)
    return lo, hi


def _quantile_ranges(ctx: CheckContext, g: DistributionGen, type_: str, rows: int) -> list[list[float]]:
    ref = reference_sample(g, ctx.challenge.seed, 50_000, integer=type_ == "integer")
    qs = np.quantile(ref, QUANTILES)
    spread = float(qs[-1] - qs[0]) or 1.0
    step = 10 ** (-(g.round or 0)) if (g.round is not None or type_ == "integer") else 0.0
    tol = spread * (0.1 + 2.0 / max(rows, 1) ** 0.5) + step  # sampling error shrinks with rows
    return [[float(v - tol), float(v + tol)] for v in qs]


def run_table_suites(ctx: CheckContext, context: Any) -> None:
    """Validate every loaded table with its own suite and validation definition; record each result."""
    gx = _gx()
    source = context.data_sources.get("run")
    run = next(_RUNS)  # a context may be reused across runs: names stay unique
    for table in ctx.schema.tables:
        if not ctx.has(table.name):
            continue
        df = clean_frame(ctx, table)
        name = f"{ctx.challenge.id}.{table.name}.{run}"
        asset = source.add_dataframe_asset(name)
        batch = asset.add_batch_definition_whole_dataframe(name)
        suite = gx.ExpectationSuite(name=name)
        metas: dict[str, dict[str, str]] = {}
        for exp, meta in _expectations(ctx, table, df):
            exp.meta = {"check_id": meta["id"]}
            metas[meta["id"]] = meta
            suite.add_expectation(exp)
        suite = context.suites.add(suite)
        vd = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        keys = key_columns(table) if all(k in df.columns for k in key_columns(table)) else []
        fmt: dict[str, Any] = {"result_format": "SUMMARY", "partial_unexpected_count": 5}
        if keys:
            fmt["unexpected_index_column_names"] = keys
        result = vd.run(batch_parameters={"dataframe": df}, result_format=fmt)
        for r in result.results:
            meta = metas.get((r.expectation_config.meta or {}).get("check_id", ""))
            if meta is not None:
                _record(ctx, table, meta, r, len(df))


def _record(ctx: CheckContext, table: Table, meta: dict[str, str], r: Any, total: int) -> None:
    res = dict(r.result or {})
    exc = _raised(r.exception_info)
    raised = bool(exc)
    values = ["|".join(str(x) for x in v.values()) if isinstance(v, dict) else v  # compound keys come as rows
              for v in res.get("partial_unexpected_list") or [] if isinstance(v, dict) or not _missing(v)]
    pks = key_columns(table)
    keys = ["|".join(str(k.get(x)) for x in pks) if isinstance(k, dict) else k
            for k in res.get("partial_unexpected_index_list") or []]
    examples = list(dict.fromkeys(values)) or list(dict.fromkeys(keys))
    message = ""
    if raised:
        message = f"expectation could not run: {str(exc.get('exception_message', ''))[:200]}"
    elif not r.success:
        message = _message(meta, res, keys)
    ctx.add(meta["category"], meta["id"], r.expectation_config.type, bool(r.success) and not raised,
            table=table.name, column=meta["column"], severity=meta["severity"],  # type: ignore[arg-type]
            unexpected_count=res.get("unexpected_count"), total=total if res.get("unexpected_count") is not None else None,
            examples=examples, observed=res.get("observed_value"), message=message)


def _raised(info: Any) -> dict[str, Any]:
    """The exception info of an expectation that raised (GX nests it per metric), or {}."""
    if not isinstance(info, dict):
        return {}
    if info.get("raised_exception"):
        return info
    return next((v for v in info.values() if isinstance(v, dict) and v.get("raised_exception")), {})


def _missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA (nulls say nothing as examples: their keys do)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _message(meta: dict[str, str], res: dict[str, Any], keys: list[Any]) -> str:
    count = res.get("unexpected_count")
    if count is None:
        return f"observed {res.get('observed_value')}"
    where = f" (keys: {', '.join(str(k) for k in dict.fromkeys(keys))})" if keys else ""
    return f"{count} unexpected value(s){where}"
