"""Bearer tokens mapped to roles: viewer reads, operator also starts and downloads, approver also resumes gates.

Tokens are stored hashed (sha256 hex): in FACTORY_API_TOKENS and in the file `factory api token` appends to.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from fastapi import Request

from factory.api.errors import ApiError
from factory.errors import ConfigError
from factory.settings import Settings, get_settings

Role = Literal["viewer", "operator", "approver"]
ROLES: tuple[Role, ...] = ("viewer", "operator", "approver")


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def read_token_file(path: Path) -> dict[str, dict[str, str]]:
    """sha256 -> {"role", "name"} of a token file (empty when missing)."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text())
    except ValueError as exc:
        raise ConfigError(f"{path}: not JSON ({exc})", hint="fix or delete the file; issue tokens again") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected an object of sha256 -> {{role, name}}")
    return data


def issue_token(role: Role, name: str, path: Path) -> str:
    """A new random token for `role`; its hash is added to the token file at `path`. Returns the token."""
    if role not in ROLES:
        raise ConfigError(f"--role {role}: choose from {', '.join(ROLES)}")
    token = f"dcf_{secrets.token_urlsafe(32)}"
    tokens = read_token_file(path)
    tokens[token_hash(token)] = {"role": role, "name": name or role}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(tokens, indent=2))
    tmp.chmod(0o600)
    tmp.replace(path)
    return token


class Caller:
    """Who is calling: a role and a name (recorded with every gate decision)."""

    def __init__(self, role: Role, name: str) -> None:
        self.role, self.name = role, name

    def may(self, role: Role) -> bool:
        """True when this caller's role includes `role`."""
        return ROLES.index(self.role) >= ROLES.index(role)


def identify(header: str | None, settings: Settings) -> Caller:
    """The caller of an `Authorization: Bearer <token>` header; 401 when missing or unknown."""
    if not header or not header.lower().startswith("bearer "):
        raise ApiError(401, "unauthorized", "missing bearer token",
                       "send 'Authorization: Bearer <token>'; issue one with `factory api token --role viewer`")
    digest = token_hash(header.split(None, 1)[1].strip())
    known = {h: {"role": r, "name": f"{r}-{h[:8]}"} for h, r in settings.api_tokens.items()}
    known.update(read_token_file(settings.api_tokens_file))
    entry = known.get(digest)
    if entry is None or entry.get("role") not in ROLES:
        raise ApiError(401, "unauthorized", "unknown token", "issue one with `factory api token --role R`")
    return Caller(entry["role"], entry.get("name") or entry["role"])  # type: ignore[arg-type]


def require(role: Role) -> Callable[[Request], Caller]:
    """A FastAPI dependency: the caller, when its role includes `role`; else 401/403."""

    def dependency(request: Request) -> Caller:
        caller = identify(request.headers.get("authorization"), get_settings())
        if not caller.may(role):
            raise ApiError(403, "forbidden", f"role {caller.role} may not do this; it needs {role}",
                           f"use a token with role {role} or above")
        return caller

    return dependency
