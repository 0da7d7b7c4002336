"""Generation engine: turn a challenge spec into its tables (CSV, Parquet, DuckDB), preview and answer key."""

from factory.generate.api import check_rules_on_sample, generate_dataset, generate_preview, generate_tables
from factory.generate.plan import make_plan
from factory.generate.result import GenerationResult, TableOutput

__all__ = [
    "GenerationResult", "TableOutput", "check_rules_on_sample", "generate_dataset", "generate_preview",
    "generate_tables", "make_plan",
]
