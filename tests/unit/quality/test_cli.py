"""`factory validate DIR`: exit 0 when it passes, 1 when it does not, 2 on bad input; table or JSON output."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factory.cli import app, main
from tests.unit.quality.runs import read_csv, write_csv
from tests.unit.quality.world import build_world


def test_validate_passes_with_json_output(tmp_path: Path) -> None:
    run = build_world(tmp_path / "run")
    result = CliRunner().invoke(app, ["validate", str(run), "--json", "--threshold", "9"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["passed"] and data["threshold"] == 9 and data["overall"] >= 9.5
    assert json.loads((run / "qa_results.json").read_text())["overall"] == data["overall"]


def test_validate_fails_with_exit_1_and_lists_failed_checks(clean_run: Path) -> None:
    df = read_csv(clean_run, "fact_order_lines")
    df.loc[[1, 2], "store_id"] = "DS999"
    write_csv(clean_run, "fact_order_lines", df)
    result = CliRunner().invoke(app, ["validate", str(clean_run), "--threshold", "5"])
    assert result.exit_code == 1, result.output
    assert "FAILED" in result.output
    for name in ("schema_conformance", "referential_integrity", "answerability", "documentation"):
        assert name in result.output
    assert "fk.fact_order_lines.store_id (fact_order_lines.store_id)" in result.output
    assert "examples: ['DS999']" in result.output


def test_folder_without_challenge_json_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["factory", "validate", str(tmp_path)])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "has no challenge.json" in err and "Traceback" not in err


def test_fresh_generate_folder_gets_its_story_numbers(tmp_path: Path) -> None:
    run = build_world(tmp_path / "run")
    spec = json.loads((run / "challenge.json").read_text())
    for story in spec["problem"]["story_numbers"]:
        story["value"] = None
    (run / "challenge.json").write_text(json.dumps(spec))
    refused = CliRunner().invoke(app, ["validate", str(run), "--no-fill", "--json"])
    assert refused.exit_code == 1 and not json.loads(refused.output)["passed"]
    result = CliRunner().invoke(app, ["validate", str(run)])
    assert result.exit_code == 0, result.output
    assert "filled story numbers from the data: orders" in result.output
    filled = json.loads((run / "challenge.json").read_text())["problem"]["story_numbers"]
    assert all(s["value"] is not None for s in filled)
