"""Finding 7 (formula guard): dataset CSVs of both ZIPs never carry text a spreadsheet runs as a formula; the
original values stay in the instructor package's Parquet."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from factory.package import build_packages, package_name
from factory.reports import build_reports
from tests.unit.reports.pipeline import validated_run

PAYLOAD = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def packaged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    run = validated_run("quick_commerce", tmp_path_factory.mktemp("guard"), difficulty="beginner", rows=400)
    build_reports(run)
    challenge = json.loads((run / "challenge.json").read_text())
    table = next(t for t in challenge["schema"]["tables"]
                 if any(c["type"] in ("string", "category") for c in t["columns"][1:]))
    column = next(c["name"] for c in table["columns"][1:] if c["type"] in ("string", "category"))
    path = run / "datasets" / f"{table['name']}.csv"
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    rows[0][column] = PAYLOAD
    rows[1][column] = "@SUM(1+1)"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    build_packages(run)
    return run, table["name"], column


def _zip_rows(zip_path: Path, table: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(zip_path) as zf:
        return list(csv.DictReader(io.StringIO(zf.read(f"datasets/{table}.csv").decode("utf-8"))))


@pytest.mark.parametrize("learner", [False, True], ids=["instructor", "learner"])
def test_dataset_csvs_of_both_zips_are_guarded(packaged: tuple[Path, str, str], learner: bool) -> None:
    run, table, column = packaged
    cid = json.loads((run / "challenge.json").read_text())["id"]
    rows = _zip_rows(run / package_name("codebasics", cid, learner=learner), table)
    assert rows[0][column] == "'" + PAYLOAD and rows[1][column] == "'@SUM(1+1)"
    original = list(csv.DictReader((run / "datasets" / f"{table}.csv").open(newline="", encoding="utf-8")))
    assert [r for r in rows[2:]] == original[2:]  # nothing else changed (numbers, dates, negatives)
    for row in rows:
        assert not any(v.startswith(("=", "+", "@")) for v in row.values())


def test_originals_stay_in_the_instructor_parquet(packaged: tuple[Path, str, str]) -> None:
    run, table, column = packaged
    cid = json.loads((run / "challenge.json").read_text())["id"]
    with zipfile.ZipFile(run / package_name("codebasics", cid)) as zf:
        data = pq.read_table(io.BytesIO(zf.read(f"parquet/{table}.parquet")))
    assert data.column(column)[0].as_py() == PAYLOAD
    with zipfile.ZipFile(run / package_name("codebasics", cid, learner=True)) as zf:
        assert f"parquet/{table}.parquet" not in zf.namelist()
    assert not [p for p in run.iterdir() if p.name.startswith(".package.")]
