"""Integration fixtures: one Prefect test harness per session, a real S3-compatible server on 127.0.0.1."""

from __future__ import annotations

import http.client
import http.server
import os
import threading
import uuid
from collections.abc import Iterator

import boto3
import pytest

from factory.settings import get_settings

# Before any task is defined: retries of transient failures run without delay; the test server stays quiet.
os.environ["FACTORY_RETRY_DELAYS_S"] = "[0, 0, 0]"
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
get_settings.cache_clear()

S3_ENV = {
    "AWS_ACCESS_KEY_ID": "factory-test-key",
    "AWS_SECRET_ACCESS_KEY": "factory-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One Prefect test harness (temporary database and API server) for the whole session (~10 s).

    Task results persist under a temporary folder; gates poll every half second.
    """
    from prefect.settings import PREFECT_LOCAL_STORAGE_PATH, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    import flows.gates

    flows.gates.POLL_INTERVAL_S = 0.5
    results = tmp_path_factory.mktemp("prefect-results")
    with temporary_settings({PREFECT_LOCAL_STORAGE_PATH: results}), prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on a free port of 127.0.0.1 (real HTTP; credentials from the environment)."""
    from moto.server import ThreadedMotoServer

    for k, v in S3_ENV.items():
        os.environ.setdefault(k, v)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> str:
    """A fresh, empty bucket on the S3 server."""
    name = f"factory-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").create_bucket(Bucket=name)
    return name


class _FailingProxy(http.server.BaseHTTPRequestHandler):
    """Forwards S3 requests to the real server, except PUTs of manifest.json, which get a 500 InternalError."""

    protocol_version = "HTTP/1.1"  # answers botocore's "Expect: 100-continue" at once
    target: str = ""
    failed: list[str] = []

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.command == "PUT" and self.path.split("?")[0].endswith("/manifest.json"):
            self.failed.append(self.path)
            payload = b"<Error><Code>InternalError</Code><Message>injected by the test proxy</Message></Error>"
            self.send_response(500)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        host, port = self.target.split("//")[1].split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request(self.command, self.path, body=body or None, headers=dict(self.headers))
        resp = conn.getresponse()
        data = resp.read()
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

    def log_message(self, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def manifest_failing_endpoint(s3_endpoint: str) -> Iterator[tuple[str, list[str]]]:
    """An S3 endpoint on 127.0.0.1 in front of the test server where every manifest.json upload fails (500)."""
    handler = type("Proxy", (_FailingProxy,), {"target": s3_endpoint, "failed": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.failed
    server.shutdown()
