"""S3Store against a real S3-compatible HTTP server (moto's server mode on 127.0.0.1)."""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import boto3
import pytest

from factory.errors import StorageError, TransientStorageError, is_transient
from factory.storage import S3Store, list_packages, make_client, publish_run
from factory.storage.s3 import MB
from tests.unit.storage.test_local_store import make_run

pytestmark = pytest.mark.integration


def store_for(endpoint: str, bucket: str, **kw: object) -> S3Store:
    """An S3Store on the test server under prefix 'challenges'."""
    return S3Store(bucket, prefix="challenges", endpoint_url=endpoint, **kw)  # type: ignore[arg-type]


def test_put_get_list_exists_delete(s3_endpoint: str, s3_bucket: str) -> None:
    store = store_for(s3_endpoint, s3_bucket)
    store.check()
    assert store.put_bytes("c1/a.json", b'{"a": 1}') == f"s3://{s3_bucket}/challenges/c1/a.json"
    store.put_bytes("c1/sub/b.txt", b"b")
    store.put_bytes("c2/x.txt", b"x")
    assert store.get_bytes("c1/a.json") == b'{"a": 1}'
    assert store.list() == ["c1/a.json", "c1/sub/b.txt", "c2/x.txt"]
    assert store.list("c1") == ["c1/a.json", "c1/sub/b.txt"]
    assert store.exists("c1/sub/b.txt") and not store.exists("c1/missing")
    store.delete("c1/a.json")
    assert not store.exists("c1/a.json")
    with pytest.raises(StorageError, match="not found"):
        store.get_bytes("c1/a.json")


def test_multipart_upload_and_presigned_download(tmp_path: Path, s3_endpoint: str, s3_bucket: str) -> None:
    big = tmp_path / "big.bin"
    payload = os.urandom(11 * MB + 123)
    big.write_bytes(payload)
    store = store_for(s3_endpoint, s3_bucket, multipart_threshold=5 * MB, multipart_chunksize=5 * MB)
    store.put_file("c1/big.bin", big)
    head = store.client.head_object(Bucket=s3_bucket, Key="challenges/c1/big.bin")
    assert head["ETag"].strip('"').endswith("-3"), head["ETag"]  # three parts: 5 + 5 + 1 MiB
    url = store.url("c1/big.bin", expires_s=300)
    assert url.startswith(s3_endpoint) and "X-Amz-Signature=" in url
    with urllib.request.urlopen(url, timeout=30) as resp:  # plain HTTP, no AWS client
        assert resp.read() == payload


def test_missing_bucket_is_one_clear_error(s3_endpoint: str) -> None:
    store = store_for(s3_endpoint, "no-such-bucket-here")
    for op in (store.check, lambda: store.put_bytes("c/x", b"x"), lambda: store.list()):
        with pytest.raises(StorageError) as info:
            op()
        assert "bucket 'no-such-bucket-here' does not exist" in str(info.value)
        assert not is_transient(info.value)
        assert os.environ["AWS_SECRET_ACCESS_KEY"] not in str(info.value)
        assert os.environ["AWS_ACCESS_KEY_ID"] not in str(info.value)


def test_unreachable_endpoint_is_transient(tmp_path: Path) -> None:
    client = make_client("http://127.0.0.1:9", max_attempts=1, timeout_s=2)
    store = S3Store("b", endpoint_url="http://127.0.0.1:9", client=client)
    with pytest.raises(TransientStorageError, match="unreachable"):
        store.put_bytes("c/x", b"x")


def test_publish_run_uploads_everything_manifest_last(tmp_path: Path, s3_endpoint: str, s3_bucket: str) -> None:
    run = make_run(tmp_path / "demo-42")
    store = store_for(s3_endpoint, s3_bucket)
    published = publish_run(store, run, "demo-42")
    raw = boto3.client("s3", endpoint_url=s3_endpoint).list_objects_v2(Bucket=s3_bucket)["Contents"]
    assert {o["Key"] for o in raw} == {
        "challenges/demo-42/challenge.json", "challenges/demo-42/datasets/orders.csv",
        "challenges/demo-42/manifest.json", "challenges/demo-42/brand_data_challenge_demo-42.zip",
        "challenges/demo-42/brand_data_challenge_demo-42_learner.zip",
    }
    newest = max(raw, key=lambda o: o["LastModified"])
    assert newest["LastModified"] == next(o for o in raw if o["Key"].endswith("manifest.json"))["LastModified"]
    with urllib.request.urlopen(published.learner_package_url, timeout=30) as resp:
        assert resp.read() == (run / "brand_data_challenge_demo-42_learner.zip").read_bytes()
    manifest = json.loads(store.get_bytes("demo-42/manifest.json"))
    assert manifest["package"] == "brand_data_challenge_demo-42.zip" and len(manifest["files"]) == 4
    assert [m.challenge_id for m in list_packages(store)] == ["demo-42"]


def test_failed_upload_leaves_no_manifest(tmp_path: Path, s3_endpoint: str, s3_bucket: str) -> None:
    """A publish that dies part-way (here: the bucket vanishes) leaves no trusted package behind."""
    store = store_for(s3_endpoint, s3_bucket)
    publish_run(store, make_run(tmp_path / "old" / "demo-42"), "demo-42")
    run = make_run(tmp_path / "new" / "demo-42")
    raw = boto3.client("s3", endpoint_url=s3_endpoint)

    class Vanishing(S3Store):
        """Deletes the bucket's objects and the bucket after the first file: a real server-side failure."""

        def put_file(self, key: str, path: Path) -> str:
            uri = super().put_file(key, path)
            for o in raw.list_objects_v2(Bucket=s3_bucket).get("Contents", []):
                if not o["Key"].endswith("manifest.json"):
                    raw.delete_object(Bucket=s3_bucket, Key=o["Key"])
            assert not any(o["Key"].endswith("manifest.json")
                           for o in raw.list_objects_v2(Bucket=s3_bucket).get("Contents", []))
            raw.delete_bucket(Bucket=s3_bucket)
            return uri

    with pytest.raises(StorageError, match="does not exist"):
        publish_run(Vanishing(s3_bucket, prefix="challenges", endpoint_url=s3_endpoint), run, "demo-42")
    raw.create_bucket(Bucket=s3_bucket)
    assert list_packages(store) == []


def test_rejected_credentials_are_one_clear_error_without_secrets(tmp_path: Path) -> None:
    """A second S3 server that checks credentials (moto with IAM auth on) refuses unknown keys."""
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
                              env=dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="0"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("moto_server did not start")
                time.sleep(0.3)
        secret = "not-a-real-secret-0123456789"
        client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="AKIAUNKNOWNKEY000000",
                              aws_secret_access_key=secret, region_name="us-east-1")
        store = S3Store("any-bucket", endpoint_url=endpoint, client=client)
        with pytest.raises(StorageError) as info:
            store.put_bytes("c/x.json", b"{}")
        message = str(info.value)
        assert "credentials rejected (InvalidAccessKeyId)" in message and not is_transient(info.value)
        assert secret not in message and "AKIAUNKNOWNKEY000000" not in message
    finally:
        server.terminate()
        server.wait(10)
