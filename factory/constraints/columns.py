"""Checks of columns: `when` branches, time order, bounds, lookups, foreign-key match and popularity, names.

A column with `when` branches is checked branch by branch: branch k covers the rows where its `if` holds and
no earlier `if` does (the else generator covers the rest). Branches whose predicates use `__rand` cannot be
recovered from the data, so such columns get no branch checks.
"""

from __future__ import annotations

from factory.constraints.model import Category, CompiledCheck
from factory.constraints.sqltext import RowView, keys, q
from factory.spec.generators import (
    ChoiceGen,
    DateGen,
    DistributionGen,
    ForeignKeyGen,
    LookupGen,
    PersonNameGen,
)
from factory.spec.models import Schema, Table
from factory.spec.refs import SqlParseError, flatten_refs, predicate_refs, resolve
from factory.spec.tables import Column

NEVER_NULL = frozenset({"sequence", "calendar", "faker", "distribution", "date", "person_name", "row_number"})
MALE = "('m', 'male', 'man', 'boy')"
FEMALE = "('f', 'female', 'woman', 'girl')"


class _Col:
    """Builds the checks of one column (shared row view, key columns, hidden-column bookkeeping)."""

    def __init__(self, schema: Schema, t: Table, c: Column) -> None:
        self.schema, self.t, self.c = schema, t, c
        self.out: list[CompiledCheck] = []

    def add(self, kind: str, category: Category, statement: str, where: str, view: RowView, shown: list[str],
            *, tolerance: float = 0.0, suffix: str = "") -> None:
        cols = list(dict.fromkeys(keys(self.t) + [f"r.{q(self.c.name)}"] + shown))
        sql = f"SELECT {', '.join(cols)} FROM ({view.sql()}) AS r WHERE {where}"
        self.out.append(CompiledCheck(
            id=f"{kind}.{self.t.name}.{self.c.name}{suffix}", category=category, table=self.t.name,
            column=self.c.name, statement=statement, sql=sql, tolerance=tolerance,
            uses_hidden=view.uses_hidden([self.c.name])))

    def view(self) -> RowView:
        return RowView(self.schema, self.t)


def column_checks(schema: Schema, t: Table, c: Column) -> list[CompiledCheck]:
    """Every check of column `c` of `t`."""
    col = _Col(schema, t, c)
    branches = _branches(c)
    if branches is None:
        return []
    for k, (cond_sql, refs, g, label) in enumerate(branches):
        suffix = f".branch{k}" if c.when else ""
        if g.kind == "null":
            _when(col, cond_sql, refs, "IS NOT NULL", f"{c.name} is NULL {label}", suffix)
        elif c.when and (g.kind in NEVER_NULL or (isinstance(g, ChoiceGen) and None not in g.values)):
            _when(col, cond_sql, refs, "IS NULL", f"{c.name} has a value {label}", suffix)
        if isinstance(g, DateGen):
            _dates(col, cond_sql, refs, g, label, suffix)
        elif isinstance(g, DistributionGen):
            _bounds(col, cond_sql, refs, g, label, suffix)
        elif isinstance(g, LookupGen):
            view = _cond_view(col, refs)
            ref = view.ref(f"{g.via}.{g.column}")
            col.add("lookup", "referential_integrity", f"{c.name} equals {g.via}.{g.column} {label}".strip(),
                    f"({cond_sql}) AND r.{q(g.via)} IS NOT NULL AND r.{q(c.name)} IS DISTINCT FROM {ref}", view,
                    [f"r.{q(g.via)}", f"{ref} AS {q('expected')}"], suffix=suffix)
        elif isinstance(g, ForeignKeyGen):
            _foreign_key(col, g)
        elif isinstance(g, PersonNameGen):
            _names(col, cond_sql, refs, g)
    return col.out


def _branches(c: Column) -> list[tuple[str, list[str], object, str]] | None:
    """(condition SQL over the row view, references it reads, generator, words) per branch; None if unrecoverable."""
    out = []
    prior: list[str] = []
    refs: list[str] = []
    for b in c.when:
        try:
            names = predicate_refs(b.if_)
        except SqlParseError:
            return None
        if "__rand" in names:
            return None
        refs += names
        cond = f"coalesce(({flatten_refs(b.if_)}), false)"
        out.append((" AND ".join([*(f"NOT {p}" for p in prior), cond]), list(refs), b.generator, f"when {b.if_}"))
        prior.append(cond)
    else_cond = " AND ".join(f"NOT {p}" for p in prior) or "TRUE"
    out.append((else_cond, list(refs), c.generator, "otherwise" if c.when else ""))
    return out


def _cond_view(col: _Col, refs: list[str]) -> RowView:
    view = col.view()
    for ref in refs:
        view.ref(ref)
    return view


def _when(col: _Col, cond_sql: str, refs: list[str], test: str, statement: str, suffix: str) -> None:
    view = _cond_view(col, refs)
    col.add("when", "business_rules", statement, f"({cond_sql}) AND r.{q(col.c.name)} {test}", view,
            [view.ref(r) for r in refs], suffix=suffix)


def _time_terms(col: _Col, view: RowView, ref: str) -> tuple[str, str, bool]:
    """(value, reference) SQL compared in whole days (True) when either side is a date, else in seconds."""
    r = view.ref(ref)
    days = col.c.type == "date" or resolve(col.schema, col.t, ref).column.type == "date"
    v = f"r.{q(col.c.name)}"
    if days:
        return f"CAST({v} AS DATE)", f"CAST({r} AS DATE)", True
    return f"epoch(CAST({v} AS TIMESTAMP))", f"epoch(CAST({r} AS TIMESTAMP))", False


def _dates(col: _Col, cond_sql: str, refs: list[str], g: DateGen, label: str, suffix: str) -> None:
    for i, ref in enumerate(g.after_refs()):
        view = _cond_view(col, refs)
        v, r, days = _time_terms(col, view, ref)
        lag = f"{r} + {int(g.lag_min)}" if days else f"{r} + {g.lag_min * 60 - 1!r}"
        lagged = f" + {g.lag_min:g} {'days' if days else 'minutes'}" if g.lag_min else ""
        col.add("after", "temporal_consistency", f"{col.c.name} is on or after {ref}{lagged} {label}".strip(),
                f"({cond_sql}) AND {v} < {lag}", view, [f"{view.ref(ref)} AS {q(ref)}"], suffix=f"{suffix}.{i}")
        if g.lag_max > 0:
            cap = f"{r} + {int(g.lag_max)}" if days else f"{r} + {g.lag_max * 60 + 1!r}"
            col.add("after_max", "temporal_consistency",
                    f"{col.c.name} is at most {g.lag_max:g} {'days' if days else 'minutes'} after {ref} {label}".strip(),
                    f"({cond_sql}) AND {v} > {cap}", view, [f"{view.ref(ref)} AS {q(ref)}"],
                    suffix=f"{suffix}.{i}")
    for i, ref in enumerate(g.before_refs()):
        view = _cond_view(col, refs)
        v, r, days = _time_terms(col, view, ref)
        lag = f"{r} - {int(g.before_lag)}" if days else f"{r} - {g.before_lag * 60 - 1!r}"
        col.add("before", "temporal_consistency", f"{col.c.name} is on or before {ref} {label}".strip(),
                f"({cond_sql}) AND {v} > {lag}", view, [f"{view.ref(ref)} AS {q(ref)}"], suffix=f"{suffix}.{i}")


def _bounds(col: _Col, cond_sql: str, refs: list[str], g: DistributionGen, label: str, suffix: str) -> None:
    slack = 0.5 * 10 ** -g.round if g.round is not None and col.c.type == "decimal" else 1e-9
    for key, op, sign, words in (("min_column", "<", "-", "at least"), ("max_column", ">", "+", "at most")):
        ref = getattr(g, key)
        if not ref:
            continue
        view = _cond_view(col, refs)
        r = view.ref(ref)
        col.add(key, "business_rules", f"{col.c.name} is {words} {ref} {label}".strip(),
                f"({cond_sql}) AND r.{q(col.c.name)} {op} {r} {sign} {slack!r}", view, [f"{r} AS {q(ref)}"],
                suffix=suffix)


def _foreign_key(col: _Col, g: ForeignKeyGen) -> None:
    fk = col.c.name
    if g.match is not None:
        view = col.view()
        mine, theirs = view.ref(g.match.column), view.ref(f"{fk}.{g.match.parent_column}")
        tol = min(1.0, g.match.exceptions * 1.5 + 0.005) if g.match.exceptions > 0 else 0.0
        col.add("match", "business_rules",
                f"{fk} points at a parent whose {g.match.parent_column} equals {g.match.column}"
                + (f" (up to {g.match.exceptions:.1%} exceptions)" if g.match.exceptions else ""),
                f"r.{q(fk)} IS NOT NULL AND {theirs} IS DISTINCT FROM {mine}", view,
                [f"{mine} AS {q(g.match.column)}", f"{theirs} AS {q(fk + '.' + g.match.parent_column)}"],
                tolerance=tol)
    if g.max_share is not None:
        t = q(col.t.name)
        sql = (f"SELECT r.{q(fk)}, count(*) AS child_rows, count(*) / (SELECT count(*) FROM {t}) AS share "
               f"FROM {t} AS r WHERE r.{q(fk)} IS NOT NULL GROUP BY r.{q(fk)} "
               f"HAVING count(*) > ceil({g.max_share!r} * (SELECT count(*) FROM {t}))")
        col.out.append(CompiledCheck(
            id=f"max_share.{col.t.name}.{fk}", category="distributions", table=col.t.name, column=fk,
            statement=f"no single {fk} holds more than {g.max_share:.1%} of the rows", sql=sql,
            uses_hidden=col.c.hidden))


def _names(col: _Col, cond_sql: str, refs: list[str], g: PersonNameGen) -> None:
    name = f"r.{q(col.c.name)}"
    k = ", ".join(keys(col.t)) or "NULL"
    if g.gender_column and g.part != "last":
        view = _cond_view(col, refs)
        gender = view.ref(g.gender_column)
        first = f"split_part(trim({name}), ' ', 1)" if g.part == "full" else f"trim({name})"
        norm = (f"CASE WHEN lower(trim(CAST({gender} AS VARCHAR))) IN {MALE} THEN 'male' "
                f"WHEN lower(trim(CAST({gender} AS VARCHAR))) IN {FEMALE} THEN 'female' END")
        rows = (f"SELECT {', '.join(dict.fromkeys(keys(col.t) + [name]))}, {first} AS first_name, {norm} AS gender "
                f"FROM ({view.sql()}) AS r WHERE ({cond_sql}) AND {name} IS NOT NULL")
        sql = (f"WITH x AS ({rows}), per AS (SELECT first_name, gender, count(*) AS n FROM x WHERE gender IS NOT NULL "
               "GROUP BY ALL), major AS (SELECT first_name, arg_max(gender, n) AS usual FROM per GROUP BY first_name "
               "HAVING count(*) > 1) SELECT x.*, major.usual AS usual_gender FROM x JOIN major USING (first_name) "
               "WHERE x.gender <> major.usual")
        col.out.append(CompiledCheck(
            id=f"name_gender.{col.t.name}.{col.c.name}", category="distributions", table=col.t.name,
            column=col.c.name, statement=f"each first name in {col.c.name} goes with one {g.gender_column}",
            sql=sql, tolerance=0.01, uses_hidden=view.uses_hidden([col.c.name])))
    if g.part == "full":
        sql = (f"SELECT * FROM (SELECT {', '.join(dict.fromkeys(keys(col.t) + [name]))}, row_number() OVER "
               f"(PARTITION BY {name} ORDER BY {k}) AS occurrence FROM {q(col.t.name)} AS r "
               f"WHERE {name} IS NOT NULL) AS d WHERE occurrence > 1")
        col.out.append(CompiledCheck(
            id=f"name_repeat.{col.t.name}.{col.c.name}", category="distributions", table=col.t.name,
            column=col.c.name, statement=f"full names in {col.c.name} repeat about {g.repeat_rate:.0%} of the time",
            sql=sql, tolerance=round(g.repeat_rate * 1.5 + 0.005, 6), uses_hidden=col.c.hidden))
