"""`factory draft --provider groq` end to end against the fake server, in a subprocess (exit codes, output)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factory.spec.validate import load_challenge
from tests.integration.groq.fake_groq import FakeGroq, Recorded, Reply, chat, error
from tests.integration.groq.support import DOMAIN_TEXT, FAKE_KEY, SEED, offline_spec, valid_responder

pytestmark = pytest.mark.integration
FACTORY = [sys.executable, "-c", "from factory.cli import main; main()"]


def _draft(fake: FakeGroq, out: Path, *extra: str, by_env: bool = False) -> subprocess.CompletedProcess[str]:
    """Run `factory draft` with the groq provider chosen by --provider (or by FACTORY_LLM_PROVIDER)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GROQ_", "FACTORY_"))}
    env.update(
        GROQ_API_KEY=FAKE_KEY,
        GROQ_BASE_URL=fake.base_url,
        FACTORY_GROQ_MAX_RETRIES="0",
        FACTORY_GROQ_MAX_REPAIRS="1",
        FACTORY_GROQ_MAX_RETRY_AFTER_S="1",
    )
    choice = ["--provider", "groq"]
    if by_env:
        env["FACTORY_LLM_PROVIDER"], choice = "groq", []
    cmd = [
        *FACTORY,
        "draft",
        *choice,
        "--domain",
        DOMAIN_TEXT,
        "--seed",
        str(SEED),
        "--out",
        str(out),
        *extra,
    ]
    return subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[3]
    )


@pytest.mark.parametrize("by_env", [False, True], ids=["--provider", "FACTORY_LLM_PROVIDER"])
def test_draft_with_groq_writes_a_valid_spec(fake: FakeGroq, tmp_path: Path, by_env: bool) -> None:
    problem, schema = offline_spec()
    fake.responder = valid_responder(problem, schema)

    run = _draft(fake, tmp_path / "challenge.json", "--json", by_env=by_env)

    assert run.returncode == 0, run.stderr
    challenge = load_challenge(tmp_path / "challenge.json")
    assert challenge.research is not None and challenge.research.provider == "groq"
    assert [s.url for s in challenge.research.sources][:1] == ["https://example.org/qc"]
    assert challenge.problem.domain == DOMAIN_TEXT and len(fake.requests) == 3
    assert json.loads(run.stdout)
    for text in (run.stdout, run.stderr, (tmp_path / "challenge.json").read_text()):
        assert FAKE_KEY not in text


def test_draft_when_the_model_never_answers_validly_exits_2(fake: FakeGroq, tmp_path: Path) -> None:
    fake.responder = lambda rec: chat(
        "Sure! Here is your JSON: {oops" if rec.body.get("response_format") else "Summary: groceries."
    )

    run = _draft(fake, tmp_path / "challenge.json")

    assert run.returncode == 2
    assert run.stderr.startswith("error: Groq problem: the output is still invalid after 1 repair round(s)")
    assert "invalid JSON" in run.stderr and "hint:" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout and FAKE_KEY not in run.stderr + run.stdout
    assert not (tmp_path / "challenge.json").exists()


def test_draft_with_a_rejected_key_exits_2_without_echoing_it(fake: FakeGroq, tmp_path: Path) -> None:
    def echo_key(rec: Recorded) -> Reply:  # a server that quotes the credential back in its error
        return error(401, f"Invalid API Key: {rec.headers['authorization']}", code="invalid_api_key")

    fake.responder = echo_key

    run = _draft(fake, tmp_path / "challenge.json")

    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "HTTP 401: Invalid API Key: Bearer ***" in run.stderr and "check GROQ_API_KEY" in run.stderr
    assert fake.requests[0].headers["authorization"] == f"Bearer {FAKE_KEY}"
    assert FAKE_KEY not in run.stderr + run.stdout
