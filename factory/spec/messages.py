"""Pydantic errors in words: a JSON path and a reason a spec author understands (never a regex or type dump)."""

from __future__ import annotations

from pydantic import ValidationError

from factory.errors import Problem
from factory.spec.generators import GENERATOR_KINDS

#: loc segments pydantic adds for members of a union (not part of the JSON path)
_MEMBER_LABELS = frozenset({"str", "int", "float", "bool", "none", "list[str]", "dict", "list", "date"})
_TAGGED = frozenset({"generator", "size", "effect"})
_TYPE_WORDS = {
    "string_type": "text", "list_type": "a list", "int_type": "a whole number", "int_parsing": "a whole number",
    "float_type": "a number", "float_parsing": "a number", "bool_type": "true or false", "bool_parsing": "true or false",
    "none_required": "null", "dict_type": "an object", "model_type": "an object", "date_type": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)", "date_parsing": "a date (YYYY-MM-DD)",
    "int_from_float": "a whole number",
}
_PATTERNS = {
    "name": "names start with a letter and use letters, digits, underscores and single spaces (no dots), "
            "up to 63 characters",
    "id": "ids start with a lowercase letter and use lowercase letters, digits and underscores",
}


def _path(loc: tuple) -> str:
    parts: list[str | int] = []
    for i, p in enumerate(loc):
        if isinstance(p, str) and (p in _MEMBER_LABELS or "[" in p or p.startswith("function-")):
            continue
        if isinstance(p, str) and i > 0 and loc[i - 1] in _TAGGED and not isinstance(loc[i - 1], int):
            continue  # the discriminator tag of a union member
        parts.append(p)
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


def _reason(err: dict) -> str:
    kind, ctx, loc = err["type"], err.get("ctx") or {}, err["loc"]
    last = next((p for p in reversed(loc) if isinstance(p, str) and p not in _MEMBER_LABELS), "")
    if kind in _TYPE_WORDS:
        return f"must be {_TYPE_WORDS[kind]}"
    if kind == "string_pattern_mismatch":
        if last == "name":
            return _PATTERNS["name"]
        if loc and loc[0] == "id" and len(loc) == 1:
            return "a challenge id uses lowercase letters, digits, '-' and '_' (3 to 64 characters)"
        return _PATTERNS["id"]
    if kind == "union_tag_invalid":
        return f"unknown kind '{ctx.get('tag')}' (one of: {', '.join(_kinds(loc))})"
    if kind == "union_tag_not_found":
        return f"missing 'kind' (one of: {', '.join(_kinds(loc))})"
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown field '{last}' (not part of the spec language; see `factory spec-schema`)"
    return err["msg"].replace("Input should be", "must be").replace("String should", "text should").replace(
        "List should", "the list should").replace("Value error, ", "")


def _kinds(loc: tuple) -> list[str]:
    if "size" in loc:
        return ["fixed", "ratio", "main", "per_parent", "grid", "calendar"]
    if "effect" in loc:
        return ["scale", "shift"]
    return list(GENERATOR_KINDS)


def pydantic_problems(exc: ValidationError) -> list[Problem]:
    """Turn pydantic errors into path + reason problems, one per path (union alternatives merged)."""
    merged: dict[str, list[str]] = {}
    for err in exc.errors(include_url=False):
        path = _path(tuple(err["loc"]))
        reason = _reason(err)
        if reason not in merged.setdefault(path, []):
            merged[path].append(reason)
    out = []
    for path, reasons in merged.items():
        musts = [r.removeprefix("must be ") for r in reasons if r.startswith("must be ")]
        if "a number" in musts and "a whole number" in musts:
            musts.remove("a whole number")
        others = [r for r in reasons if not r.startswith("must be ")]
        if musts:
            others.insert(0, "must be " + " or ".join(musts))
        out.append(Problem(path, "; ".join(others)))
    return out
