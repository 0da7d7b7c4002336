"""A library domain: how to recognise it in free text and how to build its problem and schema."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from factory.llm.offline.context import DomainContext
from factory.spec.models import Problem, Schema


@dataclass(frozen=True)
class DomainTemplate:
    """One business domain of the offline library."""

    key: str
    title: str
    industry: str
    keywords: tuple[str, ...]
    summary: str
    research_kpis: tuple[str, ...]
    build: Callable[[DomainContext], tuple[Problem, Schema]]
    #: optional parts feedback can switch on, e.g. {"returns": "a returns table"}
    extras: dict[str, str] = field(default_factory=dict)
    fiscal_start_month: int = 1
    tier2_only: bool = False

