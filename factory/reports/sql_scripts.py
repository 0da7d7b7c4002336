"""sql/<dialect>/{schema.sql,load.sql}: DDL with keys and types, and scripts that load the CSVs.

Paths in load scripts are relative to the package root (run them from the unpacked package folder). The DDL
follows the data as delivered: a table holding planted duplicate rows gets no primary key, a foreign key with
orphans is left out, columns with planted nulls are nullable and dates planted in mixed formats are text, so
the scripts always load and learners clean the data in SQL. Every identifier goes through the sandbox's
quoting helpers (names may hold spaces and capitals); hidden columns are never shipped, so never declared;
composite keys become PRIMARY KEY (a, b); decimal(p,s) columns keep their declared type; years are YEAR in
MySQL, SMALLINT in PostgreSQL and INTEGER in DuckDB.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from factory.reports.base import ReportContext, ReportWriter, write_atomic
from factory.reports.run_data import RunData
from factory.sandbox import quote_ident, quote_ident_mysql
from factory.schema.sql_types import declared_decimal
from factory.spec.models import Table
from factory.spec.tables import Column

quote = quote_ident

VARCHAR_STEPS = (16, 32, 64, 128, 255, 512, 1024, 4096)


@dataclass
class TableFacts:
    """What the data allows the DDL to declare."""

    pk_unique: bool
    nullable: set[str] = field(default_factory=set)
    lengths: dict[str, int] = field(default_factory=dict)
    scales: dict[str, tuple[int, int]] = field(default_factory=dict)  # column -> (integer digits, decimals)
    text_columns: set[str] = field(default_factory=set)


@dataclass
class SchemaFacts:
    """Facts of every table, and the relationships that hold in the data."""

    tables: dict[str, TableFacts]
    valid_links: set[tuple[str, str]]  # (child table, child column)


def collect_facts(run: RunData) -> SchemaFacts:
    """Scan the tables once each: key uniqueness, nulls, text lengths, decimal scales, orphan-free links."""
    schema = run.challenge.schema_
    messy_dates = {(f.table, f.column) for f in schema.messiness.faults if f.kind in ("date_format", "text_dates")}
    messy_dates |= {(f.get("table"), f.get("column")) for f in run.messiness.get("faults", []) or []
                    if f.get("kind") in ("date_format", "text_dates")}
    facts: dict[str, TableFacts] = {}
    for t in schema.tables:
        q = quote(t.name)
        key = ", ".join(quote(k) for k in t.key_columns)
        not_null = " AND ".join(f"count({quote(k)}) = count(*)" for k in t.key_columns)
        parts = [f"(SELECT count(*) FROM (SELECT DISTINCT {key} FROM {q}) AS k) = count(*) AND {not_null}"]
        for c in t.visible_columns:
            parts.append(f"count(*) - count({quote(c.name)})")
            if c.type in ("string", "category"):
                parts.append(f"coalesce(max(length(CAST({quote(c.name)} AS VARCHAR))), 1)")
            if c.type == "decimal":
                parts.append(f"coalesce(max(length(split_part(CAST({quote(c.name)} AS VARCHAR), '.', 2))), 0)")
                parts.append(f"coalesce(max(abs({quote(c.name)})), 0)")
        row = list(run.con.execute(f"SELECT {', '.join(parts)} FROM {q}").fetchone())
        tf = TableFacts(pk_unique=bool(row.pop(0)))
        for c in t.visible_columns:
            if row.pop(0) or c.nullable:
                tf.nullable.add(c.name)
            if c.type in ("string", "category"):
                tf.lengths[c.name] = int(row.pop(0))
            if c.type == "decimal":
                decimals, biggest = int(row.pop(0)), float(row.pop(0))
                tf.scales[c.name] = (len(str(int(biggest))), decimals)
            if (t.name, c.name) in messy_dates:
                tf.text_columns.add(c.name)
        facts[t.name] = tf
    links = set()
    for r in schema.relationships:
        parent_ok = facts[r.parent_table_name].pk_unique
        child = schema.table(r.child_table_name)
        col = child.column(r.child_foreign_key) if child is not None else None
        if col is None or col.hidden or r.child_foreign_key in facts[r.child_table_name].text_columns:
            continue
        orphans = run.con.execute(
            f"SELECT count(*) FROM {quote(r.child_table_name)} c WHERE c.{quote(r.child_foreign_key)} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {quote(r.parent_table_name)} p WHERE p.{quote(r.parent_primary_key)} = c.{quote(r.child_foreign_key)})"
        ).fetchone()[0]
        if parent_ok and not orphans:
            links.add((r.child_table_name, r.child_foreign_key))
    return SchemaFacts(facts, links)


def load_order(tables: list[Table], links: list[tuple[str, str]]) -> list[Table]:
    """Tables with parents before children (links are (child, parent) pairs)."""
    done: list[Table] = []
    pending = list(tables)
    while pending:
        ready = [t for t in pending if all(p in {d.name for d in done} or p == t.name for c, p in links if c == t.name)]
        ready = ready or pending[:1]
        for t in ready:
            done.append(t)
            pending.remove(t)
    return done


def csv_path(t: Table) -> str:
    """The table's CSV path as a SQL string literal (relative to the package folder)."""
    return "'" + f"datasets/{t.name}.csv".replace("'", "''") + "'"


class Dialect:
    """How one database spells types, identifiers and CSV loads."""

    name = ""
    timestamp = "TIMESTAMP"

    def ident(self, name: str) -> str:
        """A quoted identifier."""
        return quote(name)

    year = "SMALLINT"

    def column_type(self, column: Column, tf: TableFacts) -> str:
        """The SQL type of a column given the spec (decimal(p,s), year) and the facts of its data."""
        ctype, col = column.type, column.name
        if col in tf.text_columns:
            return "VARCHAR(32)"
        if declared_decimal(column):
            return declared_decimal(column)
        if ctype == "year":
            return self.year
        if ctype in ("string", "category"):
            n = tf.lengths.get(col, 16)
            return next((f"VARCHAR({s})" for s in VARCHAR_STEPS if n * 1.25 <= s), "TEXT")
        if ctype == "decimal":
            digits, decimals = tf.scales.get(col, (12, 4))
            if decimals <= 6 and digits + decimals <= 18:
                return f"DECIMAL({max(digits + decimals + 2, 12)}, {decimals})"
            return self.double
        return {"id": "BIGINT", "integer": "BIGINT", "boolean": "BOOLEAN", "date": "DATE",
                "timestamp": self.timestamp}[ctype]

    double = "DOUBLE PRECISION"

    def schema_sql(self, ctx: ReportContext, facts: SchemaFacts) -> str:
        """DROP + CREATE TABLE statements in dependency order."""
        schema = ctx.run.challenge.schema_
        rels = [r for r in schema.relationships if (r.child_table_name, r.child_foreign_key) in facts.valid_links]
        ordered = load_order(list(schema.tables), [(r.child_table_name, r.parent_table_name) for r in rels])
        out = [f"-- {ctx.brand} data challenge {ctx.run.challenge.id}: {self.name} schema",
               "-- Tables in dependency order (parents first). Run this before load.sql.", ""]
        out += self.drop_all([t.name for t in reversed(ordered)])
        for t in ordered:
            tf = facts.tables[t.name]
            lines = [f"  {self.ident(c.name)} {self.column_type(c, tf)}"
                     + ("" if c.name in tf.nullable else " NOT NULL") for c in t.visible_columns]
            if tf.pk_unique:
                lines.append(f"  PRIMARY KEY ({', '.join(self.ident(k) for k in t.key_columns)})")
            for r in rels:
                if r.child_table_name == t.name:
                    lines.append(f"  FOREIGN KEY ({self.ident(r.child_foreign_key)}) REFERENCES "
                                 f"{self.ident(r.parent_table_name)} ({self.ident(r.parent_primary_key)})")
            out.append(f"-- {t.description}" if t.description else f"-- {t.name}")
            out += [f"CREATE TABLE {self.ident(t.name)} (", ",\n".join(lines), ");", ""]
        return "\n".join(out)

    def drop_all(self, names: list[str]) -> list[str]:
        """Statements dropping existing tables (children first)."""
        return [f"DROP TABLE IF EXISTS {self.ident(n)};" for n in names] + [""]

    def load_sql(self, ctx: ReportContext, facts: SchemaFacts) -> str:
        """Statements loading every CSV, parents first."""
        schema = ctx.run.challenge.schema_
        rels = [r for r in schema.relationships if (r.child_table_name, r.child_foreign_key) in facts.valid_links]
        ordered = load_order(list(schema.tables), [(r.child_table_name, r.parent_table_name) for r in rels])
        out = [f"-- {ctx.brand} data challenge {ctx.run.challenge.id}: load the CSVs into {self.name}",
               f"-- {self.how_to_run}", "-- Paths are relative to the package folder.", ""]
        for t in ordered:
            out.append(self.load_table(t, facts.tables[t.name]))
        return "\n".join(out) + "\n"

    how_to_run = ""

    def load_table(self, t: Table, tf: TableFacts) -> str:
        """The statement loading one table."""
        raise NotImplementedError


class PostgresDialect(Dialect):
    """PostgreSQL: psql's client-side \\copy (no server file access needed)."""

    name = "postgresql"
    how_to_run = "Run from the package folder: psql -d <database> -f sql/postgresql/load.sql"

    def drop_all(self, names: list[str]) -> list[str]:
        """DROP ... CASCADE."""
        return [f"DROP TABLE IF EXISTS {self.ident(n)} CASCADE;" for n in names] + [""]

    def load_table(self, t: Table, tf: TableFacts) -> str:
        """One \\copy line (psql meta-commands must stay on one line)."""
        cols = ", ".join(self.ident(c.name) for c in t.visible_columns)
        return f"\\copy {self.ident(t.name)} ({cols}) FROM {csv_path(t)} WITH (FORMAT csv, HEADER true)"


class DuckDBDialect(Dialect):
    """DuckDB: COPY ... FROM with paths relative to the working folder."""

    name = "duckdb"
    double = "DOUBLE"
    year = "INTEGER"
    how_to_run = "Run from the package folder: duckdb challenge.duckdb < sql/duckdb/schema.sql, then < sql/duckdb/load.sql"

    def load_table(self, t: Table, tf: TableFacts) -> str:
        """One COPY statement."""
        cols = ", ".join(self.ident(c.name) for c in t.visible_columns)
        return f"COPY {self.ident(t.name)} ({cols}) FROM {csv_path(t)} (FORMAT csv, HEADER true);"


class MySQLDialect(Dialect):
    """MySQL 8 / MariaDB: LOAD DATA LOCAL INFILE with empty fields turned into NULL and true/false into 1/0."""

    name = "mysql"
    timestamp = "DATETIME"
    double = "DOUBLE"
    how_to_run = "Run from the package folder: mysql --local-infile=1 -u <user> -p <database> < sql/mysql/load.sql"

    year = "YEAR"

    def ident(self, name: str) -> str:
        """A back-quoted identifier."""
        return quote_ident_mysql(name)

    def schema_sql(self, ctx: ReportContext, facts: SchemaFacts) -> str:
        """The DDL with utf8mb4 tables; foreign-key checks are off while old tables are dropped."""
        body = super().schema_sql(ctx, facts)
        return body.replace(");\n", ") CHARACTER SET utf8mb4;\n")

    def drop_all(self, names: list[str]) -> list[str]:
        """Drops with foreign-key checks off."""
        return ["SET FOREIGN_KEY_CHECKS = 0;", *[f"DROP TABLE IF EXISTS {self.ident(n)};" for n in names],
                "SET FOREIGN_KEY_CHECKS = 1;", ""]

    def load_table(self, t: Table, tf: TableFacts) -> str:
        """LOAD DATA with one user variable per column."""
        variables = ", ".join(f"@v{i}" for i in range(len(t.visible_columns)))
        sets = []
        for i, c in enumerate(t.visible_columns):
            v = f"@v{i}"
            if c.type == "boolean" and c.name not in tf.text_columns:
                expr = f"CASE LOWER({v}) WHEN 'true' THEN 1 WHEN '1' THEN 1 WHEN 'false' THEN 0 WHEN '0' THEN 0 ELSE NULL END"
            else:
                expr = f"NULLIF({v}, '')"
            sets.append(f"  {self.ident(c.name)} = {expr}")
        return (f"LOAD DATA LOCAL INFILE {csv_path(t)} INTO TABLE {self.ident(t.name)}\n"
                "  CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY ''\n"
                f"  LINES TERMINATED BY '\\n' IGNORE 1 LINES\n  ({variables})\nSET\n" + ",\n".join(sets) + ";\n")


DIALECTS: tuple[Dialect, ...] = (MySQLDialect(), PostgresDialect(), DuckDBDialect())


class SqlScripts(ReportWriter):
    """schema.sql and load.sql for MySQL, PostgreSQL and DuckDB."""

    name = "sql"

    def paths(self, ctx: ReportContext) -> list[str]:
        """sql/<dialect>/schema.sql and load.sql."""
        return [f"sql/{d.name}/{f}" for d in DIALECTS for f in ("schema.sql", "load.sql")]

    def write(self, ctx: ReportContext, out_dir: Path) -> list[Path]:
        """Scan the data once, then write every dialect."""
        facts = collect_facts(ctx.run)
        written = []
        for d in DIALECTS:
            folder = out_dir / "sql" / d.name
            written.append(write_atomic(folder / "schema.sql", d.schema_sql(ctx, facts)))
            written.append(write_atomic(folder / "load.sql", d.load_sql(ctx, facts)))
        return written
