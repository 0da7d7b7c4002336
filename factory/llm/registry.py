"""Choose an LLM provider by name (settings.llm_provider by default)."""

from __future__ import annotations

import importlib

from factory.errors import ConfigError
from factory.llm.base import Provider
from factory.settings import Settings, get_settings

PROVIDERS: tuple[str, ...] = ("offline", "groq")


def get_provider(name: str | None = None, settings: Settings | None = None) -> Provider:
    """The provider called `name` ("offline" or "groq"); the settings' llm_provider when name is None."""
    settings = settings or get_settings()
    chosen = (name or settings.llm_provider or "offline").strip().lower()
    if chosen == "offline":
        from factory.llm.offline.provider import OfflineProvider

        return OfflineProvider()
    if chosen == "groq":
        try:
            module = importlib.import_module("factory.llm.groq_provider")
        except ImportError as exc:
            raise ConfigError(f"provider: the groq provider is not available ({exc})",
                              hint="use --provider offline") from None
        return module.GroqProvider(settings)
    raise ConfigError(f"provider: unknown provider '{name}'; allowed values: {', '.join(PROVIDERS)}")
