"""data_dictionary.txt and README.txt, written in the plain style analysts know."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from factory.reports.base import ReportContext, ReportWriter, write_atomic
from factory.spec.models import Challenge

DICTIONARY = "data_dictionary.txt"
README = "README.txt"
WIDTH = 100


def render_story(challenge: Challenge) -> str:
    """The problem statement with {story_number} placeholders replaced by their computed values."""
    values = {s.id: s for s in challenge.problem.story_numbers}

    def sub(m: re.Match[str]) -> str:
        s = values.get(m.group(1))
        if s is None:
            return m.group(0)
        if s.value is None:
            return "[not computed yet]"
        return f"{s.value:,.{s.decimals}f}"

    return re.sub(r"\{([a-z][a-z0-9_]*)\}", sub, challenge.problem.statement)


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=first if first is not None else indent, subsequent_indent=indent)


def dictionary_text(challenge: Challenge, row_counts: dict[str, int]) -> str:
    """The data dictionary: tables, one line per column (foreign keys 'linked to <table>'), key metrics."""
    schema = challenge.schema_
    out = [f"DATA DICTIONARY: {challenge.problem.company} ({challenge.id})", "=" * 60, "",
           f"{len(schema.tables)} tables, data from {schema.window.start:%d %B %Y} to {schema.window.end:%d %B %Y}.", ""]
    for t in schema.tables:
        out.append(_wrap(f"- {t.name} ({t.kind}, {row_counts.get(t.name, 0):,} rows): {t.description}", "  ", ""))
    for t in schema.tables:
        out += ["", f"Column Description for {t.name}:"]
        for c in t.columns:
            desc = c.description.strip() or c.name.replace("_", " ").capitalize() + "."
            notes = []
            rel = schema.parent_of(t.name, c.name)
            if rel is not None and "linked to" not in desc.lower():
                notes.append(f"linked to {rel.parent_table_name}")
            if c.name == t.primary_key:
                notes.append("primary key")
            if c.unit and c.unit.lower() not in desc.lower():
                notes.append(f"unit: {c.unit}")
            if c.nullable:
                notes.append("may be empty")
            line = f"- {c.name}: {desc}" + (f" ({'; '.join(notes)})" if notes else "")
            out.append(_wrap(line, "  ", ""))
    out += ["", "Key Metrics:"]
    for k in challenge.problem.kpis:
        out.append(_wrap(f"- {k.name}: {k.definition} Formula: {k.formula}", "  ", ""))
    rules = challenge.schema_.rules
    if rules:
        clean = "every row" if challenge.schema_.messiness.level == 0 else "every row except the planted data-quality faults"
        out += ["", f"Business Rules (hold on {clean}):"]
        out += [_wrap(f"- {r.statement}", "  ", "") for r in rules]
    return "\n".join(out) + "\n"


def readme_text(challenge: Challenge, row_counts: dict[str, int], brand: str, *, parquet: bool = False,
                clean: bool = False) -> str:
    """README.txt: the story, the package contents, the questions, how to start and the tools to use.

    clean: the answers and story numbers were computed on the cleaned data (clean/), which the README says.
    """
    p, schema = challenge.problem, challenge.schema_
    title = f"{p.company}: {p.industry or p.domain} data challenge"
    out = [title, "=" * len(title), f"{brand} data challenge {challenge.id} · difficulty: {challenge.difficulty}", "",
           "THE STORY", "---------", _wrap(render_story(challenge)), ""]
    for c in p.characters:
        voice = f' "{c.voice}"' if c.voice else ""
        out.append(_wrap(f"- {c.name}, {c.role} ({c.part}).{voice}", "  ", ""))
    out += ["", "WHAT IS IN THIS PACKAGE", "-----------------------"]
    contents = [(f"datasets/{t.name}.csv", f"{t.description} ({row_counts.get(t.name, 0):,} rows)") for t in schema.tables]
    if parquet:
        contents.append(("parquet/", "The same tables as Parquet files (typed, compressed) for pandas, Polars or Spark."))
    contents += [
        (f"{challenge.id}.duckdb", "All tables in one DuckDB database, ready to query."),
        ("data_dictionary.txt", "Every table and column explained, with the key metrics and their formulas."),
        ("quality_report.pdf", "How the data was verified: scores, 12 charts and any failed checks."),
        ("sql/mysql/", "schema.sql (tables, keys) and load.sql (loads the CSVs) for MySQL 8 / MariaDB."),
        ("sql/postgresql/", "schema.sql and load.sql (psql \\copy) for PostgreSQL."),
        ("sql/duckdb/", "schema.sql and load.sql to rebuild the database in DuckDB."),
        ("challenge.json", "The challenge specification (story, schema, questions)."),
        ("qa_results.json", "Every quality check with its result."),
        ("manifest.json", "Every file of the package with its size and SHA-256 checksum."),
        ("analytical_answers.xlsx", "Instructor package only: the answers with charts."),
        ("answers/", "Instructor package only: answer tables and the SQL that produced them."),
        ("messiness.json", "Instructor package only: the data-quality faults planted for cleaning."),
    ]
    if clean:
        contents.append(("clean/", "Instructor package only: the cleaned reference tables (Parquet), the data before "
                                   "the planted faults, on which the answers and the story's numbers are computed."))
    out += [_wrap(f"- {name}: {what}", "    ", "  ") for name, what in contents]
    out += ["", "THE QUESTIONS", "-------------"]
    for q in p.questions:
        out.append(_wrap(f"{q.id.upper()} ({q.difficulty}). {q.text}", "    ", "  "))
    level = schema.messiness.level
    out += ["", "HOW TO START", "------------",
            "  1. Read the story above and data_dictionary.txt; sketch how the tables join (quality_report.pdf",
            "     has an ER diagram).",
            "  2. Load the data into the database you know (run the commands from this package's folder):",
            "       MySQL:      mysql -u <user> -p -e 'CREATE DATABASE challenge'",
            "                   mysql -u <user> -p challenge < sql/mysql/schema.sql",
            "                   mysql --local-infile=1 -u <user> -p challenge < sql/mysql/load.sql",
            "       PostgreSQL: createdb challenge && psql -d challenge -f sql/postgresql/schema.sql",
            "                   psql -d challenge -f sql/postgresql/load.sql",
            f"       DuckDB:     duckdb {challenge.id}.duckdb",
            "       Excel / Power BI / Python: open the CSV files in datasets/ directly.",
            "  3. Explore: row counts, nulls, value ranges. " + (
                f"This data is deliberately messy (level {level}): clean it before answering." if level else
                "This data is clean; focus on the analysis."),
            *(["     The answer key and the numbers in the story are computed on the cleaned data (duplicates",
               "     removed, values restored), so a correct cleaning reproduces them exactly."] if clean else []),
            "  4. Answer each question with a query; keep exactly the output fields each question asks for.",
            "  5. Tell the story: one chart per question and a short recommendation for the stakeholder.",
            "", "RECOMMENDED TOOLS", "-----------------",
            "  - SQL: MySQL Workbench, pgAdmin / psql, DBeaver or the DuckDB CLI.",
            "  - Spreadsheets: Excel or Google Sheets (pivot tables) for quick checks.",
            "  - BI: Power BI or Tableau for the dashboard; Python (pandas) or R for deeper analysis.",
            ""]
    return "\n".join(out)


class TextDocs(ReportWriter):
    """data_dictionary.txt and README.txt."""

    name = "text"

    def paths(self, ctx: ReportContext) -> list[str]:
        """The two text files."""
        return [DICTIONARY, README]

    def write(self, ctx: ReportContext, out_dir: Path) -> list[Path]:
        """Write both files."""
        ch, counts = ctx.run.challenge, ctx.profile.row_counts
        return [write_atomic(out_dir / DICTIONARY, dictionary_text(ch, counts)),
                write_atomic(out_dir / README, readme_text(ch, counts, ctx.brand,
                                                           parquet=(ctx.run.run_dir / "parquet").is_dir(),
                                                           clean=ctx.run.answer_basis == "clean"))]
