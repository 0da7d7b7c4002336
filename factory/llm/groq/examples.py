"""Short examples of every spec v2 construct, taken from the library's pack files (so prompts never drift).

Each construct is found by walking the packs' raw tables (the YAML as written, before drafting) and keeping
the first occurrence that holds no template placeholder; the prompt shows it as compact JSON with the pack and
table it comes from, plus the situation in the business that calls for it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from factory.library.packs_index import load_packs

Found = Callable[[dict[str, Any], dict[str, Any] | None], Any]


@dataclass(frozen=True)
class Construct:
    """One v2 construct: its name, when the business implies it, and how to recognise it in a pack."""

    name: str
    when: str
    find: Found


@dataclass(frozen=True)
class Example:
    """A construct with the snippet a pack uses for it."""

    name: str
    when: str
    source: str
    snippet: str


def _gen(col: dict[str, Any] | None) -> dict[str, Any]:
    g = (col or {}).get("generator")
    return g if isinstance(g, dict) else {}


def _table_head(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if k in ("name", "kind", "primary_key", "grain", "size")}


def _column(test: Callable[[dict[str, Any]], bool]) -> Found:
    return lambda table, col: col if col is not None and test(col) else None


def _table(test: Callable[[dict[str, Any]], bool]) -> Found:
    return lambda table, col: _table_head(table) if col is None and test(table) else None


def _size(kind: str) -> Callable[[dict[str, Any]], bool]:
    return lambda t: isinstance(t.get("size"), dict) and t["size"].get("kind") == kind


CONSTRUCTS: tuple[Construct, ...] = (
    Construct("grain and grid", "a snapshot or plan per combination (hotel x night x room type, store x month): "
              "state the grain; size it as a grid of its parents", _table(_size("grid"))),
    Construct("per_parent counts", "events counted on a parent row (bookings per inventory night, lines per order "
              "header): the children are sized by the parent's count column", _table(_size("per_parent"))),
    Construct("aggregate", "a header or summary table whose totals must equal its details (order amount = sum "
              "of its lines, stays = completed bookings)", _column(lambda c: _gen(c).get("kind") == "aggregate")),
    Construct("time order (after / before)", "every event happens after its entity exists (orders after signup, "
              "claims after the policy starts) and before what follows it",
              _column(lambda c: _gen(c).get("kind") == "date" and ("after" in _gen(c) or "before" in _gen(c)))),
    Construct("state-dependent columns (when)", "outcomes only on completed states (ratings on completed stays, "
              "delivery time only on delivered orders, cancellation date only when cancelled)",
              _column(lambda c: bool(c.get("when")))),
    Construct("place match", "children in their parent's place (a customer's orders from stores of the same "
              "city, a rider in the order's city)", _column(lambda c: "match" in _gen(c))),
    Construct("lookup", "attributes fixed per entity, copied from the parent (a product's category, a hotel's "
              "city)", _column(lambda c: _gen(c).get("kind") == "lookup")),
    Construct("person names", "people with a gender column: first names that fit the gender, few repeats",
              _column(lambda c: _gen(c).get("kind") == "person_name")),
    Construct("popularity bound (max_share)", "no single product, store or customer holds an implausible share "
              "of the rows", _column(lambda c: "max_share" in _gen(c))),
    Construct("bounded numbers (min_column / max_column)", "a value never above its capacity or limit (bookings "
              "within rooms on sale, claims within the sum insured)",
              _column(lambda c: "max_column" in _gen(c) or "min_column" in _gen(c))),
    Construct("hidden helpers and row_number", "a helper the generator needs but learners never see; numbering "
              "within a group (line numbers within an order)",
              _column(lambda c: _gen(c).get("kind") == "row_number")),
)


def _walk(raw: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """(table, None) then (table, column) for every table of a pack and of its extras."""
    schemas = [raw.get("schema") or {}] + [e.get("schema") or e for e in (raw.get("extras") or {}).values()
                                           if isinstance(e, dict)]
    for schema in schemas:
        for table in schema.get("tables") or []:
            if not isinstance(table, dict):
                continue
            yield table, None
            for col in table.get("columns") or []:
                if isinstance(col, dict):
                    yield table, col


def _compact(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "), default=str)


@lru_cache(maxsize=1)
def construct_examples() -> tuple[Example, ...]:
    """One example per construct (constructs no pack uses are left out), from the packs in name order."""
    packs = load_packs()
    out: list[Example] = []
    for construct in CONSTRUCTS:
        for name in sorted(packs):
            hit = next(((table, snippet) for table, col in _walk(packs[name].raw)
                        if (snippet := construct.find(table, col)) is not None and "{{" not in _compact(snippet)
                        and len(_compact(snippet)) <= 700), None)
            if hit is not None:
                table, snippet = hit
                out.append(Example(construct.name, construct.when, f"pack {name}, table {table.get('name')}",
                                   _compact(snippet)))
                break
    return tuple(out)
