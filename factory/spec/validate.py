"""Validate a challenge spec, collecting every problem with its path before raising one SpecError."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
from pydantic import ValidationError

from factory.errors import Problem, SpecError
from factory.sandbox import DUCKDB_TYPES, UnsafeSQL, check_select, result_columns, sandboxed_connection
from factory.spec.generators import (
    ALLOWED_TYPES,
    ChoiceGen,
    DateGen,
    DistributionGen,
    ExpressionGen,
    LookupGen,
)
from factory.spec.models import Challenge, Schema, Table

DIST_PARAMS: dict[str, set[str]] = {
    "uniform": {"low", "high"},
    "normal": {"mean", "sd"},
    "lognormal": {"mean", "sigma"},
    "poisson": {"lam"},
    "zipf": {"a"},
    "exponential": {"scale"},
    "gamma": {"shape", "scale"},
    "pareto": {"a", "scale"},
    "triangular": {"left", "mode", "right"},
    "binomial": {"n", "p"},
}
MIN_QUESTIONS, MAX_QUESTIONS = 5, 7


def load_challenge(path: str | Path) -> Challenge:
    """Read and validate challenge.json; any problem (missing file, bad JSON, invalid spec) is a SpecError."""
    p = Path(path)
    if not p.is_file():
        raise SpecError([Problem(str(p), "file not found (pass the challenge.json written by `factory draft`)")])
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SpecError([Problem(str(p), "not UTF-8 text")], source=str(p)) from None
    except json.JSONDecodeError as exc:
        raise SpecError([Problem(f"{p}:{exc.lineno}:{exc.colno}", f"invalid JSON: {exc.msg}")], source=str(p)) from None
    return validate_challenge(data, source=str(p))


def validate_challenge(data: dict[str, Any] | Challenge, *, source: str = "challenge spec") -> Challenge:
    """Parse and check a challenge; raise one SpecError listing every problem."""
    if isinstance(data, Challenge):
        challenge = data
    else:
        if not isinstance(data, dict):
            raise SpecError([Problem("$", f"expected a JSON object, got {type(data).__name__}")], source=source)
        try:
            challenge = Challenge.model_validate(data)
        except ValidationError as exc:
            raise SpecError(pydantic_problems(exc), source=source) from None
    problems = check_challenge(challenge)
    if problems:
        raise SpecError(problems, source=source)
    return challenge


def pydantic_problems(exc: ValidationError) -> list[Problem]:
    """Turn pydantic errors into path + message problems."""
    out = []
    for err in exc.errors(include_url=False):
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
        out.append(Problem(path, err["msg"]))
    return out


def check_challenge(ch: Challenge) -> list[Problem]:
    """Every semantic problem of a parsed challenge (empty list = valid)."""
    problems = check_schema(ch.schema_)
    problems += _check_problem(ch)
    problems += check_sql(ch)
    return problems


def check_schema(schema: Schema) -> list[Problem]:
    """Structural problems of a schema: names, keys, relationships, cycles, generators."""
    out: list[Problem] = []
    tables = {t.name: t for t in schema.tables}
    out += _duplicates([t.name for t in schema.tables], "$.schema.tables", "table")
    for ti, t in enumerate(schema.tables):
        tp = f"$.schema.tables[{ti}]"
        out += _duplicates([c.name for c in t.columns], f"{tp}.columns", "column")
        if t.column(t.primary_key) is None:
            out.append(Problem(f"{tp}.primary_key", f"'{t.primary_key}' is not a column of {t.name}"))
        if t.size.kind == "per_parent" and t.size.parent not in tables:
            out.append(Problem(f"{tp}.size.parent", f"unknown table '{t.size.parent}'"))
        if t.size.kind == "calendar" and not any(c.generator.kind == "calendar" for c in t.columns):
            out.append(Problem(f"{tp}.size", "a calendar-sized table needs a column with a calendar generator"))
        out += _check_columns(schema, t, tp)
    mains = [t.name for t in schema.tables if t.size.kind == "main"]
    if schema.main_table not in tables:
        out.append(Problem("$.schema.main_table", f"unknown table '{schema.main_table}'"))
    elif mains != [schema.main_table]:
        out.append(Problem("$.schema.main_table", f"exactly one table, {schema.main_table}, must have size kind 'main'"))
    out += _check_relationships(schema, tables)
    if schema.window.start > schema.window.end:
        out.append(Problem("$.schema.window", "start is after end"))
    out += _duplicates([r.id for r in schema.rules], "$.schema.rules", "rule id")
    out += _duplicates([i.id for i in schema.insights], "$.schema.insights", "insight id")
    for fi, f in enumerate(schema.messiness.faults):
        fp = f"$.schema.messiness.faults[{fi}]"
        t = tables.get(f.table)
        if t is None:
            out.append(Problem(f"{fp}.table", f"unknown table '{f.table}'"))
        elif f.column and t.column(f.column) is None:
            out.append(Problem(f"{fp}.column", f"'{f.column}' is not a column of {f.table}"))
        elif not f.column and f.kind != "duplicates":
            out.append(Problem(f"{fp}.column", f"a '{f.kind}' fault needs a column"))
    if schema.messiness.level == 0 and schema.messiness.faults:
        out.append(Problem("$.schema.messiness", "level 0 means clean data: remove the faults or raise the level"))
    return out


def _check_columns(schema: Schema, t: Table, tp: str) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[str, str] = {}
    for ci, c in enumerate(t.columns):
        cp = f"{tp}.columns[{ci}]"
        g = c.generator
        if c.type not in ALLOWED_TYPES[g.kind]:
            allowed = ", ".join(sorted(ALLOWED_TYPES[g.kind]))
            out.append(Problem(f"{cp}.generator", f"a {g.kind} generator cannot make type '{c.type}' (allowed: {allowed})"))
        if isinstance(g, ChoiceGen):
            if g.weights is not None and len(g.weights) != len(g.values):
                out.append(Problem(f"{cp}.generator.weights", f"{len(g.weights)} weights for {len(g.values)} values"))
            if g.weights is not None and (any(w < 0 for w in g.weights) or sum(g.weights) <= 0):
                out.append(Problem(f"{cp}.generator.weights", "weights must be non-negative with a positive sum"))
            if c.type == "boolean" and any(not isinstance(v, bool) for v in g.values):
                out.append(Problem(f"{cp}.generator.values", "boolean columns take true/false values"))
            if c.type in ("integer", "decimal") and any(isinstance(v, (str, bool)) for v in g.values):
                out.append(Problem(f"{cp}.generator.values", f"{c.type} columns take numeric values"))
        if isinstance(g, DistributionGen):
            missing = DIST_PARAMS[g.dist] - set(g.params)
            extra = set(g.params) - DIST_PARAMS[g.dist]
            if missing or extra:
                want = ", ".join(sorted(DIST_PARAMS[g.dist]))
                out.append(Problem(f"{cp}.generator.params", f"{g.dist} takes parameters {{{want}}}"))
            if g.min is not None and g.max is not None and g.min > g.max:
                out.append(Problem(f"{cp}.generator", "min is greater than max"))
        if isinstance(g, DateGen):
            if g.start and g.end and g.start > g.end:
                out.append(Problem(f"{cp}.generator", "start is after end"))
            if g.after and seen.get(g.after) not in ("date", "timestamp"):
                out.append(Problem(f"{cp}.generator.after", f"'{g.after}' must be an earlier date/timestamp column"))
            if g.lag_max < g.lag_min:
                out.append(Problem(f"{cp}.generator", "lag_max is smaller than lag_min"))
        if isinstance(g, LookupGen):
            rel = schema.parent_of(t.name, g.via)
            if g.via not in seen:
                out.append(Problem(f"{cp}.generator.via", f"'{g.via}' must be an earlier column of {t.name}"))
            elif rel is None:
                out.append(Problem(f"{cp}.generator.via", f"'{g.via}' is not a foreign key of {t.name}"))
            else:
                parent = schema.table(rel.parent_table_name)
                if parent is not None and parent.column(g.column) is None:
                    out.append(Problem(f"{cp}.generator.column", f"'{g.column}' is not a column of {parent.name}"))
        if g.kind == "foreign_key" and schema.parent_of(t.name, c.name) is None:
            out.append(Problem(f"{cp}.generator", f"foreign key {t.name}.{c.name} has no relationship"))
        if g.kind == "calendar" and t.size.kind != "calendar":
            out.append(Problem(f"{cp}.generator", "a calendar generator needs a table with size kind 'calendar'"))
        seen[c.name] = c.type
    return out


def _check_relationships(schema: Schema, tables: dict[str, Table]) -> list[Problem]:
    out: list[Problem] = []
    edges: dict[str, set[str]] = {name: set() for name in tables}
    for ri, r in enumerate(schema.relationships):
        rp = f"$.schema.relationships[{ri}]"
        parent, child = tables.get(r.parent_table_name), tables.get(r.child_table_name)
        if parent is None:
            out.append(Problem(f"{rp}.parent_table_name", f"unknown table '{r.parent_table_name}'"))
        elif r.parent_primary_key != parent.primary_key:
            out.append(Problem(f"{rp}.parent_primary_key", f"'{r.parent_primary_key}' is not the primary key of {parent.name}"))
        if child is None:
            out.append(Problem(f"{rp}.child_table_name", f"unknown table '{r.child_table_name}'"))
        else:
            col = child.column(r.child_foreign_key)
            if col is None:
                out.append(Problem(f"{rp}.child_foreign_key", f"'{r.child_foreign_key}' is not a column of {child.name}"))
            elif col.generator.kind not in ("foreign_key", "date", "lookup"):
                out.append(Problem(f"{rp}.child_foreign_key", f"{child.name}.{col.name} needs a foreign_key generator"))
            elif col.generator.kind == "date" and (parent is None or parent.size.kind != "calendar"):
                out.append(Problem(f"{rp}.child_foreign_key", "a date column may only reference a calendar table"))
        if r.max_children is not None and r.max_children < r.min_children:
            out.append(Problem(rp, "max_children is smaller than min_children"))
        if parent is not None and child is not None:
            edges[child.name].add(parent.name)
    cycle = _find_cycle(edges)
    if cycle:
        out.append(Problem("$.schema.relationships", "foreign-key cycle: " + " -> ".join(cycle)))
    return out


def _find_cycle(edges: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return []

    for n in sorted(edges):
        if n not in state and (found := visit(n)):
            return found
    return []


def _check_problem(ch: Challenge) -> list[Problem]:
    out: list[Problem] = []
    qs = ch.problem.questions
    if not MIN_QUESTIONS <= len(qs) <= MAX_QUESTIONS:
        out.append(Problem("$.problem.questions", f"{len(qs)} questions; a challenge has {MIN_QUESTIONS}-{MAX_QUESTIONS}"))
    out += _duplicates([q.id for q in qs], "$.problem.questions", "question id")
    out += _duplicates([s.id for s in ch.problem.story_numbers], "$.problem.story_numbers", "story number id")
    for qi, q in enumerate(qs):
        out += _duplicates(q.output_fields, f"$.problem.questions[{qi}].output_fields", "output field")
        if q.chart is not None:
            for axis, name in [("x", q.chart.x)] + [("y", y) for y in q.chart.y]:
                if name not in q.output_fields:
                    out.append(Problem(f"$.problem.questions[{qi}].chart.{axis}", f"'{name}' is not an output field"))
    ids = {q.id for q in qs}
    for ii, ins in enumerate(ch.schema_.insights):
        for q in ins.questions:
            if q not in ids:
                out.append(Problem(f"$.schema.insights[{ii}].questions", f"unknown question id '{q}'"))
    return out


def empty_tables_connection(schema: Schema) -> duckdb.DuckDBPyConnection:
    """A sandboxed connection holding the schema's tables, empty, with their DuckDB types."""
    con = sandboxed_connection(threads=1)
    created: set[str] = set()
    for t in schema.tables:
        if t.name in created:
            continue
        types = {c.name: DUCKDB_TYPES[c.type] for c in reversed(t.columns)}  # first definition wins
        cols = ", ".join(f'"{name}" {types[name]}' for name in dict.fromkeys(c.name for c in t.columns))
        con.execute(f'CREATE TABLE "{t.name}" ({cols})')
        created.add(t.name)
    return con


def check_sql(ch: Challenge) -> list[Problem]:
    """Check every SQL text of the spec against the schema's empty tables."""
    schema = ch.schema_
    out: list[Problem] = []
    con = empty_tables_connection(schema)
    try:
        for ri, r in enumerate(schema.rules):
            out += _query_problem(con, r.sql, f"$.schema.rules[{ri}].sql")
        for qi, q in enumerate(ch.problem.questions):
            path = f"$.problem.questions[{qi}].answer_sql"
            if not q.answer_sql.strip():
                out.append(Problem(path, "missing: every question needs DuckDB SQL that answers it"))
                continue
            try:
                cols = result_columns(con, q.answer_sql)
            except (UnsafeSQL, duckdb.Error) as exc:
                out.append(Problem(path, _sql_message(exc)))
                continue
            if cols != q.output_fields:
                out.append(Problem(path, f"returns columns {cols}, but output_fields are {q.output_fields}"))
        for ii, ins in enumerate(schema.insights):
            out += _query_problem(con, ins.detect_sql, f"$.schema.insights[{ii}].detect_sql")
            out += _effect_problems(con, schema, ins.effect, f"$.schema.insights[{ii}].effect")
        for si, s in enumerate(ch.problem.story_numbers):
            out += _query_problem(con, s.sql, f"$.problem.story_numbers[{si}].sql")
        for ti, t in enumerate(schema.tables):
            for ci, c in enumerate(t.columns):
                if isinstance(c.generator, ExpressionGen):
                    earlier = [x.name for x in t.columns[:ci]]
                    out += _expression_problem(con, t.name, earlier, c.generator.sql, f"$.schema.tables[{ti}].columns[{ci}].generator.sql")
    finally:
        con.close()
    return out


def _effect_problems(con: duckdb.DuckDBPyConnection, schema: Schema, effect: Any, path: str) -> list[Problem]:
    t = schema.table(effect.table)
    if t is None:
        return [Problem(f"{path}.table", f"unknown table '{effect.table}'")]
    col = t.column(effect.column)
    if col is None:
        return [Problem(f"{path}.column", f"'{effect.column}' is not a column of {t.name}")]
    out: list[Problem] = []
    idx = t.columns.index(col)
    if effect.kind == "scale" and col.type not in ("integer", "decimal"):
        out.append(Problem(f"{path}.column", f"a scale effect needs a numeric column, {col.name} is {col.type}"))
    if effect.kind == "shift":
        g = col.generator
        if not isinstance(g, ChoiceGen):
            out.append(Problem(f"{path}.column", "a shift effect needs a column with a choice generator"))
        elif effect.value not in g.values:
            out.append(Problem(f"{path}.value", f"{effect.value!r} is not one of the column's values"))
    out += _expression_problem(con, t.name, [c.name for c in t.columns[:idx]], effect.where, f"{path}.where")
    return out


def _expression_problem(con: duckdb.DuckDBPyConnection, table: str, earlier: list[str], expr: str, path: str) -> list[Problem]:
    """An expression may only use earlier columns of its row (lookups included)."""
    select = ", ".join(f'"{c}"' for c in earlier) or "1 AS _none"
    sql = f'SELECT ({expr}) AS _value FROM (SELECT {select} FROM "{table}") AS _row'
    try:
        check_select(con, sql)
        con.execute(sql + " LIMIT 0")
    except (UnsafeSQL, duckdb.Error) as exc:
        return [Problem(path, _sql_message(exc) + " (expressions may use earlier columns of the same row only)")]
    return []


def _query_problem(con: duckdb.DuckDBPyConnection, sql: str, path: str) -> list[Problem]:
    try:
        result_columns(con, sql)
    except (UnsafeSQL, duckdb.Error) as exc:
        return [Problem(path, _sql_message(exc))]
    return []


def _sql_message(exc: BaseException) -> str:
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    return f"SQL error: {first}" if isinstance(exc, duckdb.Error) else f"unsafe SQL: {first}"


def _duplicates(names: list[str], path: str, what: str) -> list[Problem]:
    return [Problem(path, f"duplicate {what} '{n}'") for n, k in Counter(names).items() if k > 1]
