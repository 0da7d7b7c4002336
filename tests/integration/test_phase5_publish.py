"""Phase 5 against a real S3 server: packages published with links; failures leave no trusted package."""

from __future__ import annotations

import shutil
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
from prefect.client.schemas.sorting import ArtifactSort

from factory.errors import StorageError, TransientStorageError
from factory.settings import get_settings
from factory.storage import S3Store, list_packages
from flows.params import ChallengeRequest
from flows.phases import phase1_problem, phase2_schema, phase4_full, phase5_package

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.usefixtures("prefect_api")]
DOMAIN = "quick-commerce grocery delivery in tier-2 Indian cities"


@pytest.fixture(scope="session")
def validated_run(prefect_api: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Phases 1, 2 and 4 of a 1,000-row challenge, run once for the session."""
    out = tmp_path_factory.mktemp("validated")
    request = ChallengeRequest(domain=DOMAIN, out_dir=str(out), rows=1000, approval="auto")
    p1 = phase1_problem(request)
    phase2_schema(request, p1.run_dir)
    full = phase4_full(request, p1.run_dir)
    assert full.score is not None and set(full.scores) >= {"schema_conformance", "answerability"}
    return Path(p1.run_dir)


@pytest.fixture
def run_copy(validated_run: Path, tmp_path: Path) -> tuple[ChallengeRequest, Path]:
    """A private copy of the validated run folder (phase 5 writes into it)."""
    folder = tmp_path / validated_run.name
    shutil.copytree(validated_run, folder)
    return ChallengeRequest(domain=DOMAIN, out_dir=str(tmp_path), rows=1000), folder


@pytest.fixture
def s3_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, str], S3Store]]:
    """Point the factory's settings at an S3 endpoint and bucket; return a store reading the same place."""

    def configure(endpoint: str, bucket: str) -> S3Store:
        monkeypatch.setenv("FACTORY_STORAGE", "s3")
        monkeypatch.setenv("FACTORY_S3_BUCKET", bucket)
        monkeypatch.setenv("FACTORY_S3_PREFIX", "challenges")
        monkeypatch.setenv("FACTORY_S3_ENDPOINT_URL", endpoint)
        get_settings.cache_clear()
        return S3Store(bucket, prefix="challenges", endpoint_url=endpoint)

    yield configure
    monkeypatch.undo()
    get_settings.cache_clear()


def publish_runs(client: object, flow_run_id: object) -> list[int]:
    """run_count of every publish task run of the phase-5 flow run."""
    runs = client.read_task_runs()  # type: ignore[attr-defined]
    return [tr.run_count for tr in runs if tr.flow_run_id == flow_run_id and tr.name.startswith("publish")]


def test_phase5_publishes_both_packages_with_links(run_copy: tuple[ChallengeRequest, Path], s3_endpoint: str,
                                                   s3_bucket: str, s3_settings: Callable[[str, str], S3Store]) -> None:
    request, folder = run_copy
    store = s3_settings(s3_endpoint, s3_bucket)
    outcome = phase5_package(request, str(folder))
    published = outcome.published
    assert published is not None and published.package_url.startswith(s3_endpoint)
    for url, name in ((published.package_url, published.manifest.package),
                      (published.learner_package_url, published.manifest.learner_package)):
        with urllib.request.urlopen(url, timeout=30) as resp:
            assert resp.read() == (folder / name).read_bytes()
    with zipfile.ZipFile(folder / published.manifest.learner_package) as zf:
        assert not any(n.endswith("answers.json") for n in zf.namelist())
    assert [m.challenge_id for m in list_packages(store)] == [folder.name]
    assert store.exists(f"{folder.name}/datasets/fact_order_lines.csv") and store.exists(f"{folder.name}/qa_results.json")
    with get_client(sync_client=True) as client:
        links = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(like_=folder.name)),
                                      sort=ArtifactSort.CREATED_DESC)
    data: dict[str, str] = {}
    for a in links:  # other tests of the session publish under the same keys: the newest version is this run's
        data.setdefault(str(a.key), str(a.data))
    assert published.package_url in data[f"package-{folder.name}"]
    assert published.learner_package_url in data[f"learner-package-{folder.name}"]


def test_s3_failure_in_phase5_is_retried_and_leaves_no_manifest(
    run_copy: tuple[ChallengeRequest, Path], manifest_failing_endpoint: tuple[str, list[str]], s3_endpoint: str,
    s3_bucket: str, s3_settings: Callable[[str, str], S3Store],
) -> None:
    request, folder = run_copy
    endpoint, failed = manifest_failing_endpoint
    s3_settings(endpoint, s3_bucket)
    state = phase5_package(request, str(folder), return_state=True)
    assert state.is_failed()
    with pytest.raises(TransientStorageError, match="S3 is unavailable"):
        state.result()
    store = S3Store(s3_bucket, prefix="challenges", endpoint_url=s3_endpoint)
    assert store.exists(f"{folder.name}/{(folder / 'challenge.json').name}")  # the files went up...
    assert list_packages(store) == [] and not store.exists(f"{folder.name}/manifest.json")  # ...no manifest
    with get_client(sync_client=True) as client:
        assert publish_runs(client, state.state_details.flow_run_id) == [4]  # 1 run + 3 retries
    assert len(failed) >= 4


def test_missing_bucket_in_phase5_fails_once_with_a_clear_error(
    run_copy: tuple[ChallengeRequest, Path], s3_endpoint: str, s3_settings: Callable[[str, str], S3Store],
) -> None:
    request, folder = run_copy
    s3_settings(s3_endpoint, "bucket-that-is-not-there")
    state = phase5_package(request, str(folder), return_state=True)
    with pytest.raises(StorageError, match="bucket 'bucket-that-is-not-there' does not exist"):
        state.result()
    with get_client(sync_client=True) as client:
        assert publish_runs(client, state.state_details.flow_run_id) == [1]  # terminal: not retried
