"""Learner-eye time checks: an event dated before its parent entity existed (an order before the customer
signed up or the store opened), and activity outside every period of a sibling (a viewing session when the
viewer had no active subscription)."""

from __future__ import annotations

from factory.quality.context import CheckContext
from factory.quality.learner_eye_base import (
    DATE_TYPES,
    Hop,
    count_share,
    fault_free,
    join_path,
    key_select,
    loaded,
    matches,
    parents,
    paths,
    pct,
    qi,
    via,
    words,
)
from factory.spec.generators import ExpressionGen, LookupGen
from factory.spec.models import Column, Table

TEMPORAL = "temporal_consistency"
#: a parent date that marks when the parent came into being (name or description)
CREATION = (r"sign_?up|signed up|regist|joined|joining|join_date|opened|opening|open_date|onboard|enrol|creat|launch|start|since|"
            r"hire|establish|activat|first_|began|placed|booked|made|purchas|ordered")
#: dates that are not a beginning, however their description reads
NOT_CREATION = r"end|expir|churn|clos|cancel|last_|until|through|due|birth|dob|renew|lapse|return"
#: a child date that is not an event of the child
NOT_EVENT = r"birth|dob|release|publish"
#: tables whose periods an owner's activity needs (a session needs an active subscription)
PERIOD_TABLE = r"subscription|polic|contract|lease|enrolment|enrollment|coverage|membership_period"
#: parents assigned to a child after it began (an employee hired before the manager took the role)
ASSIGNED = r"manager|supervisor|mentor|coach|advisor|recruiter|team_lead|head"
START = r"start|began|activat|from|effective"
END = (r"end_date|ended|paid_through|through|expir|valid_to|_to$|until|churn_date|cancel(l)?ed_(on|date|at)|"
       r"end$|lapse")
LIMIT = 0.001  # blocking above 0.1% of the rows (any impossible record is reported, as a warning below)
PERIOD_LIMIT = 0.01


def check_time(ctx: CheckContext) -> None:
    """Every child date against every creation date of its parents and grandparents; activity against periods."""
    for t in ctx.schema.tables:
        if not ctx.has(t.name):
            continue
        events = _events(ctx, t)
        for path in paths(ctx, t):
            parent = path[-1].parent
            if any(matches(ASSIGNED, h.parent.name) for h in path):
                continue
            for pc in loaded(ctx, parent):
                if pc.type in DATE_TYPES and _creation(pc):
                    for ec in events:
                        cid = f"learner.child_before_parent.{t.name}.{ec.name}.{parent.name}.{pc.name}"
                        with ctx.guard(TEMPORAL, cid, "expect_no_child_before_parent", table=t.name,
                                       column=ec.name, severity="critical"):
                            _before_parent(ctx, t, ec, path, pc, cid)
        for ec in events[:1] if t.kind == "fact" else []:  # activity: a fact's first own date
            for hop in parents(ctx, t):
                _periods(ctx, t, ec, hop)


def _events(ctx: CheckContext, t: Table) -> list[Column]:
    """The table's own dates: not copied from a parent, not derived from another of its dates (session_date of
    session_start), not a birth or release date."""
    dates = [c for c in loaded(ctx, t) if c.type in DATE_TYPES and not isinstance(c.generator, LookupGen)
             and not matches(NOT_EVENT, c.name)]
    names = {c.name for c in dates}
    return [c for c in dates if not (isinstance(c.generator, ExpressionGen)
                                     and any(n != c.name and n in c.generator.sql for n in names))]


def _creation(c: Column) -> bool:
    return matches(CREATION, words(c)) and not matches(NOT_CREATION, c.name)


def _day(a: Column, b: Column) -> tuple[str, str]:
    """Comparable SQL casts: whole days unless both are timestamps."""
    if a.type == "timestamp" and b.type == "timestamp":
        return "", ""
    return "CAST(", " AS DATE)"


def _before_parent(ctx: CheckContext, t: Table, ec: Column, path: list[Hop], pc: Column, cid: str) -> None:
    joins, alias = join_path(path)
    pre, post = _day(ec, pc)
    child_v, parent_v = f"{pre}c.{qi(ec.name)}{post}", f"{pre}{alias}.{qi(pc.name)}{post}"
    base = f"FROM {qi(t.name)} c {joins} WHERE {fault_free(ctx, t, 'c')} AND c.{qi(ec.name)} IS NOT NULL " \
           f"AND {alias}.{qi(pc.name)} IS NOT NULL"
    bad = f"{child_v} < {parent_v}"
    count, total = count_share(ctx, base, bad)
    parent = path[-1].parent
    share = count / total if total else 0.0
    examples = []
    if count:
        cols = [*key_select(ctx, t), f"c.{qi(ec.name)} AS {qi(ec.name)}", f"c.{qi(path[0].fk)} AS {qi(path[0].fk)}",
                f"{alias}.{qi(pc.name)} AS {qi(parent.name + '.' + pc.name)}"]
        examples = ctx.example_rows(f"SELECT {', '.join(cols)} {base} AND {bad}")
    ctx.notice(TEMPORAL, "child_before_parent", cid,
               f"{t.name} rows dated before their {parent.name.removeprefix('dim_')} {pc.name.replace('_', ' ')}",
               count == 0, table=t.name, column=ec.name, blocking=share > LIMIT, count=count, total=total,
               limit=LIMIT, observed={"parent": f"{parent.name}.{pc.name}", "via": via(path)},
               message=f"{count:,} of {total:,} {t.name} rows ({pct(share)}) have {ec.name} before "
                       f"{parent.name}.{pc.name} ({via(path)})", examples=examples)


def _period_columns(t: Table, ctx: CheckContext) -> tuple[Column, Column] | None:
    dates = [c for c in loaded(ctx, t) if c.type in DATE_TYPES]
    start = next((c for c in dates if matches(START, c.name)), None)
    end = next((c for c in dates if matches(END, c.name) and c is not start), None)
    return (start, end) if start and end else None


def _periods(ctx: CheckContext, t: Table, ec: Column, hop: Hop) -> None:
    """Rows of `t` whose date no period of their owner (hop.parent) in a sibling period table covers (an owner
    without any period counts: watching needs a subscription)."""
    for r in ctx.schema.relationships:
        sib = ctx.schema.table(r.child_table_name)
        if (r.parent_table_name != hop.parent.name or sib is None or sib.name == t.name
                or not matches(PERIOD_TABLE, f"{sib.name} {sib.description}") or not ctx.has(sib.name, r.child_foreign_key)):
            continue
        cols = _period_columns(sib, ctx)
        if cols is None:
            continue
        start, end = cols
        cid = f"learner.outside_period.{t.name}.{ec.name}.{sib.name}"
        with ctx.guard(TEMPORAL, cid, "expect_no_outside_period", table=t.name, column=ec.name, severity="critical"):
            _outside(ctx, t, ec, hop, sib, r.child_foreign_key, start, end, cid)


def _outside(ctx: CheckContext, t: Table, ec: Column, hop: Hop, sib: Table, sfk: str, start: Column, end: Column,
             cid: str) -> None:
    pre, post = ("CAST(", " AS DATE)") if "date" in (start.type, end.type) else ("", "")
    v = f"{pre}c.{qi(ec.name)}{post}"
    covered = (f"EXISTS (SELECT 1 FROM {qi(sib.name)} s WHERE s.{qi(sfk)} = c.{qi(hop.fk)} AND {v} >= "
               f"{pre}s.{qi(start.name)}{post} AND ({v} <= {pre}s.{qi(end.name)}{post} OR s.{qi(end.name)} IS NULL))")
    base = f"FROM {qi(t.name)} c WHERE {fault_free(ctx, t, 'c')} AND c.{qi(ec.name)} IS NOT NULL"
    count, total = count_share(ctx, base, f"NOT {covered}")
    share = count / total if total else 0.0
    cols = [*key_select(ctx, t), f"c.{qi(ec.name)} AS {qi(ec.name)}", f"c.{qi(hop.fk)} AS {qi(hop.fk)}"]
    examples = ctx.example_rows(f"SELECT {', '.join(cols)} {base} AND NOT {covered}") if count else []
    ctx.notice(TEMPORAL, "outside_period", cid, f"{t.name} rows outside every {sib.name} period of their "
               f"{hop.parent.name.removeprefix('dim_')}", count == 0, table=t.name, column=ec.name,
               blocking=share > PERIOD_LIMIT, count=count, total=total, limit=PERIOD_LIMIT,
               observed={"periods": f"{sib.name}.{start.name} .. {sib.name}.{end.name}", "owner": hop.fk},
               message=f"{count:,} of {total:,} {t.name} rows ({pct(share)}) fall outside every "
                       f"{sib.name} period ({start.name} .. {end.name}) of the same {hop.fk}", examples=examples)
