"""Checks of whole tables: grain uniqueness, grid completeness, per_parent counts, aggregates, row numbers,
hidden columns absent from the shipped data."""

from __future__ import annotations

from factory.constraints.model import CompiledCheck
from factory.constraints.sqltext import RowView, keys, literal, q
from factory.schema.sql_types import duckdb_type
from factory.spec.check_refs import child_fk
from factory.spec.generators import AggregateGen, RowNumberGen
from factory.spec.models import Schema, Table
from factory.spec.refs import SqlParseError, flatten_refs, predicate_refs
from factory.spec.tables import Column


def table_checks(schema: Schema, t: Table) -> list[CompiledCheck]:
    """Every table-level check of `t`."""
    out: list[CompiledCheck] = []
    if t.grain or len(t.key_columns) > 1 or t.size.kind == "grid":
        out.append(_grain(t))
    if t.size.kind == "grid":
        out += _grid(schema, t)
    if t.size.kind == "per_parent":
        out += _per_parent(schema, t)
    for c in t.columns:
        if isinstance(c.generator, AggregateGen) and not c.when:
            out += _aggregate(schema, t, c, c.generator)
        if isinstance(c.generator, RowNumberGen) and not c.when:
            out.append(_row_number(t, c, c.generator))
        if c.hidden:
            out.append(_hidden(t, c))
    return out


def _hidden_any(t: Table, names: list[str]) -> bool:
    return any((c := t.column(n)) is not None and c.hidden for n in names)


def _grain(t: Table) -> CompiledCheck:
    grain = t.grain_columns
    cols = ", ".join(q(g) for g in grain)
    shown = list(dict.fromkeys(keys(t, "r") + [f"r.{q(g)}" for g in grain]))
    sql = (f"SELECT * FROM (SELECT {', '.join(shown)}, count(*) OVER (PARTITION BY {', '.join(f'r.{q(g)}' for g in grain)}) "
           f"AS rows_with_this_combination FROM {q(t.name)} AS r) AS d WHERE rows_with_this_combination > 1")
    return CompiledCheck(
        id=f"grain.{t.name}", category="referential_integrity", table=t.name, column=", ".join(grain),
        statement=f"one row per combination of ({cols.replace(chr(34), '')})", sql=sql,
        uses_hidden=_hidden_any(t, grain))


def grid_columns(schema: Schema, t: Table) -> list[tuple[str, str, str]]:
    """(foreign-key column, parent table, parent key) for each grid parent, in the order of size.parents."""
    free = [(c.name, r) for c in t.columns if c.generator.kind == "foreign_key"
            and (r := schema.parent_of(t.name, c.name)) is not None]
    out = []
    for p in t.size.parents:
        hit = next((x for x in free if x[1].parent_table_name == p), None)
        if hit is not None:
            free.remove(hit)
            out.append((hit[0], p, hit[1].parent_primary_key))
    return out


def _grid(schema: Schema, t: Table) -> list[CompiledCheck]:
    cols = grid_columns(schema, t)
    if len(cols) != len(t.size.parents):
        return []
    names = ", ".join(fk for fk, _, _ in cols)
    product = " * ".join(f"(SELECT count(*) FROM {q(p)})" for _, p, _ in cols)
    if t.size.density >= 1:
        parents = " CROSS JOIN ".join(f"{q(p)} AS p{i}" for i, (_, p, _) in enumerate(cols))
        select = ", ".join(f"p{i}.{q(k)} AS {q(fk)}" for i, (fk, _, k) in enumerate(cols))
        sql = (f"SELECT {select} FROM {parents} EXCEPT "
               f"SELECT {', '.join(q(fk) for fk, _, _ in cols)} FROM {q(t.name)}")
        statement = f"every combination of ({names}) is present (the full cross product of its parents)"
    else:
        sql = (f"SELECT count(*) AS table_rows, round({t.size.density!r} * {product}) AS expected_rows "
               f"FROM {q(t.name)} HAVING abs(count(*) - {t.size.density!r} * {product}) > 1")
        statement = f"{t.size.density:g} of the cross product of ({names}) is present"
    return [CompiledCheck(id=f"grid.{t.name}", category="referential_integrity", table=t.name, column=names,
                          statement=statement, sql=sql, uses_hidden=_hidden_any(t, [fk for fk, _, _ in cols]))]


def _per_parent(schema: Schema, t: Table) -> list[CompiledCheck]:
    parent = schema.table(t.size.parent)
    fk = child_fk(schema, t.name, t.size.parent)
    if parent is None or fk is None or len(parent.key_columns) != 1:
        return []
    pk = parent.key_columns[0]
    counts = f"(SELECT {q(fk)} AS k, count(*) AS n FROM {q(t.name)} GROUP BY {q(fk)}) AS c"
    if t.size.count_column is None:
        sql = f"SELECT c.k AS {q(fk)}, c.n AS children FROM {counts} WHERE c.k IS NOT NULL AND c.n > 1"
        return [CompiledCheck(id=f"per_parent.{t.name}.{fk}", category="referential_integrity", table=t.name,
                              column=fk, statement=f"at most one {t.name} row per {parent.name} row", sql=sql,
                              uses_hidden=_hidden_any(t, [fk]))]
    cc = t.size.count_column
    sql = (f"SELECT p.{q(pk)}, p.{q(cc)} AS expected_children, coalesce(c.n, 0) AS children "
           f"FROM {q(parent.name)} AS p LEFT JOIN {counts} ON c.k = p.{q(pk)} "
           f"WHERE coalesce(c.n, 0) <> coalesce(p.{q(cc)}, 0)")
    return [CompiledCheck(
        id=f"count.{parent.name}.{cc}", category="business_rules", table=parent.name, column=cc,
        statement=f"each {parent.name} row has exactly {cc} rows in {t.name}", sql=sql,
        uses_hidden=_hidden_any(parent, [cc]) or _hidden_any(t, [fk]))]


def _aggregate(schema: Schema, t: Table, c: Column, g: AggregateGen) -> list[CompiledCheck]:
    child = schema.table(g.child)
    fk = child_fk(schema, g.child, t.name) if child is not None else None
    if child is None or fk is None or len(t.key_columns) != 1:
        return []
    view = RowView(schema, child)
    fkcol = view.ref(fk)
    value = "count(*)" if g.fn == "count" else f"{g.fn}({view.ref(g.column)})"
    where = ""
    if g.where:
        try:
            for ref in _refs(g.where):
                view.ref(ref)
            where = f" WHERE coalesce(({flatten_refs(g.where)}), false)"
        except SqlParseError:
            where = f" WHERE coalesce(({g.where}), false)"
    pk = t.key_columns[0]
    default = literal(g.default) if g.default is not None else "NULL"
    expected = f"coalesce(a.v, CAST({default} AS {duckdb_type(c)}))" if g.default is not None else "a.v"
    differs = (f"coalesce(abs(p.{q(c.name)} - {expected}) > 0.01, p.{q(c.name)} IS DISTINCT FROM {expected})"
               if g.fn == "sum" else f"p.{q(c.name)} IS DISTINCT FROM {expected}")
    sql = (f"SELECT p.{q(pk)}, p.{q(c.name)} AS value, {expected} AS expected FROM {q(t.name)} AS p LEFT JOIN "
           f"(SELECT {fkcol} AS k, {value} AS v FROM ({view.sql()}) AS r{where} GROUP BY {fkcol}) AS a "
           f"ON a.k = p.{q(pk)} WHERE {differs}")
    what = "the number of" if g.fn == "count" else f"the {g.fn} of {g.column} over"
    return [CompiledCheck(
        id=f"aggregate.{t.name}.{c.name}", category="business_rules", table=t.name, column=c.name,
        statement=f"{c.name} equals {what} its {child.name} rows" + (f" where {g.where}" if g.where else ""),
        sql=sql, uses_hidden=c.hidden or view.uses_hidden([fk] + ([g.column] if g.column else [])))]


def _refs(sql: str) -> list[str]:
    return [r for r in predicate_refs(sql) if r != "__rand"]


def _row_number(t: Table, c: Column, g: RowNumberGen) -> CompiledCheck:
    part = ", ".join(f"r.{q(p)}" for p in g.partition_by)
    over = f"PARTITION BY {part}" if part else ""
    shown = list(dict.fromkeys(keys(t, "r") + [f"r.{q(p)}" for p in g.partition_by] + [f"r.{q(c.name)}"]))
    sql = (f"SELECT * FROM (SELECT {', '.join(shown)}, count(*) OVER ({over}) AS group_rows, "
           f"count(*) OVER (PARTITION BY {part + ', ' if part else ''}r.{q(c.name)}) AS same_number "
           f"FROM {q(t.name)} AS r) AS d WHERE {q(c.name)} IS NULL OR {q(c.name)} < {g.start} "
           f"OR {q(c.name)} > {g.start} + group_rows - 1 OR same_number > 1")
    within = f" within each ({', '.join(g.partition_by)})" if g.partition_by else ""
    return CompiledCheck(
        id=f"row_number.{t.name}.{c.name}", category="business_rules", table=t.name, column=c.name,
        statement=f"{c.name} numbers the rows {g.start}, {g.start + 1}, ...{within}", sql=sql,
        uses_hidden=_hidden_any(t, [c.name, *g.partition_by]))


def _hidden(t: Table, c: Column) -> CompiledCheck:
    sql = ("SELECT table_name, column_name FROM information_schema.columns "
           f"WHERE table_name = {literal(t.name)} AND column_name = {literal(c.name)}")
    return CompiledCheck(
        id=f"hidden.{t.name}.{c.name}", category="business_rules", table=t.name, column=c.name,
        statement=f"helper column {c.name} is not in the shipped data", sql=sql)
