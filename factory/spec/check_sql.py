"""Every SQL text of a spec, tried against the schema's empty tables in the sandbox (nothing runs over data).

Questions, rules, story numbers and detect SQL see what learners see (hidden columns left out); expressions,
`when` predicates, aggregate filters and effect predicates see the earlier columns of their row, the
references they name (`fk.col`, exposed as the single identifier "fk.col") and `__rand`.
"""

from __future__ import annotations

from typing import Any

import duckdb

from factory.errors import Problem
from factory.sandbox import UnsafeSQL, check_select, quote_ident, result_columns, sandboxed_connection
from factory.schema.sql_types import duckdb_type
from factory.spec.generators import AggregateGen, ChoiceGen, ExpressionGen
from factory.spec.models import Challenge, Schema, Table
from factory.spec.refs import RefError, SqlParseError, flatten_refs, predicate_refs, resolve

RAND = "__rand"


def empty_tables_connection(schema: Schema, *, hidden: bool = False) -> duckdb.DuckDBPyConnection:
    """A sandboxed connection holding the schema's tables, empty, with their DuckDB types.

    Hidden columns are included only with `hidden=True` (what the generator sees, not what learners get).
    """
    con = sandboxed_connection(threads=1)
    created: set[str] = set()
    for t in schema.tables:
        if t.name.lower() in created:
            continue
        cols: dict[str, str] = {}
        for c in t.columns:
            if (hidden or not c.hidden) and c.name.lower() not in {k.lower() for k in cols}:
                cols[c.name] = duckdb_type(c)
        body = ", ".join(f"{quote_ident(n)} {typ}" for n, typ in cols.items()) or "_empty INTEGER"
        con.execute(f"CREATE TABLE {quote_ident(t.name)} ({body})")
        created.add(t.name.lower())
    return con


def check_sql(ch: Challenge) -> list[Problem]:
    """Check every SQL text of the spec against the schema's empty tables."""
    schema = ch.schema_
    out: list[Problem] = []
    shipped = empty_tables_connection(schema)
    full = empty_tables_connection(schema, hidden=True)
    try:
        for ri, r in enumerate(schema.rules):
            out += _query_problem(shipped, r.sql, f"$.schema.rules[{ri}].sql")
        for qi, q in enumerate(ch.problem.questions):
            path = f"$.problem.questions[{qi}].answer_sql"
            if not q.answer_sql.strip():
                out.append(Problem(path, "missing: every question needs DuckDB SQL that answers it"))
                continue
            try:
                cols = result_columns(shipped, q.answer_sql)
            except (UnsafeSQL, duckdb.Error) as exc:
                out.append(Problem(path, sql_message(exc)))
                continue
            if cols != q.output_fields:
                out.append(Problem(path, f"returns columns {cols}, but output_fields are {q.output_fields}"))
        for ii, ins in enumerate(schema.insights):
            out += _query_problem(shipped, ins.detect_sql, f"$.schema.insights[{ii}].detect_sql")
            out += _effect_problems(full, schema, ins.effect, f"$.schema.insights[{ii}].effect")
        for si, s in enumerate(ch.problem.story_numbers):
            out += _query_problem(shipped, s.sql, f"$.problem.story_numbers[{si}].sql")
        for ti, t in enumerate(schema.tables):
            out += _row_sql_problems(full, schema, t, f"$.schema.tables[{ti}]")
    finally:
        shipped.close()
        full.close()
    return out


def _row_sql_problems(con: duckdb.DuckDBPyConnection, schema: Schema, t: Table, tp: str) -> list[Problem]:
    out: list[Problem] = []
    for ci, c in enumerate(t.columns):
        cp = f"{tp}.columns[{ci}]"
        for bi, b in enumerate(c.when):
            out += row_expression_problem(con, schema, t, ci, b.if_, f"{cp}.when[{bi}].if")
        gens = [(f"{cp}.when[{bi}].generator", b.generator) for bi, b in enumerate(c.when)]
        for gp, g in gens + [(f"{cp}.generator", c.generator)]:
            if isinstance(g, ExpressionGen):
                out += row_expression_problem(con, schema, t, ci, g.sql, f"{gp}.sql")
            if isinstance(g, AggregateGen) and g.where and (child := schema.table(g.child)) is not None:
                out += row_expression_problem(con, schema, child, len(child.columns), g.where, f"{gp}.where")
    return out


def row_expression_problem(con: duckdb.DuckDBPyConnection, schema: Schema, t: Table, ci: int, expr: str,
                           path: str) -> list[Problem]:
    """An expression over the row of `t` before column `ci`: earlier columns, `fk.col` references, `__rand`."""
    select = [quote_ident(c.name) for c in t.columns[:ci]] + [f"CAST(NULL AS DOUBLE) AS {quote_ident(RAND)}"]
    flat = expr
    try:
        for ref in predicate_refs(expr):
            if "." in ref:
                r = resolve(schema, t, ref, before=ci)
                select.append(f"CAST(NULL AS {duckdb_type(r.column)}) AS {quote_ident(ref)}")
        flat = flatten_refs(expr)
    except SqlParseError:
        pass  # DuckDB below has the last word on SQL the reference finder cannot read
    except RefError as exc:
        return [Problem(path, str(exc))]
    sql = f"SELECT ({flat}) AS _value FROM (SELECT {', '.join(select)} FROM {quote_ident(t.name)}) AS _row"
    try:
        check_select(con, sql)
        con.execute(sql + " LIMIT 0")
    except (UnsafeSQL, duckdb.Error) as exc:
        return [Problem(path, sql_message(exc) + " (this SQL may use earlier columns of the same row only)")]
    return []


def _effect_problems(con: duckdb.DuckDBPyConnection, schema: Schema, effect: Any, path: str) -> list[Problem]:
    t = schema.table(effect.table)
    if t is None:
        return [Problem(f"{path}.table", f"unknown table '{effect.table}'")]
    col = t.column(effect.column)
    if col is None:
        return [Problem(f"{path}.column", f"'{effect.column}' is not a column of {t.name}")]
    out: list[Problem] = []
    if effect.kind == "scale" and col.type not in ("integer", "decimal", "year"):
        out.append(Problem(f"{path}.column", f"a scale effect needs a numeric column, {col.name} is {col.type}"))
    if effect.kind == "shift":
        g = col.generator
        if not isinstance(g, ChoiceGen):
            out.append(Problem(f"{path}.column", "a shift effect needs a column with a choice generator"))
        elif effect.value not in g.values:
            out.append(Problem(f"{path}.value", f"{effect.value!r} is not one of the column's values"))
    out += row_expression_problem(con, schema, t, t.columns.index(col), effect.where, f"{path}.where")
    return out


def _query_problem(con: duckdb.DuckDBPyConnection, sql: str, path: str) -> list[Problem]:
    try:
        result_columns(con, sql)
    except (UnsafeSQL, duckdb.Error) as exc:
        return [Problem(path, sql_message(exc))]
    return []


def sql_message(exc: BaseException) -> str:
    """The first line of a SQL error, saying whether it is an SQL error or refused as unsafe."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    return f"SQL error: {first}" if isinstance(exc, duckdb.Error) else f"unsafe SQL: {first}"
