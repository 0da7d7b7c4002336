"""The offline provider: builds research, problem and schema from the domain library (no network, deterministic)."""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import replace

from factory.errors import ProviderError
from factory.llm.base import ProblemDraft, SchemaDraft
from factory.llm.offline.context import make_context
from factory.llm.offline.domains import all_domains
from factory.llm.offline.feedback import MAX_YEAR, MIN_YEAR, BuildOptions, apply_feedback
from factory.llm.offline.mapping import DomainMatch, match_domain, words
from factory.llm.offline.template import DomainTemplate
from factory.spec.models import Difficulty, FeedbackNote, Problem, Research, Schema, Source


class OfflineProvider:
    """A Provider over the offline domain library: same domain text + seed + feedback -> identical spec."""

    name = "offline"

    def __init__(self, library: dict[str, DomainTemplate] | None = None) -> None:
        self.library = dict(library) if library is not None else all_domains()
        # problem fingerprint -> (library key, seed, options) so the schema phase rebuilds the same story
        self._built: dict[str, tuple[str, int, BuildOptions]] = {}
        self._matches: dict[str, DomainMatch] = {}
        self._feedback: dict[str, str] = {}  # problem fingerprint -> the feedback it was drafted with

    # ------------------------------------------------------------------------------------------- phase 1
    def match(self, domain: str) -> DomainMatch:
        """The library domain the free text maps to."""
        if domain not in self._matches:
            self._matches[domain] = match_domain(domain, self.library)
        return self._matches[domain]

    def research(self, domain: str) -> Research:
        """What the library knows about the domain nearest to `domain`."""
        m = self.match(domain)
        t = m.template
        text = " ".join(domain.split()) or t.title
        if not m.fallback:
            how = "matched by its keywords"
        elif m.score > 0:
            how = "matched through a related business concept, as no library keyword matched"
        else:
            how = "no library domain matched its words, so one was chosen deterministically from the text"
        summary = (f"'{text}' is modelled on the library domain '{t.title}' ({how}). {t.summary} "
                   f"Typical KPIs: {', '.join(t.research_kpis)}.")
        if t.extras:
            summary += " Optional parts: " + "; ".join(t.extras.values()) + "."
        return Research(domain=text, summary=summary, kpis=list(t.research_kpis), provider=self.name,
                        library_domain=t.key, sources=[Source(title=f"Offline domain library: {t.title}", url="")])

    def problem(self, research: Research, feedback: str = "", *, seed: int, difficulty: Difficulty) -> ProblemDraft:
        """The problem (with answer SQL) built from the research's library domain, after applying feedback."""
        template = self._template(research)
        result = apply_feedback(feedback, BuildOptions(difficulty=difficulty), template)
        problem, _ = self._build(template, research.domain, seed, result.options)
        self._feedback[_fingerprint(problem)] = feedback.strip()
        note = self._note("problem", feedback, result.applied, result.not_applied)
        return ProblemDraft(problem=problem, note=note)

    # ------------------------------------------------------------------------------------------- phase 2
    def schema(self, problem: Problem, feedback: str = "", *, seed: int) -> SchemaDraft:
        """The schema for `problem` (rebuilt from the library with the same options), after applying feedback."""
        key, options, recovered = self._recover(problem, seed)
        template = self.library[key]
        if feedback.strip() and self._feedback.get(_fingerprint(problem)) == feedback.strip():
            feedback = ""  # the same request already shaped this problem: applying it twice would double it
        result = apply_feedback(feedback, options, template)
        new_problem, schema = self._build(template, problem.domain, seed, result.options)
        not_applied = list(result.not_applied)
        if not recovered:
            not_applied.insert(0, f"the problem was not built by the offline library from this seed; its schema and "
                                  f"questions come from the library domain '{template.title}' with default options.")
        note = self._note("schema", feedback, result.applied, not_applied)
        return SchemaDraft(problem=new_problem, schema_=schema, note=note)

    # -------------------------------------------------------------------------------------------- helpers
    def _template(self, research: Research) -> DomainTemplate:
        key = research.library_domain
        if key and key in self.library:
            return self.library[key]
        return self.match(research.domain).template

    def _build(self, template: DomainTemplate, text: str, seed: int, opt: BuildOptions) -> tuple[Problem, Schema]:
        ctx = make_context(text or template.title, seed, opt.difficulty, n_cities=opt.n_cities,
                           tier2_only=template.tier2_only, fiscal_start_month=template.fiscal_start_month,
                           start_year=opt.start_year, years=opt.years, extras=set(opt.extras), harder=opt.harder)
        try:
            problem, schema = template.build(ctx)
        except Exception as exc:  # a library bug must surface as ours, naming the domain
            raise ProviderError(f"library domain '{template.key}' failed to build: {exc}",
                                hint="report this: the offline library should build for every seed") from exc
        problem = _adapt_names(problem, template, self.match(text) if text else None)
        self._built[_fingerprint(problem)] = (template.key, seed, opt)
        return problem, schema

    def _recover(self, problem: Problem, seed: int) -> tuple[str, BuildOptions, bool]:
        """The library key and options a problem was built with (memo, else a bounded search), or defaults."""
        hit = self._built.get(_fingerprint(problem))
        if hit is not None and hit[1] == seed:
            return hit[0], hit[2], True
        template = next((t for t in self.library.values() if t.industry == problem.industry), None)
        template = template or self.match(problem.domain).template
        base = BuildOptions(difficulty=problem.difficulty)
        keys = sorted(template.extras)
        subsets = [frozenset(c) for r in range(len(keys) + 1) for c in itertools.combinations(keys, r)]
        spans = [(None, 2)] + [(y, n) for n in (1, 2, 3, 4, 5) for y in range(MIN_YEAR, MAX_YEAR + 1)]
        candidates = (replace(base, start_year=y, years=n, extras=ex, n_cities=c)
                      for c in (8, 12, 4) for (y, n) in spans for ex in subsets)
        want = _fingerprint(problem)
        for opt in candidates:
            built, _ = self._build(template, problem.domain, seed, opt)
            if _fingerprint(built) == want:
                return template.key, opt, True
        return template.key, base, False

    def _note(self, phase: str, feedback: str, applied: list[str], not_applied: list[str]) -> FeedbackNote | None:
        if not feedback.strip() and not applied and not not_applied:
            return None
        return FeedbackNote(phase=phase, feedback=feedback.strip(), applied=applied, not_applied=not_applied)


def _fingerprint(problem: Problem) -> str:
    return hashlib.sha256(problem.model_dump_json().encode()).hexdigest()


SKIP_MODIFIERS = frozenset({"budget", "used", "private", "public", "small", "large", "local", "new", "digital", "online",
                            "indian", "global", "national", "regional", "leading", "premium", "cheap", "b2b", "b2c", "d2c"})


def _modifier(text: str, template: DomainTemplate) -> str:
    """The operator's word that qualifies the library domain ('pet' in 'pet insurance'), or ''."""
    vocab = set(words(" ".join(template.keywords) + f" {template.title} {template.industry}"))
    raw = re.findall(r"[A-Za-z][A-Za-z0-9]*", text)
    for a, b in zip(raw, raw[1:], strict=False):
        wa, wb = words(a), words(b)
        if wa and wb and wa[0] not in vocab and wb[0] in vocab and a.lower() not in SKIP_MODIFIERS:
            return a if a.isupper() else a.capitalize()
    return ""


def _adapt_names(problem: Problem, template: DomainTemplate, m: DomainMatch | None) -> Problem:
    """Bring the operator's words into the story: a company name and a statement that name their domain."""
    if m is None or not problem.domain.strip():
        return problem
    text = " ".join(problem.domain.split())
    company = problem.company
    head = _modifier(text, template)
    parts = company.split(" ", 1)
    if head and len(parts) == 2 and head.lower() not in company.lower():
        company = f"{parts[0]} {head} {parts[1]}"
    statement = problem.statement.replace(problem.company, company)
    known = {w.lower() for w in template.keywords} | {template.title.lower(), template.industry.lower()}
    if text.lower() not in known and text.lower() not in statement.lower():
        statement = f"Business focus: {text}. " + statement
    chars = [c.model_copy(update={"voice": c.voice.replace(problem.company, company)}) for c in problem.characters]
    qs = [q.model_copy(update={"text": q.text.replace(problem.company, company)}) for q in problem.questions]
    return problem.model_copy(update={"company": company, "statement": statement, "characters": chars, "questions": qs})
