"""The FastAPI application: routes, JSON errors, /healthz, OpenAPI at /docs."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from factory.api import errors, routes


def create_app() -> FastAPI:
    """A new API application (stateless: the Prefect server and the artifact store hold everything)."""
    app = FastAPI(title="Data Challenge Factory API", version="1.0",
                  description="Phase endpoints of the factory on top of Prefect. A session is a flow run of the "
                  "challenge deployment. Send `Authorization: Bearer <token>` (`factory api token --role R`).")
    errors.install(app)
    app.include_router(routes.router)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, Any]:
        """Liveness, and whether the Prefect API answers."""
        from factory.api.sessions import client

        try:
            with client() as c:
                c.hello()
            prefect = "ok"
        except Exception as exc:  # noqa: BLE001 (reported, not raised)
            prefect = f"unreachable: {type(exc).__name__}"
        return {"status": "ok", "prefect": prefect}

    return app
