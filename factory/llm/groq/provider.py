"""GroqProvider: research with a web-search model, problem and schema by structured outputs with repair."""

from __future__ import annotations

import logging
import re

from factory.errors import ProviderError
from factory.llm.base import ProblemDraft, SchemaDraft
from factory.llm.groq.chat import GroqChat
from factory.llm.groq.checks import check_problem_reply, check_schema_reply, draft_challenge
from factory.llm.groq.examples import construct_examples
from factory.llm.groq.formats import ProblemReply, SchemaReply, reply_schema, response_format
from factory.llm.groq.prompts import render, request_words, untrusted
from factory.llm.groq.review import PREVIEW_ROWS, review_problems
from factory.llm.groq.structured import json_text, reviewed_call, structured_call
from factory.settings import Settings, get_settings
from factory.spec import generators
from factory.spec.models import Difficulty, FeedbackNote, Problem, Research, Source

log = logging.getLogger("factory.llm.groq")
MAX_RESEARCH_CHARS = 8_000
MAX_KPIS = 12
MESSINESS = {"beginner": 0, "intermediate": 1, "advanced": 2}
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+(.*)$")


class GroqProvider:
    """Writes phases 1-2 with Groq models (see README: 'Using a real Groq key')."""

    name = "groq"

    def __init__(self, settings: Settings | None = None, *, chat: GroqChat | None = None) -> None:
        self.settings = settings or get_settings()
        self.chat = chat or GroqChat(self.settings)

    def __repr__(self) -> str:
        return f"GroqProvider(model={self.settings.groq_model!r}, research_model={self.settings.groq_research_model!r})"

    # ------------------------------------------------------------------------------------------ research
    def research(self, domain: str) -> Research:
        """Free-text research on the domain by the web-search model; sources from its executed tools."""
        messages = [
            {"role": "system", "content": render("research_system.j2")},
            {"role": "user", "content": render("research_user.j2", domain=domain)},
        ]
        reply = self.chat.complete("research", self.settings.groq_research_model, messages)
        text = reply.content.strip()
        if not text:
            raise ProviderError(
                f"Groq research on '{domain}' came back empty",
                hint="try again, or set FACTORY_GROQ_RESEARCH_MODEL to another compound model",
            )
        return Research(
            domain=domain,
            summary=text[:MAX_RESEARCH_CHARS],
            kpis=research_kpis(text),
            sources=[Source(title=t, url=u) for t, u in reply.sources],
            provider=self.name,
        )

    # ------------------------------------------------------------------------------------------- problem
    def problem(
        self, research: Research, feedback: str = "", *, seed: int, difficulty: Difficulty
    ) -> ProblemDraft:
        """The problem, cast, KPIs and questions, validated and repaired; feedback goes into the prompt."""
        model = self.settings.groq_model
        _, mode = response_format(ProblemReply, "problem", model)
        system = render(
            "problem_system.j2",
            domain=research.domain,
            difficulty=difficulty,
            mode=mode,
            json_schema=json_text(reply_schema(ProblemReply)),
        )
        sources = ", ".join(s.url for s in research.sources[:10])
        user = render(
            "problem_user.j2",
            domain=research.domain,
            difficulty=difficulty,
            seed=seed,
            research=untrusted(research.summary),
            sources=untrusted(sources),
            request=request_words(research.domain),
            kpis=untrusted("; ".join(research.kpis)),
            feedback=feedback.strip(),
        )
        reply = structured_call(
            self.chat,
            step="problem",
            model=model,
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            reply_model=ProblemReply,
            check=check_problem_reply,
            max_repairs=self.settings.groq_max_repairs,
        )
        problem = reply.problem.model_copy(update={"domain": research.domain, "difficulty": difficulty})
        note = _note("problem", feedback, reply.feedback_applied, reply.feedback_not_applied)
        return ProblemDraft(problem=problem, note=note)

    # -------------------------------------------------------------------------------------------- schema
    def schema(self, problem: Problem, feedback: str = "", *, seed: int) -> SchemaDraft:
        """Tables, relationships, rules, insights, messiness and the answer SQL, validated and repaired."""
        model = self.settings.groq_model
        _, mode = response_format(SchemaReply, "schema", model)
        system = render(
            "schema_system.j2",
            generator_semantics=(generators.__doc__ or "").strip(),
            mode=mode,
            messiness_level=MESSINESS[problem.difficulty],
            json_schema=json_text(reply_schema(SchemaReply)),
            examples=construct_examples(),
        )
        user = render(
            "schema_user.j2",
            seed=seed,
            feedback=feedback.strip(),
            problem_json=problem.model_dump_json(indent=1),
            request=request_words(problem.domain),
        )
        reply, findings = reviewed_call(
            self.chat,
            step="schema",
            model=model,
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            reply_model=SchemaReply,
            check=lambda r: check_schema_reply(problem, r, seed=seed),
            max_repairs=self.settings.groq_max_repairs,
            review=lambda r: review_problems(draft_challenge(problem, r, seed=seed)[0]),
        )
        filled = draft_challenge(problem, reply, seed=seed)[0].problem
        note = _note("schema", feedback, reply.feedback_applied, reply.feedback_not_applied)
        if findings:  # left after the last repair round: the approver reads them at the gate
            note = FeedbackNote(
                phase="schema",
                feedback=note.feedback if note else f"learner-eye review of a {PREVIEW_ROWS:,}-row preview",
                applied=note.applied if note else [],
                not_applied=(note.not_applied if note else []) + [str(f) for f in findings],
            )
            log.warning("groq schema: %d learner-eye finding(s) left for the gate", len(findings))
        return SchemaDraft(problem=filled, schema_=reply.schema_, note=note)


def research_kpis(text: str) -> list[str]:
    """KPI names from the bullet list under the research's 'KPIs' heading."""
    out: list[str] = []
    in_kpis = False
    for line in text.splitlines():
        stripped = line.strip().strip("*#").strip()
        if re.match(r"^(key\s+)?(kpis?|metrics)\b.*:?$", stripped, re.IGNORECASE) and not _BULLET.match(line):
            in_kpis = True
            continue
        if not in_kpis:
            continue
        m = _BULLET.match(line)
        if m:
            name = re.split(r"\s*(?::|\s-\s|\u2014|\u2013)\s*", m.group(1).replace("**", ""), maxsplit=1)[
                0
            ].strip()
            if name and name not in out:
                out.append(name[:80])
        elif stripped and out:
            break
    return out[:MAX_KPIS]


def _note(phase: str, feedback: str, applied: list[str], not_applied: list[str]) -> FeedbackNote | None:
    if not feedback.strip():
        return None
    return FeedbackNote(phase=phase, feedback=feedback.strip(), applied=applied, not_applied=not_applied)
