"""Prompt templates of the LLM providers (Jinja2 files, loaded with importlib.resources)."""
