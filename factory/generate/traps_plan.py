"""Where traps land: in the tables and columns the questions read (their answer SQL's references).

`plan_traps` proposes business-logic traps for a challenge (a messiness ladder or drafting step adds them to
the spec); `fault_reach` says which questions read a fault's table and column, so a fault no question reads
can be reported. Nothing here injects anything: factory.generate.messiness does, from the spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factory.generate.traps import ROW_TRAPS, VALUE_VARIANTS, trap_applies
from factory.schema.sql_refs import SqlRefs, sql_refs
from factory.spec.models import Challenge, Fault, Messiness, Table

PLACE_WORDS = re.compile(r"city|state|region|country|market|zone|location|place|area|town|district|territor", re.I)
PARTY_WORDS = re.compile(r"customer|client|account|merchant|seller|buyer|member|subscriber|guest|patient|"
                         r"passenger|rider|company|partner|retailer|distributor|dealer|policy_?holder", re.I)
#: traps per messiness level (level 0 is clean)
TRAPS_PER_LEVEL = {1: 2, 2: 4, 3: 6}
RATES = {"duplicate_events": 0.01, "place_variants": 0.03, "name_accounts": 0.03, "description_mismatch": 0.01,
         "text_dates": 0.02, "trailing_spaces": 0.02}
_TABLE_RANK = {"fact": 0, "bridge": 1, "dimension": 2}


@dataclass(frozen=True)
class Reach:
    """The questions whose answer SQL reads a fault's table (and column, for column faults)."""

    fault: Fault
    questions: list[str]


def question_refs(challenge: Challenge) -> dict[str, SqlRefs]:
    """Each question's SQL references (tables and columns, lower-cased)."""
    return {q.id: sql_refs(q.answer_sql) for q in challenge.problem.questions if q.answer_sql.strip()}


def reads(refs: SqlRefs, table: str, column: str = "") -> bool:
    """True when the SQL reads `table` (and `column`, when given)."""
    return table.lower() in refs.tables and (not column or column.lower() in refs.columns)


def fault_reads(refs: SqlRefs, fault: Fault) -> bool:
    """True when a question's SQL sees the fault: its table, and its column unless the fault is a row fault."""
    return reads(refs, fault.table, "" if fault.kind in ROW_TRAPS else fault.column)


def fault_reach(challenge: Challenge) -> list[Reach]:
    """Every spec fault with the questions that read where it lands (empty list: no question sees it)."""
    refs = question_refs(challenge)
    return [Reach(f, [qid for qid, r in refs.items() if fault_reads(r, f)]) for f in challenge.schema_.messiness.faults]


def _ordered(challenge: Challenge) -> list[Table]:
    main = challenge.schema_.main_table
    return sorted(challenge.schema_.tables, key=lambda t: (t.name != main, _TABLE_RANK.get(t.kind, 3)))


def _literals(challenge: Challenge) -> set[str]:
    found: set[str] = set()
    for q in challenge.problem.questions:
        found |= set(re.findall(r"'([^']*)'", q.answer_sql))
    return found


def _candidates(challenge: Challenge) -> list[tuple[str, str, str]]:
    """(kind, table, column) candidates in order of preference, each read by at least one question."""
    refs = list(question_refs(challenge).values())
    literals = _literals(challenge)
    out: list[tuple[str, str, str]] = []
    tables = _ordered(challenge)
    main = challenge.schema_.table(challenge.schema_.main_table)
    key = main.column(main.key_columns[0]) if main is not None else None
    if main is not None and trap_applies("duplicate_events", main, key) and any(reads(r, main.name) for r in refs):
        out.append(("duplicate_events", main.name, main.key_columns[0]))
    for kind in ("place_variants", "name_accounts", "description_mismatch", "text_dates", "trailing_spaces"):
        for t in tables:
            for c in t.columns:
                key = c.name in t.key_columns
                if key or not trap_applies(kind, t, c) or not any(reads(r, t.name, c.name) for r in refs):
                    continue
                if kind == "place_variants" and not PLACE_WORDS.search(c.name):
                    continue
                if kind == "name_accounts" and not ("name" in c.name.lower() and (PARTY_WORDS.search(c.name)
                                                                                  or PARTY_WORDS.search(t.name))):
                    continue
                values = getattr(c.generator, "values", None) or []
                if kind == "description_mismatch" and not any(v in literals and v in VALUE_VARIANTS for v in values):
                    continue
                if kind == "trailing_spaces" and c.type != "category":
                    continue
                out.append((kind, t.name, c.name))
    return out


def plan_traps(challenge: Challenge, *, level: int | None = None) -> list[Fault]:
    """Business-logic traps for the challenge's messiness level, on columns its questions read; one trap per
    column, at most one of each kind first, then more of the same kinds when the level asks for more."""
    level = challenge.schema_.messiness.level if level is None else level
    want = TRAPS_PER_LEVEL.get(level, 0)
    taken = {(f.table, f.kind if f.kind in ROW_TRAPS else f.column) for f in challenge.schema_.messiness.faults}
    first, rest = [], []
    kinds: set[str] = set()
    for kind, table, column in _candidates(challenge):
        spot = (table, kind if kind in ROW_TRAPS else column)
        if spot in taken:
            continue
        taken.add(spot)
        (rest if kind in kinds else first).append(Fault(kind=kind, table=table, column=column, rate=RATES[kind]))
        kinds.add(kind)
    return (first + rest)[:want]


def with_traps(challenge: Challenge, *, level: int | None = None, drop_unread: bool = False) -> Challenge:
    """The challenge with plan_traps added to its messiness faults (level 0 stays clean); drop_unread also removes
    the faults no question reads (they would only cost cleaning time without changing any answer)."""
    mess = challenge.schema_.messiness
    level = mess.level if level is None else level
    traps = plan_traps(challenge, level=level)
    if not level or (not traps and not drop_unread):
        return challenge
    kept = [r.fault for r in fault_reach(challenge) if r.questions or not drop_unread]
    schema = challenge.schema_.model_copy(update={"messiness": Messiness(level=level, faults=[*kept, *traps])})
    return challenge.model_copy(update={"schema_": schema})
