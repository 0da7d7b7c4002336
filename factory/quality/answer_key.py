"""Injected messiness against its answer key (messiness.json): every fault the spec asks for is recorded,
and every recorded fault is really in the data at the recorded keys. Faults nobody recorded are caught by
the ordinary checks, which skip recorded rows only."""

from __future__ import annotations

from typing import Any

from factory.answers.tables import ROW_TRAPS
from factory.quality.context import CheckContext, key_columns, key_text, q
from factory.spec.models import Table

#: the category a fault kind would otherwise be penalised in
FAULT_CATEGORY = {"nulls": "schema_conformance", "duplicates": "schema_conformance", "date_format": "schema_conformance",
                  "text_dates": "schema_conformance", "casing": "diversity", "spelling": "diversity",
                  "outliers": "distributions"}
#: faults that make a date column arrive as text: present where the recorded keys fail to cast
DATE_TEXT = ("date_format", "text_dates")
MIN_PRESENT = 0.9
#: an injected "outlier" of a small value may stay inside the clean range (then its recorded examples prove it)
MIN_SHARE = {"outliers": 0.5}


def check_answer_key(ctx: CheckContext) -> None:
    """The recorded faults match the spec's messiness and are present in the data."""
    spec = ctx.schema.messiness
    recorded = ctx.data.faults
    level = ctx.data.messiness.get("level", 0) if ctx.data.messiness else 0
    want = sorted((f.kind, f.table, f.column) for f in spec.faults)
    got = sorted((str(f.get("kind")), str(f.get("table")), str(f.get("column", ""))) for f in recorded)
    ok = want == got and level == spec.level
    diff = [list(x) for x in sorted(set(want) ^ set(got))]
    if spec.faults or recorded or not ok:
        ctx.add("documentation", "messiness_recorded", "expect_answer_key_to_list_the_specified_faults", ok,
                severity="major", examples=diff, observed={"level": level, "faults": len(recorded)},
                message="" if ok else f"messiness.json (level {level}) does not list the spec's faults (level {spec.level}): {diff}")
    for i, f in enumerate(recorded):
        t = ctx.schema.table(str(f.get("table")))
        kind, column = str(f.get("kind")), str(f.get("column", ""))
        cid = f"fault_present.{i}.{kind}.{f.get('table')}" + (f".{column}" if column else "")
        category = FAULT_CATEGORY.get(kind, "documentation")
        if t is None or not all(ctx.has(t.name, k) for k in key_columns(t)) or (column and not ctx.has(t.name, column)):
            ctx.add(category, cid, "expect_recorded_fault_to_be_present", False, table=str(f.get("table")),
                    column=column, severity="major", message="the faulty table or column was not loaded")
            continue
        with ctx.guard(category, cid, "expect_recorded_fault_to_be_present", table=t.name, column=column):
            if kind == "description_mismatch":
                _misdescribed(ctx, t, f, cid, category)
            else:
                _present(ctx, t, f, cid, category)


def _misdescribed(ctx: CheckContext, t: Table, f: dict[str, Any], cid: str, category: str) -> None:
    """A description_mismatch trap changes the dictionary, not rows: the recorded description must differ from
    the column's own and still name what the data holds (its common value, or the unit off by a factor)."""
    column = str(f.get("column", ""))
    meta = f.get("metadata") or {}
    col = t.column(column)
    truth = col.description.strip() if col is not None else ""
    text = str(meta.get("description") or "")
    if meta.get("mode") == "value":
        held = ctx.scalar(f"SELECT count(*) FROM {q(t.name)} WHERE CAST({q(column)} AS VARCHAR) = ?",
                          [str(meta.get("actual"))]) or 0
        ok = bool(text) and text != truth and str(meta.get("described")) in text and held > 0
    else:
        held = 0
        ok = bool(text) and text != truth and bool(meta.get("factor")) and str(meta.get("described", "")) in text
    ctx.add(category, cid, "expect_recorded_fault_to_be_present", ok, table=t.name, column=column, severity="major",
            observed={"mode": meta.get("mode"), "described": meta.get("described"), "actual": meta.get("actual"),
                      "rows_with_actual": held},
            message="" if ok else f"the dictionary's misdescription of {t.name}.{column} is not recorded as the "
                                  f"data shows it (metadata {meta or 'missing'})")


def _present(ctx: CheckContext, t: Table, f: dict[str, Any], cid: str, category: str) -> None:
    kind, column = str(f["kind"]), str(f.get("column", ""))
    keys = [str(k) for k in f.get("rows") or []]
    kt, tbl = key_text(key_columns(t)), q(t.name)
    where = "" if kind in ROW_TRAPS else column  # row traps are registered as whole-row faults
    recorded = (f"SELECT DISTINCT key FROM __fault_keys WHERE tbl = '{t.name}' AND col = '{where}' "
                f"AND kind = '{kind}'")
    rows = f"SELECT * FROM {tbl} WHERE {kt} IN ({recorded})"
    col = q(column) if column else ""
    clean_vals = f"SELECT {col} FROM {tbl} WHERE {ctx.clean(t, column)} AND {col} IS NOT NULL" if column else ""
    predicate = {
        "nulls": f"{col} IS NULL",
        "duplicates": f"{kt} IN (SELECT {kt} FROM {tbl} GROUP BY 1 HAVING count(*) > 1)",
        "date_format": f"{col} IS NULL",
        "text_dates": f"{col} IS NULL",
        "casing": f"{col} NOT IN ({clean_vals})",
        "spelling": f"{col} NOT IN ({clean_vals})",
        "outliers": (f"({col} > (SELECT quantile_cont({col}, 0.99) FROM ({clean_vals})) OR "
                     f"{col} < (SELECT quantile_cont({col}, 0.01) FROM ({clean_vals})))"),
    }.get(kind)
    found = ctx.scalar(f"SELECT count(DISTINCT {kt}) FROM ({rows})") or 0
    if kind in DATE_TEXT:
        failures = ctx.data.cast_failures.get((t.name, column))
        holds = len(set(keys) & set(failures.keys)) if failures else 0
    elif predicate is None:
        holds = found
    else:
        holds = ctx.scalar(f"SELECT count(DISTINCT {kt}) FROM ({rows}) WHERE {predicate}") or 0
    distinct = len(set(keys))
    share = holds / distinct if distinct else 0.0
    count_ok = int(f.get("count") or 0) == len(keys) and _rate_ok(ctx, t, kind, column, len(keys))
    wrong = _wrong_examples(ctx, t, f) if kind not in (*DATE_TEXT, *ROW_TRAPS) else []
    proven = kind == "outliers" and bool(f.get("examples")) and not wrong  # the examples show the injected values
    ok = (distinct > 0 and found == distinct and (share >= MIN_SHARE.get(kind, MIN_PRESENT) or proven) and count_ok
          and not wrong)
    missing = [k for k in keys[:200] if k not in _present_keys(ctx, t, keys[:200])][:5] if found < distinct else []
    ctx.add(category, cid, "expect_recorded_fault_to_be_present", ok, table=t.name, column=column, severity="major",
            unexpected_count=distinct - holds, total=distinct, examples=missing or wrong,
            observed={"recorded": distinct, "found": found, "present": holds, "count": f.get("count"),
                      "rate": f.get("rate")},
            message="" if ok else (f"answer key lists {distinct} '{kind}' row(s); {found} exist, the fault shows in {holds}"
                                   + (f"; recorded examples differ at keys {wrong}" if wrong else "")))


def _rate_ok(ctx: CheckContext, t: Table, kind: str, column: str, count: int) -> bool:
    """The number of faulty rows is the spec's rate of the table's rows (round(rate x rows), at least 1)."""
    spec = [f for f in ctx.schema.messiness.faults if (f.kind, f.table, f.column) == (kind, t.name, column)]
    if not spec:
        return True  # an unspecified fault is reported by messiness_recorded
    dup = sum(int(f.get("count") or 0) for f in ctx.data.faults if f.get("table") == t.name
              and f.get("kind") in ROW_TRAPS)
    rows = ctx.rows(t.name) - dup
    want = min(rows, max(1, round(spec[0].rate * rows)))
    return abs(count - want) <= max(1, round(0.01 * want))


def _wrong_examples(ctx: CheckContext, t: Table, f: dict[str, Any]) -> list[str]:
    """Keys of the answer key's examples whose value in the data is not the recorded injected value."""
    examples = [e for e in f.get("examples") or [] if isinstance(e, dict) and "key" in e and "injected" in e]
    if not examples:
        return []
    kt, col = key_text(key_columns(t)), q(str(f.get("column")))
    rows = ctx.con.execute(f"SELECT {kt}, {col} FROM {q(t.name)} WHERE {kt} IN "
                           f"(SELECT unnest(?::VARCHAR[]))", [[str(e["key"]) for e in examples]]).fetchall()
    actual: dict[str, list[Any]] = {}
    for k, v in rows:
        actual.setdefault(k, []).append(v)
    return [str(e["key"]) for e in examples if not any(_same(v, e["injected"]) for v in actual.get(str(e["key"]), []))]


def _same(value: Any, injected: Any) -> bool:
    if value is None or injected is None:
        return value is None and injected is None
    if isinstance(value, (int, float)) and isinstance(injected, (int, float)):
        return abs(float(value) - float(injected)) <= 1e-6 * max(1.0, abs(float(injected)))
    return str(value) == str(injected)


def _present_keys(ctx: CheckContext, t: Table, keys: list[str]) -> set[str]:
    kt = key_text(key_columns(t))
    rows = ctx.con.execute(f"SELECT DISTINCT {kt} FROM {q(t.name)} WHERE {kt} IN "
                           f"(SELECT unnest(?::VARCHAR[]))", [keys]).fetchall()
    return {r[0] for r in rows}
