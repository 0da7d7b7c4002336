"""A seeded, bounded fuzz of the spec: 320 mutations of a library spec through `factory check-spec` and
`factory generate` (in a worker process, each with a timeout). Fails on any traceback, any hang, and any file
created outside the mutation's output folder (canary paths the hostile SQL aims at, and the scratch folder)."""

from __future__ import annotations

import copy
import json
import math
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from factory.drafting import draft_challenge

SEED = 20261201
MUTATIONS = int(os.environ.get("FACTORY_FUZZ_MUTATIONS", "320"))
TIMEOUT_S = 90.0
ROOT = Path(__file__).resolve().parents[3]
DEEP = "__deep__:"

Json = Any


def _paths(node: Json, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Json]]:
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


def _set(doc: Json, path: tuple[Any, ...], value: Json) -> None:
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _hostile_sql(canary: Path) -> list[str]:
    return [
        f"SELECT 1 AS x; COPY (SELECT 'x') TO '{canary}' (HEADER false)",
        f"COPY (SELECT 42) TO '{canary}'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT string_agg(column0, '|') FROM read_csv('.tmp/notes.csv', header=false, all_varchar=true)",
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r",
        "SELECT count(*) FROM generate_series(1, 1000000000000)",
        f"ATTACH '{canary}' AS evil",
        "INSTALL httpfs", "SET enable_external_access = true", "PRAGMA version",
        "SELECT list(i) FROM range(3000000000) t(i)",
        f"(SELECT 1) ; COPY (SELECT 1) TO '{canary}'",
        f"\" FROM raw; COPY (SELECT 'x') TO '{canary}' (HEADER false); SELECT \"",
        "", "SELECT", "))))", "NULL", "1/0", "'" * 5000,
    ]


VALUES: list[Json] = [0, -1, 1, 2**63, 2**63 - 1, 2**64, -(2**63) - 1, 1e308, -1e308, math.nan, math.inf, 1e-300,
                      10**15, 0.5, True, None, "", " ", "x" * 20000, "\u0000", "__class__", "../../etc/passwd",
                      "=cmd|' /C calc'!A0", "名前", [], {}, [None], {"kind": "nope"}]


class Mutator:
    """Seeded mutation operators over a spec document."""

    def __init__(self, base: Json, rng: random.Random, canary: Path) -> None:
        self.base, self.rng, self.canary = base, rng, canary
        self.sql = _hostile_sql(canary)
        self.ops: list[Callable[[Json], str]] = [self.value, self.value, self.sql_field, self.sql_field,
                                                 self.drop, self.duplicate, self.size, self.deep, self.name]

    def mutate(self) -> tuple[Json, str]:
        doc = copy.deepcopy(self.base)
        what = [self.rng.choice(self.ops)(doc) for _ in range(self.rng.choice((1, 1, 1, 2, 3)))]
        return doc, "; ".join(what)

    def _pick(self, doc: Json, ok: Callable[[tuple[Any, ...], Json], bool]) -> tuple[Any, ...] | None:
        found = [p for p, v in _paths(doc) if p and ok(p, v)]
        return self.rng.choice(found) if found else None

    def value(self, doc: Json) -> str:
        path = self._pick(doc, lambda p, v: not isinstance(v, (dict, list)))
        value = self.rng.choice(VALUES)
        _set(doc, path, copy.deepcopy(value))
        return f"value {path} = {str(value)[:30]!r}"

    def sql_field(self, doc: Json) -> str:
        keys = ("sql", "answer_sql", "detect_sql", "where", "if")
        path = self._pick(doc, lambda p, v: isinstance(p[-1], str) and p[-1] in keys and isinstance(v, str))
        if path is None:
            return self.value(doc)
        _set(doc, path, self.rng.choice(self.sql))
        return f"sql {path}"

    def drop(self, doc: Json) -> str:
        path = self._pick(doc, lambda p, v: isinstance(v, (dict, list)) and len(v) > 0)
        node = doc
        for key in path:
            node = node[key]
        key = self.rng.choice(list(node) if isinstance(node, dict) else list(range(len(node))))
        del node[key]
        return f"drop {(*path, key)}"

    def duplicate(self, doc: Json) -> str:
        path = self._pick(doc, lambda p, v: isinstance(v, list) and len(v) > 0)
        node = doc
        for key in path:
            node = node[key]
        node.append(copy.deepcopy(self.rng.choice(node)))
        return f"duplicate in {path}"

    def size(self, doc: Json) -> str:
        path = self._pick(doc, lambda p, v: isinstance(p[-1], str) and p[-1] in ("ratio", "rows", "density",
                                                                                  "fraction", "seed", "pool_size"))
        if path is None:
            return self.value(doc)
        value = self.rng.choice([1e9, 1e12, -5, 0, 10**13, 2**63, math.nan])
        _set(doc, path, value)
        return f"size {path} = {value}"

    def deep(self, doc: Json) -> str:
        path = self._pick(doc, lambda p, v: True)
        depth = self.rng.choice((50, 3000, 100_000))
        _set(doc, path, f"{DEEP}{depth}")  # written as `depth` nested lists (json.dumps cannot)
        return f"deep {path} x{depth}"

    def name(self, doc: Json) -> str:
        path = self._pick(doc, lambda p, v: isinstance(p[-1], str) and p[-1] in ("name", "table", "column",
                                                                                  "provider", "via") and isinstance(v, str))
        if path is None:
            return self.value(doc)
        value = self.rng.choice(['a"b', "x; DROP TABLE t", "with space", "__class__", "seed_instance", "a.b", ""])
        _set(doc, path, value)
        return f"name {path} = {value!r}"


class Worker:
    """The fuzz worker process; restarted after a hang."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.cwd, self.env, self.proc = cwd, env, None
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.unit.hostile.fuzz_worker"], cwd=self.cwd,
                                     env=self.env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, text=True)

    def run(self, task: dict[str, str]) -> dict[str, Any] | None:
        """The task's result, or None when it did not finish within TIMEOUT_S (the worker is restarted)."""
        self.proc.stdin.write(json.dumps(task) + "\n")
        self.proc.stdin.flush()
        result, deadline = Path(task["result"]), time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            if result.is_file():
                return json.loads(result.read_text())
            if self.proc.poll() is not None:
                self.start()
                return {"check": {"status": "traceback", "error": "the worker process died"}}
            time.sleep(0.05)
        self.proc.kill()
        self.proc.wait()
        self.start()
        return None

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _dump(doc: Json) -> str:
    text = json.dumps(doc, allow_nan=True)
    while (at := text.find(f'"{DEEP}')) >= 0:
        end = text.index('"', at + 1)
        depth = int(text[at + 1 + len(DEEP):end])
        text = text[:at] + "[" * depth + "1" + "]" * depth + text[end + 1:]
    return text


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_fuzzed_specs_never_crash_hang_or_escape(tmp_path: Path) -> None:
    base = json.loads(draft_challenge("Quick-commerce grocery delivery", seed=5, difficulty="intermediate",
                                      provider="offline").challenge.to_json())
    scratch, runs = tmp_path / "scratch", tmp_path / "runs"
    (scratch / ".tmp").mkdir(parents=True)
    (scratch / ".tmp" / "notes.csv").write_text("secret-note\n")
    canary = Path(f"/tmp/factory-fuzz-canary-{os.getpid()}.txt")
    env = {**os.environ, "FACTORY_SQL_TIMEOUT_S": "2", "FACTORY_SQL_SAMPLE_ROWS": "200",
           "PYTHONPATH": str(ROOT), "FACTORY_MAX_ROWS": "2000000"}
    before = _files(scratch)
    mutator, worker = Mutator(base, random.Random(SEED), canary), Worker(scratch, env)
    crashes, hangs, outcomes = [], [], {"ok": 0, "refused": 0}
    try:
        for i in range(MUTATIONS):
            doc, what = mutator.mutate()
            folder = runs / f"m{i:03d}"
            folder.mkdir(parents=True)
            spec = folder / "spec.json"
            spec.write_text(_dump(doc))
            result = worker.run({"spec": str(spec), "out": str(folder / "out"), "result": str(folder / "result.json")})
            if result is None:
                hangs.append((i, what))
                continue
            for step in ("check", "generate"):
                r = result.get(step)
                if r is None:
                    continue
                if r["status"] == "traceback":
                    crashes.append((i, what, step, r["error"], r.get("where")))
                else:
                    outcomes[r["status"]] += 1
    finally:
        worker.close()
    escapes = sorted(_files(scratch) - before) + ([str(canary)] if canary.exists() else [])
    canary.unlink(missing_ok=True)
    assert outcomes["refused"] > MUTATIONS // 2 and outcomes["ok"] > 0, outcomes
    assert not crashes, f"{len(crashes)} tracebacks, first: {crashes[:3]}"
    assert not hangs, f"{len(hangs)} hangs: {hangs[:5]}"
    assert not escapes, f"files created outside the output folders: {escapes}"
