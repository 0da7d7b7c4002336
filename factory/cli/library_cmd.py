"""`factory library list | show NAME | check [FILE] | schema | match TEXT`: the domain packs."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from factory.cli.app import app, emit_json
from factory.errors import Problem, SpecError

library_app = typer.Typer(help="The domain library: list, render, validate and match domain packs.",
                          no_args_is_help=True)
app.add_typer(library_app, name="library")


@library_app.command("list")
def list_packs(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the packs (built-in, archetypes and FACTORY_LIBRARY_DIR)."""
    from factory.library import load_packs

    rows = [{"pack": s.name, "title": s.title, "generic": s.generic, "path": str(s.path),
             "aliases": s.words("aliases")} for s in load_packs().values()]
    if as_json:
        emit_json(rows)
        return
    for r in sorted(rows, key=lambda r: (r["generic"], r["pack"])):
        kind = "archetype" if r["generic"] else "pack"
        typer.echo(f"{r['pack']:<22} {kind:<9} {r['title']}  ({r['path']})")


@library_app.command("show")
def show(name: str = typer.Argument(..., help="Pack name."),
         seed: int = typer.Option(7, "--seed", help="Seed of the sample rendering."),
         difficulty: str = typer.Option("intermediate", "--difficulty"),
         as_json: bool = typer.Option(False, "--json", help="Print the rendered pack as JSON.")) -> None:
    """Render a pack for a sample request and print it."""
    from factory.drafting import check_inputs
    from factory.library import DraftOptions, build, get_pack, render_pack, resolve

    src = get_pack(name)
    state = resolve(src, "", seed, DraftOptions(difficulty=check_inputs(src.title, seed, difficulty)))
    if as_json:
        emit_json(render_pack(src, state).model_dump(mode="json", by_alias=True))
        return
    problem, schema, state = build(src, state)
    lines = [f"{src.title}  [{src.name}]  {src.path}", f"Aliases:  {', '.join(src.words('aliases'))}",
             f"Keywords: {', '.join(src.words('keywords'))}",
             f"Sample:   {problem.company}, {state.place} ({', '.join(state.cities)}), {state.year_start}-{state.year_end}",
             "", problem.statement, "", "Tables:"]
    lines += [f"  - {t.name} ({t.kind}, {len(t.columns)} columns): {t.description}" for t in schema.tables]
    lines += ["", f"Questions drafted at {difficulty} (seed {seed}):"]
    lines += [f"  - {q.id} [{q.difficulty}; {', '.join(q.skills)}] {q.text}" for q in problem.questions]
    typer.echo("\n".join(lines))


@library_app.command("check")
def check(file: Path | None = typer.Argument(None, help="A pack file; all packs when omitted."),
          as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Validate a pack file (or every pack): schema, rendering for each difficulty, the assembled challenge."""
    from factory.library import check_pack_file, check_pack_source, load_packs

    if file is not None:
        reports = [check_pack_file(file)]
    else:
        reports, problems = [], []
        for src in load_packs().values():
            try:
                reports.append(check_pack_source(src))
            except SpecError as exc:
                problems += exc.problems
        if problems:
            raise SpecError(problems, source="the library")
    if as_json:
        emit_json([r.__dict__ for r in reports])
        return
    for r in reports:
        qs = ", ".join(f"{n} {lvl}" for lvl, n in sorted(r.questions.items()))
        typer.echo(f"{r.path}: valid ({len(r.tables)} tables, questions: {qs}; extras: {', '.join(r.extras) or 'none'})")
        for w in r.warnings:
            typer.echo(f"  warning: {w}", err=True)


@library_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of a (rendered) pack."""
    from factory.library import pack_json_schema

    typer.echo(json.dumps(pack_json_schema(), indent=2))


@library_app.command("match")
def match(text: str = typer.Argument(..., help="A free-text request, e.g. 'hotel bookings in Goa'."),
          as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Which pack a request maps to, the place found, and every pack's score with the words that earned it."""
    from factory.library import load_packs
    from factory.library.match import MIN_GENERIC, MIN_SPECIFIC, match_request

    packs = load_packs()
    m = match_request(text, packs)
    if as_json:
        emit_json({"pack": m.pack, "generic": m.generic, "place": m.place, "business": m.business,
                   "scores": [s.__dict__ for s in m.scores]})
        return
    title = packs[m.pack].title if m.pack else ""
    lines = [m.headline(title), f"Business words: {m.business or '-'}; place: {m.place or 'none named'}",
             f"Rule: a pack needs {MIN_SPECIFIC}+ (alias 10, keyword 3, title word 2), an archetype {MIN_GENERIC}+.", ""]
    lines += [f"  {s.score:>3}  {s.pack:<22} {'archetype' if s.generic else 'pack':<9} {'; '.join(s.hits)}"
              for s in m.scores]
    typer.echo("\n".join(lines))


__all__ = ["Problem", "library_app"]
