"""The offline provider: a library of business domains with realistic star schemas."""
