"""Formula-injection guards: text that starts with = + - @ (or a tab / carriage return) must stay text."""

from __future__ import annotations

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    """True for text a spreadsheet would evaluate as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_safe(value: object) -> object:
    """A value safe to put in a CSV opened by spreadsheets: risky text gets a leading apostrophe (OWASP)."""
    if looks_like_formula(value):
        text = str(value)
        try:
            float(text)  # a negative number like -12.5 is data, not a formula
            return text
        except ValueError:
            return "'" + text
    return value
