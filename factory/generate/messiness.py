"""Messiness: controlled data-quality faults injected after generation, each recorded as a cleaning answer key.

Typos (nulls, casing, spelling, date formats, outliers, duplicates) and business-logic traps
(factory.generate.traps) share one mechanism. `only` replays a subset of a table's faults on clean data (the
same rows and values as the full run): the answer key measures what each trap does to each answer.

Fault rows are chosen once per table (seeded) so the result does not depend on chunking; duplicated rows are
appended at the end of their randomness block. Parent data kept for children stays clean: faults only touch
what is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from factory.errors import GenerationError
from factory.generate import traps
from factory.generate.randomness import blocks, table_rng
from factory.spec.models import Fault, Table

DATE_FORMATS = ("%d/%m/%Y", "%m-%d-%Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y")
MAX_EXAMPLES = 5
_TEXT = ("string", "category")
_NUMERIC = ("integer", "decimal")


def fault_count(rate: float, rows: int) -> int:
    """Rows a fault touches: round(rate x rows), at least one when the table has rows."""
    return min(rows, max(1, round(rate * rows))) if rows else 0


class FaultInjector:
    """Applies one table's faults to its chunks and keeps the answer key (keys and examples of every fault)."""

    def __init__(self, table: Table, rows: int, faults: list[Fault], seed: int, *, only: set[int] | None = None) -> None:
        self.table, self.rows, self.seed = table, rows, seed
        self.faults = faults
        self.active = set(range(len(faults))) if only is None else set(only)
        self.selected: list[np.ndarray] = []
        self.draws: list[np.ndarray] = []  # two uniforms per selected row (how each value is disturbed)
        self.records: list[dict[str, Any]] = []
        for i, f in enumerate(faults):
            col = table.column(f.column) if f.column else None
            _check_fault(table, f, col.type if col else "")
            rng = table_rng(seed, table.name, f.column, "fault", i, f.kind)
            k = fault_count(f.rate, rows)
            sel = rng.choice(rows, size=k, replace=False) if k else np.empty(0, dtype=np.int64)
            self.selected.append(sel if f.kind == "duplicates" else np.sort(sel))
            self.draws.append(rng.random((k, 2)))
            recoverable, fix = traps.RECOVERY[f.kind]
            self.records.append({"kind": f.kind, "table": table.name, "column": f.column, "rate": f.rate,
                                 "count": int(k), "rows": [], "examples": [], "recoverable": recoverable, "fix": fix})
            if f.kind == "description_mismatch" and col is not None:
                self.records[-1]["metadata"] = traps.describe_mismatch(col, float(rng.random()))

    def output_schema(self, schema: pa.Schema) -> pa.Schema:
        """The written schema: date columns with mixed formats become text."""
        for f in self.faults:
            if f.kind in ("date_format", "text_dates"):
                i = schema.get_field_index(f.column)
                schema = schema.set(i, pa.field(f.column, pa.string()))
        return schema

    def apply(self, chunk: pa.Table, start: int) -> pa.Table:
        """The chunk (rows start..) with its faults injected."""
        stop = start + chunk.num_rows
        keys = _keys(chunk, self.table.key_columns)
        for i, f in enumerate(self.faults):
            if f.kind in (*traps.ROW_TRAPS, "description_mismatch") or i not in self.active:
                continue
            sel = self.selected[i]
            lo, hi = np.searchsorted(sel, start), np.searchsorted(sel, stop)
            local = sel[lo:hi] - start
            if not len(local):
                continue
            col_idx = chunk.schema.get_field_index(f.column)
            arr = chunk.column(col_idx).combine_chunks()
            new_arr, before, after = _inject(f.kind, arr, local, self.draws[i][lo:hi], start, self.rows)
            chunk = chunk.set_column(col_idx, pa.field(f.column, new_arr.type), new_arr)
            self._record(i, keys.take(pa.array(local)).to_pylist(), before, after)
        return self._append_copies(chunk, keys, start, stop)

    def _append_copies(self, chunk: pa.Table, keys: pa.Array, start: int, stop: int) -> pa.Table:
        """Row traps: each block's picked rows are copied after that block (duplicates as they are,
        duplicate_events under new keys), so the output does not depend on chunking."""
        row_faults = [i for i, f in enumerate(self.faults) if f.kind in traps.ROW_TRAPS and i in self.active]
        parts: list[pa.Table] = []
        for _, lo, hi in blocks(start, stop):
            parts.append(chunk.slice(lo - start, hi - lo))
            for i in row_faults:
                sel = self.selected[i]
                picked = sel[(sel >= lo) & (sel < hi)] - start
                if len(picked):
                    parts.append(self._copies(i, chunk, keys, picked, start))
        return pa.concat_tables(parts).combine_chunks() if len(parts) > 1 else chunk

    def _copies(self, i: int, chunk: pa.Table, keys: pa.Array, picked: np.ndarray, start: int) -> pa.Table:
        copies = chunk.take(pa.array(picked))
        old = keys.take(pa.array(picked)).to_pylist()
        if self.faults[i].kind == "duplicates":
            self._record(i, old, None, None)
            return copies
        ranks = np.searchsorted(self.selected[i], picked + start)  # sorted selection: rank = position
        idx = copies.schema.get_field_index(self.table.key_columns[0])
        new = traps.new_event_keys(self.table, self.rows, ranks, copies.schema.field(idx).type)
        rec, new_keys = self.records[i], [_jsonable(k) for k in new.to_pylist()]
        rec["rows"].extend(new_keys)
        for j in range(min(len(new_keys), MAX_EXAMPLES - len(rec["examples"]))):
            rec["examples"].append({"key": new_keys[j], "copy_of": _jsonable(old[j])})
        return copies.set_column(idx, copies.schema.field(idx), new)

    def _record(self, i: int, keys: list, before: list | None, after: list | None) -> None:
        rec = self.records[i]
        if before is not None and after is not None:  # a value an earlier fault already blanked stays as it is
            changed = [j for j in range(len(keys)) if before[j] != after[j]]
            keys, before, after = [keys[j] for j in changed], [before[j] for j in changed], [after[j] for j in changed]
        rec["rows"].extend(_jsonable(k) for k in keys)
        for j in range(min(len(keys), MAX_EXAMPLES - len(rec["examples"]))):
            ex: dict[str, Any] = {"key": _jsonable(keys[j])}
            if before is not None and after is not None:
                ex["original"], ex["injected"] = _jsonable(before[j]), _jsonable(after[j])
            rec["examples"].append(ex)

    def answer_key(self) -> list[dict[str, Any]]:
        """The faults of this table as recorded (messiness.json entries); count = rows really changed."""
        for rec in self.records:
            rec["count"] = len(rec["rows"])
            rec["key_column"] = "|".join(self.table.key_columns)
            rec["row_keys"] = rec["rows"]  # the same keys under the name the issue uses
        return self.records


def _keys(chunk: pa.Table, columns: list[str]) -> pa.Array:
    """The row keys of a chunk: the key column, or a composite key's columns joined with '|'."""
    if len(columns) == 1:
        return chunk.column(columns[0]).combine_chunks()
    parts = [pc.cast(chunk.column(c), pa.string()).combine_chunks() for c in columns]
    return pc.binary_join_element_wise(*parts, "|")


def _check_fault(table: Table, f: Fault, ctype: str) -> None:
    ok = {"nulls": True, "duplicates": True, "casing": ctype in _TEXT, "spelling": ctype in _TEXT,
          "date_format": ctype in ("date", "timestamp"), "outliers": ctype in _NUMERIC}.get(f.kind)
    if ok is None:
        ok = traps.trap_applies(f.kind, table, table.column(f.column) if f.column else None)
    if not ok and f.kind == "duplicate_events":
        raise GenerationError("a 'duplicate_events' fault needs a table keyed by one sequence column",
                              table=table.name)
    if not ok:
        raise GenerationError(f"a '{f.kind}' fault cannot apply to a {ctype} column", table=table.name, column=f.column)


def _inject(kind: str, arr: pa.Array, local: np.ndarray, u: np.ndarray, start: int,
            rows: int) -> tuple[pa.Array, list, list]:
    if kind == "text_dates":
        return traps.text_dates(arr, local, u)
    if kind == "name_accounts":
        return traps.shared_names(arr, local, u, start, rows)
    mask = np.zeros(len(arr), dtype=bool)
    mask[local] = True
    before = arr.take(pa.array(local)).to_pylist()
    if kind == "nulls":
        return pc.if_else(pa.array(mask), pa.nulls(len(arr), arr.type), arr), before, [None] * len(before)
    if kind == "date_format":
        ts = arr.cast(pa.timestamp("s"))
        iso = "%Y-%m-%d" if pa.types.is_date32(arr.type) else "%Y-%m-%d %H:%M:%S"
        text = pc.strftime(ts, format=iso)
        picks = (u[:, 0] * len(DATE_FORMATS)).astype(np.int64)
        sub = ts.take(pa.array(local))
        after = [None] * len(local)
        for k, fmt in enumerate(DATE_FORMATS):
            where = np.flatnonzero(picks == k)
            if len(where):
                full = fmt if iso == "%Y-%m-%d" else fmt + " %H:%M"
                vals = pc.strftime(sub.take(pa.array(where)), format=full).to_pylist()
                for w, v in zip(where, vals, strict=True):
                    after[w] = v
        after = [a if b is not None else None for a, b in zip(after, before, strict=True)]
        return pc.replace_with_mask(text, pa.array(mask), pa.array(after, pa.string())), before, after
    if kind == "outliers":
        factors = 6 + 9 * u[:, 0]
        after = []
        for v, fct in zip(before, factors, strict=True):
            if v is None:
                after.append(None)
                continue
            x = (abs(v) + 1) * fct
            after.append(int(round(x)) if pa.types.is_integer(arr.type) else round(float(x), 2))
        return pc.replace_with_mask(arr, pa.array(mask), pa.array(after, arr.type)), before, after
    picks = (u * (1 << 30)).astype(np.int64)
    fn = {"casing": _recase, "trailing_spaces": traps.trailing, "place_variants": traps.place_variant}.get(kind, _misspell)
    after = [fn(v, int(a), int(b)) if v is not None else None for v, (a, b) in zip(before, picks, strict=True)]
    return pc.replace_with_mask(arr, pa.array(mask), pa.array(after, arr.type)), before, after


def _recase(v: str, a: int, _b: int) -> str:
    variants = (str.upper, str.lower, str.swapcase, lambda s: s.title())
    for k in range(4):
        out = variants[(a + k) % 4](v)
        if out != v:
            return out
    return v + " "


def _misspell(v: str, a: int, b: int) -> str:
    letters = [i for i, ch in enumerate(v) if ch.isalpha()]
    if len(letters) < 3:
        return v + " "
    i = letters[1 + b % (len(letters) - 1)]
    op = a % 4
    if op == 0:
        out = v[:i] + v[i + 1:]  # dropped letter
    elif op == 1 and i + 1 < len(v) and v[i] != v[i + 1]:
        out = v[:i] + v[i + 1] + v[i] + v[i + 2:]  # swapped letters
    elif op == 2:
        out = v[:i] + v[i] + v[i:]  # doubled letter
    else:
        out = " " + v if a % 2 else v + " "  # stray whitespace
    return out if out != v else v[:i] + v[i + 1:]


def _jsonable(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (np.integer, np.floating)):
        return v.item()
    return v
