"""LLM providers: the Provider interface, the offline domain library and the Groq provider."""
