"""Render a parsed pack: every string value is a sandboxed Jinja2 template over the drafting context.

A string that is exactly one expression (`"{{ city_names }}"`, `"{{ n_cities * 4 }}"`) keeps the native value
it evaluates to (a list, an int); any other string renders to a string. Story-number placeholders use single
braces (`{total_revenue}`) and pass through untouched.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from factory.errors import ConfigError

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
_ENV.filters["money"] = lambda v: f"{float(v):,.0f}"
_ENV.filters["article"] = lambda w: f"{'an' if str(w)[:1].lower() in 'aeiou' else 'a'} {w}"  # "an IT desk"
_ENV.filters["prefix"] = lambda values, text: [f"{text}{v}" for v in values]  # ["a"] | prefix("X: ") -> ["X: a"]
_ONE_EXPR = re.compile(r"^\s*\{\{(?P<expr>(?:(?!\}\}|\{\{).)+)\}\}\s*$", re.S)


def render_value(value: Any, ctx: dict[str, Any], path: str, source: str) -> Any:
    """`value` with every string rendered against `ctx` (lists and mappings walked); errors name source and path."""
    if isinstance(value, str):
        return _render_str(value, ctx, path, source)
    if isinstance(value, list):
        return [render_value(v, ctx, f"{path}[{i}]", source) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: render_value(v, ctx, f"{path}.{k}" if path else str(k), source) for k, v in value.items()}
    return value


def _render_str(text: str, ctx: dict[str, Any], path: str, source: str) -> Any:
    if "{{" not in text and "{%" not in text:
        return text
    try:
        m = _ONE_EXPR.match(text)
        if m:
            out = _ENV.compile_expression(m.group("expr").strip(), undefined_to_none=False)(**ctx)
            if isinstance(out, StrictUndefined):
                str(out)  # raises the UndefinedError naming the variable
            return out
        return _ENV.from_string(text).render(**ctx)
    except TemplateError as exc:
        raise ConfigError(f"{source}: {path}: template error: {exc.message or exc}",
                          hint="pack strings may use the drafting context variables listed in docs/LIBRARY.md") from exc
