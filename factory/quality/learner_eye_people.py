"""Learner-eye people checks: full names repeating far beyond real frequencies, and first names that
contradict the row's gender (Faker's gendered first-name lists of the locale are the reference)."""

from __future__ import annotations

import functools
import importlib

import pyarrow as pa

from factory.quality.context import CheckContext
from factory.quality.learner_eye_base import fault_free, key_select, loaded, matches, pct, qi
from factory.spec.generators import FakerGen, PersonNameGen
from factory.spec.models import Column, Table

DIVERSITY, BUSINESS = "diversity", "business_rules"
PERSON = (r"^(full_?|first_?)?name$|^(customer|subscriber|guest|patient|employee|driver|user|member|passenger|rider|"
          r"agent|holder|person|client|student|candidate|owner|manager|technician|doctor|travell?er|account_holder|"
          r"policyholder|insured|borrower|applicant|seller|buyer|contact)_(full_|first_)?name$")
FIRST_ONLY = r"(^|_)first_?name$"
GENDER = r"^(gender|sex)$|_(gender|sex)$"
MIN_ROWS = 50
#: full-name repeat share: the share of rows whose name is a repeat of another row's. Real registers of a few
#: thousand to a million people show a few percent; above 10% every learner sees "the same people" everywhere.
REPEAT_LIMIT, REPEAT_WARN = 0.10, 0.05
#: first names whose gender (in the locale's lists) contradicts the gender column
GENDER_LIMIT, GENDER_WARN = 0.05, 0.01
TITLES = r"^(mr|mrs|ms|miss|dr|prof|shri|smt|sri)\.?\s+"


def check_people(ctx: CheckContext) -> None:
    """Name repeats and gender-name contradictions in every table with person names."""
    for t in ctx.schema.tables:
        if not ctx.has(t.name):
            continue
        for c in _name_columns(ctx, t):
            if not matches(FIRST_ONLY, c.name):
                cid = f"learner.name_repeats.{t.name}.{c.name}"
                with ctx.guard(DIVERSITY, cid, "expect_no_name_repeats", table=t.name, column=c.name,
                               severity="critical"):
                    _repeats(ctx, t, c, cid)
            gender = next((g for g in loaded(ctx, t) if matches(GENDER, g.name)), None)
            if gender is not None:
                cid = f"learner.name_gender.{t.name}.{c.name}"
                with ctx.guard(BUSINESS, cid, "expect_no_name_gender", table=t.name, column=c.name,
                               severity="critical"):
                    _gender(ctx, t, c, gender, cid)


def _name_columns(ctx: CheckContext, t: Table) -> list[Column]:
    out = []
    for c in loaded(ctx, t):
        g = c.generator
        faker_name = isinstance(g, FakerGen) and g.provider in ("name", "name_male", "name_female", "first_name")
        if c.type == "string" and (faker_name or isinstance(g, PersonNameGen) or matches(PERSON, c.name)):
            out.append(c)
    return out


def _repeats(ctx: CheckContext, t: Table, c: Column, cid: str) -> None:
    col = f"lower(trim(c.{qi(c.name)}))"
    row = ctx.con.execute(f"SELECT count({col}), count(DISTINCT {col}) FROM {qi(t.name)} c "
                          f"WHERE {fault_free(ctx, t, 'c')}").fetchone()
    total, distinct = int(row[0] or 0), int(row[1] or 0)
    if total < MIN_ROWS:
        return
    count = total - distinct
    share = count / total
    top = ctx.example_rows(f"SELECT c.{qi(c.name)} AS {qi(c.name)}, count(*) AS rows FROM {qi(t.name)} c "
                           f"WHERE c.{qi(c.name)} IS NOT NULL GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 DESC, 1")
    ctx.notice(DIVERSITY, "name_repeats", cid, f"{t.name} names repeat ({pct(share)} of rows reuse a name)",
               share <= REPEAT_WARN, table=t.name, column=c.name, blocking=share > REPEAT_LIMIT, count=count,
               total=total, limit=REPEAT_LIMIT, observed={"distinct": distinct, "rows": total},
               message=f"{count:,} of {total:,} {t.name} rows ({pct(share)}) repeat a {c.name} already used by "
                       f"another row; real registers repeat a few percent (limit {pct(REPEAT_LIMIT)})",
               examples=top)


@functools.lru_cache(maxsize=8)
def gendered_first_names(locale: str) -> pa.Table:
    """(name, gender) of the first names Faker's person provider lists for only one gender in `locale`
    (names in both lists are unisex and never count); empty when the locale has no gendered lists."""
    male: set[str] = set()
    female: set[str] = set()
    for loc in dict.fromkeys((locale, locale.split("_")[0], "en_US")):
        try:
            provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except ImportError:
            continue
        male = {str(n).lower() for n in getattr(provider, "first_names_male", ())}
        female = {str(n).lower() for n in getattr(provider, "first_names_female", ())}
        if male and female:
            break
    names = sorted(male ^ female)
    return pa.table({"name": pa.array(names, pa.string()),
                     "gender": pa.array(["male" if n in male else "female" for n in names], pa.string())})


def _locale(ctx: CheckContext, c: Column) -> str:
    g = c.generator
    return getattr(g, "locale", None) or ctx.schema.locale or "en_US"


def _gender(ctx: CheckContext, t: Table, c: Column, gender: Column, cid: str) -> None:
    ref = gendered_first_names(_locale(ctx, c))
    params = [ref["name"].to_pylist(), ref["gender"].to_pylist()]
    names = "(SELECT unnest(?::VARCHAR[]) AS name, unnest(?::VARCHAR[]) AS gender)"
    first = f"lower(split_part(regexp_replace(trim(c.{qi(c.name)}), '{TITLES}', '', 'i'), ' ', 1))"
    said = f"lower(trim(CAST(c.{qi(gender.name)} AS VARCHAR)))"
    stated = (f"CASE WHEN {said} IN ('f', 'female', 'woman', 'w', 'girl') THEN 'female' "
              f"WHEN {said} IN ('m', 'male', 'man', 'boy') THEN 'male' END")
    base = (f"FROM {qi(t.name)} c JOIN {names} n ON n.name = {first} "
            f"WHERE {fault_free(ctx, t, 'c')} AND ({stated}) IS NOT NULL")
    bad = f"n.gender <> ({stated})"
    row = ctx.con.execute(f"SELECT count(*) FILTER (WHERE {bad}), count(*) {base}", params).fetchall()[0]
    count, total = int(row[0] or 0), int(row[1] or 0)
    if total < MIN_ROWS:
        return
    share = count / total
    cols = [*key_select(ctx, t), f"c.{qi(c.name)} AS {qi(c.name)}", f"c.{qi(gender.name)} AS {qi(gender.name)}"]
    cur = ctx.con.execute(f"SELECT {', '.join(cols)} {base} AND {bad} LIMIT 5", params)
    examples = [dict(zip([d[0] for d in cur.description], r, strict=True)) for r in cur.fetchall()] if count else []
    ctx.notice(BUSINESS, "name_gender", cid, f"{t.name} first names contradict {gender.name}",
               share <= GENDER_WARN, table=t.name, column=c.name, blocking=share > GENDER_LIMIT, count=count,
               total=total, limit=GENDER_LIMIT, observed={"gender_column": gender.name, "locale": _locale(ctx, c)},
               message=f"{count:,} of {total:,} {t.name} rows ({pct(share)}) whose first name is clearly male or "
                       f"female (Faker {_locale(ctx, c)} lists) carry the other {gender.name}", examples=examples)
