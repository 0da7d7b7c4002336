"""Each question's answer SQL in the learners' dialects: solutions/mysql/<qid>.sql and solutions/postgresql/<qid>.sql.

The DuckDB answer SQL is transpiled with sqlglot (every identifier quoted, so names with spaces or capitals
survive), then the factory's own rules patch what sqlglot leaves to the engine:
- PostgreSQL: ROUND(x, n) needs a numeric x (round(double precision, int) does not exist); an integer divided
  by an integer is cast to a decimal first (DuckDB's `/` never truncates); quarter(d) is EXTRACT(QUARTER FROM d).
- MySQL / MariaDB: an aggregate FILTER (WHERE ...) clause becomes a CASE inside the aggregate; the difference of
  two date columns (days in DuckDB) is DATEDIFF; ORDER BY <position> names the output column (DuckDB sorts NULLs
  last, MySQL first: sqlglot can only add the NULL ordering to a named key).
The instructor ZIP ships the files; tests run them on real MariaDB and PostgreSQL against answers/<qid>.csv.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from factory.answers.compute import write_atomic
from factory.answers.solutions_rules import alias_subqueries, date_parts
from factory.spec.models import Challenge

SOLUTIONS_DIR = "solutions"
#: package folder name -> sqlglot dialect
DIALECTS = {"mysql": "mysql", "postgresql": "postgres"}


class SolutionError(ValueError):
    """The answer SQL could not be transpiled into a dialect."""


def _filters_to_case(tree: exp.Expression) -> exp.Expression:
    """agg(x) FILTER (WHERE c) -> agg(CASE WHEN c THEN x END); count(*) FILTER (WHERE c) -> count(CASE WHEN c THEN 1 END)."""
    def fix(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Filter):
            return node
        agg, where = node.this, node.expression.this
        arg = agg.this
        value = exp.Literal.number(1) if arg is None or isinstance(arg, exp.Star) else arg
        agg = agg.copy()
        agg.set("this", exp.Case(ifs=[exp.If(this=where.copy(), true=value.copy())]))
        return agg
    return tree.transform(fix)


def _numeric_round(tree: exp.Expression) -> exp.Expression:
    """ROUND(x, n) -> ROUND(CAST(x AS NUMERIC), n) (PostgreSQL rounds numerics only to n places)."""
    def fix(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Round) and node.args.get("decimals") is not None:
            inner = node.this
            if not (isinstance(inner, exp.Cast) and inner.to.this == exp.DataType.Type.DECIMAL):
                node = node.copy()
                node.set("this", exp.Cast(this=inner.copy(), to=exp.DataType.build("NUMERIC")))
        return node
    return tree.transform(fix)


def _named_order(tree: exp.Expression) -> exp.Expression:
    """ORDER BY 2 -> ORDER BY <alias of the 2nd output column> (or its expression when it has no alias)."""
    for select in tree.find_all(exp.Select):
        order = select.args.get("order")
        if order is None:
            continue
        outputs = select.expressions
        for ordered in order.expressions:
            key = ordered.this
            if isinstance(key, exp.Literal) and not key.is_string and key.name.isdigit():
                pos = int(key.name)
                if 1 <= pos <= len(outputs) and not isinstance(outputs[pos - 1], exp.Star):
                    item = outputs[pos - 1]
                    alias = item.alias
                    ordered.set("this", exp.column(alias) if alias else item.copy())
    return tree


def _true_division(tree: exp.Expression) -> exp.Expression:
    """a / b -> CAST(a AS NUMERIC) / b where a is not already a decimal or float literal (DuckDB's `/` is exact)."""
    def fix(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Div) and not node.args.get("typed"):
            left = node.this
            if not (isinstance(left, exp.Cast) or (isinstance(left, exp.Literal) and "." in left.name)):
                node = node.copy()
                node.set("this", exp.Cast(this=left.copy(), to=exp.DataType.build("NUMERIC")))
        return node
    return tree.transform(fix)


def _date_differences(tree: exp.Expression, dates: frozenset[str]) -> exp.Expression:
    """date_a - date_b (days in DuckDB) -> DATEDIFF(date_a, date_b) in MySQL (which would subtract yyyymmdd numbers)."""
    def fix(node: exp.Expression) -> exp.Expression:
        if (isinstance(node, exp.Sub) and all(isinstance(x, exp.Column) and x.name.lower() in dates
                                              for x in (node.this, node.expression))):
            return exp.Anonymous(this="DATEDIFF", expressions=[node.this.copy(), node.expression.copy()])
        return node
    return tree.transform(fix)


def _quarters(tree: exp.Expression) -> exp.Expression:
    """quarter(d) -> EXTRACT(QUARTER FROM d) (PostgreSQL has no quarter function)."""
    def fix(node: exp.Expression) -> exp.Expression:
        if type(node).__name__ == "Quarter" and node.this is not None:
            return exp.Extract(this=exp.var("QUARTER"), expression=node.this.copy())
        if isinstance(node, exp.Anonymous) and str(node.this).lower() == "quarter" and len(node.expressions) == 1:
            return exp.Extract(this=exp.var("QUARTER"), expression=node.expressions[0].copy())
        return node
    return tree.transform(fix)


@contextmanager
def _quiet_sqlglot() -> Iterator[None]:
    """sqlglot logs unsupported-feature warnings to stderr ('NULLS LAST' translation ...); the CLI prints none."""
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def transpile(sql: str, dialect: str, *, date_columns: frozenset[str] = frozenset()) -> str:
    """The DuckDB SELECT as `dialect` SQL ("mysql" or "postgresql"), pretty-printed, ending with ';'.

    date_columns: lower-cased names of the schema's date columns (a difference of two is a number of days).
    """
    target = DIALECTS.get(dialect)
    if target is None:
        raise SolutionError(f"unknown dialect {dialect!r}; choose from {', '.join(DIALECTS)}")
    try:
        with _quiet_sqlglot():
            tree = alias_subqueries(date_parts(sqlglot.parse_one(sql, read="duckdb"), dialect))
            if dialect == "mysql":
                tree = _named_order(_date_differences(_filters_to_case(tree), date_columns))
            else:
                tree = _quarters(_true_division(_numeric_round(tree)))
            out = tree.sql(dialect=target, pretty=True, identify=True)
    except SqlglotError as exc:
        raise SolutionError(str(exc).splitlines()[0] if str(exc) else "the SQL does not parse") from None
    return out.rstrip().rstrip(";") + ";\n"


def write_solutions(run_dir: str | Path, challenge: Challenge) -> dict[str, dict[str, Path]]:
    """solutions/<dialect>/<qid>.sql for every question with answer SQL; a question sqlglot cannot transpile gets
    a file holding the reason as a comment (the real-engine tests then fail on it)."""
    root = Path(run_dir) / SOLUTIONS_DIR
    dates = frozenset(c.name.lower() for t in challenge.schema_.tables for c in t.columns if c.type == "date")
    written: dict[str, dict[str, Path]] = {}
    for dialect in DIALECTS:
        written[dialect] = {}
        for q in challenge.problem.questions:
            if not q.answer_sql.strip():
                continue
            try:
                text = transpile(q.answer_sql, dialect, date_columns=dates)
            except SolutionError as exc:
                text = f"-- could not transpile {q.id} to {dialect}: {exc}\n"
            path = root / dialect / f"{q.id}.sql"
            write_atomic(path, f"-- {q.id}: {' '.join(q.text.split())[:200]}\n{text}")
            written[dialect][q.id] = path
    return written
