"""Finding 7 (secrets): a Groq reply that echoes the API key is stored scrubbed (research, sources, drafts)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from factory.llm.groq import GroqProvider
from factory.llm.groq.chat import scrub
from factory.settings import Settings
from tests.integration.groq.fake_groq import FakeGroq, Recorded, Reply, chat
from tests.integration.groq.support import DOMAIN_TEXT, FAKE_KEY


@pytest.fixture
def fake() -> Iterator[FakeGroq]:
    server = FakeGroq().start()
    yield server
    server.stop()


def test_a_reply_echoing_the_key_is_stored_scrubbed(fake: FakeGroq) -> None:
    def echo(rec: Recorded) -> Reply:
        key = rec.headers["authorization"].removeprefix("Bearer ")
        tools = [{"index": 0, "type": "search", "arguments": "{}", "search_results": {"results": [
            {"title": f"leak {key}", "url": f"https://example.org/?k={key}", "content": "", "score": 1.0}]}}]
        return chat(f"Summary: your key is {key}; another one gsk_abcdefghijklmnop1234.\n\nKPIs:\n- Orders.",
                    executed_tools=tools)

    fake.responder = echo
    settings = Settings(groq_api_key=FAKE_KEY, groq_base_url=fake.base_url, groq_timeout_s=5, groq_max_retries=0)
    research = GroqProvider(settings).research(DOMAIN_TEXT)
    stored = research.model_dump_json()
    assert FAKE_KEY in fake.requests[0].headers["authorization"]  # the key was really sent (and echoed)
    assert FAKE_KEY not in stored and "gsk_abcdefghijklmnop1234" not in stored
    assert "***" in stored


def test_scrub_removes_the_secret_and_key_shaped_text() -> None:
    assert scrub("a SECRETVALUE b gsk_12345678abcd", "SECRETVALUE") == "a *** b ***"
