"""The factory's one typed settings object (environment variables FACTORY_*, plus GROQ_* and AWS_*)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the factory, read once from the environment."""

    model_config = SettingsConfigDict(env_prefix="FACTORY_", extra="ignore", populate_by_name=True)

    output_dir: Path = Field(Path("output"), description="Local folder where runs and packages are written.")
    brand: str = Field("codebasics", description="Brand in package names: <brand>_data_challenge_<id>.zip.")
    default_domain: str = Field(
        "quick-commerce grocery delivery in tier-2 Indian cities", description="Domain of `make run`."
    )
    default_rows: int = Field(10_000, ge=1, description="Main fact rows of `factory run` when --rows is not given.")
    max_rows: int = Field(50_000_000, ge=1, description="Largest main fact table a run may ask for.")
    preview_rows: int = Field(30, ge=5, le=1000, description="Rows per table in the preview.")
    chunk_rows: int = Field(500_000, ge=1000, description="Fact rows generated per chunk (bounds memory).")
    quality_threshold: float = Field(8.0, ge=0, le=10, description="Overall score a package needs to pass.")
    max_feedback_rounds: int = Field(3, ge=0, le=20, description="Rejections a gate accepts before failing.")
    approval_timeout_s: int = Field(86_400, ge=1, description="How long a gate waits for an approver.")
    retry_delays_s: list[float] = Field(
        [2.0, 10.0, 30.0], description="Delays between the retries of a transient failure (LLM, S3), e.g. '[0,0,0]'."
    )

    library_dir: Path | None = Field(
        None, description="Folder of user domain packs (*.yaml), read besides the built-in ones; same name overrides."
    )
    question_count: int = Field(10, ge=5, le=12, description="Questions the offline library drafts per challenge.")
    sql_timeout_s: float = Field(10.0, gt=0, description="Time budget of one spec SQL statement on a sample or chunk.")
    sql_memory_limit: str = Field("1GB", description="Memory budget of a connection running spec SQL (DuckDB size).")
    sql_budget_rows: int = Field(100_000, ge=1, description="Rows the SQL budgets are meant for; scaled above it.")
    sql_sample_rows: int = Field(1_000, ge=10, le=100_000, description="Rows of the sample check-spec runs SQL on.")
    sql_file_timeout_s: float = Field(3_600.0, gt=0, description="Time budget of one statement loading or writing "
                                      "a whole table file (the factory's own SQL).")

    llm_provider: Literal["offline", "groq"] = Field("offline", description="Which LLM provider writes phases 1-2.")
    groq_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("GROQ_API_KEY", "FACTORY_GROQ_API_KEY"), description="Groq API key."
    )
    groq_base_url: str | None = Field(
        None, validation_alias=AliasChoices("GROQ_BASE_URL", "FACTORY_GROQ_BASE_URL"), description="Groq endpoint."
    )
    groq_model: str = Field("openai/gpt-oss-120b", description="Model for problem and schema (structured outputs).")
    groq_research_model: str = Field("groq/compound-mini", description="Web-search model for research.")
    groq_timeout_s: float = Field(120.0, gt=0, description="Timeout of one Groq call.")
    groq_max_retries: int = Field(3, ge=0, le=10, description="Retries of a failed HTTP call (429/5xx).")
    groq_max_repairs: int = Field(3, ge=0, le=10, description="Repair rounds for invalid LLM output.")
    groq_max_retry_after_s: float = Field(30.0, ge=0, description="Longest retry-after the client honours.")

    storage: Literal["local", "s3"] = Field("local", description="Artifact store: local folder or S3-compatible.")
    s3_bucket: str = Field("", description="Bucket of the S3 store.")
    s3_prefix: str = Field("challenges", description="Key prefix of the S3 store.")
    s3_endpoint_url: str | None = Field(None, description="S3-compatible endpoint (MinIO, R2, a local server).")
    s3_presign_expiry_s: int = Field(7 * 86_400, ge=60, description="Lifetime of presigned download links.")

    api_tokens: dict[str, str] = Field(
        default_factory=dict, description="HTTP API bearer tokens: sha256 hex of a token -> role "
        "(viewer, operator, approver), e.g. '{\"<sha256>\": \"approver\"}'.")
    api_tokens_file: Path = Field(Path(".factory/api_tokens.json"), description="Hashed API tokens `factory api "
                                  "token` issues (sha256 -> {role, name}), read besides FACTORY_API_TOKENS.")
    api_deployment: str = Field("challenge/challenge", description="Deployment a session of the HTTP API runs.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
