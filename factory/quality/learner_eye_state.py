"""Learner-eye state check: outcomes recorded for things that never happened (a rating of a cancelled stay,
a delivery time on a failed order), in the same row or as child rows (a ratings table) of such a row."""

from __future__ import annotations

from factory.quality.context import CheckContext
from factory.quality.learner_eye_base import (
    count_share,
    fault_free,
    key_columns,
    key_select,
    loaded,
    matches,
    parents,
    pct,
    qi,
)
from factory.spec.models import Column, Table

BUSINESS = "business_rules"
#: states in which the service never happened ("Returned" is not one: the goods were delivered, and a
#: returned item's rating or delivery time is real)
NEGATIVE = r"cancel|no[ _-]?show|fail|reject|declin|abandon|undeliver|not deliver|lost|void|bounced"
STATE = r"status|state|outcome|result|stage|disposition"
#: columns that only exist once the service happened
OUTCOME = (r"rating|review|stars|feedback|satisf|nps|csat|recommend|(^|_)tip|delivery_(minutes|mins|time|date|at)|"
           r"delivered_(at|on|date|minutes)|resolution_(time|minutes|hours)|resolved_(at|on)|actual_arrival")
NOT_OUTCOME = r"promised|expected|estimated|planned|scheduled|target|sla"
#: child tables whose rows are outcomes (a rating row of a cancelled booking)
OUTCOME_TABLE = r"rating|review|feedback|survey|nps|csat"
MAX_STATES = 30
LIMIT = 0.01


def check_states(ctx: CheckContext) -> None:
    """Outcome columns and outcome child rows on rows whose state is negative."""
    for t in ctx.schema.tables:
        if not ctx.has(t.name):
            continue
        for state in _state_columns(ctx, t):
            cid = f"learner.outcome_on_negative_state.{t.name}.{state.name}"
            with ctx.guard(BUSINESS, cid, "expect_no_outcome_on_negative_state", table=t.name, column=state.name,
                           severity="critical"):
                negatives = _negatives(ctx, t, state)
                if negatives:
                    _same_row(ctx, t, state, negatives)
                    _child_rows(ctx, t, state, negatives)


def _state_columns(ctx: CheckContext, t: Table) -> list[Column]:
    fks = {h.fk for h in parents(ctx, t)} | set(key_columns(t))
    return [c for c in loaded(ctx, t) if c.type in ("category", "string") and c.name not in fks
            and matches(STATE, c.name)]


def _negatives(ctx: CheckContext, t: Table, state: Column) -> list[str]:
    col = qi(state.name)
    values = [r[0] for r in ctx.con.execute(
        f"SELECT DISTINCT CAST({col} AS VARCHAR) FROM {qi(t.name)} WHERE {col} IS NOT NULL LIMIT {MAX_STATES + 1}"
    ).fetchall()]
    if len(values) > MAX_STATES:
        return []
    return sorted(v for v in values if matches(NEGATIVE, v))


def _in(state: Column, negatives: list[str], alias: str) -> str:
    listed = ", ".join("'" + v.replace("'", "''") + "'" for v in negatives)
    return f"CAST({alias}.{qi(state.name)} AS VARCHAR) IN ({listed})"


def _outcomes(ctx: CheckContext, t: Table, skip: set[str]) -> list[Column]:
    return [c for c in loaded(ctx, t) if c.name not in skip and matches(OUTCOME, c.name)
            and not matches(NOT_OUTCOME, c.name)]


def _same_row(ctx: CheckContext, t: Table, state: Column, negatives: list[str]) -> None:
    skip = {state.name, *key_columns(t), *(h.fk for h in parents(ctx, t))}
    base = f"FROM {qi(t.name)} c WHERE {fault_free(ctx, t, 'c')} AND {_in(state, negatives, 'c')}"
    for oc in _outcomes(ctx, t, skip):
        cid = f"learner.outcome_on_negative_state.{t.name}.{oc.name}"
        bad = f"c.{qi(oc.name)} IS NOT NULL"
        count, total = count_share(ctx, base, bad)
        share = count / total if total else 0.0
        cols = [*key_select(ctx, t), f"c.{qi(state.name)} AS {qi(state.name)}", f"c.{qi(oc.name)} AS {qi(oc.name)}"]
        examples = ctx.example_rows(f"SELECT {', '.join(cols)} {base} AND {bad}") if count else []
        ctx.notice(BUSINESS, "outcome_on_negative_state", cid,
                   f"{oc.name.replace('_', ' ')} filled on {'/'.join(negatives)} {t.name} rows", count == 0,
                   table=t.name, column=oc.name, blocking=share > LIMIT, count=count, total=total, limit=LIMIT,
                   observed={"state": state.name, "negative_values": negatives},
                   message=f"{count:,} of {total:,} {t.name} rows with {state.name} in {negatives} "
                           f"({pct(share)}) have a {oc.name}", examples=examples)


def _child_rows(ctx: CheckContext, t: Table, state: Column, negatives: list[str]) -> None:
    for r in ctx.schema.relationships:
        child = ctx.schema.table(r.child_table_name)
        if (r.parent_table_name != t.name or child is None or child.name == t.name
                or not matches(OUTCOME_TABLE, f"{child.name} {child.description}")
                or not ctx.has(child.name, r.child_foreign_key) or not ctx.has(t.name, r.parent_primary_key)):
            continue
        cid = f"learner.outcome_on_negative_state.{child.name}.{r.child_foreign_key}"
        base = (f"FROM {qi(child.name)} c JOIN {qi(t.name)} p ON c.{qi(r.child_foreign_key)} = p.{qi(r.parent_primary_key)} "
                f"WHERE {fault_free(ctx, child, 'c')}")
        bad = _in(state, negatives, "p")
        count, total = count_share(ctx, base, bad)
        share = count / total if total else 0.0
        cols = [*key_select(ctx, child), f"c.{qi(r.child_foreign_key)} AS {qi(r.child_foreign_key)}",
                f"p.{qi(state.name)} AS {qi(t.name + '.' + state.name)}"]
        examples = ctx.example_rows(f"SELECT {', '.join(cols)} {base} AND {bad}") if count else []
        ctx.notice(BUSINESS, "outcome_on_negative_state", cid,
                   f"{child.name} rows for {'/'.join(negatives)} {t.name}", count == 0, table=child.name,
                   column=r.child_foreign_key, blocking=share > LIMIT, count=count, total=total, limit=LIMIT,
                   observed={"state": f"{t.name}.{state.name}", "negative_values": negatives},
                   message=f"{count:,} of {total:,} {child.name} rows ({pct(share)}) belong to {t.name} rows whose "
                           f"{state.name} is one of {negatives}", examples=examples)
