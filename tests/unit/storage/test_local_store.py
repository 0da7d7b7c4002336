"""LocalStore and the atomic publishing protocol on a local folder."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from factory.errors import ConfigError, StorageError
from factory.settings import Settings
from factory.storage import LocalStore, S3Store, get_store, list_packages, publish_run


def make_run(run_dir: Path, cid: str = "demo-42") -> Path:
    """A small run folder with data, reports and both packages."""
    (run_dir / "datasets").mkdir(parents=True)
    (run_dir / "challenge.json").write_text(json.dumps({"id": cid}))
    (run_dir / "datasets" / "orders.csv").write_text("order_id,amount\n1,10.5\n2,7.0\n")
    for name in (f"brand_data_challenge_{cid}.zip", f"brand_data_challenge_{cid}_learner.zip"):
        with zipfile.ZipFile(run_dir / name, "w") as zf:
            zf.writestr("manifest.json", json.dumps({"name": name}))
    return run_dir


def test_put_get_list_delete(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    src = tmp_path / "a.txt"
    src.write_text("hello")
    uri = store.put_file("x/a.txt", src)
    store.put_bytes("x/b/c.bin", b"\x00\x01")
    assert uri.startswith("file://") and store.get_bytes("x/a.txt") == b"hello"
    assert store.list() == ["x/a.txt", "x/b/c.bin"] and store.list("x/b") == ["x/b/c.bin"]
    assert store.exists("x/b/c.bin") and not store.exists("x/nope")
    store.delete("x/a.txt")
    store.delete("x/a.txt")
    assert store.list("x") == ["x/b/c.bin"]
    with pytest.raises(StorageError, match="not found"):
        store.get_bytes("x/a.txt")


@pytest.mark.parametrize("key", ["../escape", "/abs/path", "a/../b", ""])
def test_unsafe_keys_are_refused(tmp_path: Path, key: str) -> None:
    with pytest.raises(StorageError, match="unsafe"):
        LocalStore(tmp_path).put_bytes(key, b"x")


def test_publish_run_in_place_writes_manifest_last(tmp_path: Path) -> None:
    run = make_run(tmp_path / "demo-42")
    store = LocalStore(tmp_path)
    published = publish_run(store, run, "demo-42")
    m = published.manifest
    assert m.package == "brand_data_challenge_demo-42.zip"
    assert m.learner_package == "brand_data_challenge_demo-42_learner.zip"
    assert {f.key for f in m.files} == {
        "challenge.json", "datasets/orders.csv", m.package, m.learner_package,
    }
    on_disk = json.loads((run / "manifest.json").read_text())
    assert on_disk["challenge_id"] == "demo-42"
    assert [p.challenge_id for p in list_packages(store)] == ["demo-42"]
    assert published.package_url == (run / m.package).resolve().as_uri()


def test_publish_to_another_root_copies_everything(tmp_path: Path) -> None:
    run = make_run(tmp_path / "runs" / "demo-42")
    store = LocalStore(tmp_path / "published")
    publish_run(store, run, "demo-42")
    assert (tmp_path / "published" / "demo-42" / "datasets" / "orders.csv").read_text().startswith("order_id")
    assert store.get_bytes("demo-42/brand_data_challenge_demo-42_learner.zip")[:2] == b"PK"


def test_folder_without_manifest_is_not_listed(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    store.put_bytes("half-done/brand_data_challenge_x.zip", b"PK")
    assert list_packages(store) == []


def test_publish_without_packages_is_one_clear_error(tmp_path: Path) -> None:
    run = tmp_path / "r"
    run.mkdir()
    (run / "challenge.json").write_text("{}")
    with pytest.raises(StorageError, match="one full and one learner package"):
        publish_run(LocalStore(tmp_path / "s"), run, "r")
    assert not (tmp_path / "s" / "r" / "manifest.json").exists()


def test_get_store_follows_settings(tmp_path: Path) -> None:
    assert isinstance(get_store(Settings(output_dir=tmp_path)), LocalStore)
    s3 = get_store(Settings(storage="s3", s3_bucket="b", s3_prefix="p/", s3_endpoint_url="http://127.0.0.1:9"))
    assert isinstance(s3, S3Store) and s3.object_key("c/x.zip") == "p/c/x.zip"
    with pytest.raises(ConfigError, match="FACTORY_S3_BUCKET"):
        get_store(Settings(storage="s3", s3_bucket=""))
