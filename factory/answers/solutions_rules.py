"""Rewrite rules for what DuckDB allows and the learners' dialects do not (used by factory.answers.solutions):
- date-part functions sqlglot leaves under their DuckDB names: hour() -> EXTRACT(HOUR ...) in PostgreSQL;
  isodow() -> EXTRACT(ISODOW ...) / WEEKDAY(x) + 1; make_date(y, m, d) -> MAKE_DATE in PostgreSQL,
  CAST(CONCAT_WS('-', y, m, d) AS DATE) in MySQL / MariaDB;
- a subquery in FROM / JOIN without an alias gets one (both PostgreSQL and MySQL require it)."""

from __future__ import annotations

from sqlglot import exp


def date_parts(tree: exp.Expression, dialect: str) -> exp.Expression:
    """`tree` (DuckDB) with hour / ISO weekday / make_date rewritten for `dialect` ("mysql" or "postgresql")."""
    def fix(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Hour) and dialect == "postgresql":
            return exp.Extract(this=exp.var("HOUR"), expression=node.this.copy())
        if isinstance(node, exp.DayOfWeekIso):
            if dialect == "postgresql":
                return exp.Extract(this=exp.var("ISODOW"), expression=node.this.copy())
            return exp.Paren(this=exp.Add(this=exp.func("WEEKDAY", node.this.copy()), expression=exp.Literal.number(1)))
        if isinstance(node, exp.DateFromParts):
            parts = [node.args[k].copy() for k in ("year", "month", "day")]
            if dialect == "postgresql":  # EXTRACT gives numeric; MAKE_DATE takes integers
                return exp.func("MAKE_DATE", *(exp.Cast(this=x, to=exp.DataType.build("INT")) for x in parts))
            text = exp.Anonymous(this="CONCAT_WS", expressions=[exp.Literal.string("-"), *parts])
            return exp.Cast(this=text, to=exp.DataType.build("DATE"))
        return node
    return tree.transform(fix)


def alias_subqueries(tree: exp.Expression) -> exp.Expression:
    """Every derived table without an alias named _t1, _t2, ... (DuckDB allows none; the other engines do not)."""
    count = 0
    for node in list(tree.find_all(exp.Subquery)):
        if not node.alias and isinstance(node.parent, (exp.From, exp.Join)):
            count += 1
            node.set("alias", exp.TableAlias(this=exp.to_identifier(f"_t{count}")))
    return tree
