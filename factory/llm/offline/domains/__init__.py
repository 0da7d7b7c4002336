"""Library domains: each module defines DOMAIN (a DomainTemplate); `all_domains()` discovers them."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from factory.llm.offline.template import DomainTemplate


@lru_cache(maxsize=1)
def all_domains() -> dict[str, DomainTemplate]:
    """Every library domain by key, discovered from this package's modules."""
    found: dict[str, DomainTemplate] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        template = getattr(module, "DOMAIN", None)
        if isinstance(template, DomainTemplate):
            found[template.key] = template
    return found
