"""Integration fixtures: one Prefect test harness per session, a real S3-compatible server on 127.0.0.1."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import boto3
import pytest

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
