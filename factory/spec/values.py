"""Value checks on a spec that types alone do not catch: finite numbers, usable weights, sequences that cannot
overflow int64, Faker providers that produce values, popularity weights on numeric parent columns.

`value_problems(challenge)` returns every problem with its JSON path (check-spec, draft and generate refuse the
spec); it never raises.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from factory.errors import Problem
from factory.spec.models import Challenge

INT64_MAX = 2**63 - 1
#: the largest single weight (a bigger one overflows the sum or swamps every other value)
WEIGHT_MAX = 1e12
#: rows a sequence must be able to number without leaving int64 (FACTORY_MAX_ROWS can never exceed it)
SEQUENCE_ROWS = 10**12
WEIGHT_KEYS = frozenset({"weights", "month_weights", "weekday_weights", "hour_weights"})
NUMERIC_TYPES = frozenset({"id", "integer", "decimal", "year"})
#: Faker methods that configure Faker or need arguments instead of producing a value
FAKER_NOT_VALUES = frozenset({
    "add_provider", "format", "get_formatter", "get_providers", "parse", "provider", "seed", "seed_instance",
    "seed_locale", "set_arguments", "set_formatter", "del_arguments", "get_arguments", "random_choices",
    "random_element", "random_elements", "random_sample", "randomize_nb_elements", "bothify", "hexify",
    "lexify", "numerify", "json", "json_bytes", "fixed_width", "csv", "tsv", "psv", "dsv", "xml", "zip", "tar",
    "image", "binary", "pystruct", "pyobject", "pyiterable", "pylist", "pyset", "pytuple", "pydict", "enum",
    "items", "time_series", "date_time_ad", "unique", "optional",
})


@lru_cache(maxsize=16)
def faker_providers(locale: str = "en_US") -> frozenset[str]:
    """The allow-list: public, argument-free value methods of Faker's providers for `locale` (and en_US)."""
    import inspect  # noqa: PLC0415

    from faker import Faker  # noqa: PLC0415

    try:
        fake = Faker(locale)
    except (AttributeError, ValueError, TypeError, ImportError):
        return faker_providers() if locale != "en_US" else frozenset()
    names: set[str] = set(faker_providers()) if locale != "en_US" else set()
    for provider in fake.providers:
        for name, fn in inspect.getmembers(provider, callable):
            if name.startswith("_") or name in FAKER_NOT_VALUES or inspect.isclass(fn):
                continue
            try:
                required = [p for p in inspect.signature(fn).parameters.values()
                            if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
            except (TypeError, ValueError):
                continue
            if not required:
                names.add(name)
    return frozenset(names)


def value_problems(challenge: Challenge) -> list[Problem]:
    """Every value problem of the spec, each with its JSON path."""
    data = challenge.model_dump(mode="python", by_alias=True)
    problems = [Problem(path, "must be a finite number") for path, v in _walk(data, "$")
                if isinstance(v, float) and not math.isfinite(v)]
    for path, node in _walk(data, "$"):
        if isinstance(node, dict):
            problems += _weights(path, node) + _generator(path, node, challenge.schema_.locale)
    problems += _weight_columns(challenge)
    return problems


def _walk(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


def _weights(path: str, node: dict[str, Any]) -> list[Problem]:
    out = []
    for key in WEIGHT_KEYS & node.keys():
        weights = node[key]
        if not isinstance(weights, list) or not weights:
            continue
        where = f"{path}.{key}"
        bad = [i for i, w in enumerate(weights)
               if not isinstance(w, (int, float)) or not math.isfinite(w) or not 0 <= w <= WEIGHT_MAX]
        if bad:
            out.append(Problem(f"{where}[{bad[0]}]", f"weights must be finite numbers from 0 to {WEIGHT_MAX:g}, "
                                                     f"got {weights[bad[0]]!r}"))
        elif not sum(weights) > 0:
            out.append(Problem(where, "at least one weight must be positive"))
    return out


def _generator(path: str, node: dict[str, Any], locale: str) -> list[Problem]:
    kind = node.get("kind")
    if kind in ("sequence", "row_number"):
        start, step = int(node.get("start") or 0), int(node.get("step") or 1)
        last = start + step * SEQUENCE_ROWS
        if not (-INT64_MAX - 1 <= start <= INT64_MAX and -INT64_MAX - 1 <= last <= INT64_MAX):
            return [Problem(f"{path}.start", f"start {start} with step {step} overflows a 64-bit key within "
                                             f"{SEQUENCE_ROWS:,} rows; use a smaller start")]
    if kind == "faker":
        provider = node.get("provider")
        allowed = faker_providers(str(node.get("locale") or locale))
        if not isinstance(provider, str) or provider not in allowed:
            return [Problem(f"{path}.provider", f"'{provider}' is not a Faker value provider; use one like "
                                                "'name', 'city', 'company', 'email', 'street_address'")]
    return []


def _weight_columns(challenge: Challenge) -> list[Problem]:
    schema = challenge.schema_
    out = []
    for ti, table in enumerate(schema.tables):
        for ci, column in enumerate(table.columns):
            weight = getattr(column.generator, "weight_column", None)
            if not weight:
                continue
            path = f"$.schema.tables[{ti}].columns[{ci}].generator.weight_column"
            rel = next((r for r in schema.relationships
                        if r.child_table_name == table.name and r.child_foreign_key == column.name), None)
            parent = schema.table(rel.parent_table_name) if rel else None
            target = parent.column(weight) if parent else None
            if parent is None:
                out.append(Problem(path, f"column {column.name} has no relationship to a parent table"))
            elif target is None:
                out.append(Problem(path, f"{parent.name} has no column '{weight}'"))
            elif target.type not in NUMERIC_TYPES:
                out.append(Problem(path, f"{parent.name}.{weight} is {target.type}, not a number"))
    return out
