"""Structural checks of a schema: names, keys, sizes, relationships, generator settings (every problem found)."""

from __future__ import annotations

from collections import Counter

from factory.errors import Problem
from factory.spec.generators import ALLOWED_TYPES, ChoiceGen, DateGen, DistributionGen, LookupGen
from factory.spec.models import Schema, Table

DIST_PARAMS: dict[str, set[str]] = {
    "uniform": {"low", "high"},
    "normal": {"mean", "sd"},
    "lognormal": {"mean", "sigma"},
    "poisson": {"lam"},
    "zipf": {"a"},
    "exponential": {"scale"},
    "gamma": {"shape", "scale"},
    "pareto": {"a", "scale"},
    "triangular": {"left", "mode", "right"},
    "binomial": {"n", "p"},
}


def check_schema(schema: Schema) -> list[Problem]:
    """Structural problems of a schema: names, keys, sizes, relationships, cycles, generator settings."""
    out: list[Problem] = []
    tables = {t.name: t for t in schema.tables}
    out += duplicates([t.name for t in schema.tables], "$.schema.tables", "table")
    for ti, t in enumerate(schema.tables):
        tp = f"$.schema.tables[{ti}]"
        out += _name_problems(t.name, f"{tp}.name")
        out += duplicates([c.name for c in t.columns], f"{tp}.columns", "column")
        out += _key_problems(t, tp)
        if t.size.kind == "per_parent" and t.size.parent not in tables:
            out.append(Problem(f"{tp}.size.parent", f"unknown table '{t.size.parent}'"))
        if t.size.kind == "calendar" and not any(c.generator.kind == "calendar" for c in t.columns):
            out.append(Problem(f"{tp}.size", "a calendar-sized table needs a column with a calendar generator"))
        for ci, c in enumerate(t.columns):
            cp = f"{tp}.columns[{ci}]"
            out += _name_problems(c.name, f"{cp}.name")
            out += _column_problems(schema, t, ci, cp)
    mains = [t.name for t in schema.tables if t.size.kind == "main"]
    if schema.main_table not in tables:
        out.append(Problem("$.schema.main_table", f"unknown table '{schema.main_table}'"))
    elif any(m != schema.main_table for m in mains) or len(mains) > 1:
        out.append(Problem("$.schema.main_table", f"only the main table, {schema.main_table}, may have size kind 'main'"))
    elif not mains and tables[schema.main_table].size.kind not in ("per_parent", "grid"):
        out.append(Problem("$.schema.main_table", f"{schema.main_table} must have size kind 'main' (or be sized from "
                           "its parents: per_parent or grid)"))
    out += _check_relationships(schema, tables)
    if schema.window.start > schema.window.end:
        out.append(Problem("$.schema.window", "start is after end"))
    out += duplicates([r.id for r in schema.rules], "$.schema.rules", "rule id")
    out += duplicates([i.id for i in schema.insights], "$.schema.insights", "insight id")
    for fi, f in enumerate(schema.messiness.faults):
        fp = f"$.schema.messiness.faults[{fi}]"
        t = tables.get(f.table)
        if t is None:
            out.append(Problem(f"{fp}.table", f"unknown table '{f.table}'"))
        elif f.column and t.column(f.column) is None:
            out.append(Problem(f"{fp}.column", f"'{f.column}' is not a column of {f.table}"))
        elif f.column and t.column(f.column).hidden:
            out.append(Problem(f"{fp}.column", f"'{f.column}' is a hidden column (never shipped, so it cannot carry a fault)"))
        elif not f.column and f.kind != "duplicates":
            out.append(Problem(f"{fp}.column", f"a '{f.kind}' fault needs a column"))
    if schema.messiness.level == 0 and schema.messiness.faults:
        out.append(Problem("$.schema.messiness", "level 0 means clean data: remove the faults or raise the level"))
    return out


def _name_problems(name: str, path: str) -> list[Problem]:
    if name != name.strip() or "  " in name:
        return [Problem(path, f"'{name}' has a trailing space or two spaces in a row (names use single inner spaces)")]
    return []


def _key_problems(t: Table, tp: str) -> list[Problem]:
    out: list[Problem] = []
    keys = t.key_columns
    if not keys:
        out.append(Problem(f"{tp}.primary_key", "the primary key names no column"))
    for k in keys:
        col = t.column(k)
        if col is None:
            out.append(Problem(f"{tp}.primary_key", f"'{k}' is not a column of {t.name}"))
        elif col.hidden:
            out.append(Problem(f"{tp}.primary_key", f"'{k}' is hidden, but a key column is always shipped"))
        elif col.nullable:
            out.append(Problem(f"{tp}.primary_key", f"'{k}' is nullable, but a key column never holds NULL"))
    out += duplicates(keys, f"{tp}.primary_key", "key column")
    for g in t.grain or []:
        if t.column(g) is None:
            out.append(Problem(f"{tp}.grain", f"'{g}' is not a column of {t.name}"))
    out += duplicates(list(t.grain or []), f"{tp}.grain", "grain column")
    return out


#: generators a foreign-key column may use: drawn from the parent, copied through another key, or computed
#: (an encoded hierarchy, e.g. store -> city); referential integrity of computed keys is checked on the data
FK_KINDS = frozenset({"foreign_key", "date", "lookup", "expression", "choice"})

#: generator kinds a `when` branch may use (keys and table-level generators cannot vary by row state)
BRANCH_KINDS = frozenset({"null", "choice", "distribution", "date", "faker", "person_name", "lookup", "expression"})


def _column_problems(schema: Schema, t: Table, ci: int, cp: str) -> list[Problem]:
    c = t.columns[ci]
    out: list[Problem] = []
    gens = [(f"{cp}.when[{bi}].generator", b.generator) for bi, b in enumerate(c.when)] + [(f"{cp}.generator", c.generator)]
    for gp, g in gens:
        if c.when and g.kind not in BRANCH_KINDS:
            out.append(Problem(f"{gp}.kind", f"a column with `when` branches cannot use a {g.kind} generator "
                               f"(branches use: {', '.join(sorted(BRANCH_KINDS))})"))
        out += _generator_problems(schema, t, ci, g, gp)
    if c.type == "decimal" or c.precision is not None or c.scale is not None:
        out += _decimal_problems(c.type, c.precision, c.scale, cp)
    if c.hidden and schema.parent_of(t.name, c.name) is None and any(
            r.parent_table_name == t.name and r.parent_primary_key == c.name for r in schema.relationships):
        out.append(Problem(f"{cp}.hidden", f"{t.name}.{c.name} is a referenced key, so it cannot be hidden"))
    return out


def _decimal_problems(ctype: str, precision: int | None, scale: int | None, cp: str) -> list[Problem]:
    if ctype != "decimal":
        return [Problem(f"{cp}.precision", f"precision and scale are for decimal columns, this one is {ctype}")]
    if (precision is None) != (scale is None):
        return [Problem(f"{cp}.precision", "give both precision and scale (decimal(p,s)), or neither")]
    if precision is not None and scale is not None and scale > precision:
        return [Problem(f"{cp}.scale", f"scale {scale} is larger than precision {precision}")]
    return []


def _generator_problems(schema: Schema, t: Table, ci: int, g: object, gp: str) -> list[Problem]:
    c = t.columns[ci]
    out: list[Problem] = []
    if c.type not in ALLOWED_TYPES[g.kind]:
        allowed = ", ".join(sorted(ALLOWED_TYPES[g.kind]))
        out.append(Problem(gp, f"a {g.kind} generator cannot make type '{c.type}' (allowed: {allowed})"))
    if g.kind == "null" and not c.nullable:
        out.append(Problem(gp, f"{t.name}.{c.name} takes NULL here, so it must be nullable"))
    if isinstance(g, ChoiceGen):
        if g.weights is not None and len(g.weights) != len(g.values):
            out.append(Problem(f"{gp}.weights", f"{len(g.weights)} weights for {len(g.values)} values"))
        if g.weights is not None and (any(w < 0 for w in g.weights) or sum(g.weights) <= 0):
            out.append(Problem(f"{gp}.weights", "weights must be non-negative with a positive sum"))
        values = [v for v in g.values if v is not None]
        if len(values) < len(g.values) and not c.nullable:
            out.append(Problem(f"{gp}.values", f"null is one of the values, so {t.name}.{c.name} must be nullable"))
        if c.type == "boolean" and any(not isinstance(v, bool) for v in values):
            out.append(Problem(f"{gp}.values", "boolean columns take true/false values"))
        if c.type in ("integer", "decimal", "year") and any(isinstance(v, (str, bool)) for v in values):
            out.append(Problem(f"{gp}.values", f"{c.type} columns take numeric values"))
    if isinstance(g, DistributionGen):
        missing = DIST_PARAMS[g.dist] - set(g.params)
        extra = set(g.params) - DIST_PARAMS[g.dist]
        if missing or extra:
            want = ", ".join(sorted(DIST_PARAMS[g.dist]))
            out.append(Problem(f"{gp}.params", f"{g.dist} takes parameters {{{want}}}"))
        if g.min is not None and g.max is not None and g.min > g.max:
            out.append(Problem(gp, "min is greater than max"))
    if isinstance(g, DateGen):
        if g.start and g.end and g.start > g.end:
            out.append(Problem(gp, "start is after end"))
        if g.lag_max and g.lag_max < g.lag_min:
            out.append(Problem(gp, "lag_max is smaller than lag_min"))
    if isinstance(g, LookupGen):
        out += _lookup_problems(schema, t, ci, g, gp)
    if g.kind == "foreign_key" and schema.parent_of(t.name, c.name) is None:
        out.append(Problem(gp, f"foreign key {t.name}.{c.name} has no relationship"))
    if g.kind == "calendar" and t.size.kind != "calendar":
        out.append(Problem(gp, "a calendar generator needs a table with size kind 'calendar'"))
    return out


def _lookup_problems(schema: Schema, t: Table, ci: int, g: LookupGen, gp: str) -> list[Problem]:
    earlier = {c.name for c in t.columns[:ci]}
    rel = schema.parent_of(t.name, g.via)
    if g.via not in earlier:
        where = "a later column" if t.column(g.via) is not None else "not a column"
        return [Problem(f"{gp}.via", f"'{g.via}' is {where} of {t.name}; a lookup goes through an earlier foreign key")]
    if rel is None:
        return [Problem(f"{gp}.via", f"'{g.via}' is not a foreign key of {t.name}")]
    parent = schema.table(rel.parent_table_name)
    if parent is not None and parent.column(g.column) is None:
        return [Problem(f"{gp}.column", f"'{g.column}' is not a column of {parent.name}")]
    return []


def _check_relationships(schema: Schema, tables: dict[str, Table]) -> list[Problem]:
    out: list[Problem] = []
    edges: dict[str, set[str]] = {name: set() for name in tables}
    for ri, r in enumerate(schema.relationships):
        rp = f"$.schema.relationships[{ri}]"
        parent, child = tables.get(r.parent_table_name), tables.get(r.child_table_name)
        if parent is None:
            out.append(Problem(f"{rp}.parent_table_name", f"unknown table '{r.parent_table_name}'"))
        elif len(parent.key_columns) > 1:
            keys = ", ".join(parent.key_columns)
            out.append(Problem(f"{rp}.parent_primary_key", f"{parent.name} has a composite primary key ({keys}); a "
                               "relationship points at a one-column key (give the table a sequence key and keep "
                               "the combination as its grain)"))
        elif r.parent_primary_key != parent.key_columns[0]:
            out.append(Problem(f"{rp}.parent_primary_key", f"'{r.parent_primary_key}' is not the primary key of {parent.name}"))
        if child is None:
            out.append(Problem(f"{rp}.child_table_name", f"unknown table '{r.child_table_name}'"))
        else:
            col = child.column(r.child_foreign_key)
            if col is None:
                out.append(Problem(f"{rp}.child_foreign_key", f"'{r.child_foreign_key}' is not a column of {child.name}"))
            elif col.generator.kind not in FK_KINDS:
                out.append(Problem(f"{rp}.child_foreign_key", f"{child.name}.{col.name} needs a foreign_key generator "
                                   "(or a lookup, expression or choice that yields the parent's keys)"))
            elif col.generator.kind == "date" and (parent is None or parent.size.kind != "calendar"):
                out.append(Problem(f"{rp}.child_foreign_key", "a date column may only reference a calendar table"))
        if r.max_children is not None and r.max_children < r.min_children:
            out.append(Problem(rp, "max_children is smaller than min_children"))
        if parent is not None and child is not None:
            edges[child.name].add(parent.name)
    cycle = find_cycle(edges)
    if cycle:
        out.append(Problem("$.schema.relationships", "foreign-key cycle: " + " -> ".join(cycle)))
    return out


def find_cycle(edges: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return []

    for n in sorted(edges):
        if n not in state and (found := visit(n)):
            return found
    return []


def duplicates(names: list[str], path: str, what: str) -> list[Problem]:
    """One problem per name used more than once (names compare case-insensitively, as in SQL)."""
    counts = Counter(n.lower() for n in names)
    first = {n.lower(): n for n in reversed(names)}
    return [Problem(path, f"duplicate {what} '{first[k]}'") for k, n in counts.items() if n > 1]
