"""The offline provider: builds research, problem and schema from the domain packs (no network, deterministic).

Phase 1 decides everything (pack, place, cities, years, extras, questions) into a DraftState that travels in
problem.json; phase 2 rebuilds from that state. A request no pack or archetype fits is refused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from factory.errors import ProviderError
from factory.library import DraftOptions, DraftState, build, load_packs, resolve
from factory.library.feedback import apply_feedback
from factory.library.match import Match, match_request
from factory.library.packs_index import PackSource
from factory.llm.base import ProblemDraft, SchemaDraft
from factory.spec.models import Difficulty, FeedbackNote, Problem, Research, Source


class OfflineProvider:
    """A Provider over the pack library: same request + seed + feedback -> identical spec."""

    name = "offline"
    carries_state = True  # schema() takes the draft state phase 1 wrote

    def __init__(self, library_dir: Path | None = None) -> None:
        self.packs = load_packs(library_dir)
        self._states: dict[str, DraftState] = {}  # problem fingerprint -> its state (same-process shortcut)

    def match(self, domain: str) -> Match:
        """The pack a request maps to and why."""
        return match_request(domain, self.packs)

    def refuse(self, domain: str) -> ProviderError:
        """The error for a request no pack fits."""
        names = ", ".join(sorted(s.name for s in self.packs.values() if not s.generic))
        kinds = ", ".join(sorted(s.name for s in self.packs.values() if s.generic)) or "none"
        return ProviderError(
            f"the offline library cannot write a faithful challenge for '{' '.join(domain.split())}': no pack or "
            f"archetype fits it (packs: {names}; archetypes: {kinds})",
            hint="name one of these businesses, or use --provider groq (with GROQ_API_KEY) for any other business; "
                 "`factory library match TEXT` shows the scores")

    def _source(self, research: Research) -> PackSource:
        key = research.library_domain or self.match(research.domain).pack
        if not key or key not in self.packs:
            raise self.refuse(research.domain)
        return self.packs[key]

    # ------------------------------------------------------------------------------------------- phase 1
    def research(self, domain: str) -> Research:
        """What the library knows about the business; the first line says what was matched and what is generic."""
        m = self.match(domain)
        if m.pack is None:
            raise self.refuse(domain)
        src = self.packs[m.pack]
        summary = f"{m.headline(src.title)}\n{' '.join(str(src.raw.get('summary', '')).split())}"
        return Research(domain=" ".join(domain.split()), summary=summary, kpis=src.words("research_kpis"),
                        provider=self.name, library_domain=src.name,
                        sources=[Source(title=f"Offline domain library: {src.title}", url="")])

    def problem(self, research: Research, feedback: str = "", *, seed: int, difficulty: Difficulty) -> ProblemDraft:
        """The problem (with answer SQL) and the draft state, after applying feedback."""
        src = self._source(research)
        res = apply_feedback(feedback, DraftOptions(difficulty=difficulty), src)
        m = self.match(research.domain)
        state = resolve(src, research.domain, seed, res.options, business=m.business if src.generic else "")
        state = state.model_copy(update={"applied": res.applied, "headline": m.headline(src.title)})
        problem, _, state = build(src, state)
        self._states[_fingerprint(problem)] = state
        return ProblemDraft(problem=problem, note=_note("problem", feedback, res.applied, res.not_applied),
                            draft_state=state.model_dump(mode="json"))

    # ------------------------------------------------------------------------------------------- phase 2
    def schema(self, problem: Problem, feedback: str = "", *, seed: int,
               state: dict[str, Any] | DraftState | None = None) -> SchemaDraft:
        """The schema for the state phase 1 decided, after applying this phase's feedback."""
        if state is None:
            state = self._states.get(_fingerprint(problem))
        if state is None:
            raise ProviderError("phase 2 needs the draft state phase 1 wrote (problem.json 'draft_state')",
                                hint="run phase 1 (factory draft, or the problem step) with the offline provider")
        st = state if isinstance(state, DraftState) else DraftState.model_validate(state)
        if st.pack not in self.packs:
            raise ProviderError(f"the draft state names pack '{st.pack}', which the library does not have",
                                hint="add the pack file back or draft again")
        src = self.packs[st.pack]
        note = None
        if feedback.strip():
            st, res = _refeed(src, st, feedback)
            note = _note("schema", feedback, res.applied, res.not_applied)
        new_problem, schema, st = build(src, st)
        return SchemaDraft(problem=new_problem, schema_=schema, note=note)


def _refeed(src: PackSource, st: DraftState, feedback: str) -> tuple[DraftState, Any]:
    """The state with phase-2 feedback applied (company and cast kept; questions redrawn if their mix changed)."""
    before = DraftOptions(difficulty=st.difficulty, n_cities=len(st.cities), year_start=st.year_start,
                          years=st.years, extras=tuple(st.extras), question_count=st.question_count, place=st.place)
    res = apply_feedback(feedback, before, src)
    if res.options == before:
        return st, res
    o = res.options
    keep_questions = (o.difficulty, o.extras, o.question_count) == (st.difficulty, tuple(st.extras),
                                                                     st.question_count)
    new = resolve(src, st.request, st.seed, o, business=st.business, previous=st,
                  question_ids=st.question_ids if keep_questions else None)
    return new.model_copy(update={"applied": st.applied + res.applied, "headline": st.headline}), res


def _note(phase: str, feedback: str, applied: list[str], not_applied: list[str]) -> FeedbackNote | None:
    if not feedback.strip() and not applied and not not_applied:
        return None
    return FeedbackNote(phase=phase, feedback=feedback.strip(), applied=applied, not_applied=not_applied)  # type: ignore[arg-type]


def _fingerprint(problem: Problem) -> str:
    return hashlib.sha256(problem.model_dump_json().encode()).hexdigest()
