"""generate_dataset / generate_preview: plan, check, stream every table through the writers, record the run."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from factory.budget import check_budget, check_rows
from factory.errors import ConfigError, GenerationError
from factory.generate.messiness import FaultInjector
from factory.generate.plan import Plan, make_plan
from factory.generate.randomness import BLOCK_ROWS, aligned_chunk_rows
from factory.generate.result import GenerationResult, TableOutput
from factory.generate.sqlexpr import SqlEvaluator
from factory.generate.stream import stream_tables
from factory.generate.writers import FORMATS, WRITERS, BackgroundWriter, DuckDBDatabase, TableWriter
from factory.runfolder import relocate, staged_run
from factory.settings import get_settings
from factory.spec.models import Challenge

Progress = Callable[[float, str], None]
#: main-table rows of the in-memory sample every run checks its rules on before writing anything
SAMPLE_ROWS = 1000
#: encode/write chunks on a background thread while the next chunk is generated (False: all on one thread)
BACKGROUND_WRITES = True
#: folder of the clean tables (before fault injection) when the data has faults: instructor reference data
CLEAN_DIR = "clean"


def generate_dataset(challenge: Challenge, out_dir: str | Path, *, rows: int | None = None, chunk_rows: int | None = None,
                     formats: tuple[str, ...] | list[str] = ("csv",), progress: Progress | None = None) -> GenerationResult:
    """Generate every table of the challenge into out_dir (datasets/*.csv and the other formats asked for)."""
    settings = get_settings()
    fmts = _formats(formats)
    plan = make_plan(challenge, rows, seed=None, max_rows=settings.max_rows)
    check_budget(plan.schema, plan.rows, out_dir, fmts)  # every table's rows and the disk, before any work
    check_rules_on_sample(challenge, min(plan.rows[plan.schema.main_table], SAMPLE_ROWS))
    chunk = aligned_chunk_rows(chunk_rows or settings.chunk_rows)
    out = Path(out_dir).resolve()
    with staged_run(out) as stage:  # written aside, swapped in whole: the folder is always one generation
        result = _run(plan, stage, chunk, fmts, progress, keep_clean=True)
    return relocate(result, stage, out)


def generate_preview(challenge: Challenge, out_dir: str | Path, *, rows: int = 30) -> GenerationResult:
    """About `rows` rows a table under out_dir/preview/ by the same code path as the full run (FK-consistent)."""
    settings = get_settings()
    plan = make_plan(challenge, rows, seed=None, max_rows=settings.max_rows, preview_rows=rows)
    check_rows(plan.rows)
    check_rules_on_sample(challenge, SAMPLE_ROWS)
    return _run(plan, Path(out_dir) / "preview", aligned_chunk_rows(settings.chunk_rows), ("csv",), None)


def generate_tables(plan: Plan, *, hidden: bool = False) -> dict[str, pa.Table]:
    """Every table of the plan in memory, clean (no messiness): for samples and tests (hidden: keep hidden columns)."""
    out: dict[str, list[pa.Table]] = {}
    _stream(plan, aligned_chunk_rows(max(plan.rows.values(), default=1)),
            lambda name, chunk, start: out.setdefault(name, []).append(chunk), hidden=hidden)
    return {name: pa.concat_tables(parts) for name, parts in out.items()}


def check_rules_on_sample(challenge: Challenge, rows: int) -> None:
    """Refuse (GenerationError naming the rule) when a business rule fails on a clean in-memory sample."""
    plan = make_plan(challenge, max(rows, 1), seed=None, max_rows=max(rows, 1), strict=False)
    check_rows(plan.rows)
    tables = generate_tables(plan, hidden=True)
    sql = SqlEvaluator()
    try:
        failing = sql.failing_rules(tables, plan.schema.rules)
    finally:
        sql.close()
    if failing:
        rule, n = failing[0]
        others = "".join(f"; rule '{r.id}' ({k} rows)" for r, k in failing[1:])
        raise GenerationError(f"rule '{rule.id}' contradicts the generators: {n} rows of a clean "
                              f"{rows}-row sample violate it ({rule.statement}){others}", table=rule.table,
                              hint="fix the generators or the rule's SQL so the rule holds by construction")


def _formats(formats: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    fmts = tuple(dict.fromkeys(["csv", *[f.strip().lower() for f in formats if f.strip()]]))
    unknown = [f for f in fmts if f not in FORMATS]
    if unknown:
        raise ConfigError(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return fmts


def _stream(plan: Plan, chunk_rows: int, sink: Callable[[str, pa.Table, int], None],
            progress: Progress | None = None, *, hidden: bool = False) -> None:
    """Generate tables in dependency order, chunk by chunk, handing each chunk to `sink` (factory.generate.stream)."""
    stream_tables(plan, chunk_rows, sink, progress, hidden=hidden)


def _run(plan: Plan, out: Path, chunk_rows: int, fmts: tuple[str, ...], progress: Progress | None,
         *, keep_clean: bool = False) -> GenerationResult:
    """Stream every table through its writers; with faults and keep_clean, also the clean tables to clean/ (Parquet).

    The clean copy is each chunk before fault injection: the data a correct cleaning recovers, on which the
    answer key and the story numbers are computed. At level 0 datasets/ is the clean data and clean/ is removed.
    """
    t0 = time.perf_counter()
    schema = plan.schema
    level = schema.messiness.level
    injectors: dict[str, FaultInjector] = {}  # made at a table's first chunk (count-sized tables know their rows then)
    out.mkdir(parents=True, exist_ok=True)
    db = DuckDBDatabase(out / f"{plan.challenge.id}.duckdb") if "duckdb" in fmts else None
    writers: dict[str, list[TableWriter]] = {}
    clean: dict[str, TableWriter] = {}
    clean_dir = out / CLEAN_DIR if keep_clean and level > 0 else None
    written: dict[str, int] = {}
    background = BackgroundWriter() if BACKGROUND_WRITES else None

    def _write(w: TableWriter, chunk: pa.Table) -> None:
        if background is not None:
            background.write(w, chunk)
        else:
            w.write(chunk)

    def sink(name: str, chunk: pa.Table, start: int) -> None:
        if clean_dir is not None:
            if name not in clean:
                clean[name] = WRITERS["parquet"](clean_dir / f"{name}.parquet", chunk.schema)
            _write(clean[name], chunk)
        if level > 0 and name not in injectors:
            injectors[name] = FaultInjector(schema.table(name), plan.rows[name],
                                            [f for f in schema.messiness.faults if f.table == name], plan.seed)
        if name in injectors:
            chunk = injectors[name].apply(chunk, start)
        if name not in writers:
            arrow_schema = injectors[name].output_schema(chunk.schema) if name in injectors else chunk.schema
            ws: list[TableWriter] = [WRITERS["csv"](out / "datasets" / f"{name}.csv", arrow_schema)]
            if "parquet" in fmts:
                ws.append(WRITERS["parquet"](out / "parquet" / f"{name}.parquet", arrow_schema))
            if db is not None:
                ws.append(db.writer(name, arrow_schema))
            writers[name] = ws
        for w in writers[name]:
            _write(w, chunk)
        written[name] = written.get(name, 0) + chunk.num_rows

    try:
        _stream(plan, chunk_rows, sink, progress)
        if background is not None:
            background, pending = None, background
            pending.close()
        files: dict[str, dict[str, str]] = {}
        for name, ws in writers.items():
            files[name] = {w.format: str(w.commit()) for w in ws}
        for w in clean.values():
            w.commit()
        if db is not None:
            db.commit()
        if clean_dir is None and keep_clean:
            shutil.rmtree(out / CLEAN_DIR, ignore_errors=True)  # a level-0 run: a stale clean copy would mislead
    except BaseException:
        if background is not None:
            background.close_quietly()
        for w in [*(w for ws in writers.values() for w in ws), *clean.values()]:
            w.abort()
        if db is not None:
            db.abort()
        raise
    seconds = round(time.perf_counter() - t0, 3)
    recorded = {name: iter(inj.answer_key()) for name, inj in injectors.items()}
    faults = [next(recorded[f.table]) for f in schema.messiness.faults] if injectors else []
    _write_json(out / "messiness.json", {"level": level, "faults": faults})
    _write_json(out / "generation.json", {
        "challenge_id": plan.challenge.id, "seed": plan.seed, "main_table": schema.main_table,
        "rows": written, "generated_rows": plan.rows, "chunk_rows": chunk_rows, "block_rows": BLOCK_ROWS,
        "formats": list(fmts), "preview": plan.preview, "seconds": seconds,
        "clean": CLEAN_DIR if clean else None,
    })
    challenge = plan.challenge if plan.seed == plan.challenge.seed else plan.challenge.model_copy(update={"seed": plan.seed})
    _write_text(out / "challenge.json", challenge.to_json())
    if progress is not None:
        progress(1.0, "done")
    return GenerationResult(
        out_dir=out, seed=plan.seed, seconds=seconds, chunk_rows=chunk_rows, formats=list(fmts),
        tables={name: TableOutput(rows=written.get(name, 0), files=files.get(name, {})) for name in plan.order},
    )


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _write_json(path: Path, obj: object) -> None:
    _write_text(path, json.dumps(obj, indent=2, default=str) + "\n")
