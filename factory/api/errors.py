"""Every error of the HTTP API as JSON {"error", "detail", "hint"}; never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from factory.errors import FactoryError, StorageError

log = logging.getLogger("factory.api")


class ApiError(Exception):
    """An error answered with `status` and a JSON body naming what is wrong and what to do."""

    def __init__(self, status: int, error: str, detail: str, hint: str = "") -> None:
        super().__init__(detail)
        self.status, self.error, self.detail, self.hint = status, error, detail, hint


def body(error: str, detail: object, hint: str = "") -> dict[str, object]:
    """The JSON body of an error."""
    return {"error": error, "detail": detail, "hint": hint}


def not_found(session_id: str) -> ApiError:
    """404 for a session id the server does not know."""
    return ApiError(404, "session_not_found", f"no session {session_id}",
                    "list sessions with GET /api/challenge/sessions")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into a JSON error."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(body(exc.error, exc.detail, exc.hint), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return JSONResponse(body("invalid_request", "; ".join(problems), "see the request schema at /docs"),
                            status_code=422)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        names = {404: "not_found", 405: "method_not_allowed"}
        return JSONResponse(body(names.get(exc.status_code, "http_error"), str(exc.detail)),
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(StorageError)
    async def _storage(_: Request, exc: StorageError) -> JSONResponse:
        return JSONResponse(body("storage_error", exc.message, exc.hint), status_code=502)

    @app.exception_handler(FactoryError)
    async def _factory(_: Request, exc: FactoryError) -> JSONResponse:
        return JSONResponse(body("bad_request", exc.message, exc.hint), status_code=400)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(body("internal_error", f"{type(exc).__name__}: the request could not be completed",
                                 "the API log has the details"), status_code=500)
