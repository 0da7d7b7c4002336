"""Which pack a free-text request maps to, with a score you can explain (`factory library match TEXT`).

Score of a pack = 10 per alias phrase found + 3 per keyword found + 2 per title word found, on the request with
its place removed. The best specific pack wins at MIN_SPECIFIC or more; otherwise the best archetype pack (generic,
in the request's own words) at MIN_GENERIC or more; otherwise nothing matches and the offline provider refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factory.library.gazetteer import find_place
from factory.library.packs_index import PackSource

MIN_SPECIFIC = 5
MIN_GENERIC = 3
ALIAS, KEYWORD, TITLE = 10, 3, 2
FILLER = frozenset({"a", "an", "the", "in", "of", "for", "and", "or", "on", "at", "to", "with", "by", "from",
                    "company", "companies", "business", "startup", "firm", "brand", "provider", "operator", "across",
                    "based", "our", "my", "data", "challenge", "analytics", "cities", "city", "tier", "tier-1",
                    "tier-2", "tier-3", "indian", "small", "large", "leading", "chain", "network", "platform"})


@dataclass
class PackScore:
    """One pack's score and the words that earned it."""

    pack: str
    generic: bool
    score: int
    hits: list[str] = field(default_factory=list)


@dataclass
class Match:
    """The outcome: the chosen pack (None = refuse), whether it is generic, the place and the business words."""

    pack: str | None
    generic: bool
    place: str | None
    business: str
    scores: list[PackScore]

    def headline(self, title: str = "") -> str:
        """One line saying what was matched and what is generic."""
        where = f" in {self.place}" if self.place else ""
        if self.pack is None:
            return "No library pack fits this request."
        if self.generic:
            return (f"Generic: no library pack fits '{self.business}', so the '{self.pack}' archetype is written in "
                    f"the request's words{where}; the business details are generic.")
        return f"Matched library pack '{self.pack}' ({title or self.pack}){where}."


def _found(phrase: str, text: str) -> bool:
    words = phrase.lower().strip()
    return bool(words) and re.search(rf"(?<![a-z0-9]){re.escape(words)}(?:e?s)?(?![a-z0-9])", text) is not None


def business_words(text: str) -> str:
    """The request without its place and filler words ('solar panel installation company in Rajasthan' -> 'solar
    panel installation')."""
    low = " ".join(text.lower().split())
    place = find_place(low)
    if place is not None:
        for name in {place.label.lower(), place.country.name.lower(), *(place.country.aliases)}:
            low = re.sub(rf"(?<![a-z]){re.escape(name)}(?![a-z])", " ", low)
    kept = [w for w in re.findall(r"[a-z0-9][a-z0-9&'+-]*", low) if w not in FILLER]
    return " ".join(kept)


def score_pack(src: PackSource, text: str) -> PackScore:
    """The explainable score of one pack for a request (place already removed)."""
    hits, score = [], 0
    for alias in src.words("aliases"):
        if _found(alias, text):
            hits.append(f"alias '{alias}' +{ALIAS}")
            score += ALIAS
    for kw in src.words("keywords"):
        if _found(kw, text):
            hits.append(f"keyword '{kw}' +{KEYWORD}")
            score += KEYWORD
    for word in set(re.findall(r"[a-z]{4,}", src.title.lower())) - FILLER:
        if _found(word, text):
            hits.append(f"title word '{word}' +{TITLE}")
            score += TITLE
    return PackScore(pack=src.name, generic=src.generic, score=score, hits=hits)


def match_request(text: str, packs: dict[str, PackSource]) -> Match:
    """Score every pack for `text` and choose (specific first, then generic, else none)."""
    business = business_words(text)
    place = find_place(text)
    scores = sorted((score_pack(src, f" {business} ") for src in packs.values()),
                    key=lambda s: (-s.score, s.generic, s.pack))
    specific = next((s for s in scores if not s.generic and s.score >= MIN_SPECIFIC), None)
    generic = next((s for s in scores if s.generic and s.score >= MIN_GENERIC), None)
    chosen = specific or generic
    return Match(pack=chosen.pack if chosen else None, generic=bool(chosen and chosen.generic),
                 place=place.label if place else None, business=business, scores=scores)
