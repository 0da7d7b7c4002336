"""Learner-eye shape checks: one parent taking an implausible share of a fact's rows or money (one product
in a quarter of all lines, one customer bringing 15% of revenue), and a categorical column with a single
value whose description promises several ("Tier 1 or Tier 2", all rows Tier 2)."""

from __future__ import annotations

import re

from factory.quality.context import CheckContext
from factory.quality.learner_eye_base import Hop, fault_free, key_columns, loaded, matches, parents, pct, qi
from factory.spec.generators import ForeignKeyGen
from factory.spec.models import Column, Table

DISTRIBUTIONS, DIVERSITY = "distributions", "diversity"
MIN_SINGLE_ROWS = 5
MIN_PARENTS, MIN_ROWS = 10, 200
#: the top parent may take at most max(5%, 6 / parents) of a fact's rows or money: with 41 products a top
#: seller at 14.6% is already a hit; with more than 120 parents (customers, titles) no one passes 5%
FLOOR, FAIR_MULTIPLE = 0.05, 6.0
MONEY = (r"revenue", r"amount", r"sales|gmv", r"total", r"value", r"fare|premium|spend|billing|income",
         r"paid|payment|cost|fee|price")
NOT_MONEY = r"pct|percent|share|ratio|rate$|unit_|base_|discount|tax_rate|count|qty|quantity"
CURRENCY = r"^(inr|usd|eur|gbp|aud|cad|sgd|aed|jpy|cny|rs\.?|₹|\$|€|£)"
PROMISES = r"\bor\b|,|/|e\.g\.|such as|one of|either|\d\s*(-|–|to)\s*\d|\bvs\.?\b"


def limit_for(parents_n: int) -> float:
    """The largest plausible share of one parent among `parents_n`."""
    return max(FLOOR, FAIR_MULTIPLE / parents_n)


def money_column(ctx: CheckContext, t: Table) -> Column | None:
    """The fact's money measure (revenue first, then amount, sales, ...), or None."""
    cands = [c for c in loaded(ctx, t) if c.type in ("decimal", "integer") and not matches(NOT_MONEY, c.name)
             and (matches("|".join(MONEY), c.name) or matches(CURRENCY, c.unit))]
    for pattern in MONEY:
        hit = next((c for c in cands if matches(pattern, c.name)), None)
        if hit is not None:
            return hit
    return cands[0] if cands else None


def check_concentration(ctx: CheckContext) -> None:
    """The top parent's share of each fact's rows and money, per foreign key."""
    for t in ctx.schema.tables:
        if t.kind != "fact" or not ctx.has(t.name):
            continue
        money = money_column(ctx, t)
        for hop in parents(ctx, t):
            n = ctx.rows(hop.parent.name)
            col = t.column(hop.fk)
            unique = col is not None and isinstance(col.generator, ForeignKeyGen) and col.generator.unique
            if n < MIN_PARENTS or unique or hop.parent.size.kind == "calendar":
                continue
            cid = f"learner.top_share.{t.name}.{hop.fk}"
            with ctx.guard(DISTRIBUTIONS, cid, "expect_no_top_share", table=t.name, column=hop.fk,
                           severity="critical"):
                _top_share(ctx, t, hop, n, money, cid)


def _top_share(ctx: CheckContext, t: Table, hop: Hop, n: int, money: Column | None, cid: str) -> None:
    fk = qi(hop.fk)
    m = f"sum(greatest(c.{qi(money.name)}, 0))" if money is not None else "0"
    groups = (f"SELECT c.{fk} AS parent, count(*) AS n, {m} AS m FROM {qi(t.name)} c "
              f"WHERE c.{fk} IS NOT NULL AND {fault_free(ctx, t, 'c')} GROUP BY 1")
    row = ctx.con.execute(f"SELECT max(n), sum(n), max(m), sum(m) FROM ({groups})").fetchone()
    top_n, total, top_m, total_m = (float(x or 0) for x in row)
    if total < MIN_ROWS:
        return
    limit = limit_for(n)
    rows_share = top_n / total
    money_share = top_m / total_m if total_m > 0 else 0.0
    share, what = (money_share, f"of {money.name}") if money is not None and money_share > rows_share \
        else (rows_share, "of the rows")
    examples = ctx.example_rows(
        f"SELECT parent AS {qi(hop.fk)}, n AS rows, round(n / {total}, 4) AS row_share"
        + (f", round(m / {total_m}, 4) AS {qi(money.name + '_share')}" if money is not None and total_m > 0 else "")
        + f" FROM ({groups}) ORDER BY greatest(n / {total}, {'m / ' + str(total_m) if total_m > 0 else '0'}) DESC, 1",
        limit=3)
    ctx.notice(DISTRIBUTIONS, "top_share", cid, f"one {hop.parent.name.removeprefix('dim_')} takes {pct(share)} "
               f"{what} of {t.name}", share <= limit, table=t.name, column=hop.fk, blocking=True,
               count=int(top_n), total=int(total), limit=round(limit, 4),
               observed={"parents": n, "top_row_share": round(rows_share, 4), "top_money_share": round(money_share, 4),
                         "money": money.name if money is not None else None},
               message=f"the largest {hop.fk} of {n:,} takes {pct(rows_share)} of {t.name} rows"
                       + (f", the largest by {money.name} {pct(money_share)} of it" if money is not None else "")
                       + f"; at most {pct(limit)} is plausible (max(5%, 6/{n}))", examples=examples)


def check_single_values(ctx: CheckContext, read: set[str]) -> None:
    """Categorical columns with one value whose description lists several; blocking when a question reads it."""
    for t in ctx.schema.tables:
        if not ctx.has(t.name) or ctx.rows(t.name) < MIN_SINGLE_ROWS:
            continue
        fks = {h.fk for h in parents(ctx, t)} | set(key_columns(t))
        cols = [c for c in loaded(ctx, t) if c.type in ("category", "string", "boolean") and c.name not in fks
                and re.search(PROMISES, c.description, re.IGNORECASE)]
        if not cols:
            continue
        with ctx.guard(DIVERSITY, f"learner.single_value.{t.name}", "expect_no_single_value", table=t.name):
            _single_values(ctx, t, cols, read)


def _single_values(ctx: CheckContext, t: Table, cols: list[Column], read: set[str]) -> None:
    counts = ctx.con.execute("SELECT " + ", ".join(f"count(DISTINCT {qi(c.name)})" for c in cols)
                             + f" FROM {qi(t.name)}").fetchone()
    for c, distinct in zip(cols, counts or (), strict=False):
        one = distinct == 1
        value = ctx.scalar(f"SELECT any_value({qi(c.name)}) FROM {qi(t.name)}") if one else None
        asked = f"{t.name}.{c.name}" in read
        ctx.notice(DIVERSITY, "single_value", f"learner.single_value.{t.name}.{c.name}",
                   f"{t.name}.{c.name} has one value although its description promises more", not one,
                   table=t.name, column=c.name, blocking=asked, warn_only=not asked, count=ctx.rows(t.name),
                   total=ctx.rows(t.name), observed={"distinct": distinct, "read_by_a_question": asked},
                   message=f"every row has {c.name} = {value!r}, the description says '{c.description}'"
                           + (" and a question groups by it" if asked else ""),
                   examples=[{c.name: value}] if one else [])
