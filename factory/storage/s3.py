"""The S3-compatible artifact store (AWS S3, MinIO, R2, a local server): boto3, multipart, presigned links.

Region and credentials come from the standard AWS chain (AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID, profiles...).
Every botocore error becomes a StorageError (terminal: missing bucket, bad credentials) or a
TransientStorageError (throttling, 5xx, timeouts); messages never carry keys or secrets.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)

from factory.errors import StorageError, TransientStorageError
from factory.storage.base import ArtifactStore, clean_key

MB = 1024 * 1024
CREDENTIAL_CODES = {
    "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "ExpiredToken", "InvalidToken",
    "TokenRefreshRequired", "AuthorizationHeaderMalformed", "InvalidClientTokenId", "403",
}
TRANSIENT_CODES = {
    "Throttling", "ThrottlingException", "SlowDown", "RequestTimeout", "RequestTimeoutException",
    "TooManyRequests", "RequestLimitExceeded", "InternalError", "ServiceUnavailable", "429",
}


class S3Store(ArtifactStore):
    """Artifacts as objects under s3://bucket/prefix/."""

    name = "s3"

    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        client: Any = None,
        presign_expiry_s: int = 7 * 86_400,
        multipart_threshold: int = 8 * MB,
        multipart_chunksize: int = 8 * MB,
    ) -> None:
        if not bucket:
            raise StorageError("no S3 bucket configured", hint="set FACTORY_S3_BUCKET (or FACTORY_STORAGE=local)")
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.endpoint_url = endpoint_url
        self.presign_expiry_s = presign_expiry_s
        self.transfer = TransferConfig(multipart_threshold=multipart_threshold, multipart_chunksize=multipart_chunksize)
        self.client = client or make_client(endpoint_url)

    def object_key(self, key: str) -> str:
        """The full object key of store key `key` (prefix included)."""
        key = clean_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def put_file(self, key: str, path: Path) -> str:
        """Upload `path` (multipart above the threshold)."""
        obj = self.object_key(key)
        if not Path(path).is_file():
            raise StorageError(f"cannot publish {path}: no such file")
        with self._errors("upload", obj):
            self.client.upload_file(str(path), self.bucket, obj, Config=self.transfer)
        return f"s3://{self.bucket}/{obj}"

    def put_bytes(self, key: str, data: bytes, *, content_type: str = "application/octet-stream") -> str:
        """Store `data` in one PUT."""
        obj = self.object_key(key)
        with self._errors("upload", obj):
            self.client.put_object(Bucket=self.bucket, Key=obj, Body=data, ContentType=content_type)
        return f"s3://{self.bucket}/{obj}"

    def get_bytes(self, key: str) -> bytes:
        """Download `key`."""
        obj = self.object_key(key)
        with self._errors("download", obj):
            return self.client.get_object(Bucket=self.bucket, Key=obj)["Body"].read()

    def exists(self, key: str) -> bool:
        """HEAD the object (False on 404)."""
        obj = self.object_key(key)
        try:
            with self._errors("look up", obj):
                self.client.head_object(Bucket=self.bucket, Key=obj)
        except StorageError as exc:
            if getattr(exc, "code", "") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def list(self, prefix: str = "") -> list[str]:
        """Keys under `prefix` (paginated), relative to the store prefix."""
        full = self.object_key(prefix) if prefix else self.prefix
        full = f"{full}/" if full and not full.endswith("/") else full
        strip = len(f"{self.prefix}/") if self.prefix else 0
        keys: list[str] = []
        with self._errors("list", full):
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=full):
                keys.extend(o["Key"][strip:] for o in page.get("Contents", []))
        return sorted(keys)

    def delete(self, key: str) -> None:
        """DELETE the object (S3 does not complain when it is gone)."""
        obj = self.object_key(key)
        with self._errors("delete", obj):
            self.client.delete_object(Bucket=self.bucket, Key=obj)

    def url(self, key: str, *, expires_s: int | None = None) -> str:
        """A presigned GET link."""
        obj = self.object_key(key)
        with self._errors("sign a link to", obj):
            return self.client.generate_presigned_url(
                "get_object", Params={"Bucket": self.bucket, "Key": obj}, ExpiresIn=expires_s or self.presign_expiry_s
            )

    def check(self) -> None:
        """HEAD the bucket: one clear error for a missing bucket or rejected credentials."""
        with self._errors("reach", ""):
            self.client.head_bucket(Bucket=self.bucket)

    @contextmanager
    def _errors(self, op: str, obj: str) -> Iterator[None]:
        """Turn botocore/boto3 errors into StorageError / TransientStorageError."""
        try:
            yield
        except S3UploadFailedError as exc:
            cause = exc.__context__
            if isinstance(cause, ClientError | BotoCoreError):
                raise self._translate(cause, op, obj) from None
            raise StorageError(f"cannot {op} s3://{self.bucket}/{obj}: upload failed") from None
        except (ClientError, BotoCoreError) as exc:
            raise self._translate(exc, op, obj) from None

    def _translate(self, exc: BaseException, op: str, obj: str) -> StorageError:
        where = f"s3://{self.bucket}/{obj}" if obj else f"s3://{self.bucket}"
        at = f" at {self.endpoint_url}" if self.endpoint_url else ""
        if isinstance(exc, NoCredentialsError | PartialCredentialsError):
            return _err(StorageError, f"cannot {op} {where}: no AWS credentials found",
                        "set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or an AWS profile", "credentials")
        if isinstance(exc, BotoConnectionError | HTTPClientError):
            return _err(TransientStorageError, f"cannot {op} {where}: S3 endpoint{at} unreachable or timed out",
                        "check FACTORY_S3_ENDPOINT_URL and the network", "connection")
        if not isinstance(exc, ClientError):
            return _err(StorageError, f"cannot {op} {where}: {type(exc).__name__}", "", type(exc).__name__)
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
        if code == "NoSuchBucket" or (not obj and code in ("404", "NotFound")):
            return _err(StorageError, f"bucket {self.bucket!r} does not exist{at}",
                        "create it, or set FACTORY_S3_BUCKET to an existing bucket", "NoSuchBucket")
        if code in CREDENTIAL_CODES:
            return _err(StorageError, f"cannot {op} {where}: credentials rejected ({code})",
                        "check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and the bucket policy", code)
        if code in TRANSIENT_CODES or status >= 500 or status == 429:
            return _err(TransientStorageError, f"cannot {op} {where}: S3 is unavailable ({code or status})",
                        "retry later", code or str(status))
        if code in ("404", "NoSuchKey", "NotFound"):
            return _err(StorageError, f"{where} not found", "", code)
        return _err(StorageError, f"cannot {op} {where}: {code or status}", "", code or str(status))

    def __repr__(self) -> str:
        return f"S3Store(bucket={self.bucket!r}, prefix={self.prefix!r}, endpoint_url={self.endpoint_url!r})"


def _err(cls: type[StorageError], message: str, hint: str, code: str) -> StorageError:
    err = cls(message, hint=hint)
    err.code = code  # type: ignore[attr-defined]
    return err


def make_client(endpoint_url: str | None = None, *, max_attempts: int = 3, timeout_s: float = 30.0) -> Any:
    """A boto3 S3 client (credentials and region from the standard AWS chain; path-style for custom endpoints)."""
    config = Config(
        retries={"max_attempts": max_attempts, "mode": "standard"},
        connect_timeout=timeout_s,
        read_timeout=timeout_s,
        signature_version="s3v4",
        s3={"addressing_style": "path"} if endpoint_url else {},
    )
    return boto3.session.Session().client("s3", endpoint_url=endpoint_url or None, config=config)
