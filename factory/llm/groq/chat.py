"""One Groq chat call: bounded retries on 429/5xx/timeouts, vendor errors turned into ours, usage logged.

The groq client's own retry loop is switched off (`max_retries=0`): it would honour any retry-after up to
60 s on its own. Here every wait is bounded by `groq_max_retry_after_s` and every call by
`groq_max_retries`, so the worst case of a call is known from the settings.
"""

from __future__ import annotations

import email.utils
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import groq
import httpx
from groq.types.chat import ChatCompletion
from pydantic import ValidationError

from factory.errors import ConfigError, ProviderError, TransientProviderError
from factory.settings import Settings

log = logging.getLogger("factory.llm.groq")
BACKOFF_START_S = 0.5
RETRY_STATUSES = frozenset({408, 409, 429})


class RequestRejected(ProviderError):
    """Groq refused the request itself (4xx other than 429); `status` is the HTTP status."""

    def __init__(self, message: str, *, status: int, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.status = status


class JsonValidateFailed(ProviderError):
    """Groq refused the model's output (400 json_validate_failed); `failed_generation` is what it wrote."""

    def __init__(self, message: str, failed_generation: str) -> None:
        super().__init__(message)
        self.failed_generation = failed_generation


@dataclass
class ChatReply:
    """The parts of a chat completion the provider uses."""

    content: str
    finish_reason: str = ""
    sources: list[tuple[str, str]] = field(default_factory=list)
    usage: dict[str, int] = field(default_factory=dict)


#: anything shaped like a Groq API key, ours or not
GROQ_KEY = re.compile(r"gsk_[A-Za-z0-9_\-]{8,}")


def scrub(text: str, secret: str | None) -> str:
    """`text` with every occurrence of `secret`, and anything shaped like a Groq key, replaced by ***."""
    text = text.replace(secret, "***") if secret else text
    return GROQ_KEY.sub("***", text)


def retry_after_s(headers: httpx.Headers | None) -> float | None:
    """Seconds the server asks us to wait (retry-after-ms, retry-after seconds or HTTP date), or None."""
    if headers is None:
        return None
    try:
        if (ms := headers.get("retry-after-ms")) is not None:
            return max(float(ms) / 1000, 0.0)
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return max(float(value), 0.0)
        except ValueError:
            parsed = email.utils.parsedate_tz(value)
            return None if parsed is None else max(float(email.utils.mktime_tz(parsed) - time.time()), 0.0)
    except (TypeError, ValueError):
        return None


class GroqChat:
    """Makes chat calls on the official groq client with bounded retries, scrubbed errors and usage logs."""

    def __init__(self, settings: Settings, *, sleep: Callable[[float], None] = time.sleep) -> None:
        if settings.groq_api_key is None or not settings.groq_api_key.get_secret_value().strip():
            raise ConfigError(
                "the Groq provider needs an API key",
                hint="set GROQ_API_KEY (https://console.groq.com/keys) or use --provider offline",
            )
        self.settings = settings
        self._secret = settings.groq_api_key.get_secret_value()
        self._sleep = sleep
        self._client = groq.Groq(
            api_key=self._secret,
            base_url=settings.groq_base_url or None,
            max_retries=0,
            timeout=settings.groq_timeout_s,
        )

    def __repr__(self) -> str:
        return f"GroqChat(base_url={str(self._client.base_url)!r})"

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def complete(self, step: str, model: str, messages: list[dict[str, str]], **params: Any) -> ChatReply:
        """One chat completion; transient failures are retried within the settings' bounds."""
        max_retries = self.settings.groq_max_retries
        for attempt in range(max_retries + 1):
            started = time.perf_counter()
            try:
                raw = self._client.chat.completions.with_raw_response.create(
                    model=model,
                    messages=messages,
                    **params,  # type: ignore[arg-type]
                )
            except (groq.APIStatusError, groq.APIConnectionError) as exc:
                wait = self._retry_wait(step, exc, attempt)
                log.warning(
                    "groq %s: %s; retry %d/%d in %.2fs",
                    step,
                    self._describe(exc),
                    attempt + 1,
                    max_retries,
                    wait,
                )
                self._sleep(wait)
                continue
            reply = self._parse(step, raw.http_response)
            latency = time.perf_counter() - started
            u = reply.usage
            log.info(
                "groq %s model=%s latency=%.2fs prompt_tokens=%s completion_tokens=%s total_tokens=%s attempt=%d",
                step,
                model,
                latency,
                u.get("prompt_tokens", "?"),
                u.get("completion_tokens", "?"),
                u.get("total_tokens", "?"),
                attempt + 1,
            )
            return reply
        raise AssertionError("unreachable: the last attempt either returns or raises")  # pragma: no cover

    # ------------------------------------------------------------------------------------------ errors
    def _describe(self, exc: groq.APIError) -> str:
        if isinstance(exc, groq.APITimeoutError):
            return f"timed out after {self.settings.groq_timeout_s:g}s"
        if isinstance(exc, groq.APIConnectionError):
            return f"cannot connect to {self._client.base_url}"
        status = getattr(exc, "status_code", "?")
        return scrub(f"HTTP {status}: {_error_message(exc)}", self._secret)

    def _retry_wait(self, step: str, exc: groq.APIError, attempt: int) -> float:
        """Seconds to wait before the next attempt; raises our error when the call must stop."""
        s = self.settings
        what = f"Groq {step} call failed: {self._describe(exc)}"
        status = getattr(exc, "status_code", None)
        if isinstance(exc, groq.APIStatusError) and not (status in RETRY_STATUSES or status >= 500):
            body = exc.body if isinstance(exc.body, dict) else {}
            err = body.get("error", {}) if isinstance(body.get("error"), dict) else {}
            if status == 400 and err.get("code") == "json_validate_failed":
                raise JsonValidateFailed(
                    what, scrub(str(err.get("failed_generation") or ""), self._secret)
                ) from None
            hint = "check GROQ_API_KEY" if status in (401, 403) else "check the model names and GROQ_BASE_URL"
            raise RequestRejected(what, status=status, hint=hint) from None
        if attempt >= s.groq_max_retries:
            raise TransientProviderError(
                f"{what} (gave up after {attempt + 1} attempt(s))",
                hint="try again later or raise FACTORY_GROQ_MAX_RETRIES",
            ) from None
        response = exc.response if isinstance(exc, groq.APIStatusError) else None
        asked = retry_after_s(response.headers if response is not None else None)
        if asked is not None and asked > s.groq_max_retry_after_s:
            raise TransientProviderError(
                f"{what}; the server asks to wait {asked:g}s, more than FACTORY_GROQ_MAX_RETRY_AFTER_S="
                f"{s.groq_max_retry_after_s:g}",
                hint="try again later (rate limits reset over time) or raise FACTORY_GROQ_MAX_RETRY_AFTER_S",
            ) from None
        if asked is not None:
            return asked
        return min(BACKOFF_START_S * 2**attempt, s.groq_max_retry_after_s)

    def _parse(self, step: str, response: httpx.Response) -> ChatReply:
        """A ChatReply from a 200 response; a body that is not a chat completion is a ProviderError."""
        try:
            completion = ChatCompletion.model_validate(json.loads(response.text))
        except (ValueError, ValidationError):
            snippet = scrub(response.text[:200], self._secret)
            raise ProviderError(
                f"Groq {step} call returned HTTP {response.status_code} with a body that is not a chat completion: "
                f"{snippet!r}",
                hint="check GROQ_BASE_URL: it must point at the Groq API (without /openai/v1)",
            ) from None
        if not completion.choices:
            raise ProviderError(f"Groq {step} call returned no choices")
        choice = completion.choices[0]
        usage = (
            completion.usage.model_dump(include={"prompt_tokens", "completion_tokens", "total_tokens"})
            if completion.usage
            else {}
        )
        return ChatReply(  # every reply is stored (research.json, Prefect results): never with a secret in it
            content=scrub(choice.message.content or "", self._secret),
            finish_reason=str(choice.finish_reason or ""),
            sources=[(scrub(t, self._secret), scrub(u, self._secret)) for t, u in _sources(choice.message)],
            usage=usage,
        )


def _error_message(exc: groq.APIError) -> str:
    body = exc.body
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("message") or exc.message)
    return exc.message


def _sources(message: Any) -> list[tuple[str, str]]:
    """(title, url) of the web pages a compound model's tools searched or visited."""
    out: dict[str, str] = {}
    for tool in message.executed_tools or []:
        results = tool.search_results.results if tool.search_results and tool.search_results.results else []
        for r in results:
            if r.url and r.url not in out:
                out[r.url] = (r.title or "").strip()
        for b in tool.browser_results or []:
            if b.url and b.url not in out:
                out[b.url] = (b.title or "").strip()
    return [(title, url) for url, title in out.items()]
