"""Counter-based randomness: every (seed, table, column, purpose) has a Philox key; each block of rows a counter.

Randomness is drawn per fixed-size block of BLOCK_ROWS rows, so the values of a row never depend on how the
rows are grouped into chunks: the same spec and seed give byte-identical output at any --chunk-rows.
"""

from __future__ import annotations

import zlib

import numpy as np

#: rows per randomness block; chunks are whole numbers of blocks
BLOCK_ROWS = 16_384


def stream_key(seed: int, *parts: str | int) -> np.ndarray:
    """A 128-bit Philox key derived from the root seed and names (table, column, purpose)."""
    words = [seed & 0xFFFFFFFF, (seed >> 32) & 0xFFFFFFFF]
    for p in parts:
        words.append(zlib.crc32(str(p).encode("utf-8")))
    return np.random.SeedSequence(words).generate_state(2, dtype=np.uint64)


def block_rng(key: np.ndarray, block: int) -> np.random.Generator:
    """The generator of one block of rows for a stream key (Philox counter = block index)."""
    counter = np.array([0, 0, block, 0], dtype=np.uint64)
    return np.random.Generator(np.random.Philox(key=key, counter=counter))


def table_rng(seed: int, *parts: str | int) -> np.random.Generator:
    """A generator for whole-table decisions (permutations, unique samples, fault rows)."""
    return block_rng(stream_key(seed, *parts), 2**62)


def blocks(start: int, stop: int) -> list[tuple[int, int, int]]:
    """(block index, first row, end row) of the blocks covering rows [start, stop); start is block-aligned."""
    out = []
    b = start // BLOCK_ROWS
    row = start
    while row < stop:
        end = min((b + 1) * BLOCK_ROWS, stop)
        out.append((b, row, end))
        row, b = end, b + 1
    return out


def uniforms(key: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Uniform [0, 1) draws for rows [start, stop), block by block."""
    out = np.empty(stop - start, dtype=np.float64)
    for b, lo, hi in blocks(start, stop):
        block_rng(key, b).random(out=out[lo - start:hi - start])
    return out


def draws(key: np.ndarray, start: int, stop: int, fn: str, params: dict[str, float]) -> np.ndarray:
    """Draws of numpy Generator method `fn`(**params) for rows [start, stop), block by block."""
    parts = [getattr(block_rng(key, b), fn)(size=hi - lo, **params) for b, lo, hi in blocks(start, stop)]
    return np.concatenate(parts) if parts else np.empty(0)


def aligned_chunk_rows(chunk_rows: int) -> int:
    """Chunk size rounded up to whole blocks."""
    return max(BLOCK_ROWS, -(-chunk_rows // BLOCK_ROWS) * BLOCK_ROWS)


def normals(key: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Standard normal draws for rows [start, stop), block by block."""
    return draws(key, start, stop, "standard_normal", {})
