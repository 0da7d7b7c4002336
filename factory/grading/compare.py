"""A submission's result against the key of one question: columns, rows, the first differing rows side by
side, a score 0-1 and a hint in words (naming the messiness trap the difference matches, when it does)."""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from factory.grading.key import KeyAnswer

SIDE_BY_SIDE = 3
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")
_THOUSANDS = re.compile(r"^-?\d{1,3}([, ]\d{3})+(\.\d+)?$")
#: what a learner forgot, by trap kind ("did you ...?")
TRAP_QUESTIONS = {
    "duplicates": "remove the duplicate rows of {table}",
    "duplicate_events": "remove the duplicated events of {table} (same facts, new keys)",
    "casing": "normalise the casing of {column}",
    "trailing_spaces": "trim the spaces around {column}",
    "whitespace": "trim the spaces around {column}",
    "nulls": "handle the missing {column} values",
    "place_variants": "unify the spellings of {column}",
    "text_dates": "parse the text dates of {column}",
    "description_mismatch": "check {column} against the data dictionary (its unit or value)",
    "outliers": "deal with the outliers in {column}",
}


@dataclass
class Verdict:
    """The grade of one submission for one question (JSON names are part of the CLI's --json contract)."""

    question: str
    passed: bool
    score: float
    columns_missing: list[str] = field(default_factory=list)
    columns_extra: list[str] = field(default_factory=list)
    columns_order_wrong: bool = False
    rows_expected: int = 0
    rows_submitted: int = 0
    rows_matched: int = 0
    rows_order_wrong: bool = False
    differences: list[dict[str, Any]] = field(default_factory=list)  # {"expected": {...}, "submitted": {...}}
    hint: str = ""
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The verdict as JSON-ready data."""
        return asdict(self)


def column_name(name: str) -> str:
    """A column name compared case- and space-insensitively ('Avg Rating' == 'avg_rating')."""
    return re.sub(r"[\s_]+", "_", str(name).strip().lower())


def decimals(text: str) -> int:
    """Decimal places of a number written as text."""
    return len(text.split(".", 1)[1]) if "." in text and "e" not in text.lower() else 0


def as_text(value: Any) -> str:
    """A database value written like the answer CSVs write it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def number(text: str) -> float | None:
    """The number in a cell (quotes, thousands separators, a leading apostrophe tolerated), else None."""
    t = text.strip().strip('"').strip().removeprefix("'")
    if _THOUSANDS.match(t):
        t = t.replace(",", "").replace(" ", "")
    try:
        value = float(t)
    except ValueError:
        return None
    return None if math.isnan(value) or math.isinf(value) else value


class _Column:
    """How one key column's cells are compared: numbers rounded to the key's precision, else trimmed text."""

    def __init__(self, cells: list[str]) -> None:
        filled = [c for c in cells if c != ""]
        self.numeric = bool(filled) and all(number(c) is not None and c.strip() not in ("True", "False")
                                            for c in filled)
        self.places = max((decimals(c) for c in filled), default=0) if self.numeric else 0

    def norm(self, cell: str) -> object:
        text = cell.strip().removeprefix("'") if isinstance(cell, str) else as_text(cell)
        if text == "" or text.upper() == "NULL":
            return None
        if self.numeric:
            value = number(text)
            if value is not None:
                return round(round(value, self.places) + 0.0, self.places)
        if _DATETIME.match(text):  # ISO 'T' or a space; midnight of a truncated date is the date
            text = text.replace("T", " ").removesuffix(".000000").removesuffix(" 00:00:00")
        return text


def compare(key: KeyAnswer, columns: list[str], rows: list[Any]) -> Verdict:
    """Grade (columns, rows) of a submission against the key of one question."""
    want = [column_name(c) for c in key.columns]
    got = [column_name(c) for c in columns]
    v = Verdict(key.qid, False, 0.0, rows_expected=len(key.rows), rows_submitted=len(rows))
    v.columns_missing = [key.columns[i] for i, c in enumerate(want) if c not in got]
    v.columns_extra = [columns[i] for i, c in enumerate(got) if c not in want]
    common = [c for c in want if c in got]
    v.columns_order_wrong = [c for c in got if c in want] != common
    kinds = {c: _Column([r[i] for r in key.rows]) for i, c in enumerate(want)}
    k_idx = [want.index(c) for c in common]
    s_idx = [got.index(c) for c in common]
    expected = [tuple(kinds[common[j]].norm(r[i]) for j, i in enumerate(k_idx)) for r in key.rows]
    submitted = [tuple(kinds[common[j]].norm(as_text(r[i]) if not isinstance(r[i], str) else r[i])
                       for j, i in enumerate(s_idx)) for r in rows]
    matched = sum((Counter(expected) & Counter(submitted)).values()) if common else 0
    v.rows_matched = matched
    if key.ordered_by is not None and matched == len(expected) == len(submitted):
        order = [common.index(want[i]) for i in key.ordered_by if want[i] in common]
        v.rows_order_wrong = [tuple(r[i] for i in order) for r in expected] != [tuple(r[i] for i in order)
                                                                            for r in submitted]
    v.differences = _side_by_side(common, expected, submitted, [kinds[c] for c in common])
    col_share = len(common) / max(len(want), 1) * (len(want) / max(len(want) + len(v.columns_extra), 1))
    row_share = matched / max(len(expected), len(submitted), 1)
    score = col_share * row_share * (0.9 if v.columns_order_wrong else 1.0) * (0.9 if v.rows_order_wrong else 1.0)
    v.passed = not (v.columns_missing or v.columns_extra or v.columns_order_wrong or v.rows_order_wrong) and \
        matched == len(expected) == len(submitted)
    v.score = 1.0 if v.passed else round(min(score, 0.99), 3)
    v.hint = "" if v.passed else _hint(key, v, common, submitted)
    return v


def _side_by_side(common: list[str], expected: list[tuple], submitted: list[tuple],
                  kinds: list[_Column]) -> list[dict[str, Any]]:
    """The first key rows the submission lacks, each beside the submitted row with the same labels (text
    columns), or the next unmatched submitted row."""
    extra = list((Counter(submitted) - Counter(expected)).elements())
    lacking = list((Counter(expected) - Counter(submitted)).elements())
    labels = [i for i, k in enumerate(kinds) if not k.numeric]
    out = []
    for row in lacking:
        if len(out) >= SIDE_BY_SIDE:
            break
        twin = next((s for s in extra if labels and all(s[i] == row[i] for i in labels)), None)
        if twin is None and extra and not labels:
            twin = extra[0]
        if twin is not None:
            extra.remove(twin)
        out.append({"expected": dict(zip(common, row, strict=True)),
                    "submitted": None if twin is None else dict(zip(common, twin, strict=True))})
    for row in extra[: SIDE_BY_SIDE - len(out)]:
        out.append({"expected": None, "submitted": dict(zip(common, row, strict=True))})
    return out


def _hint(key: KeyAnswer, v: Verdict, common: list[str], submitted: list[tuple]) -> str:
    """What to look at, in words."""
    if v.columns_missing or v.columns_extra:
        parts = []
        if v.columns_missing:
            parts.append(f"missing column(s) {', '.join(v.columns_missing)}")
        if v.columns_extra:
            parts.append(f"unexpected column(s) {', '.join(v.columns_extra)}")
        return "; ".join(parts) + f" (the question asks for {', '.join(key.columns)})"
    if v.columns_order_wrong:
        return f"the columns are right but not in the asked order: {', '.join(key.columns)}"
    if v.rows_order_wrong:
        return "the rows are right but not in the asked order"
    if v.rows_submitted != v.rows_expected and not v.differences:
        return f"{v.rows_submitted} rows instead of {v.rows_expected}"
    paired = [d for d in v.differences if d["expected"] and d["submitted"]]
    differing = Counter(c for d in paired for c in common if d["expected"][c] != d["submitted"][c])
    unmatched = v.rows_expected - v.rows_matched
    what = (f"{unmatched} row(s) differ in {', '.join(differing)}" if differing else
            f"{unmatched} of {v.rows_expected} expected row(s) are missing and {v.rows_submitted - v.rows_matched} "
            "submitted row(s) are not in the key")
    if v.rows_submitted != v.rows_expected:
        what += f" ({v.rows_submitted} rows instead of {v.rows_expected})"
    trap = _trap(key, common, submitted)
    if trap:
        return f"{what}: did you {trap}?"
    if differing and all(_rounding_only(d, c) for d in paired for c in differing):
        return f"{what}: only in the last decimals; round as the question asks (the key shows the rounded value)"
    return what


def _rounding_only(diff: dict[str, Any], column: str) -> bool:
    """The submitted number is the key's rounded to fewer decimals (3.9 for 3.88)."""
    a, b = diff["expected"][column], diff["submitted"][column]
    if not (isinstance(a, float) and isinstance(b, float)):
        return False
    places = decimals(repr(b))
    return places < decimals(repr(a)) and abs(a - b) <= 0.5 * 10 ** -places + 1e-9


def _trap(key: KeyAnswer, common: list[str], submitted: list[tuple]) -> str:
    """The traps of the question the submission fell into: every submitted row that is not in the key is a row
    of the key SQL run on the delivered data (what a learner who misses the question's traps gets)."""
    if not key.faults or key.naive is None:
        return ""
    names = [column_name(x) for x in key.columns]
    kinds = {c: _Column([r[i] for r in key.rows]) for i, c in enumerate(names)}
    idx = [names.index(c) for c in common]
    naive = Counter(tuple(kinds[c].norm(as_text(r[i])) for c, i in zip(common, idx, strict=True)) for r in key.naive)
    expected = Counter(tuple(kinds[c].norm(r[i]) for c, i in zip(common, idx, strict=True)) for r in key.rows)
    wrong = Counter(submitted) - expected
    if not wrong or wrong - naive:
        return ""
    words = []
    for f in key.faults:
        phrase = TRAP_QUESTIONS.get(f.get("kind", ""), "")
        words.append(phrase.format(table=f.get("table", ""), column=f.get("column") or f.get("table", "")) if phrase
                     else (f.get("fix") or "").rstrip(".").lower())
    return " and ".join(dict.fromkeys(w for w in words if w))
