"""Data Challenge Factory: turns a business domain into a complete, verified data-analytics challenge."""

__version__ = "0.1.0"
