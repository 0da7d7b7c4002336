"""`factory api [--host --port]`: serve the HTTP API; `factory api token --role R`: issue a bearer token."""

from __future__ import annotations

import typer

from factory.cli.app import app

api_app = typer.Typer(help="The factory's HTTP API (FastAPI on top of Prefect; OpenAPI at /docs).",
                      invoke_without_command=True, no_args_is_help=False)
app.add_typer(api_app, name="api")


@api_app.callback()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    local_runner: bool = typer.Option(False, "--local-runner", help="Also run the challenge sessions in this "
                                      "process (registers the deployment; no worker needed)."),
) -> None:
    """Serve the API (needs PREFECT_API_URL and the challenge deployment)."""
    if ctx.invoked_subcommand is not None:
        return
    import uvicorn  # noqa: PLC0415

    from factory.api import create_app  # noqa: PLC0415
    from flows.local_run import ensure_api  # noqa: PLC0415
    from flows.run_guard import tie_servers_to_this_process  # noqa: PLC0415

    ensure_api()  # without PREFECT_API_URL: the embedded Prefect server starts here...
    tie_servers_to_this_process()  # ...and dies with this process
    runner = None
    if local_runner:
        from factory.api.runner import LocalRunner, register_deployment  # noqa: PLC0415

        register_deployment()
        runner = LocalRunner()
        runner.start()
    try:
        uvicorn.run(create_app(), host=host, port=port, log_level="info")
    finally:
        if runner is not None:
            runner.stop()


@api_app.command("token")
def token(
    role: str = typer.Option(..., "--role", help="viewer (reads), operator (also starts, downloads) or approver "
                             "(also resumes gates)."),
    name: str = typer.Option("", "--name", help="Who holds it (recorded with gate decisions); default the role."),
) -> None:
    """Issue a bearer token: print it once; only its sha256 is stored (FACTORY_API_TOKENS_FILE)."""
    from factory.api.auth import issue_token  # noqa: PLC0415
    from factory.settings import get_settings  # noqa: PLC0415

    path = get_settings().api_tokens_file
    value = issue_token(role, name, path)  # type: ignore[arg-type]
    typer.echo(value)
    typer.echo(f"(role {role}; its sha256 was added to {path}; the token is not shown again)", err=True)
