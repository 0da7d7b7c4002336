"""The honest key: what each planted fault does to each answer when a learner misses it.

Each fault is replayed alone on the clean tables (the same rows and values as the delivered data, by the
seeded injector), loaded the way a learner's naive load reads it (dates that are not ISO text become NULL),
and every question that reads the fault's table and column is answered again; the answer is compared with
the key (computed on the clean data). A description_mismatch trap is measured by trusting the dictionary:
the question's filter uses the described value, or the column is converted by the described unit. The
delivered data as a whole (every fault, no cleaning) is compared too. The result extends messiness.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from factory.answers.basis import load_clean
from factory.answers.compute import Answer, run_question, write_atomic
from factory.answers.tables import RunData, load_run, read_challenge
from factory.generate.messiness import FaultInjector
from factory.generate.traps_plan import fault_reads, question_refs
from factory.spec.models import Challenge, Fault, Question

ISO = {"date": "%Y-%m-%d", "timestamp": "%Y-%m-%d %H:%M:%S"}
EPS = 1e-9
MAX_NAMED = 3


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _fmt(v: Any) -> str:
    return f"{v:,.2f}" if isinstance(v, float) else f"{v:,}" if _num(v) else "NULL" if v is None else repr(v)


def compare_answers(key: Answer, naive: Answer) -> dict[str, Any]:
    """How the naive answer differs from the key: changed, rows on both sides, the largest relative change of a
    number (matched by the answer's text/date columns) and a sentence for the instructor."""
    out: dict[str, Any] = {"changed": False, "rows_clean": key.row_count, "rows_if_missed": naive.row_count,
                           "max_relative_change": 0.0, "summary": "unchanged"}
    if naive.error:
        return {**out, "changed": True, "max_relative_change": None, "summary": f"the query fails: {naive.error}"}
    if naive.columns != key.columns:
        return {**out, "changed": True, "max_relative_change": None, "summary": "the answer has other columns"}
    numeric = [j for j in range(len(key.columns)) if any(_num(r[j]) for r in key.rows + naive.rows)
               and all(r[j] is None or _num(r[j]) for r in key.rows + naive.rows)]
    labels = [j for j in range(len(key.columns)) if j not in numeric]

    def keyed(rows: list[list[Any]]) -> dict[tuple, list[Any]]:
        return {tuple(r[j] for j in labels) if labels else (i,): r for i, r in enumerate(rows)}

    a, b = keyed(key.rows), keyed(naive.rows)
    if labels and (len(a) < key.row_count or len(b) < naive.row_count):  # repeated labels: compare in order
        a, b = {(i,): r for i, r in enumerate(key.rows)}, {(i,): r for i, r in enumerate(naive.rows)}
    missing, extra = [k for k in a if k not in b], [k for k in b if k not in a]
    worst: tuple[float, tuple, int, Any, Any] | None = None
    for k in a.keys() & b.keys():
        for j in numeric:
            x, y = a[k][j], b[k][j]
            if x == y or (x is not None and y is not None and abs(x - y) <= EPS * max(1.0, abs(x))):
                continue
            rel = 1.0 if x is None or y is None else abs(y - x) / max(abs(x), EPS)
            if worst is None or rel > worst[0]:
                worst = (rel, k, j, x, y)
    parts = []
    if extra:
        parts.append(f"{len(extra)} extra row(s) " + ", ".join(_label(k) for k in extra[:MAX_NAMED]))
    if missing:
        parts.append(f"{len(missing)} row(s) missing " + ", ".join(_label(k) for k in missing[:MAX_NAMED]))
    if worst is not None:
        rel, k, j, x, y = worst
        pct = f" ({(y - x) / abs(x) * 100:+.1f}%)" if _num(x) and _num(y) and abs(x) > EPS else ""
        where = f" for {_label(k)}" if labels else ""
        parts.append(f"{key.columns[j]}{where}: {_fmt(x)} -> {_fmt(y)}{pct}")
    if not parts:
        return out
    return {**out, "changed": True, "max_relative_change": None if worst is None else round(worst[0], 6),
            "summary": "; ".join(parts)}


def _label(k: tuple) -> str:
    return "(" + ", ".join(_fmt(v) for v in k) + ")"


def as_loaded(tbl: pa.Table, challenge: Challenge, table: str) -> pa.Table:
    """A replayed table typed the way a naive load types the CSV: text in a date column parses only when ISO."""
    spec = challenge.schema_.table(table)
    for c in spec.columns if spec else []:
        if c.type in ISO and c.name in tbl.column_names and pa.types.is_string(tbl.schema.field(c.name).type):
            parsed = pc.strptime(tbl[c.name], format=ISO[c.type], unit="s", error_is_null=True)
            if c.type == "date":
                parsed = pc.cast(parsed, pa.date32())
            tbl = tbl.set_column(tbl.schema.get_field_index(c.name), c.name, parsed)
    return tbl


def replay(challenge: Challenge, index: int, clean: pa.Table, seed: int) -> pa.Table:
    """The clean table with only the spec's fault `index` injected (same rows and values as the delivered data)."""
    faults = challenge.schema_.messiness.faults
    fault = faults[index]
    own = [i for i, f in enumerate(faults) if f.table == fault.table]
    injector = FaultInjector(challenge.schema_.table(fault.table), clean.num_rows, [faults[i] for i in own], seed,
                             only={own.index(index)})
    return as_loaded(injector.apply(clean, 0), challenge, fault.table)


def _trusting(question: Question, meta: dict[str, Any]) -> Question:
    """The question's SQL as a learner trusting the dictionary writes it (the described value in filters)."""
    actual, shown = str(meta.get("actual", "")), str(meta.get("described", ""))
    sql = re.sub(rf"'{re.escape(actual)}'", "'" + shown.replace("'", "''") + "'", question.answer_sql)
    return question.model_copy(update={"answer_sql": sql})


def _naive_tables(challenge: Challenge, clean: RunData, i: int, f: Fault, meta: dict[str, Any],
                  seed: int) -> dict[str, pa.Table]:
    tables = dict(clean.tables)
    tbl = clean.tables[f.table]
    if f.kind != "description_mismatch":
        tables[f.table] = replay(challenge, i, tbl, seed)
    elif meta.get("mode") == "unit" and f.column in tbl.column_names:
        scaled = pc.multiply(pc.cast(tbl[f.column], pa.float64()), float(meta.get("factor") or 1))
        tables[f.table] = tbl.set_column(tbl.schema.get_field_index(f.column), f.column, scaled)
    return tables


def trap_impact(run_dir: str | Path, key: dict[str, Answer]) -> dict[str, Any]:
    """messiness.json with each fault's effect per question and each question's faults (see the module doc).

    key: the answer key (computed on the clean data). Returns the updated messiness document.
    """
    root = Path(run_dir)
    mess = json.loads((root / "messiness.json").read_text(encoding="utf-8"))
    recorded = list(mess.get("faults") or [])
    challenge = read_challenge(root)
    spec = challenge.schema_.messiness.faults
    if not recorded or len(recorded) != len(spec):
        return mess
    try:
        seed = int(json.loads((root / "generation.json").read_text(encoding="utf-8"))["seed"])
    except (OSError, ValueError, KeyError, TypeError):
        seed = challenge.seed
    clean = load_clean(root, challenge=challenge)
    refs = question_refs(challenge)
    questions = {q.id: q for q in challenge.problem.questions}
    per_q: dict[str, dict[str, Any]] = {qid: {"faults": []} for qid in questions}
    for i, (f, rec) in enumerate(zip(spec, recorded, strict=True)):
        meta = rec.get("metadata") or {}
        readers = [qid for qid, r in refs.items() if fault_reads(r, f) and qid in key]
        rec["questions"] = []
        if not readers or f.table not in clean.tables:
            continue
        con = RunData(run_dir=root, challenge=challenge, tables=_naive_tables(challenge, clean, i, f, meta, seed)).connection()
        try:
            for qid in readers:
                q = _trusting(questions[qid], meta) if f.kind == "description_mismatch" else questions[qid]
                diff = compare_answers(key[qid], run_question(con, q))
                rec["questions"].append({"question": qid, **diff})
                per_q[qid]["faults"].append({"fault": i, "kind": f.kind, "table": f.table, "column": f.column, **diff})
        finally:
            con.close()
    delivered = load_run(root, challenge=challenge)
    con = delivered.connection()
    try:
        for qid, q in questions.items():
            if qid in key:
                per_q[qid]["delivered"] = compare_answers(key[qid], run_question(con, q))
    finally:
        con.close()
    mess["questions"] = per_q
    mess["impact"] = ("each fault replayed alone on the clean data and every question reading its table and column "
                      "answered again; 'delivered' = the data as shipped, no cleaning")
    return mess


def write_trap_impact(run_dir: str | Path, key: dict[str, Answer]) -> dict[str, Any]:
    """trap_impact, written back to messiness.json atomically."""
    mess = trap_impact(run_dir, key)
    write_atomic(Path(run_dir) / "messiness.json", json.dumps(mess, indent=2, default=str) + "\n")
    return mess

