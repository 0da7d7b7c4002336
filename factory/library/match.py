"""Which pack a free-text request maps to, with a score you can explain (`factory library match TEXT`).

Score of a pack = 10 per alias phrase found + 3 per keyword found + 2 per title word found, on the request with
its place removed. The best specific pack wins at MIN_SPECIFIC or more unless the request has a business word the
pack does not cover ('pet' in 'pet insurance'): then an archetype that fits, in the request's own words, is more
faithful. Otherwise the best archetype pack at MIN_GENERIC or more; otherwise nothing matches and the offline
provider refuses.
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
#: words that qualify a business without changing what it is (never make a pack unfaithful)
QUALIFIERS = frozenset({"online", "app", "apps", "digital", "local", "premium", "budget", "luxury", "boutique",
                        "new", "growing", "regional", "national", "independent", "family", "family-run", "mid-size",
                        "service", "services", "india", "urban", "rural", "b2b", "b2c", "d2c", "modern", "popular",
                        "analysis", "analytics", "performance", "operations", "insights", "trends", "dashboard",
                        "management", "optimization", "optimisation", "forecasting", "demand", "retention", "growth",
                        "pricing", "spend", "spending", "behaviour", "behavior", "efficiency", "metrics", "report",
                        "reporting", "study", "case", "it", "tech", "maker", "makers", "startup", "company's"})


@dataclass
class PackScore:
    """One pack's score and the words that earned it."""

    pack: str
    generic: bool
    score: int
    hits: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)


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


def without_place(text: str) -> str:
    """The request in lower case with the place it names removed."""
    low = " ".join(text.lower().split())
    place = find_place(low)
    if place is not None:
        for name in {place.label.lower(), place.country.name.lower(), *(place.country.aliases)}:
            low = re.sub(rf"(?<![a-z]){re.escape(name)}(?![a-z])", " ", low)
    return " ".join(low.split())


ORG_NOUNS = frozenset({"company", "companies", "business", "businesses", "startup", "startups", "firm", "chain",
                       "chains", "operator", "operators", "provider", "providers", "brand", "group", "platform",
                       "network", "enterprise", "outfit", "agency"})


def business_phrase(text: str) -> str:
    """The request as a noun phrase for the story, its place and trailing company nouns removed, acronyms kept
    ('IT helpdesk for schools in Kerala' -> 'IT helpdesk for schools', 'coffee chain in Bengaluru' -> 'coffee')."""
    words = " ".join(text.split())
    place = find_place(words)
    if place is not None:
        names = {place.label, place.country.name, *place.country.aliases} | ({place.region} if place.region else set())
        for name in sorted(names, key=len, reverse=True):
            words = re.sub(rf"(?i)\s*\b(?:in|at|across|around|from|of|for)?\s*(?:the\s+)?{re.escape(name)}\b", " ", words)
    tokens = [t for t in words.split() if t]
    tokens = [t if (t.isupper() and len(t) > 1) else t.lower() for t in tokens]
    while tokens and tokens[0] in {"a", "an", "the"}:
        tokens.pop(0)
    while tokens and (tokens[-1] in ORG_NOUNS or tokens[-1] in {"in", "of", "for", "at", "and", "-", "tier-2",
                                                                "tier-1", "indian", "cities"}):
        tokens.pop()
    return " ".join(tokens)


def business_words(text: str) -> str:
    """The request without its place and filler words ('solar panel installation company in Rajasthan' -> 'solar
    panel installation')."""
    return " ".join(w for w in re.findall(r"[a-z0-9][a-z0-9&'+-]*", without_place(text)) if w not in FILLER)


def score_pack(src: PackSource, text: str, business: str = "") -> PackScore:
    """The explainable score of one pack for a request (place already removed); `business` (its business words,
    default: the text) are checked for words the pack does not cover."""
    hits, score, covered = [], 0, set()
    phrases = [(a, "alias", ALIAS) for a in src.words("aliases")] + [(k, "keyword", KEYWORD) for k in src.words("keywords")]
    phrases += [(w, "title word", TITLE) for w in sorted(set(re.findall(r"[a-z]{4,}", src.title.lower())) - FILLER)]
    for phrase, kind, points in phrases:
        if _found(phrase, text):
            hits.append(f"{kind} '{phrase}' +{points}")
            score += points
            covered |= set(re.findall(r"[a-z0-9]+", phrase.lower()))
    words = re.findall(r"[a-z0-9][a-z0-9&'+-]*", business or text)
    uncovered = [w for w in words if w not in QUALIFIERS and not _covered(w, covered)]
    return PackScore(pack=src.name, generic=src.generic, score=score, hits=hits, uncovered=uncovered)


def _covered(word: str, covered: set[str]) -> bool:
    parts = re.findall(r"[a-z0-9]+", word)
    return all(p in covered or p.rstrip("s") in covered or f"{p}s" in covered or p.isdigit() for p in parts)


def match_request(text: str, packs: dict[str, PackSource]) -> Match:
    """Score every pack for `text` and choose (specific first, then generic, else none)."""
    business = business_words(text)
    place = find_place(text)
    text_np = f" {without_place(text)} "
    scores = sorted((score_pack(src, text_np, business) for src in packs.values()),
                    key=lambda s: (-s.score, s.generic, len(s.uncovered), s.pack))
    specific = next((s for s in scores if not s.generic and s.score >= MIN_SPECIFIC), None)
    generic = next((s for s in scores if s.generic and s.score >= MIN_GENERIC), None)
    if specific is not None and specific.uncovered and generic is not None:
        specific = None  # the pack would drop the request's own words ('pet' of 'pet insurance'): be generic
    weak = next((s for s in scores if not s.generic and s.score >= MIN_GENERIC), None)
    chosen = specific or generic or weak  # a weak pack match only when no archetype fits either
    return Match(pack=chosen.pack if chosen else None, generic=bool(chosen and chosen.generic),
                 place=place.label if place else None, business=business_phrase(text) or business, scores=scores)
