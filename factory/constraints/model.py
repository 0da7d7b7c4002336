"""What a compiled check is and what running it found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Category = Literal["referential_integrity", "business_rules", "temporal_consistency", "distributions"]
CATEGORIES: tuple[str, ...] = ("referential_integrity", "business_rules", "temporal_consistency", "distributions")


@dataclass(frozen=True)
class CompiledCheck:
    """One construct of the spec as SQL that returns its violating rows (key columns first).

    `tolerance` is the largest share of `table`'s rows that may violate it (0 = none may). `uses_hidden` marks
    checks that read hidden columns: they run on the generator's full tables, not on shipped datasets.
    """

    id: str
    category: Category
    table: str
    column: str
    statement: str
    sql: str
    tolerance: float = 0.0
    uses_hidden: bool = False


@dataclass
class CheckResult:
    """The outcome of one check: how many violating rows, a few of them, and whether that is within tolerance."""

    check: CompiledCheck
    violations: int
    total_rows: int
    examples: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""

    @property
    def count(self) -> int:
        """The number of violating rows (same as `violations`)."""
        return self.violations

    @property
    def share(self) -> float:
        """Violating rows as a share of the table's rows."""
        return self.violations / self.total_rows if self.total_rows else 0.0

    @property
    def passed(self) -> bool:
        """True when the check ran and its violations are within tolerance."""
        if self.error:
            return False
        return self.violations == 0 or self.violations <= self.check.tolerance * self.total_rows

    def describe(self) -> str:
        """One line naming the table, column, count and example rows."""
        where = f"{self.check.table}.{self.check.column}" if self.check.column else self.check.table
        if self.error:
            return f"{where}: could not run ({self.error})"
        state = "holds" if self.passed else "violated"
        return (f"{where}: {self.check.statement} - {state}: {self.violations:,} of {self.total_rows:,} rows"
                + (f", e.g. {self.examples[:3]}" if self.examples and self.violations else ""))
