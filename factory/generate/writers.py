"""Interchangeable table writers behind one base class; each writes to a temporary name and renames on commit."""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path
from typing import ClassVar

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from factory.sandbox import database_file, quote_ident


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial-{os.getpid()}")


class TableWriter:
    """Writes one table chunk by chunk; nothing appears under the final name until commit()."""

    format: ClassVar[str] = ""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path, self.schema, self.tmp = path, schema, _tmp(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.open()

    def open(self) -> None:
        """Create the temporary file."""

    def write(self, chunk: pa.Table) -> None:
        """Append a chunk of rows."""
        raise NotImplementedError

    def close(self) -> None:
        """Flush and close the temporary file."""

    def commit(self) -> Path:
        """Close and move the file to its final name."""
        self.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        """Close and delete the temporary file."""
        try:
            self.close()
        finally:
            self.tmp.unlink(missing_ok=True)


class CsvWriter(TableWriter):
    """CSV with a header row, ISO dates, true/false booleans, no index (pyarrow's C++ writer)."""

    format = "csv"

    def open(self) -> None:
        """Open the pyarrow CSV stream."""
        self._sink = pa.OSFile(str(self.tmp), "wb")
        self._writer = pacsv.CSVWriter(self._sink, self.schema, write_options=pacsv.WriteOptions(
            include_header=True, batch_size=8192, quoting_style="needed"))

    def write(self, chunk: pa.Table) -> None:
        """Append rows."""
        self._writer.write_table(chunk.cast(self.schema))

    def close(self) -> None:
        """Close the stream."""
        if self._writer is not None:
            self._writer.close()
            self._sink.close()
            self._writer = None


class ParquetWriter(TableWriter):
    """Parquet (zstd) in row groups of exactly `row_group_rows` rows (the last one shorter), whatever the chunk
    sizes: rows are buffered up to one row group, so the file is byte-identical at any chunking."""

    format = "parquet"
    row_group_rows: ClassVar[int] = 131_072

    def open(self) -> None:
        """Open the Parquet writer."""
        self._writer = pq.ParquetWriter(str(self.tmp), self.schema, compression="zstd")
        self._pending: list[pa.Table] = []
        self._pending_rows = 0

    def write(self, chunk: pa.Table) -> None:
        """Buffer rows; write every full row group."""
        self._pending.append(chunk.cast(self.schema))
        self._pending_rows += chunk.num_rows
        if self._pending_rows >= self.row_group_rows:
            rows = pa.concat_tables(self._pending)
            full = rows.num_rows - rows.num_rows % self.row_group_rows
            for start in range(0, full, self.row_group_rows):
                self._write_group(rows.slice(start, self.row_group_rows))
            rest = rows.slice(full)
            self._pending, self._pending_rows = ([rest] if rest.num_rows else []), rest.num_rows

    def _write_group(self, rows: pa.Table) -> None:
        self._writer.write_table(rows.combine_chunks(), row_group_size=self.row_group_rows)

    def close(self) -> None:
        """Write the last (short) row group and close the file."""
        if self._writer is not None:
            if self._pending_rows:
                self._write_group(pa.concat_tables(self._pending))
            self._pending, self._pending_rows = [], 0
            self._writer.close()
            self._writer = None


class DuckDBWriter(TableWriter):
    """One table inside a DuckDB database file shared by every table of the run (see DuckDBDatabase)."""

    format = "duckdb"
    con: duckdb.DuckDBPyConnection

    def __init__(self, path: Path, schema: pa.Schema, name: str, con: duckdb.DuckDBPyConnection) -> None:
        self.name, self.con = name, con
        super().__init__(path, schema)

    def open(self) -> None:
        """The table is created by the first write (on the writing thread)."""
        self._created = False

    def write(self, chunk: pa.Table) -> None:
        """Create the table on the first chunk, then insert rows."""
        self.con.register("_chunk", chunk.cast(self.schema))
        if self._created:
            self.con.execute(f"INSERT INTO {quote_ident(self.name)} SELECT * FROM _chunk")
        else:
            self.con.execute(f"CREATE OR REPLACE TABLE {quote_ident(self.name)} AS SELECT * FROM _chunk")
            self._created = True
        self.con.unregister("_chunk")

    def commit(self) -> Path:
        """The database file is committed once, by DuckDBDatabase."""
        return self.path

    def abort(self) -> None:
        """The database file is removed by DuckDBDatabase."""


class DuckDBDatabase:
    """The run's <id>.duckdb file: written under a temporary name, renamed when every table is in."""

    def __init__(self, path: Path) -> None:
        self.path, self.tmp = path, _tmp(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp.unlink(missing_ok=True)
        self.con = database_file(self.tmp, read_only=False, threads=1)

    def writer(self, name: str, schema: pa.Schema) -> DuckDBWriter:
        """A writer for table `name`."""
        return DuckDBWriter(self.path, schema, name, self.con)

    def commit(self) -> Path:
        """Checkpoint, close and rename."""
        self.con.execute("CHECKPOINT")
        self.con.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        """Close and delete."""
        try:
            self.con.close()
        finally:
            self.tmp.unlink(missing_ok=True)
            Path(str(self.tmp) + ".wal").unlink(missing_ok=True)


#: file writers by format name (the DuckDB format is one database for all tables)
WRITERS: dict[str, type[TableWriter]] = {"csv": CsvWriter, "parquet": ParquetWriter}
FORMATS: tuple[str, ...] = ("csv", "parquet", "duckdb")


class BackgroundWriter:
    """Runs table writes on one background thread, in order, so generation of the next chunk overlaps the
    CSV/Parquet encoding of the last one (the Arrow writers release the GIL). At most `depth` chunks wait."""

    def __init__(self, depth: int = 1) -> None:
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="factory-writer", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            writer, chunk = item
            if self._error is None:
                try:
                    writer.write(chunk)
                except BaseException as exc:  # re-raised in the generating thread
                    self._error = exc

    def write(self, writer: TableWriter, chunk: pa.Table) -> None:
        """Queue a write (blocks while the queue is full); re-raises an earlier write's error."""
        self._raise()
        self._queue.put((writer, chunk))

    def close(self) -> None:
        """Wait for every queued write; re-raise the first error."""
        self._queue.put(None)
        self._thread.join()
        self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def close_quietly(self) -> None:
        """Stop after the queued writes, ignoring their errors (the run is failing anyway)."""
        try:
            self.close()
        except BaseException:  # noqa: S110  (the original error is the one to report)
            pass
