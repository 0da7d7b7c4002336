"""Entry point the provider registry imports lazily: `GroqProvider(settings)`."""

from factory.llm.groq.provider import GroqProvider

__all__ = ["GroqProvider"]
