"""Business-logic traps: each lands on a column a question reads, looks the way the issue describes it, does not
depend on chunking, and the instructor key says truthfully which answers it moves."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import duckdb
import pytest

from factory.answers import compute_answers, fill_story_numbers, load_run
from factory.generate import generate_dataset
from factory.generate.traps import PLACE_ALIASES, TEXT_DATE_FORMATS
from factory.generate.traps_plan import fault_reach, plan_traps, with_traps
from factory.reports.text_docs import dictionary_text, readme_text
from factory.spec.models import Challenge, Fault, Messiness
from tests.unit.reports.pipeline import DOMAINS, library_challenge

ROWS = 3000


def trapped(ch: Challenge) -> Challenge:
    """The challenge with planned traps plus one name shared over accounts (a column the planner may skip)."""
    ch = with_traps(ch, level=3)
    faults = [*ch.schema_.messiness.faults, Fault(kind="name_accounts", table="dim_customer", column="customer_name",
                                                  rate=0.05)]
    faults = [f for f in faults if not (f.table == "dim_customer" and f.column == "customer_name"
                                        and f.kind != "name_accounts")]
    schema = ch.schema_.model_copy(update={"messiness": Messiness(level=3, faults=faults)})
    return ch.model_copy(update={"schema_": schema})


@pytest.fixture(scope="module")
def trap_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Challenge, Path, dict]:
    ch = trapped(library_challenge("quick_commerce"))
    out = tmp_path_factory.mktemp("traps")
    (out / "challenge.json").write_text(ch.to_json())
    generate_dataset(ch, out, rows=ROWS)
    fill_story_numbers(out)
    compute_answers(out)
    return ch, out, json.loads((out / "messiness.json").read_text())


def _csv(out: Path, table: str) -> list[dict[str, str]]:
    with (out / "datasets" / f"{table}.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def _fault(mess: dict, kind: str) -> dict:
    return next(f for f in mess["faults"] if f["kind"] == kind)


def _assert_traps_land_where_questions_read(key: str) -> None:
    ch = library_challenge(key)
    planned = plan_traps(ch, level=3)
    assert planned, key
    assert len({f.kind for f in planned}) >= min(3, len(planned)), key
    spec = ch.schema_.model_copy(update={"messiness": Messiness(level=3, faults=planned)})
    reach = fault_reach(ch.model_copy(update={"schema_": spec}))
    assert all(r.questions for r in reach), [(r.fault.kind, r.fault.table, r.fault.column) for r in reach]


@pytest.mark.parametrize("key", ["quick_commerce", "telecom"])
def test_planned_traps_land_where_questions_read(key: str) -> None:
    _assert_traps_land_where_questions_read(key)
    assert plan_traps(library_challenge(key, "beginner")) == []
    focused = with_traps(library_challenge(key), drop_unread=True)
    assert focused.schema_.messiness.faults and all(r.questions for r in fault_reach(focused))


@pytest.mark.slow
@pytest.mark.parametrize("key", DOMAINS)
def test_planned_traps_land_where_questions_read_every_domain(key: str) -> None:
    _assert_traps_land_where_questions_read(key)


def test_each_trap_looks_as_described(trap_run: tuple[Challenge, Path, dict]) -> None:
    ch, out, mess = trap_run
    spaces = _fault(mess, "trailing_spaces")
    rows = {r[ch.schema_.table(spaces["table"]).key_columns[0]]: r for r in _csv(out, spaces["table"])}
    for ex in spaces["examples"]:
        value = rows[str(ex["key"])][spaces["column"]]
        assert value != value.rstrip() and value.rstrip() == ex["original"]
    place = _fault(mess, "place_variants")
    for ex in place["examples"]:
        a, b = ex["original"], ex["injected"]
        assert PLACE_ALIASES.get(a) == b or (abs(len(a) - len(b)) == 1 and a != b)
    dates = _fault(mess, "text_dates")
    for ex in dates["examples"]:
        parsed = {dt.datetime.strptime(ex["injected"], f).date() for f in TEXT_DATE_FORMATS
                  if _parses(ex["injected"], f)}
        assert parsed == {dt.date.fromisoformat(ex["original"][:10])}
    names = _fault(mess, "name_accounts")
    customers = _csv(out, "dim_customer")
    by_name: dict[str, set[str]] = {}
    for r in customers:
        by_name.setdefault(r["customer_name"], set()).add(r["customer_id"])
    shared = [n for n in {ex["injected"] for ex in names["examples"]} if len(by_name[n]) > 1]
    assert shared and len({r["customer_id"] for r in customers}) == len(customers)


def _parses(text: str, fmt: str) -> bool:
    try:
        dt.datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def test_duplicated_events_carry_new_keys_and_the_same_facts(trap_run: tuple[Challenge, Path, dict]) -> None:
    ch, out, mess = trap_run
    f = _fault(mess, "duplicate_events")
    key = f["column"]
    rows = _csv(out, f["table"])
    by_key = {r[key]: r for r in rows}
    clean = duckdb.sql(f"SELECT CAST({key} AS VARCHAR) FROM read_parquet('{out / 'clean' / f['table']}.parquet')").fetchall()
    clean_keys = {r[0] for r in clean}
    assert len(f["rows"]) == f["count"] > 0 and not set(map(str, f["rows"])) & clean_keys
    numbers = sorted(int(re.sub(r"\D", "", str(k))) for k in f["rows"])
    assert numbers == list(range(len(clean_keys) + 1, len(clean_keys) + 1 + len(numbers)))  # continue the sequence
    for ex in f["examples"]:
        copy, source = dict(by_key[str(ex["key"])]), dict(by_key[str(ex["copy_of"])])
        copy.pop(key), source.pop(key)
        assert copy == source


def test_dictionary_disagrees_with_the_data_where_the_key_says(trap_run: tuple[Challenge, Path, dict]) -> None:
    ch, out, mess = trap_run
    f = _fault(mess, "description_mismatch")
    meta = f["metadata"]
    text = dictionary_text(ch, {}, mess)
    assert meta["description"] in " ".join(text.split())
    values = {r[f["column"]] for r in _csv(out, f["table"])}
    assert meta["actual"] in values and meta["described"] not in values


def test_key_says_which_answers_move_and_matches_the_delivered_data(trap_run: tuple[Challenge, Path, dict]) -> None:
    ch, out, mess = trap_run
    answers = json.loads((out / "answers" / "answers.json").read_text())
    delivered = load_run(out).connection()
    moved = 0
    for q in ch.problem.questions:
        entry = mess["questions"][q.id]
        got = delivered.execute(q.answer_sql).fetchall()
        same = [list(r) for r in got] == answers[q.id]["rows"] or _close(got, answers[q.id]["rows"])
        assert entry["delivered"]["changed"] == (not same), q.id
        moved += sum(m["changed"] for m in entry["faults"])
        for m in entry["faults"]:
            assert m["summary"] and (m["summary"] == "unchanged") != m["changed"]
    assert moved > 0
    f = _fault(mess, "description_mismatch")
    meta = f["metadata"]
    for q in ch.problem.questions:
        if f"'{meta['actual']}'" in q.answer_sql and q.id in {e["question"] for e in f["questions"]}:
            effect = next(e for e in f["questions"] if e["question"] == q.id)
            trusting = q.answer_sql.replace(f"'{meta['actual']}'", f"'{meta['described']}'")
            con = load_run(out).connection()
            assert effect["changed"] == (con.execute(trusting).fetchall() != con.execute(q.answer_sql).fetchall())


def _close(got: list, want: list) -> bool:
    if len(got) != len(want):
        return False
    for a, b in zip(got, want, strict=True):
        for x, y in zip(a, b, strict=True):
            if isinstance(y, float) and isinstance(x, (int, float)):
                if abs(float(x) - y) > 1e-6 * max(1.0, abs(y)):
                    return False
            elif (x.isoformat() if hasattr(x, "isoformat") else x) != y:
                return False
    return True


def test_readme_never_claims_an_impossible_recovery(trap_run: tuple[Challenge, Path, dict]) -> None:
    ch, out, mess = trap_run
    text = " ".join(readme_text(ch, {}, "codebasics", clean=True, messiness=mess).split())
    assert "reproduces them exactly" not in text and "ANSWER KEY AND TRAPS" in text
    for i, f in enumerate(mess["faults"], 1):
        assert f"T{i}. {f['kind']}" in text
        assert ("NOT recoverable" in text.split(f"T{i}. ")[1].split(". ")[0] + ".") == (not f["recoverable"])
    assert not _fault(mess, "nulls")["recoverable"] if any(f["kind"] == "nulls" for f in mess["faults"]) else True


@pytest.mark.slow
def test_traps_do_not_depend_on_chunking(tmp_path: Path) -> None:
    ch = trapped(library_challenge("quick_commerce"))
    for name, chunk in (("a", 16_384), ("b", 500_000)):
        (tmp_path / name).mkdir()
        generate_dataset(ch, tmp_path / name, rows=40_000, chunk_rows=chunk)
    for f in sorted((tmp_path / "a" / "datasets").glob("*.csv")):
        assert f.read_bytes() == (tmp_path / "b" / "datasets" / f.name).read_bytes(), f.name
    key_a, key_b = (json.loads((tmp_path / n / "messiness.json").read_text())["faults"] for n in ("a", "b"))
    assert key_a == key_b
