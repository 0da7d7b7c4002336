"""Render the prompt templates of factory/llm/prompts (Jinja2 files shipped as package data)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2

from factory.library.gazetteer import find_place
from factory.library.match import business_words

PROMPTS_PACKAGE = "factory.llm.prompts"
_TAG = re.compile(r"<\s*(/?)\s*research\s*>", re.IGNORECASE)


def _load(name: str) -> str:
    return resources.files(PROMPTS_PACKAGE).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_load),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **values: Any) -> str:
    """The template `name` (e.g. 'problem_system.j2') rendered with `values`."""
    return _environment().get_template(name).render(**values).strip()


def untrusted(text: str) -> str:
    """Web text made safe to place between <research> tags: it cannot close or reopen the delimiter."""
    return _TAG.sub(lambda m: f"&lt;{m.group(1)}research&gt;", text)


def request_words(domain: str) -> dict[str, str]:
    """The place and business words of a request, for the prompts ('solar panel installation company in
    Rajasthan' -> business 'solar panel installation', place 'Rajasthan, India', locale, currency)."""
    place = find_place(domain)
    out = {"business": business_words(domain) or domain.strip(), "place": "", "locale": "", "currency": ""}
    if place is not None:
        label = place.label if place.label == place.country.name else f"{place.label}, {place.country.name}"
        out.update(place=label, locale=place.country.locale, currency=place.country.currency)
    return out
