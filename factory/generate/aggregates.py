"""Aggregate columns: a parent column equal to the count / sum / min / max of its children in the data.

The child table is generated after the parent (foreign-key order), so the parent's aggregate columns are
accumulated while the child's chunks stream by and the parent table is written afterwards (regenerated from its
seed with the aggregates filled in). Accumulation is exact and chunk-independent: counts are integers, sums of
whole-number columns are int64, other sums are added row by row in row order (np.add.at), min / max are order-free.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from factory.errors import GenerationError
from factory.generate.columns import ARROW_TYPES
from factory.spec.models import Column, Schema, Table


@dataclass
class AggregateSpec:
    """Where one aggregate column of `table` comes from."""

    table: str
    column: Column
    child: str
    fk: str
    fn: str
    source: str | None
    where: str | None
    default: object


def aggregate_specs(schema: Schema) -> list[AggregateSpec]:
    """Every aggregate column of the schema, with the child foreign key that joins it."""
    out = []
    for t in schema.tables:
        for c in t.columns:
            g = c.generator
            if getattr(g, "kind", "") != "aggregate":
                continue
            rel = next((r for r in schema.relationships
                        if r.child_table_name == g.child and r.parent_table_name == t.name), None)
            if rel is None:
                raise GenerationError(f"aggregate over {g.child}, which has no foreign key to {t.name}",
                                      table=t.name, column=c.name)
            out.append(AggregateSpec(t.name, c, g.child, rel.child_foreign_key, g.fn, getattr(g, "column", None),
                                     getattr(g, "where", None), getattr(g, "default", None)))
    return out


class Accumulator:
    """One aggregate column's running values over the parent's rows."""

    def __init__(self, spec: AggregateSpec, parent_rows: int) -> None:
        self.spec, self.rows = spec, parent_rows
        self.count = np.zeros(parent_rows, dtype=np.int64)
        self.acc: np.ndarray | None = None

    def add(self, parent_idx: np.ndarray, source: pa.Array | None, mask: np.ndarray | None) -> None:
        """Fold in one chunk of children: their parent rows, the aggregated column and the `where` mask."""
        keep = parent_idx >= 0
        if mask is not None:
            keep &= mask
        if source is not None and source.null_count:
            keep &= ~np.asarray(source.is_null())
        idx = parent_idx[keep]
        self.count += np.bincount(idx, minlength=self.rows)
        if self.spec.fn == "count" or source is None:
            return
        x = _numbers(source)[keep]
        fn = self.spec.fn
        if self.acc is None:
            init = {"sum": 0, "min": np.inf, "max": -np.inf}[fn]
            self.acc = np.full(self.rows, init, dtype=x.dtype if fn == "sum" else np.float64)
        {"sum": np.add, "min": np.minimum, "max": np.maximum}[fn].at(self.acc, idx, x)

    def result(self) -> pa.Array:
        """The column: the aggregate where a parent has children, the default (NULL if none) elsewhere."""
        c = self.spec.column
        if self.spec.fn == "count":
            vals = self.count.astype(np.float64)
        else:
            vals = self.acc if self.acc is not None else np.zeros(self.rows)
            vals = vals.astype(np.float64)
        empty = self.count == 0
        default = self.spec.default
        if default is not None:
            vals = np.where(empty, float(default), vals)
        arrow = ARROW_TYPES.get(c.type, pa.float64())
        if pa.types.is_integer(arrow):
            data = pa.array(np.rint(vals).astype(np.int64), arrow, mask=empty if default is None else None)
        elif pa.types.is_floating(arrow):
            data = pa.array(np.round(vals, _places(c)), arrow, mask=empty if default is None else None)
        elif pa.types.is_date32(arrow):
            data = pa.array(np.rint(vals).astype(np.int32), pa.date32(), mask=empty if default is None else None)
        elif pa.types.is_timestamp(arrow):
            data = pa.array(np.rint(vals).astype(np.int64), arrow, mask=empty if default is None else None)
        else:
            data = pa.array(vals, pa.float64(), mask=empty if default is None else None).cast(arrow)
        return data


def _places(c: Column) -> int:
    scale = getattr(c, "scale", None)
    return int(scale) if scale is not None else 2


def _numbers(arr: pa.Array) -> np.ndarray:
    """A child column as numbers: int64 for whole numbers, dates and timestamps (exact sums), else float64."""
    t = arr.type
    if pa.types.is_date32(t):
        arr = arr.cast(pa.int32())
    elif pa.types.is_timestamp(t):
        arr = arr.cast(pa.int64())
    elif pa.types.is_boolean(t):
        arr = arr.cast(pa.int64())
    x = arr.fill_null(0).to_numpy(zero_copy_only=False)
    return x.astype(np.int64) if np.issubdtype(x.dtype, np.integer) else x.astype(np.float64)


def children_of(specs: list[AggregateSpec], table: Table) -> list[AggregateSpec]:
    """The aggregate columns fed by `table`."""
    return [s for s in specs if s.child == table.name]
