"""Map any free-text domain to the nearest library domain (keyword scoring, then a deterministic fallback)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from factory.llm.offline.context import INDIAN_CITIES
from factory.llm.offline.template import DomainTemplate

STOPWORDS = frozenset({
    "a", "an", "the", "in", "of", "for", "and", "or", "on", "at", "to", "with", "by", "from", "india", "indian",
    "company", "business", "startup", "platform", "app", "apps", "service", "services", "network", "chain",
    "analytics", "data", "challenge", "sales", "tier", "city", "cities", "across", "based", "our", "my", "online",
    "market", "industry", "firm", "brand", "retail", "store", "stores", "delivery",
})
#: broad concept words -> library domains to try, in order (only keys present in the library are used)
CONCEPTS: dict[str, tuple[str, ...]] = {
    "insurance": ("health_insurance",), "insurer": ("health_insurance",), "claim": ("health_insurance",),
    "policy": ("health_insurance",), "clinic": ("health_insurance",), "hospital": ("health_insurance",),
    "pet": ("health_insurance",), "vet": ("health_insurance",), "pharmacy": ("health_insurance", "ecommerce"),
    "bank": ("credit_cards",), "loan": ("credit_cards",), "fintech": ("credit_cards",), "payment": ("credit_cards",),
    "wallet": ("credit_cards",), "upi": ("credit_cards",), "lending": ("credit_cards",),
    "mobile": ("telecom",), "broadband": ("telecom",), "internet": ("telecom",), "electricity": ("telecom",),
    "utility": ("telecom",), "energy": ("telecom",), "charging": ("ride_hailing", "telecom"),
    "ev": ("ride_hailing", "telecom"), "vehicle": ("ride_hailing",), "bike": ("ride_hailing",), "car": ("ride_hailing",),
    "taxi": ("ride_hailing",), "scooter": ("ride_hailing",), "parking": ("ride_hailing",), "bus": ("airline",),
    "travel": ("airline", "hotel_bookings"), "train": ("airline",), "railway": ("airline",), "flight": ("airline",),
    "tourism": ("hotel_bookings",), "resort": ("hotel_bookings",), "hostel": ("hotel_bookings",),
    "stay": ("hotel_bookings",), "room": ("hotel_bookings",), "gym": ("media_subscriptions",),
    "fitness": ("media_subscriptions",), "subscription": ("media_subscriptions",), "streaming": ("media_subscriptions",),
    "edtech": ("media_subscriptions",), "course": ("media_subscriptions",), "learning": ("media_subscriptions",),
    "news": ("media_subscriptions",), "music": ("media_subscriptions",), "game": ("media_subscriptions",),
    "restaurant": ("food_delivery",), "cafe": ("food_delivery",), "cloud kitchen": ("food_delivery",),
    "meal": ("food_delivery",), "bakery": ("food_delivery", "quick_commerce"), "food": ("food_delivery",),
    "fashion": ("ecommerce",), "apparel": ("ecommerce",), "clothing": ("ecommerce",), "marketplace": ("ecommerce",),
    "shop": ("ecommerce",), "furniture": ("ecommerce",), "electronics": ("consumer_goods", "ecommerce"),
    "fmcg": ("consumer_goods",), "manufacturer": ("consumer_goods",), "hardware": ("consumer_goods",),
    "distributor": ("consumer_goods", "supply_chain"), "warehouse": ("supply_chain",), "logistics": ("supply_chain",),
    "shipping": ("supply_chain",), "courier": ("supply_chain",), "inventory": ("supply_chain",),
    "factory": ("supply_chain",), "employee": ("hr_attrition",), "hiring": ("hr_attrition",), "staff": ("hr_attrition",),
    "workforce": ("hr_attrition",), "salon": ("hotel_bookings",), "spa": ("hotel_bookings",),
    "grocery": ("quick_commerce",), "milk": ("quick_commerce",), "dairy": ("quick_commerce",),
}
_CITY_WORDS = frozenset(w for c in INDIAN_CITIES for w in c[0].lower().split())


@dataclass(frozen=True)
class DomainMatch:
    """The library domain a text maps to, its score, and the text's words the library does not know."""

    template: DomainTemplate
    score: float
    unmatched: tuple[str, ...]
    fallback: bool


def words(text: str) -> list[str]:
    """Lower-case word stems of `text` (a plural 's' dropped), stopwords and city names removed."""
    out = []
    for w in re.findall(r"[a-z0-9]+", text.lower()):
        if w in STOPWORDS or w in _CITY_WORDS or len(w) < 2:
            continue
        out.append(w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w)
    return out


def _template_score(text_low: str, tokens: set[str], t: DomainTemplate) -> tuple[float, set[str]]:
    score, hit = 0.0, set()
    for phrase in t.keywords:
        p = phrase.lower()
        if re.search(rf"(?<![a-z0-9]){re.escape(p)}", text_low):
            score += 3.0 * max(1, len(p.split()))
            hit |= set(words(p))
        else:
            pw = set(words(p))
            if pw and pw <= tokens:
                score += 2.0 * len(pw)
                hit |= pw
            elif pw & tokens:
                score += 1.0 * len(pw & tokens)
                hit |= pw & tokens
    vocab = set(words(f"{t.title} {t.industry} {t.key.replace('_', ' ')}"))
    score += 1.5 * len(vocab & tokens)
    hit |= vocab & tokens
    return score, hit


def match_domain(text: str, library: dict[str, DomainTemplate]) -> DomainMatch:
    """The nearest library domain to `text`; never fails (falls back to concept words, then a stable hash)."""
    if not library:
        raise ValueError("the offline domain library is empty")
    keys = sorted(library)
    low = " ".join(text.lower().split())
    tokens = set(words(text))
    scored = []
    for k in keys:
        s, hit = _template_score(low, tokens, library[k])
        scored.append((s, k, hit))
    best = max(scored, key=lambda x: (x[0], -keys.index(x[1])))
    if best[0] > 0:
        unmatched = tuple(w for w in words(text) if w not in best[2])
        return DomainMatch(library[best[1]], best[0], unmatched, fallback=False)
    for w in words(text):
        for k in CONCEPTS.get(w, ()):
            if k in library:
                return DomainMatch(library[k], 0.5, tuple(x for x in words(text) if x != w), fallback=True)
    for phrase, targets in CONCEPTS.items():
        if " " in phrase and phrase in low:
            for k in targets:
                if k in library:
                    return DomainMatch(library[k], 0.5, tuple(words(text)), fallback=True)
    digest = int(hashlib.sha256(low.encode()).hexdigest(), 16)
    return DomainMatch(library[keys[digest % len(keys)]], 0.0, tuple(words(text)), fallback=True)
