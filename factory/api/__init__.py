"""The factory's HTTP API: the original design's phase endpoints on top of Prefect (sessions are flow runs)."""

from factory.api.app import create_app

__all__ = ["create_app"]
