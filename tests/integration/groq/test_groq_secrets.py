"""The API key is sent to the server, and appears in no log, exception, repr or spec; usage is logged per call."""

from __future__ import annotations

import logging

import pytest

from factory.errors import ProviderError
from factory.llm.groq import GroqProvider
from factory.settings import Settings
from tests.integration.groq.fake_groq import FakeGroq, Recorded, Reply, error
from tests.integration.groq.support import DOMAIN_TEXT, FAKE_KEY, SEED, offline_spec, valid_responder

pytestmark = pytest.mark.integration


def test_key_is_used_but_never_shown(
    fake: FakeGroq, settings: Settings, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, the groq client's and httpx's included
    problem, schema = offline_spec()
    fake.responder = valid_responder(problem, schema)
    fake.script(error(429, "slow down", headers={"retry-after": "0.01"}))
    provider = GroqProvider(settings)

    research = provider.research(DOMAIN_TEXT)
    draft = provider.problem(research, seed=SEED, difficulty="intermediate")
    sdraft = provider.schema(draft.problem, seed=SEED)

    def echo_key(rec: Recorded) -> Reply:
        return error(403, f"key {rec.headers['authorization']} is not allowed", code="permission_denied")

    fake.responder = echo_key
    with pytest.raises(ProviderError) as info:
        provider.research(DOMAIN_TEXT)

    assert all(r.headers["authorization"] == f"Bearer {FAKE_KEY}" for r in fake.requests)
    assert "Bearer ***" in str(info.value)
    out = capsys.readouterr()
    shown = [
        caplog.text,
        out.out,
        out.err,
        str(info.value),
        repr(info.value),
        repr(provider),
        repr(provider.chat),
        repr(settings),
        research.model_dump_json(),
        sdraft.model_dump_json(),
        draft.model_dump_json(),
    ]
    assert all(FAKE_KEY not in text for text in shown)
    usage = [
        r.getMessage()
        for r in caplog.records
        if r.name == "factory.llm.groq" and "latency=" in r.getMessage()
    ]
    assert len(usage) == 3 and all(
        "prompt_tokens=120 completion_tokens=80 total_tokens=200" in m for m in usage
    )
    assert any("HTTP 429: slow down; retry 1/2" in r.getMessage() for r in caplog.records)
