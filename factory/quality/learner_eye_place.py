"""Learner-eye place check: a row served by a local provider in another place than the row or its other
parent (a dark store in another city than the customer's). Places are city, state, region or country
columns reachable from both sides, compared at the finest level they share."""

from __future__ import annotations

from dataclasses import dataclass

from factory.quality.context import CheckContext
from factory.quality.learner_eye_base import (
    count_share,
    fault_free,
    key_select,
    loaded,
    matches,
    parents,
    pct,
    qi,
)
from factory.spec.models import Table

REFS = "referential_integrity"
LEVELS: tuple[tuple[str, str], ...] = (("city", r"city|town"), ("state", r"(^|_)(state|province)(_name|_id|_code)?$"),
                                       ("region", r"region|zone|territor|market"), ("country", r"country"))
NOT_PLACE = r"tier|size|type|class|population|count|status"
#: providers that serve their own place (a walk-in or 10-minute service); warehouses and sellers ship anywhere
LOCAL = (r"store|shop|outlet|branch|restaurant|kitchen|dark|clinic|hospital|pharmac|driver|technician|gym|salon|"
         r"school|station|partner|agent|franchise|depot")
#: facts that join places by nature (travel, shipping)
SPANS = (r"hotel|flight|airline|travel|tour|stay|propert|resort|airport|route|journey|shipment|supplier|vendor|"
         r"freight|logistic|transfer|purchase_order|procure")
LIMIT, WARN = 0.10, 0.05  # declared exceptions of a few percent (outstation drivers) are normal


@dataclass(frozen=True)
class Side:
    """Where one side of a row sits: SQL value and joins per level (finest first), a label, local or not."""

    label: str
    local: bool
    key: str
    levels: dict[str, tuple[str, str]]


def check_places(ctx: CheckContext) -> None:
    """Every table with a local-provider parent: its place against the row's and the other parents' places."""
    for t in ctx.schema.tables:
        if not ctx.has(t.name) or matches(SPANS, _context(ctx, t)):
            continue
        sides = _sides(ctx, t)
        for i, a in enumerate(sides):
            for b in sides[i + 1:]:
                level = next((lv for lv, _ in LEVELS if lv in a.levels and lv in b.levels), None)
                if (a.local or b.local) and level is not None:
                    cid = f"learner.place_mismatch.{t.name}.{a.key}.{b.key}"
                    with ctx.guard(REFS, cid, "expect_no_place_mismatch", table=t.name, severity="critical"):
                        _mismatch(ctx, t, a, b, level, cid)


def _context(ctx: CheckContext, t: Table) -> str:
    return " ".join([t.name, t.description, *(h.parent.name for h in parents(ctx, t))])


def _place_table(t: Table) -> str | None:
    """The level of a table that is itself a place (dim_city), or None."""
    for level, pattern in LEVELS:
        if matches(pattern, t.name) and not matches(NOT_PLACE, t.name):
            return level
    return None


def _levels(ctx: CheckContext, t: Table, alias: str, n: int) -> dict[str, tuple[str, str]]:
    """level -> (SQL value, joins) of the places of table `t` aliased `alias` (one column per level)."""
    out: dict[str, tuple[str, str]] = {}
    fks = {h.fk: h for h in parents(ctx, t)}
    for level, pattern in LEVELS:
        for c in loaded(ctx, t):
            if level in out or not matches(pattern, c.name) or matches(NOT_PLACE, c.name):
                continue
            hop = fks.get(c.name)
            if hop is None and c.type in ("string", "category"):
                out[level] = (f"lower(trim({alias}.{qi(c.name)}))", "")
            elif hop is not None and _place_table(hop.parent) == level:
                text = next((x for x in loaded(ctx, hop.parent) if x.type in ("string", "category")
                             and matches(pattern, x.name) and x.name != hop.pk), None)
                if text is None:
                    out[level] = (f"{alias}.{qi(c.name)}", "")
                else:
                    pa = f"{alias}_pl{n}"
                    out[level] = (f"lower(trim({pa}.{qi(text.name)}))",
                                  f"LEFT JOIN {qi(hop.parent.name)} {pa} ON {alias}.{qi(c.name)} = {pa}.{qi(hop.pk)}")
    return out


def _sides(ctx: CheckContext, t: Table) -> list[Side]:
    """The row's own place and each parent's place (a parent that is itself a place is the row's place)."""
    own = _levels(ctx, t, "c", 0)
    sides = [Side(t.name, False, "row", own)] if own else []
    for i, hop in enumerate(parents(ctx, t)):
        if _place_table(hop.parent) is not None:
            continue
        alias = f"p{i}"
        join = f"LEFT JOIN {qi(hop.parent.name)} {alias} ON c.{qi(hop.fk)} = {alias}.{qi(hop.pk)}"
        levels = {lv: (value, f"{join} {joins}") for lv, (value, joins) in _levels(ctx, hop.parent, alias, i + 1).items()}
        if levels:
            sides.append(Side(f"{hop.fk} -> {hop.parent.name}", matches(LOCAL, hop.parent.name), hop.fk, levels))
    return sides


def _mismatch(ctx: CheckContext, t: Table, a: Side, b: Side, level: str, cid: str) -> None:
    (va, ja), (vb, jb) = a.levels[level], b.levels[level]
    joins = " ".join(dict.fromkeys(j for j in (ja, jb) if j))
    base = f"FROM {qi(t.name)} c {joins} WHERE {fault_free(ctx, t, 'c')} AND {va} IS NOT NULL AND {vb} IS NOT NULL"
    bad = f"{va} <> {vb}"
    count, total = count_share(ctx, base, bad)
    share = count / total if total else 0.0
    cols = [*key_select(ctx, t), f"{va} AS {qi(a.label + ' ' + level)}", f"{vb} AS {qi(b.label + ' ' + level)}"]
    examples = ctx.example_rows(f"SELECT {', '.join(cols)} {base} AND {bad}") if count else []
    column = b.label.split(" -> ")[0]
    ctx.notice(REFS, "place_mismatch", cid, f"{t.name} rows whose {a.label} and {b.label} sit in different places ({level})",
               share <= WARN, table=t.name, column=column, blocking=share > LIMIT, count=count, total=total,
               limit=LIMIT, observed={"level": level, "sides": [a.label, b.label]},
               message=f"{count:,} of {total:,} {t.name} rows ({pct(share)}) have {b.label} in another {level} "
                       f"than {a.label}", examples=examples)
