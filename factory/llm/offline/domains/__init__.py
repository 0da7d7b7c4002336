"""The pack library seen as DomainTemplates, for tests and benches written before packs (no Python per domain).

New code calls factory.library (pack_challenge, pack_names, build) directly.
"""

from __future__ import annotations

from functools import lru_cache, partial

from factory.library import DraftOptions, build, get_pack, load_packs, resolve
from factory.library.packs_index import PackSource
from factory.llm.offline.context import DomainContext
from factory.llm.offline.template import DomainTemplate
from factory.spec.models import Problem, Schema


def build_pack(name: str, ctx: DomainContext) -> tuple[Problem, Schema]:
    """The problem and schema of pack `name` for a DomainContext (seed, difficulty, extras, years, text)."""
    src = get_pack(name)
    extras = tuple(sorted(set(ctx.extras) & set(src.raw.get("extras") or {})))
    opts = DraftOptions(difficulty=ctx.difficulty, extras=extras, year_start=ctx.start_year, years=ctx.years)
    text = "" if ctx.domain_text.strip().lower() == src.title.lower() else ctx.domain_text
    problem, schema, _ = build(src, resolve(src, text, ctx.seed, opts))
    return problem, schema


def _template(src: PackSource) -> DomainTemplate:
    extras = src.raw.get("extras") or {}
    fsm = int((src.raw.get("defaults") or {}).get("fiscal_start_month", 4))
    return DomainTemplate(
        key=src.name, title=src.title, industry=str(src.raw.get("industry", src.title)),
        keywords=tuple(src.words("aliases") + src.words("keywords")), summary=str(src.raw.get("summary", "")),
        research_kpis=tuple(src.words("research_kpis")), build=partial(build_pack, src.name),
        extras={k: str(v.get("title", k)) for k, v in extras.items()}, fiscal_start_month=fsm)


@lru_cache(maxsize=1)
def all_domains() -> dict[str, DomainTemplate]:
    """Every library pack (archetypes excluded) by name."""
    return {s.name: _template(s) for s in load_packs().values() if not s.generic}
