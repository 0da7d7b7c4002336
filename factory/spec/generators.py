"""Column generators: how each column's values are produced (a discriminated union on `kind`).

Semantics the engine implements, the compiled checks test and the domain library relies on (authoritative):

- References: `col` is an earlier column of the same row; `fk.col` is column `col` of the parent row reached
  through this row's foreign-key column `fk` (chains `a.b.c` go through several keys). Names never contain dots.
- Tables are generated in dependency order (foreign keys, per_parent/grid parents, aggregate children);
  columns in their declared order. Expressions, lookups, `when` predicates, `after`/`before`, `match`,
  `min_column`/`max_column`, `partition_by`, `gender_column` and effect `where` predicates may use only
  EARLIER columns of the same row (and parent columns reached through earlier foreign keys).
- Table sizes: fixed rows; ratio = clamp(round(ratio * main_rows), min_rows, max_rows); main = the run's rows;
  per_parent = round(fraction * parent rows) with a unique foreign key to that parent, or, with
  `count_column`, exactly parent.count_column[i] children for parent row i (0 allowed), in parent order;
  grid = the cross product of the parents' rows in mixed-radix order (first parent slowest), or a seeded
  subset of round(density * product) distinct combinations in the same order; calendar = one row per day of
  the schema window. A grid fills one foreign-key column per parent (the first unused foreign_key column
  whose relationship points at it; its skew/unique are ignored). The main table may be sized per_parent or
  grid; the run's rows then only scale ratio tables.
- Keys: `primary_key` is one column or a list; `grain` (default: the primary key) is unique in every row set.
- `when`: ordered branches; for each row the first branch whose `if` (SQL predicate) is true chooses the
  generator, else the column's `generator`; NULL predicates count as false. A row's value comes from exactly
  one generator. Branches use null, choice, distribution, date, faker, person_name, lookup or expression.
- null: always NULL. choice values may include null (the column must be nullable).
- sequence: integer key start + i*step for row i; with a prefix, text f"{prefix}{n:0{width}d}".
- calendar: consecutive days of the window (row i = window.start + i days).
- faker: a pool of pool_size values built once with Faker(locale) seeded from the run seed; rows draw from the
  pool (uniform, or Zipf-like with skew). unique=True: every row distinct (the pool grows to the row count,
  with numeric suffixes if Faker runs out).
- person_name: first names from gender-specific pools of the locale (gender values m/male/man/boy and
  f/female/woman/girl in any case; any other value, or NULL, draws from both), no first name in both pools,
  last names from the locale; part "full" = "First Last"; the share of rows repeating an earlier full name
  is near repeat_rate.
- choice: weighted draw; cycle=True: row i takes values[i % len(values)] (aligned lists in a dimension).
- distribution: numpy draw, clipped to [min, max], then into [min_column, max_column] of the row, rounded to
  `round` places (whole numbers for integers and years).
- date: days in [lower, upper] with probability proportional to month_weights[month] *
  weekday_weights[weekday] * (1 + trend) ** years_since_start (inverse CDF over the daily weights restricted
  to the interval); timestamps add an hour from hour_weights and uniform minutes/seconds. The interval is
  [start, end] (default: the window), narrowed by `after` (lower = the latest referenced value + lag_min;
  without an explicit `end`, upper = latest + lag_max when lag_max > 0, which may pass the window end, else
  max(window end, lower)) and by `before` (upper = the earliest referenced value - before_lag). NULL
  references are ignored. Whole days for dates, minutes for timestamps. An interval that is empty for every
  possible row is refused by check-spec; otherwise the engine chooses parents so that it cannot happen.
- foreign_key: parent key of the relationship on this column. skew s > 0: parents ranked by a seeded
  permutation, rank r drawn with weight 1 / (r + 1) ** s (times weight_column ** weight_power if given).
  max_share: no parent holds more than that share of the rows (excess redrawn among the others).
  match: drawn among parents whose parent_column equals the row's `column`, except a seeded `exceptions`
  share of rows drawn from any parent (a value no parent matches makes that row an exception). unique=True:
  distinct parents (child rows <= parent rows). A `date` column may reference a calendar table.
- lookup: the parent row's `column`, reached through the foreign key `via`.
- A relationship's child column may also be computed (expression, choice: encoded hierarchies); its values
  must then be parent keys, which validation checks on the data.
- expression: DuckDB SQL over earlier columns, evaluated over Arrow; the result is cast to the column type.
  `__rand` is a seeded uniform [0, 1) per table, column and row (not a real column).
- aggregate: fn (count, sum, min, max) of the child table's `column` over the children joined through the
  child's relationship to this table, filtered by `where`; `default` where there are none. Computed after
  the child table; exact (sums to 0.01).
- row_number: start, start+1, ... in row order within each combination of partition_by.
- Effects of planted insights are applied right after their column is generated (before later columns):
  scale multiplies matching rows by factor (ramped linearly from 1 at ramp.start to factor at ramp.end when
  a ramp is given, times a normal multiplicative noise of sd `noise`), after clipping, and re-rounds;
  shift sets P(value) = probability on matching rows, other values keeping their relative weights.
- Hidden columns are generated and usable but never written to datasets, the dictionary or SQL scripts.
- Messiness faults are injected after all tables are generated and recorded in messiness.json.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from factory.spec.gens_basic import (
    CalendarGen,
    ChoiceGen,
    DateGen,
    DistName,
    DistributionGen,
    FakerGen,
    NullGen,
    Scalar,
    SequenceGen,
)
from factory.spec.gens_relational import (
    AggregateGen,
    ExpressionGen,
    FkMatch,
    ForeignKeyGen,
    LookupGen,
    PersonNameGen,
    RowNumberGen,
)

Generator = Annotated[
    SequenceGen
    | CalendarGen
    | FakerGen
    | ChoiceGen
    | DistributionGen
    | DateGen
    | ForeignKeyGen
    | LookupGen
    | ExpressionGen
    | NullGen
    | AggregateGen
    | PersonNameGen
    | RowNumberGen,
    Field(discriminator="kind"),
]

GENERATOR_KINDS: tuple[str, ...] = (
    "sequence", "calendar", "faker", "choice", "distribution", "date", "foreign_key", "lookup", "expression",
    "null", "aggregate", "person_name", "row_number",
)

_ANY = frozenset({"id", "integer", "decimal", "string", "category", "boolean", "date", "timestamp", "year"})

#: which logical column types each generator kind may produce
ALLOWED_TYPES: dict[str, frozenset[str]] = {
    "sequence": frozenset({"id", "integer", "string", "year"}),
    "calendar": frozenset({"date", "id"}),
    "faker": frozenset({"string", "category"}),
    "choice": frozenset({"string", "category", "integer", "decimal", "boolean", "year"}),
    "distribution": frozenset({"integer", "decimal", "year"}),
    "date": frozenset({"date", "timestamp"}),
    "foreign_key": frozenset({"id", "integer", "string", "date", "year"}),
    "lookup": _ANY,
    "expression": _ANY,
    "null": _ANY,
    "aggregate": frozenset({"integer", "decimal", "date", "timestamp"}),
    "person_name": frozenset({"string"}),
    "row_number": frozenset({"id", "integer"}),
}

__all__ = [
    "ALLOWED_TYPES", "GENERATOR_KINDS", "AggregateGen", "CalendarGen", "ChoiceGen", "DateGen", "DistName",
    "DistributionGen", "ExpressionGen", "FakerGen", "FkMatch", "ForeignKeyGen", "Generator", "LookupGen",
    "NullGen", "PersonNameGen", "RowNumberGen", "Scalar", "SequenceGen",
]
