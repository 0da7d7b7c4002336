"""Packs as data: the reference pack checks clean, broken packs name file/path/line, user folders, rendering."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from factory.cli import app
from factory.errors import ConfigError, SpecError
from factory.library import DraftOptions, build, check_pack_file, get_pack, load_packs, read_pack, resolve
from factory.library.files import BUILTIN_PACKS
from factory.library.render import render_value

REFERENCE = BUILTIN_PACKS / "quick_commerce.yaml"


def test_reference_pack_checks_clean_with_a_rich_bank() -> None:
    report = check_pack_file(REFERENCE)
    assert report.pack == "quick_commerce"
    assert {"dim_date", "dim_city", "fact_orders", "fact_order_lines"} <= set(report.tables)
    assert sum(report.questions.values()) >= 14 and min(report.questions.values()) >= 3
    assert set(report.extras) == {"loyalty", "refunds"}


def _broken(tmp_path: Path, edit) -> Path:  # noqa: ANN001
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_broken_pack_names_file_path_and_line(tmp_path: Path) -> None:
    def edit(d: dict) -> None:
        d["schema"]["tables"][0]["columns"][0]["generator"]["kind"] = "nonsense"

    path = _broken(tmp_path, edit)
    with pytest.raises(SpecError) as err:
        check_pack_file(path)
    text = str(err.value)
    assert str(path) in text and "schema.tables[0].columns[0].generator" in text and "(line " in text


def test_unread_table_and_thin_bank_are_refused(tmp_path: Path) -> None:
    def edit(d: dict) -> None:
        d["questions"] = [q for q in d["questions"] if "dim_product" not in q["answer_sql"]]

    with pytest.raises(SpecError, match="table 'dim_product' is read by no question"):
        check_pack_file(_broken(tmp_path, edit))


def test_undefined_template_variable_names_its_path() -> None:
    with pytest.raises(ConfigError, match=r"x.yaml: a\.b\[1\]: template error: 'nope' is undefined"):
        render_value({"a": {"b": ["ok", "{{ nope }}"]}}, {}, "", "x.yaml")


def test_single_expression_keeps_native_type() -> None:
    out = render_value({"n": "{{ k * 3 }}", "names": "{{ xs }}", "s": "k={{ k }}", "story": "{total_orders}"},
                       {"k": 2, "xs": ["a", "b"]}, "", "x")
    assert out == {"n": 6, "names": ["a", "b"], "s": "k=2", "story": "{total_orders}"}


def test_user_folder_adds_and_overrides_packs(tmp_path: Path) -> None:
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    data["title"] = "Neighbourhood grocery runs"
    (tmp_path / "mine.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    packs = load_packs(tmp_path)
    assert packs["quick_commerce"].title == "Neighbourhood grocery runs"
    assert packs["quick_commerce"].path.parent == tmp_path


def test_not_a_pack_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a domain pack"):
        read_pack(bad)
    bad.write_text("pack: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line \d+, column \d+: invalid YAML"):
        read_pack(bad)


def test_cli_library_commands() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["library", "list"])
    assert listed.exit_code == 0 and "quick_commerce" in listed.output
    shown = runner.invoke(app, ["library", "show", "quick_commerce"])
    assert shown.exit_code == 0 and "fact_order_lines" in shown.output
    checked = runner.invoke(app, ["library", "check", str(REFERENCE)])
    assert checked.exit_code == 0 and "valid" in checked.output
    schema = runner.invoke(app, ["library", "schema"])
    assert schema.exit_code == 0 and '"questions"' in schema.output
    matched = runner.invoke(app, ["library", "match", "instant grocery in Indore"])
    assert matched.exit_code == 0 and "quick_commerce" in matched.output and "Indore" in matched.output


def test_world_is_coherent_by_construction() -> None:
    src = get_pack("quick_commerce")
    problem, schema, state = build(src, resolve(src, "quick commerce in Goa", 5, DraftOptions()))
    city = schema.table("dim_city")
    assert city is not None
    names = city.columns[1].generator.values
    assert set(names) <= {"Vasco da Gama", "Margao", "Panaji", "Mapusa", "Ponda", "Bicholim", "Curchorem",
                          "Calangute", "Canacona", "Pernem"}
    orders = schema.table("fact_orders")
    assert orders is not None
    date = next(c for c in orders.columns if c.name == "order_date").generator
    assert date.after == ["customer_id.signup_date", "store_id.opened_on"]
    assert "Goa" in problem.statement and not problem.statement.startswith("quick commerce")
