"""Parse an approver's free-text feedback into build options the offline library can apply."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from factory.llm.offline.template import DomainTemplate
from factory.spec.models import DIFFICULTIES, Difficulty

MIN_YEAR, MAX_YEAR = 2015, 2030
MAX_YEARS = 5
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "twelve": 12}
_SPLIT = re.compile(r"[.;\n]+|,\s*|\s+\band\b\s+|\s+\balso\b\s+|\s+\bplus\b\s+")
_YEAR = r"(20\d\d)"


@dataclass(frozen=True)
class BuildOptions:
    """Everything feedback may change about a library build (None = the seed decides)."""

    difficulty: Difficulty = "intermediate"
    start_year: int | None = None
    years: int = 2
    harder: bool = False
    extras: frozenset[str] = field(default_factory=frozenset)
    n_cities: int = 8


@dataclass
class FeedbackResult:
    """The options after feedback and what was (not) applied, in plain sentences."""

    options: BuildOptions
    applied: list[str] = field(default_factory=list)
    not_applied: list[str] = field(default_factory=list)


def clauses(feedback: str) -> list[str]:
    """Feedback split into separate requests ('use 2023-2024, add a returns table' -> two)."""
    return [c.strip(" -*'\"") for c in _SPLIT.split(feedback) if c and c.strip(" -*'\"")]


def apply_feedback(feedback: str, options: BuildOptions, template: DomainTemplate) -> FeedbackResult:
    """Apply every request of `feedback` the library understands; list the rest plainly."""
    result = FeedbackResult(options=options)
    for clause in clauses(feedback):
        low = clause.lower()
        handled = False
        for handler in (_years, _difficulty, _cities):
            if handler(low, clause, result):
                handled = True
                break
        if not handled:
            handled = _extras(low, clause, result, template)
        if not handled:
            extras = ", ".join(f"'{k}' ({v})" for k, v in template.extras.items()) or "none"
            result.not_applied.append(
                f"'{clause}': the offline library cannot do this for {template.title.lower()}; it understands "
                f"years (e.g. 'use 2023-2024'), difficulty ('harder questions', 'make it easier'), "
                f"'more/fewer cities' and these extra parts: {extras}."
            )
    return result


def _years(low: str, clause: str, res: FeedbackResult) -> bool:
    span = re.search(rf"{_YEAR}\s*(?:-|–|to|through|until|and)\s*(\d{{2,4}})", low)
    only = re.search(rf"(?:only|just|use|in|for|cover|year)\s+{_YEAR}\b", low)
    count = re.search(r"\b(\d+|" + "|".join(NUMBER_WORDS) + r")\s+years?\b", low)
    if span:
        a = int(span.group(1))
        b = int(span.group(2)) if len(span.group(2)) == 4 else 2000 + int(span.group(2)[-2:])
        return _set_years(clause, res, a, b - a + 1)
    if only:
        return _set_years(clause, res, int(only.group(1)), 1)
    if count and "year" in low:
        n = int(count.group(1)) if count.group(1).isdigit() else NUMBER_WORDS[count.group(1)]
        return _set_years(clause, res, res.options.start_year, n)
    if re.search(r"\b(more|longer)\b.*\byears?\b|\byears?\b.*\blonger\b", low):
        return _set_years(clause, res, res.options.start_year, res.options.years + 1)
    if re.search(r"\b(fewer|less|shorter)\b.*\byears?\b", low):
        return _set_years(clause, res, res.options.start_year, res.options.years - 1)
    return False


def _set_years(clause: str, res: FeedbackResult, start: int | None, years: int) -> bool:
    if years < 1 or years > MAX_YEARS:
        res.not_applied.append(f"'{clause}': a challenge covers 1 to {MAX_YEARS} years, not {years}.")
        return True
    if start is not None and not (MIN_YEAR <= start and start + years - 1 <= MAX_YEAR):
        res.not_applied.append(f"'{clause}': years must lie between {MIN_YEAR} and {MAX_YEAR}.")
        return True
    res.options = replace(res.options, start_year=start, years=years)
    when = f" from {start}" if start is not None else ""
    res.applied.append(f"'{clause}': the data now covers {years} year(s){when}.")
    return True


def _difficulty(low: str, clause: str, res: FeedbackResult) -> bool:
    level = DIFFICULTIES.index(res.options.difficulty)
    named = next((d for d in DIFFICULTIES if re.search(rf"\b{d}\b", low)), None)
    if named and re.search(r"\b(make|set|use|level|difficulty|for)\b", low):
        res.options = replace(res.options, difficulty=named)  # type: ignore[arg-type]
        res.applied.append(f"'{clause}': difficulty set to {named}.")
        return True
    if re.search(r"\b(harder|tougher|more difficult|more advanced|more challenging|too easy)\b", low):
        if level + 1 < len(DIFFICULTIES):
            new = DIFFICULTIES[level + 1]
            res.options = replace(res.options, difficulty=new)  # type: ignore[arg-type]
            res.applied.append(f"'{clause}': difficulty raised to {new} (harder questions, messier data).")
        else:
            res.not_applied.append(f"'{clause}': the challenge is already at the hardest level (advanced).")
        return True
    if re.search(r"\b(easier|simpler|less difficult|too hard|too difficult)\b", low):
        if level > 0:
            new = DIFFICULTIES[level - 1]
            res.options = replace(res.options, difficulty=new, harder=False)  # type: ignore[arg-type]
            res.applied.append(f"'{clause}': difficulty lowered to {new}.")
        else:
            res.not_applied.append(f"'{clause}': the challenge is already at the easiest level (beginner).")
        return True
    return False


def _cities(low: str, clause: str, res: FeedbackResult) -> bool:
    if not re.search(r"\b(cit(y|ies)|markets?|locations?)\b", low):
        return False
    number = re.search(r"\b(\d+|" + "|".join(NUMBER_WORDS) + r")\s+(?:\w+\s+)?(?:cit|market|location)", low)
    if number:
        k = int(number.group(1)) if number.group(1).isdigit() else NUMBER_WORDS[number.group(1)]
        if re.search(r"\b(more|additional|extra)\b", low):
            n = res.options.n_cities + k
        elif re.search(r"\b(fewer|less)\b", low):
            n = res.options.n_cities - k
        else:
            n = k
    elif re.search(r"\b(more|additional|extra)\b", low):
        n = res.options.n_cities + 4
    elif re.search(r"\b(fewer|less|smaller)\b", low):
        n = max(2, res.options.n_cities - 4)
    else:
        return False
    if not 2 <= n <= 20:
        res.not_applied.append(f"'{clause}': a challenge uses 2 to 20 cities, not {n}.")
        return True
    res.options = replace(res.options, n_cities=n)
    res.applied.append(f"'{clause}': the challenge now uses {n} cities.")
    return True


def _extras(low: str, clause: str, res: FeedbackResult, template: DomainTemplate) -> bool:
    removing = bool(re.search(r"\b(remove|drop|without|no|delete|exclude)\b", low))
    for key, description in template.extras.items():
        stems = {key.replace("_", " "), key.rstrip("s").replace("_", " ")}
        stems |= {w for w in re.findall(r"[a-z]{5,}", description.lower()) if w not in _GENERIC}
        if any(re.search(rf"\b{re.escape(s)}", low) for s in stems if s):
            extras = set(res.options.extras)
            if removing:
                extras.discard(key)
                res.applied.append(f"'{clause}': removed {description}.")
            else:
                extras.add(key)
                res.applied.append(f"'{clause}': added {description}.")
            res.options = replace(res.options, extras=frozenset(extras))
            return True
    if re.search(r"\b(add|include|table|column|dimension)\b", low):
        available = ", ".join(f"'{k}' ({v})" for k, v in template.extras.items()) or "none"
        res.not_applied.append(
            f"'{clause}': the {template.title.lower()} library domain has no such part; extras it can add: {available}."
        )
        return True
    return False


_GENERIC = frozenset({"table", "tables", "which", "their", "with", "about", "where", "there", "other", "every",
                      "second", "price", "prices", "daily", "level", "per", "records", "record", "details"})
