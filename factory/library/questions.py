"""The question bank: the tables a question reads, and picking N questions by difficulty and seed."""

from __future__ import annotations

import random
from collections.abc import Iterable
from functools import lru_cache

import sqlglot
from sqlglot import exp

from factory.library.model import BankQuestion

LEVELS = ("beginner", "intermediate", "advanced")
#: share of each question difficulty in a challenge of the given difficulty
MIX: dict[str, dict[str, float]] = {
    "beginner": {"beginner": 0.6, "intermediate": 0.4, "advanced": 0.0},
    "intermediate": {"beginner": 0.3, "intermediate": 0.5, "advanced": 0.2},
    "advanced": {"beginner": 0.2, "intermediate": 0.4, "advanced": 0.4},
}


@lru_cache(maxsize=4096)
def tables_read(sql: str) -> frozenset[str]:
    """Tables a query reads (CTE names left out); empty when the SQL does not parse."""
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except sqlglot.errors.ParseError:
        return frozenset()
    ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
    return frozenset(t.name for t in tree.find_all(exp.Table) if t.name and t.name not in ctes)


def _quotas(difficulty: str, count: int) -> dict[str, int]:
    mix = MIX[difficulty]
    quotas = {lvl: int(count * share) for lvl, share in mix.items()}
    quotas[difficulty] += count - sum(quotas.values())
    return quotas


def select_questions(bank: list[BankQuestion], difficulty: str, count: int, seed: int,
                     tables: Iterable[str] = ()) -> list[str]:
    """Ids of `count` questions: the difficulty's mix, varied by seed, every table in `tables` read by one."""
    rng = random.Random(f"questions:{seed}:{difficulty}")
    by_level = {lvl: [q for q in bank if q.difficulty == lvl] for lvl in LEVELS}
    for qs in by_level.values():
        rng.shuffle(qs)
    chosen: list[BankQuestion] = []
    for lvl, want in _quotas(difficulty, min(count, len(bank))).items():
        chosen += by_level[lvl][:want]
    near = sorted(LEVELS, key=lambda lvl: abs(LEVELS.index(lvl) - LEVELS.index(difficulty)))
    spare = [q for lvl in near for q in by_level[lvl] if q not in chosen]
    chosen += spare[: max(0, min(count, len(bank)) - len(chosen))]
    for table in tables:  # swap in a question for every table nothing reads yet
        if any(table in tables_read(q.answer_sql) for q in chosen):
            continue
        for cand in (q for q in bank if q not in chosen and table in tables_read(q.answer_sql)):
            out = _replaceable(chosen, cand, tables)
            if out is not None:
                chosen[chosen.index(out)] = cand
                break
    order = {q.id: i for i, q in enumerate(bank)}
    chosen.sort(key=lambda q: (LEVELS.index(q.difficulty), order[q.id]))
    return [q.id for q in chosen]


def _replaceable(chosen: list[BankQuestion], cand: BankQuestion, tables: Iterable[str]) -> BankQuestion | None:
    """A chosen question (same difficulty first) whose tables stay read by the others without it."""
    need = set(tables)
    for q in sorted(chosen, key=lambda q: q.difficulty != cand.difficulty):
        others = set().union(*(tables_read(o.answer_sql) for o in chosen if o is not q), tables_read(cand.answer_sql))
        if need & tables_read(q.answer_sql) <= others:
            return q
    return None
