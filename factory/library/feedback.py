"""An approver's free-text feedback -> draft options: years, cities, place, difficulty, extras, question count.

Whatever is not understood is listed in `not_applied` and changes nothing (never half-applied); the company and
the cast are never renamed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from factory.library.context import DraftOptions
from factory.library.gazetteer import find_place
from factory.library.packs_index import PackSource
from factory.spec.models import DIFFICULTIES

MIN_YEAR, MAX_YEAR, MAX_YEARS = 2015, 2030, 5
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12}
_NUM = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"
_SPAN = re.compile(r"\b(?:from\s+|between\s+)?(20\d\d)\s*(?:-|–|to|through|until|and)\s*(20\d\d|\d\d)\b")
_LAST = re.compile(rf"\b(?:the\s+)?(?:last|past|recent)\s+{_NUM}\s+years?\b")
_ONE = re.compile(r"\b(?:only|just|in|for|cover|covering|year)\s+(20\d\d)\b")
_FILLER = frozenset({"set", "the", "story", "in", "use", "data", "cover", "for", "make", "it", "please", "to", "from",
                     "between", "years", "year", "only", "just", "window", "period", "dataset", "thanks", "and",
                     "a", "of", "with", "timeframe", "time", "frame", "span"})
_SPLIT = re.compile(r"[.;\n]+|,\s*|\s+\band\b\s+|\s+\balso\b\s+|\s+\bplus\b\s+")


@dataclass
class FeedbackResult:
    """The options after feedback and, in plain sentences, what was and was not applied."""

    options: DraftOptions
    applied: list[str] = field(default_factory=list)
    not_applied: list[str] = field(default_factory=list)


def _num(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _years(text: str, res: FeedbackResult) -> str:
    """Apply the first year phrase of the whole text; the text with every year phrase removed."""
    for rx in (_SPAN, _LAST, _ONE):
        m = rx.search(text.lower())
        if not m:
            continue
        phrase = text[m.start():m.end()]
        if rx is _SPAN:
            a, b = int(m.group(1)), m.group(2)
            end = int(b) if len(b) == 4 else 2000 + int(b)
            start, n = a, end - a + 1
        elif rx is _LAST:
            n = _num(m.group(1))
            start = dt.date.today().year - n
        else:
            start, n = int(m.group(1)), 1
        if not 1 <= n <= MAX_YEARS or start < MIN_YEAR or start + n - 1 > MAX_YEAR:
            res.not_applied.append(f"'{phrase}': a challenge covers 1 to {MAX_YEARS} whole years between {MIN_YEAR} "
                                   f"and {MAX_YEAR}; the years were left unchanged.")
        else:
            res.options = replace(res.options, year_start=start, years=n)
            span = f"{start}" if n == 1 else f"{start} to {start + n - 1}"
            res.applied.append(f"'{phrase}': the story and the data now cover {span}.")
        return text[:m.start()] + " " + text[m.end():]
    return text


def _difficulty(low: str, clause: str, res: FeedbackResult) -> bool:
    level = DIFFICULTIES.index(res.options.difficulty)
    named = next((d for d in DIFFICULTIES if re.search(rf"\b{d}\b", low)), None)
    new = None
    if named:
        new = named
    elif re.search(r"\b(harder|tougher|more difficult|more advanced|more challenging|too easy)\b", low):
        new = DIFFICULTIES[min(level + 1, 2)]
    elif re.search(r"\b(easier|simpler|less difficult|too hard|too difficult)\b", low):
        new = DIFFICULTIES[max(level - 1, 0)]
    if new is None:
        return False
    res.options = replace(res.options, difficulty=new)  # type: ignore[arg-type]
    res.applied.append(f"'{clause}': difficulty {new} (its question mix and messiness level).")
    return True


#: (option, words that name it, noun pattern after a number, lowest, highest, sentence when applied)
COUNTS = (
    ("n_cities", r"\b(cit(y|ies)|markets?|locations?|towns?)\b", r"(?:cit|market|location|town)", 1, 20,
     "the challenge now uses {n} cities"),
    ("question_count", r"\bquestions?\b", r"questions?", 5, 12, "the challenge now asks {n} questions"),
)


def _count(low: str, noun: str, current: int, step: int) -> int | None:
    """The count a clause asks for ('use 6 cities', '2 more cities', 'fewer questions'), or None."""
    m = re.search(rf"{_NUM}\s+(?:\w+\s+)?{noun}", low)
    more, fewer = re.search(r"\b(more|additional|extra|another)\b", low), re.search(r"\b(fewer|less)\b", low)
    k = _num(m.group(1)) if m else step
    if more:
        return current + k
    if fewer:
        return current - k
    return k if m else None


def _counts(low: str, clause: str, res: FeedbackResult, current: dict[str, int]) -> bool:
    """City and question counts; an out-of-range count is listed as not applied and changes nothing."""
    for option, words, noun, lo, hi, said in COUNTS:
        if not re.search(words, low):
            continue
        n = _count(low, noun, current[option], 3 if option == "n_cities" else 2)
        if n is None:
            continue
        if lo <= n <= hi:
            res.options = replace(res.options, **{option: n})
            res.applied.append(f"'{clause}': {said.format(n=n)}.")
        else:
            res.not_applied.append(f"'{clause}': allowed is {lo} to {hi}, not {n}; left unchanged.")
        return True
    return False


def _place(clause: str, res: FeedbackResult) -> bool:
    if not re.search(r"\b(in|to|at|set|move|based)\b", clause.lower()):
        return False
    place = find_place(clause)
    if place is None:
        return False
    res.options = replace(res.options, place=place.label)
    res.applied.append(f"'{clause}': the story is now set in {place.label}.")
    return True


def _extras(low: str, clause: str, res: FeedbackResult, src: PackSource) -> bool:
    extras = src.raw.get("extras") or {}
    removing = bool(re.search(r"\b(remove|drop|without|no|delete|exclude)\b", low))
    for key, extra in extras.items():
        words = [str(w).lower() for w in extra.get("keywords", [])] + [key.replace("_", " ")]
        if any(re.search(rf"\b{re.escape(w)}", low) for w in words):
            chosen = set(res.options.extras)
            chosen.discard(key) if removing else chosen.add(key)
            res.options = replace(res.options, extras=tuple(sorted(chosen)))
            res.applied.append(f"'{clause}': {'removed' if removing else 'added'} {extra.get('title', key)}.")
            return True
    return False


def apply_feedback(feedback: str, options: DraftOptions, src: PackSource) -> FeedbackResult:
    """Every request of `feedback` the library understands applied to `options`; the rest listed plainly."""
    from factory.settings import get_settings

    res = FeedbackResult(options=options)
    rest = _years(" ".join(feedback.split()), res)
    current = {"n_cities": options.n_cities or int((src.raw.get("defaults") or {}).get("n_cities", 6)),
               "question_count": options.question_count or get_settings().question_count}
    for clause in (c.strip(" -*'\"") for c in _SPLIT.split(rest)):
        low = clause.lower()
        if set(re.findall(r"[a-z]+", low)) <= _FILLER:
            continue  # what is left of a clause whose years were applied, or a courtesy
        done = (_counts(low, clause, res, current) or _difficulty(low, clause, res) or _extras(low, clause, res, src)
                or _place(clause, res))
        if not done:
            offered = "; ".join(f"'{k}': {e.get('title', k)}" for k, e in (src.raw.get("extras") or {}).items())
            res.not_applied.append(
                f"'{clause}': not applied; the offline library understands years ('2023 and 2024', 'from 2022 to "
                f"2024', 'last two years'), city counts ('use 6 cities'), a place ('set it in Pune'), difficulty, "
                f"question counts ('12 questions') and these extra parts: {offered or 'none'}. "
                f"Use --provider groq for anything else.")
    return res
