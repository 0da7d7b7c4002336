"""data_dictionary.txt and README.txt, written in the plain style analysts know."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

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


def described(messiness: dict[str, Any] | None) -> dict[tuple[str, str], str]:
    """(table, column) -> the description a description_mismatch trap puts in the dictionary."""
    out = {}
    for f in (messiness or {}).get("faults") or []:
        meta = f.get("metadata") or {}
        if f.get("kind") == "description_mismatch" and meta.get("description"):
            out[(str(f.get("table")), str(f.get("column")))] = str(meta["description"])
    return out


def dictionary_text(challenge: Challenge, row_counts: dict[str, int], messiness: dict[str, Any] | None = None) -> str:
    """The data dictionary: tables, one line per column (foreign keys 'linked to <table>'), key metrics.

    messiness: messiness.json; a description_mismatch trap's description replaces the column's own.
    """
    schema = challenge.schema_
    traps = described(messiness)
    out = [f"DATA DICTIONARY: {challenge.problem.company} ({challenge.id})", "=" * 60, "",
           f"{len(schema.tables)} tables, data from {schema.window.start:%d %B %Y} to {schema.window.end:%d %B %Y}.", ""]
    for t in schema.tables:
        out.append(_wrap(f"- {t.name} ({t.kind}, {row_counts.get(t.name, 0):,} rows): {t.description}", "  ", ""))
    for t in schema.tables:
        out += ["", f"Column Description for {t.name}:"]
        for c in t.visible_columns:
            desc = traps.get((t.name, c.name)) or c.description.strip() or c.name.replace("_", " ").capitalize() + "."
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


def _contents(challenge: Challenge, row_counts: dict[str, int], *, parquet: bool, learner: bool,
              clean: bool) -> list[tuple[str, str]]:
    """(entry, what it is) for the package the README ships in."""
    schema = challenge.schema_
    out = [(f"datasets/{t.name}.csv", f"{t.description} ({row_counts.get(t.name, 0):,} rows)") for t in schema.tables]
    if parquet:
        out.append(("parquet/", "The same tables as Parquet files (typed, compressed) for pandas, Polars or Spark."))
    out += [
        (f"{challenge.id}.duckdb", "All tables in one DuckDB database, ready to query."),
        ("data_dictionary.txt", "Every table and column explained, with the key metrics and their formulas."),
        ("brief.md", "The brief: the company, the people, the problem and the questions with their output fields "
                     "(challenge_brief.json holds the same as JSON)."),
        ("sql/mysql/", "schema.sql (tables, keys) and load.sql (loads the CSVs) for MySQL 8 / MariaDB."),
        ("sql/postgresql/", "schema.sql and load.sql (psql \\copy) for PostgreSQL."),
        ("sql/duckdb/", "schema.sql and load.sql to rebuild the database in DuckDB."),
        ("manifest.json", "Every file of the package with its size and SHA-256 checksum."),
    ]
    if learner:
        return out
    out += [
        ("quality_report.pdf", "Instructor package only: how the data was verified (scores, charts, failed checks)."),
        ("challenge.json", "Instructor package only: the full specification (generators, insights, answer SQL)."),
        ("qa_results.json", "Instructor package only: every quality check with its result."),
        ("analytical_answers.xlsx", "Instructor package only: the answers with charts."),
        ("answers/", "Instructor package only: answer tables and the SQL that produced them."),
        ("solutions/", "Instructor package only: each question's SQL for MySQL / MariaDB (solutions/mysql/) and "
                       "PostgreSQL (solutions/postgresql/), transpiled from the DuckDB answer SQL."),
        ("messiness.json", "Instructor package only: the data-quality faults and traps planted for cleaning, and "
                           "which answers each one moves."),
    ]
    if clean:
        out.append(("clean/", "Instructor package only: the cleaned reference tables (Parquet), the data before "
                              "the planted faults, on which the answers and the story's numbers are computed."))
    return out


def _start_steps(challenge: Challenge, *, learner: bool, clean: bool) -> list[str]:
    level = challenge.schema_.messiness.level
    join_hint = ("the 'linked to' notes in data_dictionary.txt show the keys)" if learner else
                 "quality_report.pdf has an ER diagram)")
    messy = [f"This data is deliberately messy (level {level}): profile it and clean it before answering."] if level else [
        "This data is clean; focus on the analysis."]
    if level and learner:
        messy += ["     Keep a log of every fix. Some problems can be undone (repeated rows, spellings, formats);",
                  "     values that are missing cannot be recovered: say how you treated them in your answer."]
    elif level and clean:
        messy += ["     The answer key and the story's numbers are computed on the clean data (clean/). ANSWER KEY",
                  "     AND TRAPS below says which faults a cleaning can undo, which it cannot, and how each",
                  "     question's answer moves when a trap is missed."]
    return ["HOW TO START", "------------",
            "  1. Read the story above and data_dictionary.txt; sketch how the tables join (" + join_hint,
            "  2. Load the data into the database you know (run the commands from this package's folder):",
            "       MySQL:      mysql -u <user> -p -e 'CREATE DATABASE challenge'",
            "                   mysql -u <user> -p challenge < sql/mysql/schema.sql",
            "                   mysql --local-infile=1 -u <user> -p challenge < sql/mysql/load.sql",
            "       PostgreSQL: createdb challenge && psql -d challenge -f sql/postgresql/schema.sql",
            "                   psql -d challenge -f sql/postgresql/load.sql",
            f"       DuckDB:     duckdb {challenge.id}.duckdb",
            "       Excel / Power BI / Python: open the CSV files in datasets/ directly.",
            "  3. Explore: row counts, nulls, value ranges. " + messy[0], *messy[1:],
            "  4. Answer each question with a query; keep exactly the output fields each question asks for.",
            "  5. Tell the story: one chart per question and a short recommendation for the stakeholder."]


def trap_key_lines(messiness: dict[str, Any] | None, challenge: Challenge) -> list[str]:
    """ANSWER KEY AND TRAPS (instructor README): each fault, whether a cleaning can undo it, and per question
    how its answer moves when a trap is missed (from messiness.json's impact, when computed)."""
    faults = list((messiness or {}).get("faults") or [])
    if not faults:
        return []
    out = ["", "ANSWER KEY AND TRAPS", "--------------------"]
    for i, f in enumerate(faults, 1):
        where = f"{f.get('table')}.{f['column']}" if f.get("column") else str(f.get("table"))
        undo = "recoverable" if f.get("recoverable", True) else "NOT recoverable"
        fix = f" {f['fix']}" if f.get("fix") else ""
        out.append(_wrap(f"T{i}. {f.get('kind')} in {where}: {int(f.get('count') or 0):,} rows, {undo}.{fix}", "      ", "  "))
    impact = (messiness or {}).get("questions") or {}
    if not impact:
        return out
    out += ["", "  If a trap is missed (each answer on the data with only that trap, against the key):"]
    for q in challenge.problem.questions:
        entry = impact.get(q.id) or {}
        moved = [m for m in entry.get("faults") or [] if m.get("changed")]
        if not moved:
            out.append(_wrap(f"- {q.id.upper()}: no trap changes this answer.", "      ", "  "))
            continue
        for m in moved:
            out.append(_wrap(f"- {q.id.upper()} / T{int(m.get('fault', 0)) + 1} ({m.get('kind')}): {m.get('summary')}",
                             "      ", "  "))
    return out


def readme_text(challenge: Challenge, row_counts: dict[str, int], brand: str, *, parquet: bool = False,
                clean: bool = False, learner: bool = False, messiness: dict[str, Any] | None = None) -> str:
    """README.txt: the story, the package contents, the questions, how to start and the tools to use.

    learner: the learner package's README (its own contents, no answer-key section). clean: the answers and
    story numbers were computed on the cleaned data (clean/). messiness: messiness.json, for the instructor's
    ANSWER KEY AND TRAPS section.
    """
    p = challenge.problem
    title = f"{p.company}: {p.industry or p.domain} data challenge"
    out = [title, "=" * len(title), f"{brand} data challenge {challenge.id} · difficulty: {challenge.difficulty}", "",
           "THE STORY", "---------", _wrap(render_story(challenge)), ""]
    for c in p.characters:
        voice = f' "{c.voice}"' if c.voice else ""
        out.append(_wrap(f"- {c.name}, {c.role} ({c.part}).{voice}", "  ", ""))
    out += ["", "WHAT IS IN THIS PACKAGE", "-----------------------"]
    contents = _contents(challenge, row_counts, parquet=parquet, learner=learner, clean=clean)
    out += [_wrap(f"- {name}: {what}", "    ", "  ") for name, what in contents]
    out += ["", "THE QUESTIONS", "-------------"]
    for q in p.questions:
        out.append(_wrap(f"{q.id.upper()} ({q.difficulty}). {q.text}", "    ", "  "))
    out += ["", *_start_steps(challenge, learner=learner, clean=clean)]
    if not learner:
        out += trap_key_lines(messiness, challenge)
    out += ["", "RECOMMENDED TOOLS", "-----------------",
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
        return [write_atomic(out_dir / DICTIONARY, dictionary_text(ch, counts, ctx.run.messiness)),
                write_atomic(out_dir / README, readme_text(ch, counts, ctx.brand,
                                                           parquet=(ctx.run.run_dir / "parquet").is_dir(),
                                                           clean=ctx.run.answer_basis == "clean",
                                                           messiness=ctx.run.messiness))]
