"""Structural checks in DuckDB: files and parsing (schema_conformance), foreign keys and cardinality
(referential_integrity). Column presence, not-null and key uniqueness run as Great Expectations suites
(factory.quality.gx_suites)."""

from __future__ import annotations

from factory.answers.tables import ROW_TRAPS
from factory.quality.context import CheckContext, q, shipped
from factory.spec.generators import ForeignKeyGen
from factory.spec.models import Relationship, Table

SCHEMA, REFS = "schema_conformance", "referential_integrity"


def check_files(ctx: CheckContext) -> None:
    """Every spec table has a readable CSV (a missing one is a failing check, not a crash)."""
    problems = {(p.table, p.kind): p for p in ctx.data.problems if not p.column}
    for t in ctx.schema.tables:
        missing = problems.get((t.name, "missing_file")) or problems.get((t.name, "unreadable"))
        ctx.add(SCHEMA, f"table_readable.{t.name}", "expect_table_file_to_be_readable", missing is None,
                table=t.name, severity="critical", message=missing.message if missing else f"datasets/{t.name}.csv read")


def check_columns(ctx: CheckContext) -> None:
    """Every spec column is in its CSV header (the GX ordered-list expectation checks names and order)."""
    for t in ctx.schema.tables:
        header = ctx.data.headers.get(t.name)
        if header is None:
            continue
        extra = [h for h in header if t.column(h) is None]
        for c in shipped(t):
            ok = c.name in header
            ctx.add(SCHEMA, f"column_present.{t.name}.{c.name}", "expect_column_to_exist", ok, table=t.name,
                    column=c.name, severity="critical", examples=[] if ok else extra, observed=header if not ok else None,
                    message="" if ok else f"{c.name} is missing from {t.name}.csv" + (f" (unexpected: {extra})" if extra else ""))


def check_types(ctx: CheckContext) -> None:
    """Every value of a typed column parses as the spec type (recorded date-format faults excepted)."""
    for t in ctx.schema.tables:
        for c in t.columns:
            if not ctx.has(t.name, c.name) or c.type in ("string", "category"):
                continue
            failure = ctx.data.cast_failures.get((t.name, c.name))
            expected = ctx.data.fault_keys(t.name, c.name)
            bad = [] if failure is None else [k for k in failure.keys if k not in expected]
            examples = [] if failure is None else [v for v, k in zip(failure.examples, failure.keys, strict=False)
                                                   if k not in expected]
            extra = 0 if failure is None else max(0, failure.count - len(failure.keys))
            count = len(bad) + extra
            ctx.add(SCHEMA, f"type.{t.name}.{c.name}", f"expect_column_values_to_parse_as_{c.type}", count == 0,
                    table=t.name, column=c.name, unexpected_count=count, total=ctx.rows(t.name),
                    examples=examples or bad, observed=c.type,
                    message=f"{count} value(s) do not parse as {c.type}" if count else "")


def expected_rows(ctx: CheckContext, t: Table) -> int | None:
    """Rows the spec promises for a table, given the loaded main table (None when not checkable)."""
    size = t.size
    main = ctx.rows(ctx.schema.main_table) - _duplicate_rows(ctx, ctx.schema.main_table)
    if size.kind == "fixed":
        return size.rows
    if size.kind == "calendar":
        return (ctx.schema.window.end - ctx.schema.window.start).days + 1
    if size.kind == "ratio" and ctx.has(ctx.schema.main_table):
        n = max(size.min_rows, round(size.ratio * main))
        return min(n, size.max_rows) if size.max_rows else n
    count_column = getattr(size, "count_column", None)
    if size.kind == "per_parent" and count_column and ctx.has(size.parent, count_column):
        return int(ctx.scalar(f"SELECT coalesce(sum({q(count_column)}), 0) FROM {q(size.parent)}") or 0)
    if size.kind == "per_parent" and ctx.has(size.parent) and not count_column:
        return round(size.fraction * (ctx.rows(size.parent) - _duplicate_rows(ctx, size.parent)))
    if size.kind == "grid" and all(ctx.has(p) for p in size.parents):
        product = 1
        for parent in size.parents:
            product *= ctx.rows(parent)
        return round(size.density * product)
    return None


def _duplicate_rows(ctx: CheckContext, table: str) -> int:
    return sum(int(f.get("count") or len(f.get("rows") or [])) for f in ctx.data.faults
               if f.get("table") == table and f.get("kind") in ROW_TRAPS)


def check_row_counts(ctx: CheckContext) -> None:
    """Each table has the number of rows its size spec gives (duplicates recorded as messiness excepted)."""
    for t in ctx.schema.tables:
        if not ctx.has(t.name):
            continue
        actual = ctx.rows(t.name) - _duplicate_rows(ctx, t.name)
        want = expected_rows(ctx, t)
        ok = actual > 0 if want is None else abs(actual - want) <= max(1, round(0.001 * want))
        ctx.add(SCHEMA, f"row_count.{t.name}", "expect_table_row_count_to_equal", ok, table=t.name,
                observed=actual, severity="major",
                message=f"{actual} rows, the spec gives {want if want is not None else 'at least 1'} ({t.size.kind})")


def check_foreign_keys(ctx: CheckContext, *, cardinality: bool = True) -> None:
    """No orphan foreign keys (anti-join against the parent keys, never a value_set), cardinality per parent."""
    for r in ctx.schema.relationships:
        child, parent = ctx.schema.table(r.child_table_name), ctx.schema.table(r.parent_table_name)
        cid = f"{r.child_table_name}.{r.child_foreign_key}"
        if child is None or parent is None or _hidden(child, r.child_foreign_key):
            continue  # a hidden foreign key is a generator helper: never shipped, nothing to check
        if not (ctx.has(child.name, r.child_foreign_key) and ctx.has(parent.name, r.parent_primary_key)):
            ctx.add(REFS, f"fk.{cid}", "expect_foreign_key_values_to_exist_in_parent", False, table=child.name,
                    column=r.child_foreign_key, severity="critical",
                    message=f"cannot check: {child.name}.{r.child_foreign_key} or {parent.name}.{r.parent_primary_key} was not loaded")
            continue
        _orphans(ctx, r, child)
        if cardinality:
            _cardinality(ctx, r, child, parent)


def _orphans(ctx: CheckContext, r: Relationship, child: Table) -> None:
    fk, pk = q(r.child_foreign_key), q(r.parent_primary_key)
    ck = ctx.key(child, "c")
    orphan_sql = (f"SELECT c.{fk} AS fk, {ck} AS child_key FROM {q(child.name)} c "
                  f"ANTI JOIN {q(r.parent_table_name)} p ON c.{fk} = p.{pk} WHERE c.{fk} IS NOT NULL")
    count = ctx.scalar(f"SELECT count(*) FROM ({orphan_sql})")
    rows = ctx.con.execute(f"SELECT DISTINCT fk, child_key FROM ({orphan_sql}) LIMIT 5").fetchall() if count else []
    keys = ", ".join(str(x[1]) for x in rows)
    ctx.add(REFS, f"fk.{r.child_table_name}.{r.child_foreign_key}", "expect_foreign_key_values_to_exist_in_parent",
            count == 0, table=r.child_table_name, column=r.child_foreign_key, severity="critical",
            unexpected_count=count, total=ctx.rows(r.child_table_name), examples=list(dict.fromkeys(x[0] for x in rows)),
            observed=count,
            message=(f"{count} row(s) reference a missing {r.parent_table_name}.{r.parent_primary_key} "
                     f"(child keys: {keys})") if count else "")


def _cardinality(ctx: CheckContext, r: Relationship, child: Table, parent: Table) -> None:
    col = child.column(r.child_foreign_key)
    unique = (isinstance(col.generator, ForeignKeyGen) and col.generator.unique) if col else False
    unique = unique or (child.size.kind == "per_parent" and child.size.parent == parent.name
                        and not getattr(child.size, "count_column", None))
    high = 1 if unique else r.max_children
    low = r.min_children
    if not low and high is None:
        return
    fk, pk = q(r.child_foreign_key), q(r.parent_primary_key)
    dup = "" if not unique else f" AND {ctx.clean(child)}"
    # parents whose key the answer key records (duplicate_events copies under new keys) have no children
    counts = (f"SELECT p.{pk} AS parent, count(c.{fk}) AS n FROM (SELECT DISTINCT {pk} FROM {q(parent.name)} "
              f"WHERE {ctx.clean(parent)}) p "
              f"LEFT JOIN (SELECT * FROM {q(child.name)} WHERE TRUE{dup}) c ON c.{fk} = p.{pk} GROUP BY 1")
    cond = " OR ".join(x for x in (f"n < {low}" if low else "", f"n > {high}" if high is not None else "") if x)
    bad = ctx.scalar(f"SELECT count(*) FROM ({counts}) WHERE {cond}")
    examples = ctx.column_values(f"SELECT parent FROM ({counts}) WHERE {cond}") if bad else []
    observed = ctx.con.execute(f"SELECT min(n), max(n) FROM ({counts})").fetchone()
    ctx.add(REFS, f"children.{r.child_table_name}.{r.child_foreign_key}", "expect_children_per_parent_to_be_between",
            bad == 0, table=r.child_table_name, column=r.child_foreign_key, severity="major", unexpected_count=bad,
            total=ctx.rows(parent.name), examples=examples, observed={"min": observed[0], "max": observed[1]},
            message=f"{bad} {parent.name} row(s) have children outside [{low}, {high if high is not None else 'any'}]"
            if bad else "")


def _hidden(t: Table, column: str) -> bool:
    col = t.column(column)
    return col is not None and bool(getattr(col, "hidden", False))
