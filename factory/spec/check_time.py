"""Time order: the range of days each date/timestamp column can take, and the constraints that leave none.

A date's interval is [lower, upper] (generator semantics in factory.spec.generators): lower = the latest of
`start` (or the window start) and every `after` reference + lag_min; upper = `end` if given, else the latest
`after` reference + lag_max (lag_max > 0) or the window end (never below lower), capped by every `before`
reference - before_lag. Here each reference stands for its whole static range, so a spec is refused only
when no row at all could get a value ("no valid day").
"""

from __future__ import annotations

import datetime as dt

from factory.errors import Problem
from factory.spec.generators import DateGen, LookupGen
from factory.spec.models import Schema, Table
from factory.spec.refs import RefError, resolve

Span = tuple[float, float] | None  # (first, last) day ordinal; None = unknown
MINUTES_A_DAY = 1440.0


class _Ranges:
    """Memoised static day ranges of date columns."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.memo: dict[tuple[str, str], Span] = {}
        self.problems: dict[tuple[str, str], tuple[str, str]] = {}  # (table, column) -> (path suffix, reason)
        w = schema.window
        self.window = (float(w.start.toordinal()), float(w.end.toordinal()))

    def span(self, table: Table, column: str, depth: int = 0) -> Span:
        key = (table.name, column)
        if key in self.memo:
            return self.memo[key]
        if depth > 12:
            return None
        self.memo[key] = None  # guards against cycles (reported elsewhere)
        c = table.column(column)
        spans = []
        for i, g in enumerate(c.generators() if c else []):
            suffix = f".when[{i}].generator" if i < len(c.when) else ".generator"
            if g.kind != "null":
                spans.append(self._gen_span(table, column, g, depth, suffix))
        out = None if not spans or any(s is None for s in spans) else (
            min(s[0] for s in spans), max(s[1] for s in spans))
        self.memo[key] = out
        return out

    def _ref_span(self, table: Table, ref: str, depth: int) -> Span:
        try:
            r = resolve(self.schema, table, ref)
        except RefError:
            return None
        target = self.schema.table(r.target)
        return self.span(target, r.column.name, depth + 1) if target is not None else None

    def _gen_span(self, table: Table, column: str, g: object, depth: int, suffix: str) -> Span:
        if g.kind == "calendar":
            return self.window
        if g.kind == "foreign_key":
            rel = self.schema.parent_of(table.name, column)
            parent = self.schema.table(rel.parent_table_name) if rel is not None else None
            return self.span(parent, rel.parent_primary_key, depth + 1) if parent is not None else None
        if isinstance(g, LookupGen):
            return self._ref_span(table, f"{g.via}.{g.column}", depth)
        if isinstance(g, DateGen):
            return self._date_span(table, column, g, depth, suffix)
        return None

    def _date_span(self, table: Table, column: str, g: DateGen, depth: int, suffix: str) -> Span:
        unit = 1 / MINUTES_A_DAY if table.column(column).type == "timestamp" else 1.0
        lower = float(g.start.toordinal()) if g.start else self.window[0]
        why_lower = f"start {g.start}" if g.start else f"the window start {self.window_date(0)}"
        afters = [(ref, self._ref_span(table, ref, depth)) for ref in g.after_refs()]
        for ref, s in afters:
            if s is not None and s[0] + g.lag_min * unit > lower:
                lower, why_lower = s[0] + g.lag_min * unit, f"'{ref}' (never before {_day(s[0])})"
        known_after = [s for _, s in afters if s is not None]
        if g.end:
            upper, why_upper = float(g.end.toordinal()), f"end {g.end}"
        elif afters and g.lag_max > 0:
            if len(known_after) < len(afters):
                return None
            upper = max(s[1] for s in known_after) + g.lag_max * unit
            why_upper = f"the latest 'after' value + lag_max ({_day(upper)})"
        else:
            upper, why_upper = self.window[1], f"the window end {self.window_date(1)}"
            if afters:
                upper = max(upper, lower)
        for ref in g.before_refs():
            s = self._ref_span(table, ref, depth)
            if s is not None and s[1] - g.before_lag * unit < upper:
                upper, why_upper = s[1] - g.before_lag * unit, f"'{ref}' (never after {_day(s[1])})"
        if lower > upper + 1e-9:
            self.problems[(table.name, column)] = suffix, (
                f"no valid day: the value must be on or after {_day(lower)} because of {why_lower}, and on or "
                f"before {_day(upper)} because of {why_upper}")
            return lower, lower
        return lower, upper

    def window_date(self, i: int) -> str:
        return _day(self.window[i])


def _day(ordinal: float) -> str:
    return dt.date.fromordinal(int(ordinal)).isoformat()


def check_time(schema: Schema) -> list[Problem]:
    """Date/timestamp columns whose after/before/start/end constraints leave no valid day."""
    ranges = _Ranges(schema)
    out: list[Problem] = []
    for ti, t in enumerate(schema.tables):
        for ci, c in enumerate(t.columns):
            if c.type not in ("date", "timestamp"):
                continue
            ranges.span(t, c.name)
            found = ranges.problems.pop((t.name, c.name), None)
            if found:
                out.append(Problem(f"$.schema.tables[{ti}].columns[{ci}]{found[0]}", found[1]))
    return out
