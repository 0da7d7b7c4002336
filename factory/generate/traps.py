"""Business-logic traps: faults a careful analyst catches and a hurried one carries into the answer.

- trailing_spaces: 'Goa ' next to 'Goa' (a GROUP BY splits one group in two; TRIM fixes it).
- place_variants: an old or alternative name of a place ('Bangalore' for 'Bengaluru', a misspelt town).
- name_accounts: one customer name over several accounts (grouping by name merges accounts; group by key).
- duplicate_events: an event recorded twice under a new key (exact-duplicate checks miss it; compare the
  other columns). Its column is the table's key (one sequence column), which the copies get new values of.
- text_dates: dates written as words ('March 5, 2024'); the column arrives as text.
- description_mismatch: the data dictionary describes a column differently from its data (a category value
  spelt otherwise, or a unit a thousand times off); the data is right, the metadata is not.

Every trap is seeded like the other faults (chosen once per table, values from per-row uniforms), so the
result never depends on chunking: name donors and duplicated events stay inside their randomness block.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from factory.generate.randomness import BLOCK_ROWS
from factory.spec.gens_basic import SequenceGen
from factory.spec.models import Column, Table

#: old or alternative names of places; both directions are variants
PLACE_ALIASES = {
    "Bengaluru": "Bangalore", "Mumbai": "Bombay", "Chennai": "Madras", "Kolkata": "Calcutta", "Gurugram": "Gurgaon",
    "Puducherry": "Pondicherry", "Thiruvananthapuram": "Trivandrum", "Vadodara": "Baroda", "Varanasi": "Benares",
    "Kochi": "Cochin", "Mysuru": "Mysore", "Pune": "Poona", "Prayagraj": "Allahabad", "Mangaluru": "Mangalore",
    "Belagavi": "Belgaum", "Kozhikode": "Calicut", "Odisha": "Orissa", "Kalaburagi": "Gulbarga",
    "Visakhapatnam": "Vizag", "Shimla": "Simla", "Kanpur": "Cawnpore", "Tiruchirappalli": "Trichy",
    "Uttarakhand": "Uttaranchal", "Ho Chi Minh City": "Saigon", "Beijing": "Peking", "Yangon": "Rangoon",
    "United States": "USA", "United Kingdom": "UK", "United Arab Emirates": "UAE", "New York": "NYC",
}
PLACE_ALIASES |= {v: k for k, v in PLACE_ALIASES.items()}
#: how a data dictionary may name a category value differently from the data
VALUE_VARIANTS = {
    "Cancelled": "Canceled", "Canceled": "Cancelled", "Completed": "Complete", "Delivered": "Completed",
    "Returned": "Refunded", "Approved": "Accepted", "Rejected": "Declined", "Declined": "Rejected",
    "Active": "Live", "Churned": "Lapsed", "Paid": "Settled", "Pending": "In progress", "Failed": "Unsuccessful",
    "Male": "M", "Female": "F", "Yes": "Y", "No": "N", "Online": "Web", "Offline": "In-store",
    "Credit Card": "Card", "Debit Card": "Card (debit)", "Cash": "Cash on delivery", "No Show": "No-show",
    "Checked Out": "Checked-out", "Resolved": "Closed", "Open": "New", "Weekend": "Sat/Sun",
}
TEXT_DATE_FORMATS = ("%B %d, %Y", "%d %B %Y", "%b %d %Y", "%d-%b-%y")  # timestamps add " %H:%M" (fits VARCHAR(32))
#: rows of each randomness block whose names other accounts share (a few popular names per block)
NAME_DONORS = 8
UNIT_FACTOR = 1000
#: whether a cleaning can undo a fault, and how (the instructor's key)
RECOVERY: dict[str, tuple[bool, str]] = {
    "nulls": (False, "The blanked values are gone: the key's numbers on these rows cannot be reproduced; "
                     "state how blanks are treated (dropped or excluded from averages)."),
    "duplicates": (True, "Drop exact duplicate rows (SELECT DISTINCT or ROW_NUMBER over all columns)."),
    "casing": (True, "Normalise case (UPPER/LOWER or INITCAP) before grouping."),
    "spelling": (True, "Map the misspelt values to the valid ones (a lookup of the distinct values)."),
    "date_format": (True, "Parse every format into a date (STRPTIME / STR_TO_DATE with each pattern)."),
    "outliers": (False, "The injected values replace true ones: cap or exclude them; the true values cannot be "
                        "recovered, so sums and averages over these rows stay off."),
    "trailing_spaces": (True, "TRIM the text before grouping or joining."),
    "place_variants": (True, "Map each variant or old place name to the current one (a small lookup)."),
    "name_accounts": (True, "Nothing to clean: several accounts share a name. Group and join by the account key, "
                            "never by the name."),
    "duplicate_events": (True, "The same event carries two keys: deduplicate on every column except the key."),
    "text_dates": (True, "Parse the dates written in words (STRPTIME with month-name patterns)."),
    "description_mismatch": (True, "Trust the data over the dictionary: check distinct values and magnitudes "
                                   "before filtering or converting units."),
}
TEXT_TYPES = ("string", "category")
ROW_TRAPS = ("duplicates", "duplicate_events")


def trap_applies(kind: str, table: Table, column: Column | None) -> bool:
    """True when a trap kind fits the column (or, for row traps, the table)."""
    ctype = column.type if column else ""
    if kind == "duplicate_events":  # the column is the table's key, which the copies get new values of
        return column is not None and table.key_columns == [column.name] and isinstance(column.generator, SequenceGen)
    if kind == "description_mismatch":  # a category with listed values, or a number with a unit
        values = getattr(column.generator, "values", None) if column else None
        return ctype in ("integer", "decimal") or (ctype in TEXT_TYPES and any(isinstance(v, str) for v in values or []))
    return {"trailing_spaces": ctype in TEXT_TYPES, "place_variants": ctype in TEXT_TYPES,
            "name_accounts": ctype in TEXT_TYPES, "text_dates": ctype in ("date", "timestamp")}.get(kind, False)


def trailing(v: str, a: int, _b: int) -> str:
    """'Goa' -> 'Goa ' or 'Goa  ' (invisible in most viewers)."""
    return v + " " * (1 + a % 2)


def place_variant(v: str, a: int, b: int) -> str:
    """An alias of the place when one is known, else a plausible misspelling (letter dropped or doubled)."""
    stripped = v.strip()
    if stripped in PLACE_ALIASES:
        return PLACE_ALIASES[stripped]
    letters = [i for i, ch in enumerate(v) if ch.isalpha()]
    if len(letters) < 4:
        return v + "."
    i = letters[1 + b % (len(letters) - 2)]
    return v[:i] + v[i + 1:] if a % 2 else v[:i] + v[i] + v[i:]


def text_dates(arr: pa.Array, local: np.ndarray, u: np.ndarray) -> tuple[pa.Array, list, list]:
    """The column as ISO text with the selected rows written in words (one of TEXT_DATE_FORMATS each)."""
    ts = arr.cast(pa.timestamp("s"))
    text = pc.strftime(ts, format="%Y-%m-%d" if pa.types.is_date32(arr.type) else "%Y-%m-%d %H:%M:%S")
    before = arr.take(pa.array(local)).to_pylist()
    picks = (u[:, 0] * len(TEXT_DATE_FORMATS)).astype(np.int64)
    after: list[Any] = []
    for v, k in zip(before, picks, strict=True):
        if v is None:
            after.append(None)
            continue
        if isinstance(v, dt.datetime):
            after.append(v.strftime(TEXT_DATE_FORMATS[k] + " %H:%M"))
        else:
            after.append(v.strftime(TEXT_DATE_FORMATS[k]))
    mask = np.zeros(len(arr), dtype=bool)
    mask[local] = True
    return pc.replace_with_mask(text, pa.array(mask), pa.array(after, pa.string())), before, after


def shared_names(arr: pa.Array, local: np.ndarray, u: np.ndarray, start: int, rows: int) -> tuple[pa.Array, list, list]:
    """Selected rows take the name of one of the first NAME_DONORS rows of their randomness block."""
    values = arr.to_pylist()
    before = [values[i] for i in local]
    after = list(before)
    for j, i in enumerate(local):
        g = start + int(i)
        lo = (g // BLOCK_ROWS) * BLOCK_ROWS
        pool = min(NAME_DONORS, min(lo + BLOCK_ROWS, rows) - lo)
        donor = lo + int(u[j, 1] * pool)
        if donor == g:
            donor = lo + (donor - lo + 1) % pool
        if donor != g and values[donor - start] is not None:
            after[j] = values[donor - start]
    mask = np.zeros(len(arr), dtype=bool)
    mask[local] = True
    return pc.replace_with_mask(arr, pa.array(mask), pa.array(after, arr.type)), before, after


def new_event_keys(table: Table, rows: int, ranks: np.ndarray, key_type: pa.DataType) -> pa.Array:
    """Keys continuing the table's sequence after its last real key (rank r -> the (rows + r + 1)-th key)."""
    gen = table.column(table.key_columns[0]).generator
    assert isinstance(gen, SequenceGen)
    numbers = [gen.start + gen.step * (rows + int(r)) for r in ranks]
    if gen.prefix is not None:
        return pa.array([f"{gen.prefix}{n:0{gen.width}d}" for n in numbers], key_type)
    return pa.array(numbers, key_type)


def describe_mismatch(column: Column, u: float) -> dict[str, Any]:
    """How the dictionary will misdescribe a column: a category value spelt otherwise, or a unit off by 1000."""
    truth = column.description.strip()
    values = [v for v in (getattr(column.generator, "values", None) or []) if isinstance(v, str)]
    if column.type in TEXT_TYPES and values:
        weights = getattr(column.generator, "weights", None) or [1.0] * len(values)
        share = {v: w for v, w in zip(values, weights, strict=False)}
        known = sorted((v for v in values if v in VALUE_VARIANTS), key=lambda v: -share.get(v, 0.0))
        actual = known[0] if known else values[int(u * len(values))]  # the common value: the one filters use
        shown = VALUE_VARIANTS.get(actual) or actual.upper()
        listed = ", ".join(shown if v == actual else v for v in values)
        said = re.sub(rf"\b{re.escape(actual)}\b", shown, truth).rstrip(".")
        return {"mode": "value", "actual": actual, "described": shown, "truth": truth,
                "description": f"{said}. Values: {listed}." if said else f"Values: {listed}."}
    unit = (column.unit or "units").strip()
    return {"mode": "unit", "actual": unit, "described": f"thousands of {unit}", "truth": truth,
            "factor": UNIT_FACTOR, "description": f"{truth.rstrip('.')} (in thousands of {unit})."}
