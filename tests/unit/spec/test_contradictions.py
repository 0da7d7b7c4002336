"""Constructs that cannot hold are refused alike by `factory check-spec`, `factory generate` and `factory draft`:
one `error:` line per problem with its JSON path and the reason in words, exit 2, nothing written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from factory.cli import main
from tests.unit.spec.v2_spec import Spec, challenge_dict, column, table

BOOKINGS = "$.schema.tables[5]"


def _grain_denser(s: Spec) -> None:
    table(s, "fact_main")["grain"] = ["customer_id"]  # 10 rows, 4 customers


def _grid_parent_without_fk(s: Spec) -> None:
    table(s, "fact_capacity")["size"]["parents"].append("dim_customer")


def _end_before_after(s: Spec) -> None:
    column(s, "fact_bookings", "booking_date")["generator"].update(start="2023-01-01", end="2023-05-01")  # signups from 2023-06


def _after_parent_window(s: Spec) -> None:
    column(s, "dim_customer", "signup_date")["generator"].update(start="2025-01-01", end="2025-12-31")


def _count_over_capacity(s: Spec) -> None:
    next(r for r in s["schema"]["relationships"] if r["child_table_name"] == "fact_bookings"
         and r["parent_table_name"] == "fact_capacity")["max_children"] = 2


def _count_over_budget(s: Spec) -> None:
    g = column(s, "fact_capacity", "bookings")["generator"]
    g.pop("max_column")
    g["params"]["high"] = g["max"] = 9_000_000  # 18 cells x up to 9M children each


def _when_later(s: Spec) -> None:
    column(s, "fact_bookings", "rating")["when"][0]["if"] = "stay_no > 1"


def _after_later(s: Spec) -> None:
    column(s, "fact_bookings", "booking_date")["generator"]["after"] = "rating"


def _before_missing(s: Spec) -> None:
    column(s, "fact_bookings", "booking_date")["generator"]["before"] = "check_out"


def _match_later(s: Spec) -> None:
    column(s, "fact_bookings", "customer_id")["generator"]["match"]["column"] = "status"


def _max_column_later(s: Spec) -> None:
    column(s, "fact_capacity", "capacity")["generator"]["max_column"] = "bookings"


def _partition_missing(s: Spec) -> None:
    column(s, "fact_bookings", "stay_no")["generator"]["partition_by"] = ["guest_id"]


def _gender_later(s: Spec) -> None:
    column(s, "dim_customer", "full_name")["generator"]["gender_column"] = "city"


def _through_non_fk(s: Spec) -> None:
    column(s, "fact_bookings", "booking_date")["generator"]["after"] = "check_in.signup_date"


def _cycle(s: Spec) -> None:
    column(s, "fact_capacity", "bookings")["generator"] = {"kind": "aggregate", "child": "fact_bookings", "fn": "count"}


def _max_share_too_small(s: Spec) -> None:
    column(s, "fact_bookings", "customer_id")["generator"]["max_share"] = 0.1  # 4 customers hold 40% at most


def _min_above_bound(s: Spec) -> None:
    column(s, "fact_capacity", "bookings")["generator"]["min"] = 5  # capacity is at most 4


CASES: dict[str, tuple[Callable[[Spec], None], str, str]] = {
    "grain_denser": (_grain_denser, "$.schema.tables[6].grain", "cannot be denser than the cross product"),
    "grid_parent_without_fk": (_grid_parent_without_fk, "$.schema.tables[3].size.parents[3]", "no foreign-key column"),
    "end_before_after": (_end_before_after, f"{BOOKINGS}.columns[5].generator", "no valid day"),
    "after_parent_window": (_after_parent_window, f"{BOOKINGS}.columns[5].generator", "no valid day"),
    "count_over_capacity": (_count_over_capacity, f"{BOOKINGS}.size.count_column", "exceed the capacity"),
    "count_over_budget": (_count_over_budget, f"{BOOKINGS}.size.count_column", "over the row budget"),
    "when_later": (_when_later, f"{BOOKINGS}.columns[7].when[0].if", "later column"),
    "after_later": (_after_later, f"{BOOKINGS}.columns[5].generator.after", "later column"),
    "before_missing": (_before_missing, f"{BOOKINGS}.columns[5].generator.before", "'check_out' is not a column"),
    "match_later": (_match_later, f"{BOOKINGS}.columns[4].generator.match.column", "later column"),
    "max_column_later": (_max_column_later, "$.schema.tables[3].columns[4].generator.max_column", "later column"),
    "partition_missing": (_partition_missing, f"{BOOKINGS}.columns[8].generator.partition_by", "not a column"),
    "gender_later": (_gender_later, "$.schema.tables[4].columns[2].generator.gender_column", "later column"),
    "through_non_fk": (_through_non_fk, f"{BOOKINGS}.columns[5].generator.after", "not a foreign key"),
    "cycle": (_cycle, "$.schema.tables", "cycle of constraints"),
    "max_share_too_small": (_max_share_too_small, f"{BOOKINGS}.columns[4].generator.max_share", "covers only 40%"),
    "min_above_bound": (_min_above_bound, "$.schema.tables[3].columns[5].generator.max_column", "never below"),
}


def _cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["factory", *args])
    with pytest.raises(SystemExit) as info:
        main()
    return int(info.value.code or 0), capsys.readouterr().err


def test_base_spec_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "challenge.json"
    spec.write_text(json.dumps(challenge_dict()))
    monkeypatch.setattr(sys, "argv", ["factory", "check-spec", str(spec)])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code in (0, None), capsys.readouterr().err


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_spec_and_generate_refuse_alike(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    breaker, path, reason = CASES[case]
    spec = challenge_dict()
    breaker(spec)
    spec_file = tmp_path / "challenge.json"
    spec_file.write_text(json.dumps(spec))
    out = tmp_path / "run"
    for args in (["check-spec", str(spec_file)], ["generate", "--spec", str(spec_file), "--out", str(out)]):
        code, err = _cli(monkeypatch, capsys, *args)
        assert code == 2, (args, err)
        lines = [line for line in err.splitlines() if line.strip()]
        assert all(line.startswith("error: ") for line in lines), err
        hits = [line for line in lines if f" {path}: " in line or line.startswith(f"error: {path}: ")]
        assert hits, (path, err)
        assert any(reason in line for line in hits), (reason, err)
        assert "Traceback" not in err and "pattern" not in err and "type=" not in err
    assert not out.exists() or not any(out.rglob("*"))


def test_draft_refuses_a_pack_whose_schema_contradicts_itself(tmp_path: Path) -> None:
    packs = Path(__file__).parents[3] / "factory" / "library" / "packs"
    text = (packs / "hotel_bookings.yaml").read_text(encoding="utf-8")
    broken, n = re.subn(r"(\{kind: date, after: )\w+", r"\1no_such_date", text, count=1)
    assert n == 1, "the hotel pack has no date generator with `after`"
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "hotel_bookings.yaml").write_text(broken, encoding="utf-8")
    out = tmp_path / "run" / "challenge.json"
    proc = subprocess.run([str(Path(sys.executable).parent / "factory"), "draft", "--domain", "hotel bookings in Goa",
                           "--out", str(out)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "FACTORY_LIBRARY_DIR": str(lib)}, check=False)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines), proc.stderr
    assert any(".generator.after: 'no_such_date' is not a column of " in line for line in lines), lines
    assert not out.parent.exists() or not any(out.parent.iterdir())
