"""Convenience entry points over the library: pack names and a whole challenge built from one pack."""

from __future__ import annotations

from pathlib import Path

from factory.library.build import build
from factory.library.context import DraftOptions, resolve
from factory.library.packs_index import get_pack, load_packs
from factory.spec.models import Challenge


def pack_names(*, generic: bool = False, library_dir: Path | None = None) -> list[str]:
    """Names of the library packs (or of the archetype packs with generic=True), sorted."""
    return sorted(s.name for s in load_packs(library_dir).values() if s.generic == generic)


def pack_challenge(name: str, *, seed: int = 42, difficulty: str = "intermediate", request: str = "",
                   extras: bool = False, question_count: int | None = None) -> Challenge:
    """The validated challenge a pack drafts for `request` (default: its title), optionally with every extra."""
    from factory.drafting import assemble_challenge, check_inputs

    src = get_pack(name)
    level = check_inputs(request or src.title, seed, difficulty)
    opts = DraftOptions(difficulty=level, extras=tuple(sorted(src.raw.get("extras") or {})) if extras else (),
                        question_count=question_count)
    state = resolve(src, request, seed, opts)
    problem, schema, _ = build(src, state)
    return assemble_challenge(problem, schema, seed=seed, difficulty=level)
