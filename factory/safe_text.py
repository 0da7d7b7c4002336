"""What is safe to ship: formula-injection guards (text that starts with = + - @, a tab or a carriage return
must stay text) and which quality checks carry answer-key evidence learners must not see."""

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


#: checks of the messiness answer key: their evidence (row keys) never goes where learners can read it
ANSWER_KEY_CHECKS: tuple[str, ...] = ("fault_present", "messiness_recorded")


def is_answer_key_check(check: dict) -> bool:
    """True for a check whose examples would reveal the planted faults' rows."""
    return str(check.get("id", "")).startswith(ANSWER_KEY_CHECKS)
