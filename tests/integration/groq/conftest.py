"""Fixtures of the Groq tests: a fake server per test and settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from factory.settings import Settings
from tests.integration.groq.fake_groq import FakeGroq
from tests.integration.groq.support import FAKE_KEY


@pytest.fixture
def fake() -> Iterator[FakeGroq]:
    """A fake Groq server on 127.0.0.1 (random port), stopped after the test."""
    server = FakeGroq().start()
    yield server
    server.stop()


@pytest.fixture
def settings(fake: FakeGroq) -> Settings:
    """Settings pointing at the fake, with small bounds so failures end fast."""
    return Settings(
        groq_api_key=FAKE_KEY,
        groq_base_url=fake.base_url,
        groq_timeout_s=5,
        groq_max_retries=2,
        groq_max_repairs=2,
        groq_max_retry_after_s=1.0,
    )
