"""The Groq provider: web-search research, structured outputs, validation and repair (see provider.py)."""

from factory.llm.groq.provider import GroqProvider

__all__ = ["GroqProvider"]
