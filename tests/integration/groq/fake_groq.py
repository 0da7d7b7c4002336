"""A fake Groq server on 127.0.0.1 (stdlib http.server in a thread) with scripted replies and a request log."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CHAT_PATH = "/openai/v1/chat/completions"


@dataclass
class Reply:
    """One scripted HTTP answer."""

    status: int = 200
    body: Any = None  # dict -> JSON, str/bytes -> sent as is
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


@dataclass
class Recorded:
    """One request the fake received."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float

    @property
    def text(self) -> str:
        """Every message content of the request, joined."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))


def chat(
    content: str,
    *,
    model: str = "fake",
    executed_tools: list[dict] | None = None,
    finish_reason: str = "stop",
) -> Reply:
    """A 200 chat completion whose message says `content`."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if executed_tools is not None:
        message["executed_tools"] = executed_tools
    return Reply(
        body={
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": 120, "completion_tokens": 80, "total_tokens": 200},
        }
    )


def error(
    status: int, message: str, *, code: str = "", headers: dict[str, str] | None = None, **extra: Any
) -> Reply:
    """An error answer shaped like Groq's: {"error": {"message", "type", "code", ...}}."""
    err = {"message": message, "type": "invalid_request_error", "code": code or None, **extra}
    return Reply(status=status, body={"error": err}, headers=headers or {})


class FakeGroq:
    """Answers POST /openai/v1/chat/completions from a queue, then from `responder` (default: HTTP 500)."""

    def __init__(self, responder: Callable[[Recorded], Reply] | None = None) -> None:
        self.queue: deque[Reply] = deque()
        self.responder = responder
        self.requests: list[Recorded] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """The client's base_url (without /openai/v1)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, *replies: Reply) -> FakeGroq:
        """Queue replies, answered in order before the responder."""
        self.queue.extend(replies)
        return self

    def start(self) -> FakeGroq:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, rec: Recorded) -> Reply:
        if rec.path != CHAT_PATH:
            return error(404, f"unknown path {rec.path}")
        if self.queue:
            return self.queue.popleft()
        if self.responder is not None:
            return self.responder(rec)
        return error(500, "no scripted reply left")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                rec = Recorded(
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    json.loads(raw or b"{}"),
                    time.monotonic(),
                )
                fake.requests.append(rec)
                reply = fake._answer(rec)
                body = reply.body
                data = (
                    json.dumps(body).encode()
                    if isinstance(body, (dict, list))
                    else body.encode()
                    if isinstance(body, str)
                    else (body or b"")
                )
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", reply.content_type)
                    self.send_header("content-length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
